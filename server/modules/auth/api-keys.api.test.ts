/**
 * API keys cannot escalate: a key is made for yourself, or by an admin (users:update and api_keys:create, with
 * permissions that cover the key user's); at use time a key can do only what both its user and its creator can do,
 * so demoting the creator shrinks it and deactivating either ends it. Listing and revoking follow the same rules.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, loginAs, TEST_PASSWORD, type TestEnv, type Agent } from '../../test/harness.ts';
import { DEFAULT_ROLES, type RolePermissions } from '../../../common/permissions.ts';

let env: TestEnv;
let admin: Agent;
let roleIds: Record<string, string>;
let seq = 0;

/** Only API keys (and reading customers): the role the attacker was given. */
const KEYMAKER: RolePermissions = {
  api_keys: { ops: ['read', 'create', 'delete'], scope: 'all' },
  customers: { ops: ['read'], scope: 'all' },
};
/** Reads customers and nothing else: what the key admin is demoted to. */
const READER: RolePermissions = {
  customers: { ops: ['read'], scope: 'all' },
  users: { ops: ['read', 'update'], scope: 'all' },
  api_keys: { ops: ['read', 'create', 'delete'], scope: 'all' },
};

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin', { email: 'root@keys.example' });
  for (const [key, permissions] of [['keymaker', KEYMAKER], ['reader', READER], ['keyadmin', DEFAULT_ROLES.admin.permissions]] as const) {
    const res = await admin.post('/api/roles', { key, name: key, permissions });
    expect(res.statusCode, res.body).toBe(201);
  }
  const roles = (await admin.get('/api/roles')).json().items as { id: string; key: string }[];
  roleIds = Object.fromEntries(roles.map((r) => [r.key, r.id]));
});
afterAll(async () => env?.close());

const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => env.rt.database.query<T>(text, params);
const count = async (text: string, params: unknown[] = []) => Number((await q<{ n: number }>(text, params))[0].n);

async function newUser(role: string): Promise<Agent> {
  const email = `key${++seq}@test.example`;
  const res = await admin.post('/api/users', { email, name: `کاربر ${seq}`, password: TEST_PASSWORD, roleId: roleIds[role] });
  expect(res.statusCode, res.body).toBe(201);
  return loginAs(env.app, email, TEST_PASSWORD, `10.9.0.${seq}`);
}

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
}

const bearer = (key: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  env.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, payload: payload as never });

async function customer(name: string) {
  const res = await admin.post('/api/customers', { kind: 'organization', orgName: name });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

describe('who may make a key for whom', () => {
  it('a role with only api_keys create cannot mint a key for an admin (403, no key row) nor for anyone else', async () => {
    const attacker = await newUser('keymaker');
    const victim = await newUser('sales');
    const before = await count('SELECT count(*)::int AS n FROM api_keys');
    expectError(await attacker.post('/api/api-keys', { name: 'escalate', userId: admin.userId }), 403, 'FORBIDDEN');
    expectError(await attacker.post('/api/api-keys', { name: 'borrow', userId: victim.userId }), 403, 'FORBIDDEN');
    expect(await count('SELECT count(*)::int AS n FROM api_keys')).toBe(before);
    expect(await count('SELECT count(*)::int AS n FROM api_keys WHERE user_id = $1 OR user_id = $2', [admin.userId, victim.userId])).toBe(0);
  });

  it('someone with users:update but weaker permissions than the target cannot mint a key for them', async () => {
    const reader = await newUser('reader');
    const before = await count('SELECT count(*)::int AS n FROM api_keys');
    expectError(await reader.post('/api/api-keys', { name: 'up', userId: admin.userId }), 403, 'FORBIDDEN');
    const sales = await newUser('sales');
    expectError(await reader.post('/api/api-keys', { name: 'up', userId: sales.userId }), 403, 'FORBIDDEN');
    expect(await count('SELECT count(*)::int AS n FROM api_keys')).toBe(before);
  });

  it('a key cannot mint another key (a narrowed key must not make a wider one)', async () => {
    const own = (await admin.post('/api/api-keys', { name: 'automation' })).json().key as string;
    const before = await count('SELECT count(*)::int AS n FROM api_keys');
    expectError(await bearer(own, 'POST', '/api/api-keys', { name: 'child' }), 403, 'FORBIDDEN');
    expect(await count('SELECT count(*)::int AS n FROM api_keys')).toBe(before);
  });
});

describe('what a key can do', () => {
  it('a key a limited user made for themselves cannot do what they cannot', async () => {
    const u = await newUser('keymaker');
    const made = await u.post('/api/api-keys', { name: 'mine' });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().userId).toBe(u.userId);
    const key = made.json().key as string;
    const id = await customer('شرکت کلید محدود');
    expect((await bearer(key, 'GET', `/api/customers/${id}`)).statusCode).toBe(200);
    const n = await count('SELECT count(*)::int AS n FROM customers');
    expectError(await bearer(key, 'POST', '/api/customers', { kind: 'organization', orgName: 'نباید' }), 403, 'FORBIDDEN');
    expectError(await bearer(key, 'PATCH', `/api/customers/${id}`, { city: 'هک' }), 403, 'FORBIDDEN');
    expectError(await bearer(key, 'DELETE', `/api/customers/${id}`), 403, 'FORBIDDEN');
    expect(await count('SELECT count(*)::int AS n FROM customers')).toBe(n);
    expect((await q<{ city: string | null; deleted_at: unknown }>('SELECT city, deleted_at FROM customers WHERE id = $1', [id]))[0]).toEqual({ city: null, deleted_at: null });
    expectError(await bearer(key, 'GET', '/api/users'), 403, 'FORBIDDEN');
  });

  it('an admin-made key for a sales user acts as sales', async () => {
    const s = await newUser('sales');
    const key = (await admin.post('/api/api-keys', { name: 'site', userId: s.userId })).json().key as string;
    const made = await bearer(key, 'POST', '/api/customers', { kind: 'organization', orgName: 'شرکت فروش کلید' });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().ownerId).toBe(s.userId);
    expectError(await bearer(key, 'DELETE', `/api/customers/${made.json().id}`), 403, 'FORBIDDEN');
    expect((await q('SELECT deleted_at FROM customers WHERE id = $1', [made.json().id]))[0]).toEqual({ deleted_at: null });
    const users = await count('SELECT count(*)::int AS n FROM users');
    expectError(await bearer(key, 'POST', '/api/users', { email: 'x@keys.example', name: 'x', password: 'password-1234', roleId: roleIds.admin }), 403, 'FORBIDDEN');
    expectError(await bearer(key, 'PATCH', `/api/users/${s.userId}`, { roleId: roleIds.admin }), 403, 'FORBIDDEN');
    expect(await count('SELECT count(*)::int AS n FROM users')).toBe(users);
    expect((await q<{ role_id: string }>('SELECT role_id FROM users WHERE id = $1', [s.userId]))[0].role_id).toBe(roleIds.sales);
  });

  it('demoting the creator shrinks the key; deactivating the creator or the user ends it', async () => {
    const creator = await newUser('keyadmin');
    const s = await newUser('sales');
    const made = await creator.post('/api/api-keys', { name: 'integration', userId: s.userId });
    expect(made.statusCode, made.body).toBe(201);
    const key = made.json().key as string;
    expect((await q<{ created_by: string }>('SELECT created_by FROM api_keys WHERE id = $1', [made.json().id]))[0].created_by).toBe(creator.userId);
    expect((await bearer(key, 'POST', '/api/customers', { kind: 'organization', orgName: 'پیش از تنزل' })).statusCode).toBe(201);

    expect((await admin.patch(`/api/users/${creator.userId}`, { roleId: roleIds.reader })).statusCode).toBe(200);
    const n = await count('SELECT count(*)::int AS n FROM customers');
    expectError(await bearer(key, 'POST', '/api/customers', { kind: 'organization', orgName: 'پس از تنزل' }), 403, 'FORBIDDEN');
    expect(await count('SELECT count(*)::int AS n FROM customers')).toBe(n);
    expect((await bearer(key, 'GET', '/api/customers')).statusCode).toBe(200);
    // Both still have users:update? The sales user does not, so neither does the key.
    expectError(await bearer(key, 'PATCH', `/api/users/${s.userId}`, { name: 'هک' }), 403, 'FORBIDDEN');

    expect((await admin.patch(`/api/users/${creator.userId}`, { active: false })).statusCode).toBe(200);
    expectError(await bearer(key, 'GET', '/api/customers'), 401, 'UNAUTHENTICATED');
    expect((await admin.patch(`/api/users/${creator.userId}`, { active: true, roleId: roleIds.keyadmin })).statusCode).toBe(200);
    expect((await bearer(key, 'GET', '/api/customers')).statusCode).toBe(200);
    expect((await admin.patch(`/api/users/${s.userId}`, { active: false })).statusCode).toBe(200);
    expectError(await bearer(key, 'GET', '/api/customers'), 401, 'UNAUTHENTICATED');
  });
});

describe('listing and revoking', () => {
  it('a non-admin lists and revokes only their own keys; another’s key is 404 and stays live', async () => {
    const u = await newUser('keymaker');
    const s = await newUser('sales');
    const mine = (await u.post('/api/api-keys', { name: 'mine' })).json();
    const theirs = (await admin.post('/api/api-keys', { name: 'theirs', userId: s.userId })).json();
    const list = await u.get('/api/api-keys');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((k: { id: string }) => k.id)).toEqual([mine.id]);

    expectError(await u.del(`/api/api-keys/${theirs.id}`), 404, 'NOT_FOUND');
    expect((await q('SELECT revoked_at FROM api_keys WHERE id = $1', [theirs.id]))[0]).toEqual({ revoked_at: null });
    expect((await bearer(theirs.key, 'GET', '/api/customers')).statusCode).toBe(200);

    expect((await u.del(`/api/api-keys/${mine.id}`)).statusCode).toBe(204);
    expect((await q<{ revoked_at: unknown }>('SELECT revoked_at FROM api_keys WHERE id = $1', [mine.id]))[0].revoked_at).not.toBeNull();
    // The admin sees both and may revoke the sales user's key.
    const all = (await admin.get('/api/api-keys')).json().items.map((k: { id: string }) => k.id);
    expect(all).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    expect((await admin.del(`/api/api-keys/${theirs.id}`)).statusCode).toBe(204);
  });

  it('an admin-like user does not see or revoke keys of a user whose permissions exceed theirs', async () => {
    const reader = await newUser('reader');
    const adminKey = (await admin.post('/api/api-keys', { name: 'root automation' })).json();
    const list = (await reader.get('/api/api-keys')).json().items.map((k: { id: string }) => k.id);
    expect(list).not.toContain(adminKey.id);
    expectError(await reader.del(`/api/api-keys/${adminKey.id}`), 404, 'NOT_FOUND');
    expect((await q('SELECT revoked_at FROM api_keys WHERE id = $1', [adminKey.id]))[0]).toEqual({ revoked_at: null });
  });
});
