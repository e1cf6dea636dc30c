/**
 * Login, sessions, CSRF, API keys, password storage and the first-admin flow, through the real HTTP app on a real
 * database.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, loginAs, TEST_PASSWORD, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let admin: Agent;
let roleIds: Record<string, string>;
let seq = 0;

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin', { email: 'root@test.example' });
  const roles = (await admin.get('/api/roles')).json().items as { id: string; key: string }[];
  roleIds = Object.fromEntries(roles.map((r) => [r.key, r.id]));
});
afterAll(async () => env?.close());

const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => env.rt.database.query<T>(text, params);

/** A user made through the admin API (not logged in). */
async function newUser(role = 'sales', password = TEST_PASSWORD) {
  const email = `auth${++seq}@test.example`;
  const res = await admin.post('/api/users', { email, name: `کاربر ${seq}`, password, roleId: roleIds[role] });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id as string, email };
}

const login = (email: string, password: string, ip = '10.0.0.1', cookie?: string) =>
  env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: ip, headers: cookie ? { cookie } : {} });

function setCookies(res: LightMyRequestResponse): string[] {
  const h = res.headers['set-cookie'];
  return Array.isArray(h) ? h : h ? [String(h)] : [];
}
const cookieHeader = (res: LightMyRequestResponse, name: string) => setCookies(res).find((c) => c.startsWith(`${name}=`));
const cookieValue = (res: LightMyRequestResponse, name: string) => res.cookies.find((c) => c.name === name)?.value;

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect('details' in body.error).toBe(true);
  return body.error as { code: string; message: string; details: unknown };
}

describe('login and sessions', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie; /api/auth/me works with it and shows no secrets', async () => {
    const u = await newUser('support');
    const res = await login(u.email, TEST_PASSWORD);
    expect(res.statusCode, res.body).toBe(200);
    const session = cookieHeader(res, 'mehvar_session');
    expect(session).toBeDefined();
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
    expect(session).toMatch(/;\s*Path=\//i);
    const device = cookieHeader(res, 'mehvar_device');
    expect(device).toMatch(/;\s*HttpOnly/i);
    expect(device).toMatch(/;\s*SameSite=Lax/i);
    const { csrfToken, user } = res.json();
    expect(user).toMatchObject({ id: u.id, email: u.email, roleKey: 'support', active: true });
    expect(typeof csrfToken).toBe('string');
    expect(csrfToken.length).toBeGreaterThanOrEqual(20);
    // The CSRF token is not in any cookie (a cross-site page cannot read it from there).
    expect(setCookies(res).join('\n')).not.toContain(csrfToken);

    const token = cookieValue(res, 'mehvar_session')!;
    const me = await env.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `mehvar_session=${token}` } });
    expect(me.statusCode).toBe(200);
    const body = me.json();
    expect(body.user.id).toBe(u.id);
    expect(body.role.key).toBe('support');
    expect(body.role.permissions.customers.ops).toContain('read');
    expect(body.csrfToken).toBe(csrfToken);
    expect(me.body).not.toMatch(/password|scrypt/i);
    // Only a hash of the session token is stored.
    const rows = await q<{ id: string }>('SELECT id FROM sessions WHERE user_id = $1', [u.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].id).not.toBe(token);
    expect(rows[0].id).not.toContain(token);
  });

  it('answers a wrong password and an unknown email alike: 401 with the one error shape', async () => {
    const u = await newUser();
    const wrong = expectError(await login(u.email, 'not-the-password', '10.0.1.1'), 401, 'UNAUTHENTICATED');
    const unknown = expectError(await login('nobody-here@test.example', 'whatever-password', '10.0.1.1'), 401, 'UNAUTHENTICATED');
    expect(unknown.message).toBe(wrong.message);
    expect(unknown.details).toEqual(wrong.details);
    // No session cookie on failure.
    expect(cookieHeader(await login(u.email, 'nope-nope', '10.0.1.2'), 'mehvar_session')).toBeUndefined();
    // A bad body is a validation error, not a crash.
    const bad = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email }, remoteAddress: '10.0.1.3' });
    expectError(bad, 400, 'VALIDATION_FAILED');
  });

  it('without a cookie or with a made-up one, protected routes answer 401', async () => {
    expectError(await env.app.inject({ method: 'GET', url: '/api/auth/me' }), 401, 'UNAUTHENTICATED');
    expectError(await env.app.inject({ method: 'GET', url: '/api/customers', headers: { cookie: 'mehvar_session=forged-token' } }), 401, 'UNAUTHENTICATED');
  });

  it('logout needs the CSRF token and then ends the session at once', async () => {
    const u = await newUser();
    const a = await loginAs(env.app, u.email, TEST_PASSWORD, '10.0.2.1');
    // A cross-site logout (no token) is refused and the session lives on.
    const forged = await env.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: a.cookie } });
    expectError(forged, 403, 'CSRF_FAILED');
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);

    const out = await a.post('/api/auth/logout');
    expect(out.statusCode).toBe(204);
    expect(cookieHeader(out, 'mehvar_session')).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/i);
    expectError(await a.get('/api/auth/me'), 401, 'UNAUTHENTICATED');
    expectError(await a.post('/api/customers', { kind: 'person', firstName: 'بعد از خروج' }), 401, 'UNAUTHENTICATED');
    expect(await q('SELECT 1 FROM sessions WHERE user_id = $1', [u.id])).toHaveLength(0);
  });

  it('deactivating a user ends all their sessions and stops their API keys at once', async () => {
    const u = await newUser();
    const a1 = await loginAs(env.app, u.email, TEST_PASSWORD, '10.0.3.1');
    const a2 = await loginAs(env.app, u.email, TEST_PASSWORD, '10.0.3.2');
    const key = (await admin.post('/api/api-keys', { name: 'integration', userId: u.id })).json().key as string;
    const bearer = () => env.app.inject({ method: 'GET', url: '/api/customers', headers: { authorization: `Bearer ${key}` } });
    expect((await a1.get('/api/auth/me')).statusCode).toBe(200);
    expect((await bearer()).statusCode).toBe(200);

    const off = await admin.patch(`/api/users/${u.id}`, { active: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().active).toBe(false);
    expectError(await a1.get('/api/auth/me'), 401, 'UNAUTHENTICATED');
    expectError(await a2.get('/api/customers'), 401, 'UNAUTHENTICATED');
    expectError(await bearer(), 401, 'UNAUTHENTICATED');
    expect(await q('SELECT 1 FROM sessions WHERE user_id = $1', [u.id])).toHaveLength(0);
    // And the right password no longer logs in, with the same answer as a wrong one.
    const again = expectError(await login(u.email, TEST_PASSWORD, '10.0.3.3'), 401, 'UNAUTHENTICATED');
    expect(again.message).toBe(expectError(await login(u.email, 'wrong-password', '10.0.3.4'), 401, 'UNAUTHENTICATED').message);
  });

  it('an admin cannot deactivate themself (422) and stays logged in', async () => {
    const res = await admin.patch(`/api/users/${admin.userId}`, { active: false });
    expectError(res, 422, 'UNPROCESSABLE');
    expect((await admin.get('/api/auth/me')).statusCode).toBe(200);
  });

  it('a password change ends the user’s sessions; the old password stops working, the new one works', async () => {
    const u = await newUser();
    const a = await loginAs(env.app, u.email, TEST_PASSWORD, '10.0.4.1');
    const res = await admin.patch(`/api/users/${u.id}`, { password: 'a-brand-new-password' });
    expect(res.statusCode, res.body).toBe(200);
    expectError(await a.get('/api/auth/me'), 401, 'UNAUTHENTICATED');
    expectError(await login(u.email, TEST_PASSWORD, '10.0.4.2'), 401, 'UNAUTHENTICATED');
    expect((await login(u.email, 'a-brand-new-password', '10.0.4.3')).statusCode).toBe(200);
  });

  it('stores passwords as salted scrypt hashes, never the password', async () => {
    const a = await newUser('sales', 'same-password-for-both');
    const b = await newUser('sales', 'same-password-for-both');
    const rows = await q<{ id: string; password_hash: string }>('SELECT id, password_hash FROM users WHERE id = ANY($1::uuid[])', [[a.id, b.id]]);
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.password_hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
      expect(r.password_hash).not.toContain('same-password-for-both');
      const [, n, rr, p] = r.password_hash.split('$').map(Number);
      expect(Math.log2(n) % 1).toBe(0);
      expect(rr).toBeGreaterThanOrEqual(8);
      expect(p).toBeGreaterThanOrEqual(1);
    }
    expect(rows[0].password_hash).not.toBe(rows[1].password_hash);
    // No API answer carries the hash.
    const list = await admin.get('/api/users');
    expect(list.body).not.toContain('scrypt$');
    expect(list.body).not.toMatch(/passwordHash|password_hash/);
  });
});

describe('CSRF on cookie sessions', () => {
  let sales: Agent;
  let other: Agent;
  let customerId: string;

  beforeAll(async () => {
    const u = await newUser('manager');
    sales = await loginAs(env.app, u.email, TEST_PASSWORD, '10.0.5.1');
    const u2 = await newUser('manager');
    other = await loginAs(env.app, u2.email, TEST_PASSWORD, '10.0.5.2');
    const c = await sales.post('/api/customers', { kind: 'person', firstName: 'سارا', lastName: 'محمدی', city: 'تهران' });
    expect(c.statusCode, c.body).toBe(201);
    customerId = c.json().id;
  });

  const row = async () => (await q<{ first_name: string; city: string; updated_at: unknown; deleted_at: unknown }>(
    'SELECT first_name, city, updated_at, deleted_at FROM customers WHERE id = $1', [customerId]))[0];
  const count = async () => Number((await q<{ n: number }>('SELECT count(*)::int AS n FROM customers'))[0].n);

  const variants = (): [string, Record<string, string>][] => [
    ['no token', { cookie: sales.cookie }],
    ['a wrong token', { cookie: sales.cookie, 'x-csrf-token': 'x'.repeat(sales.csrf.length) }],
    ['another session’s token', { cookie: sales.cookie, 'x-csrf-token': other.csrf }],
    ['an empty token', { cookie: sales.cookie, 'x-csrf-token': '' }],
  ];

  it('refuses POST, PATCH and DELETE without the right X-CSRF-Token and writes nothing', async () => {
    const before = await row();
    const n = await count();
    for (const [label, headers] of variants()) {
      const post = await env.app.inject({ method: 'POST', url: '/api/customers', headers, payload: { kind: 'person', firstName: 'جعلی' } });
      expectError(post, 403, 'CSRF_FAILED');
      const patch = await env.app.inject({ method: 'PATCH', url: `/api/customers/${customerId}`, headers, payload: { city: 'شیراز' } });
      expect(patch.statusCode, label).toBe(403);
      expectError(patch, 403, 'CSRF_FAILED');
      const del = await env.app.inject({ method: 'DELETE', url: `/api/customers/${customerId}`, headers });
      expectError(del, 403, 'CSRF_FAILED');
    }
    expect(await row()).toEqual(before);
    expect(before.deleted_at).toBeNull();
    expect(await count()).toBe(n);
  });

  it('checks CSRF before looking at the body: a forged request with a bad body is still 403', async () => {
    const res = await env.app.inject({ method: 'POST', url: '/api/customers', headers: { cookie: sales.cookie }, payload: { kind: 'robot' } });
    expectError(res, 403, 'CSRF_FAILED');
    const res2 = await env.app.inject({ method: 'PATCH', url: '/api/customers/not-a-uuid', headers: { cookie: sales.cookie }, payload: { city: 1 } });
    expectError(res2, 403, 'CSRF_FAILED');
  });

  it('accepts the same writes with the right token', async () => {
    const res = await sales.patch(`/api/customers/${customerId}`, { city: 'شیراز' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await row()).city).toBe('شیراز');
  });
});

describe('API keys', () => {
  it('are made by an admin, shown once, stored hashed, work without CSRF, and stop when revoked', async () => {
    const u = await newUser('sales');
    const made = await admin.post('/api/api-keys', { name: 'وب‌سایت', userId: u.id });
    expect(made.statusCode, made.body).toBe(201);
    const { key, id } = made.json() as { key: string; id: string };
    expect(key).toMatch(/^mhv_/);
    const secret = key.split('_').slice(2).join('_');
    expect(secret.length).toBeGreaterThanOrEqual(32);

    // At rest: no column holds the key or its secret part.
    const [stored] = await q<Record<string, unknown>>('SELECT * FROM api_keys WHERE id = $1', [id]);
    expect(stored.key_hash).not.toBe(key);
    for (const v of Object.values(stored)) {
      expect(String(v)).not.toContain(secret);
    }
    // The list never shows it either.
    const list = await admin.get('/api/api-keys');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(secret);
    expect(list.json().items.map((k: { id: string }) => k.id)).toContain(id);

    // A write with the key needs no CSRF token and acts as the key's user.
    const auth = { authorization: `Bearer ${key}` };
    const created = await env.app.inject({ method: 'POST', url: '/api/customers', headers: auth, payload: { kind: 'organization', orgName: 'شرکت کلید' } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().ownerId).toBe(u.id);
    // The key carries its user's role: a sales key cannot delete.
    expectError(await env.app.inject({ method: 'DELETE', url: `/api/customers/${created.json().id}`, headers: auth }), 403, 'FORBIDDEN');

    expectError(await env.app.inject({ method: 'GET', url: '/api/customers', headers: { authorization: `Bearer ${key}x` } }), 401, 'UNAUTHENTICATED');
    expectError(await env.app.inject({ method: 'GET', url: '/api/customers', headers: { authorization: 'Bearer ' } }), 401, 'UNAUTHENTICATED');

    expect((await admin.del(`/api/api-keys/${id}`)).statusCode).toBe(204);
    expectError(await env.app.inject({ method: 'GET', url: '/api/customers', headers: auth }), 401, 'UNAUTHENTICATED');
    const n = Number((await q<{ n: number }>('SELECT count(*)::int AS n FROM customers'))[0].n);
    expectError(await env.app.inject({ method: 'POST', url: '/api/customers', headers: auth, payload: { kind: 'organization', orgName: 'بعد از ابطال' } }), 401, 'UNAUTHENTICATED');
    expect(Number((await q<{ n: number }>('SELECT count(*)::int AS n FROM customers'))[0].n)).toBe(n);
  });
});

// Login throttling: throttle.api.test.ts.

describe('first admin', () => {
  let empty: TestEnv;
  beforeAll(async () => { empty = await createTestEnv(); });
  afterAll(async () => empty?.close());

  it('reports needsAdmin with how-to lines on an empty database, and not once a user exists', async () => {
    const res = await empty.app.inject({ method: 'GET', url: '/api/setup-status' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.needsAdmin).toBe(true);
    expect(Array.isArray(body.howTo)).toBe(true);
    expect(body.howTo.length).toBeGreaterThanOrEqual(2);
    expect(body.howTo.join('\n')).toContain('MEHVAR_ADMIN_EMAIL');
    expect(body.howTo.join('\n')).toContain('create-admin');
    // Nobody can log in yet.
    expectError(await empty.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'admin@x.example', password: 'whatever-1' } }), 401, 'UNAUTHENTICATED');

    await empty.login('admin');
    const after = (await empty.app.inject({ method: 'GET', url: '/api/setup-status' })).json();
    expect(after).toMatchObject({ needsAdmin: false, howTo: [] });
    // And the running env (with users) says the same.
    expect((await env.app.inject({ method: 'GET', url: '/api/setup-status' })).json().needsAdmin).toBe(false);
  });
});

