/** The API key rules on their own: who covers whom, and what a key made by one user for another carries. */
import { describe, it, expect } from 'vitest';
import { coversPermissions, keyPermissions, intersectPermissions, requestedBeyond } from './key-permissions.ts';
import type { RolePermissions } from '../../../common/permissions.ts';

const sales: RolePermissions = { customers: { ops: ['read', 'create', 'update'], scope: 'own' }, deals: { ops: ['read'], scope: 'all' } };

describe('coversPermissions', () => {
  it('needs every operation, company-wide, on every object the target has', () => {
    expect(coversPermissions({ customers: { ops: ['read', 'create', 'update', 'delete'], scope: 'all' }, deals: { ops: ['read'], scope: 'all' } }, sales)).toBe(true);
    expect(coversPermissions({ customers: { ops: ['read', 'create'], scope: 'all' }, deals: { ops: ['read'], scope: 'all' } }, sales)).toBe(false);
    expect(coversPermissions({ customers: { ops: ['read', 'create', 'update'], scope: 'all' } }, sales)).toBe(false);
    // The same operations with a narrower scope do not cover: "own" is someone else's own.
    expect(coversPermissions({ customers: { ops: ['read', 'create', 'update'], scope: 'team' }, deals: { ops: ['read'], scope: 'all' } }, sales)).toBe(false);
    expect(coversPermissions({}, {})).toBe(true);
    expect(coversPermissions({}, { audit: { ops: [], scope: 'all' } })).toBe(true);
  });
});

describe('keyPermissions', () => {
  const creator: RolePermissions = { customers: { ops: ['read', 'update', 'delete'], scope: 'all' }, deals: { ops: ['read'], scope: 'own' }, tasks: { ops: ['read'], scope: 'all' } };

  it('keeps the user’s operations the creator also has, with the user’s scope; drops objects the creator sees only in part', () => {
    expect(keyPermissions(sales, creator, false)).toEqual({ customers: { ops: ['read', 'update'], scope: 'own' } });
  });
  it('is the user’s own role when the user made the key', () => {
    expect(keyPermissions(sales, {}, true)).toEqual(sales);
  });
  it('is empty when the creator has nothing', () => {
    expect(keyPermissions(sales, {}, false)).toEqual({});
  });
});

describe('a key narrower than its user', () => {
  it('keeps only the operations both lists name, with the narrower scope, and drops objects the key leaves out', () => {
    const user: RolePermissions = { customers: { ops: ['read', 'create', 'update'], scope: 'all' }, deals: { ops: ['read', 'create'], scope: 'team' }, tasks: { ops: ['read'], scope: 'all' } };
    const key: RolePermissions = { customers: { ops: ['read'], scope: 'all' }, deals: { ops: ['read', 'delete'], scope: 'all' } };
    expect(intersectPermissions(user, key)).toEqual({ customers: { ops: ['read'], scope: 'all' }, deals: { ops: ['read'], scope: 'team' } });
    expect(intersectPermissions(user, { customers: { ops: ['read'], scope: 'own' } })).toEqual({ customers: { ops: ['read'], scope: 'own' } });
    expect(intersectPermissions(user, {})).toEqual({});
  });

  it('names each object whose requested operations the user lacks (a wider scope is cut at use, not refused)', () => {
    expect(requestedBeyond(sales, { customers: { ops: ['read'], scope: 'own' } })).toEqual({});
    expect(requestedBeyond(sales, { customers: { ops: ['read', 'delete'], scope: 'own' } })).toEqual({ 'permissions.customers': "the key's user may not delete customers" });
    expect(requestedBeyond(sales, { tickets: { ops: ['read'], scope: 'all' } })).toEqual({ 'permissions.tickets': "the key's user may not read tickets" });
    expect(requestedBeyond(sales, { customers: { ops: ['read'], scope: 'all' } })).toEqual({});
    expect(intersectPermissions(sales, { customers: { ops: ['read'], scope: 'all' } })).toEqual({ customers: { ops: ['read'], scope: 'own' } });
    // An object listed with no operations asks for nothing.
    expect(requestedBeyond(sales, { tickets: { ops: [], scope: 'all' } })).toEqual({});
  });
});
