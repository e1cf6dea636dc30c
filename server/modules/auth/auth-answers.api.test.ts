/**
 * The answers of the user-management routes that no other test reads: each status code and shape as
 * common/auth.schemas.ts declares it (a route whose schema does not match its answer fails with a 500).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let admin: Agent;
beforeAll(async () => { env = await createTestEnv(); admin = await env.login('admin'); });
afterAll(async () => env?.close());

describe('user-management answers', () => {
  it('creates a team (201) and lists it with its creation time', async () => {
    const made = await admin.post('/api/teams', { name: 'فروش تهران' });
    expect(made.statusCode, made.body).toBe(201);
    // The database stamps it (its own clock): an ISO moment in UTC, as JSON writes a Date.
    expect(made.json()).toEqual({ id: expect.any(String), name: 'فروش تهران', createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) });
    const list = await admin.get('/api/teams');
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toContainEqual(made.json());
  });

  it('deletes a custom role no user has (204, empty body) and the list no longer has it', async () => {
    const role = await admin.post('/api/roles', { key: 'auditor', name: 'حسابرس', permissions: { customers: { ops: ['read'], scope: 'all' } } });
    expect(role.statusCode, role.body).toBe(201);
    expect(role.json()).toMatchObject({ key: 'auditor', builtIn: false, permissions: { customers: { ops: ['read'], scope: 'all' } } });
    const del = await admin.del(`/api/roles/${role.json().id}`);
    expect(del.statusCode, del.body).toBe(204);
    expect(del.body).toBe('');
    expect((await admin.get('/api/roles')).json().items.map((r: { key: string }) => r.key)).not.toContain('auditor');
  });

  it('refuses to delete a role users still have (409), saying how many, and keeps it', async () => {
    const role = await admin.post('/api/roles', { key: 'held', name: 'در دست', permissions: { customers: { ops: ['read'], scope: 'all' } } });
    expect(role.statusCode, role.body).toBe(201);
    const id = role.json().id;
    const user = (n: number) => ({ email: `held-${n}@test.example`, name: `کاربر ${n}`, password: 'Kooh-Sabz-Abi-Nazok-12', roleId: id });
    const keys = async () => (await admin.get('/api/roles')).json().items.map((r: { key: string }) => r.key);
    expect((await admin.post('/api/users', user(1))).statusCode).toBe(201);
    const one = await admin.del(`/api/roles/${id}`);
    expect(one.statusCode, one.body).toBe(409);
    expect(one.json().error).toMatchObject({ code: 'CONFLICT', message: '1 user still has this role' });
    expect(await keys()).toContain('held');
    expect((await admin.post('/api/users', user(2))).statusCode).toBe(201);
    const two = await admin.del(`/api/roles/${id}`);
    expect(two.json().error).toMatchObject({ code: 'CONFLICT', message: '2 users still have this role' });
    expect(await keys()).toContain('held');
  });

  it('changes the user’s own preferences and answers with the user', async () => {
    const res = await admin.patch('/api/auth/me/preferences', { locale: 'en', calendar: 'gregorian', currency: 'IRR', timeZone: 'Europe/Berlin' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toMatchObject({ id: admin.userId, email: admin.email, locale: 'en', calendar: 'gregorian', currency: 'IRR', timeZone: 'Europe/Berlin' });
  });

  it('never answers with a password hash or an API key’s hash', async () => {
    const users = await admin.get('/api/users');
    expect(users.statusCode).toBe(200);
    expect(users.body).not.toMatch(/passwordHash|password_hash|\$argon|\$scrypt/i);
    const key = await admin.post('/api/api-keys', { name: 'گزارش‌ها' });
    expect(key.statusCode).toBe(201);
    expect(Object.keys(key.json()).sort()).toEqual(['createdAt', 'id', 'key', 'name', 'permissions', 'prefix', 'rateLimitPerMinute', 'userId']);
    const keys = await admin.get('/api/api-keys');
    expect(keys.statusCode).toBe(200);
    expect(keys.body).not.toContain(key.json().key);
    expect(Object.keys(keys.json().items[0]).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name', 'permissions', 'prefix', 'rateLimitPerMinute', 'revokedAt', 'userId']);
  });
});
