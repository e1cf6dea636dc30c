/** The permission policies as pure functions: the matrix of DEFAULT_ROLES, fail-closed defaults, and the scope SQL. */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { PgDialect } from 'drizzle-orm/pg-core';
import { can, assertCan, scopeOf, customerScopeSql, interactionScopeSql, taskScopeSql, type Actor } from './policy.ts';
import { AppError } from '../../errors.ts';
import { DEFAULT_ROLES, OBJECTS, OPERATIONS, ROLE_KEYS, SCOPES, type RolePermissions, type Scope } from '../../../common/permissions.ts';

const dialect = new PgDialect();
const render = (s: ReturnType<typeof customerScopeSql>) => (s ? dialect.sqlToQuery(s) : undefined);

const USER = '11111111-1111-4111-8111-111111111111';
const TEAM = '22222222-2222-4222-8222-222222222222';
const actor = (permissions: RolePermissions, teamId: string | null = TEAM): Actor =>
  ({ userId: USER, name: 'u', email: 'u@x.example', roleKey: 'r', teamId, permissions, via: 'session' });

const permissionsArb: fc.Arbitrary<RolePermissions> = fc.dictionary(
  fc.constantFrom(...OBJECTS),
  fc.record({ ops: fc.subarray([...OPERATIONS]), scope: fc.constantFrom(...SCOPES) }),
) as fc.Arbitrary<RolePermissions>;

describe('DEFAULT_ROLES through can/assertCan', () => {
  for (const role of ROLE_KEYS) {
    it(`${role}: allows exactly the listed operations on every object`, () => {
      const a = actor(DEFAULT_ROLES[role].permissions);
      for (const object of OBJECTS) {
        for (const op of OPERATIONS) {
          const listed = DEFAULT_ROLES[role].permissions[object]?.ops.includes(op) ?? false;
          expect(can(a, object, op), `${role} ${op} ${object}`).toBe(listed);
          if (listed) expect(() => assertCan(a, object, op)).not.toThrow();
          else expect(() => assertCan(a, object, op)).toThrow(AppError);
        }
      }
    });
  }

  it('keeps the intended shape: admin everything; delete and export of customers only for admin and manager; no silos by default', () => {
    for (const object of OBJECTS) for (const op of OPERATIONS) expect(can(actor(DEFAULT_ROLES.admin.permissions), object, op)).toBe(true);
    for (const role of ROLE_KEYS) {
      const a = actor(DEFAULT_ROLES[role].permissions);
      const boss = role === 'admin' || role === 'manager';
      expect(can(a, 'customers', 'delete'), role).toBe(boss);
      expect(can(a, 'customers', 'export'), role).toBe(boss);
      expect(scopeOf(a, 'customers'), role).toBe('all');
      for (const object of ['users', 'roles', 'custom_fields', 'settings', 'api_keys'] as const) {
        for (const op of ['create', 'update', 'delete'] as const) expect(can(a, object, op), `${role} ${op} ${object}`).toBe(role === 'admin');
      }
    }
  });
});

describe('can and assertCan for any permissions', () => {
  it('can() is true exactly for listed operations, and assertCan throws FORBIDDEN otherwise', () => {
    fc.assert(fc.property(permissionsArb, fc.constantFrom(...OBJECTS), fc.constantFrom(...OPERATIONS), (perms, object, op) => {
      const a = actor(perms);
      const listed = perms[object]?.ops.includes(op) ?? false;
      expect(can(a, object, op)).toBe(listed);
      let thrown: unknown;
      try { assertCan(a, object, op); } catch (e) { thrown = e; }
      if (listed) expect(thrown).toBeUndefined();
      else {
        expect(thrown).toBeInstanceOf(AppError);
        expect((thrown as AppError).code).toBe('FORBIDDEN');
        expect((thrown as AppError).details).toEqual({ object, operation: op });
      }
    }));
  });

  it('fails closed: an object missing from the role is no operation and scope own', () => {
    const a = actor({});
    for (const object of OBJECTS) {
      expect(scopeOf(a, object)).toBe('own');
      for (const op of OPERATIONS) expect(can(a, object, op)).toBe(false);
    }
  });
});

describe('scope SQL', () => {
  const withScope = (scope: Scope): RolePermissions => ({
    customers: { ops: ['read'], scope }, interactions: { ops: ['read'], scope }, tasks: { ops: ['read'], scope },
  });
  const builders = [
    ['customers', customerScopeSql],
    ['interactions', interactionScopeSql],
    ['tasks', taskScopeSql],
  ] as const;

  for (const [name, build] of builders) {
    it(`${name}: all → no condition; own → only the user; team → the user and the team`, () => {
      expect(build(actor(withScope('all')), 'x')).toBeUndefined();

      const own = render(build(actor(withScope('own')), 'x'))!;
      expect(own.params).toContain(USER);
      expect(own.params).not.toContain(TEAM);
      expect(own.sql).toMatch(/\bx\./);

      const team = render(build(actor(withScope('team')), 'x'))!;
      expect(team.params).toContain(TEAM);
      expect(team.sql).toMatch(/\bx\./);

      // A 'team' user without a team sees only their own records, never everyone's.
      const teamless = render(build(actor(withScope('team'), null), 'x'))!;
      expect(teamless).toEqual(own);
      // A missing object is treated as 'own', not as 'all'.
      expect(render(build(actor({}), 'x'))).toEqual(own);
    });
  }

  it('never inlines ids into the SQL text (always parameters)', () => {
    fc.assert(fc.property(fc.constantFrom<Scope>('own', 'team'), fc.uuid(), fc.option(fc.uuid(), { nil: null }), (scope, userId, teamId) => {
      const a = { ...actor(withScope(scope), teamId), userId };
      for (const [, build] of builders) {
        const q = render(build(a, 'c'))!;
        expect(q.sql).not.toContain(userId);
        if (teamId) expect(q.sql).not.toContain(teamId);
        expect(q.params).toContain(scope === 'team' && teamId ? teamId : userId);
      }
    }));
  });
});
