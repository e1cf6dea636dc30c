/**
 * The in-memory session cache (session-cache.ts): a session is looked up once, and every change to it, its user or
 * their role takes effect at once on this instance — through the app and behind its back (SQL) — and, on PostgreSQL,
 * on a second instance of the app on the same database (the notification from the database's triggers).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, loginAs, secondInstance, until, TEST_PASSWORD, TEST_PG, type Agent, type TestEnv } from '../../test/harness.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import type { Runtime } from '../../boot.ts';
import type { FastifyInstance } from 'fastify';

let env: TestEnv;
let admin: Agent;
let roleIds: Record<string, string>;
let seq = 0;

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  const roles = (await admin.get('/api/roles')).json().items as { id: string; key: string }[];
  roleIds = Object.fromEntries(roles.map((r) => [r.key, r.id]));
});
afterAll(async () => env?.close());

const sql = (text: string, params: unknown[] = []) => env.rt.database.query(text, params);
const tokenOf = (a: Agent) => /mehvar_session=([^;]+)/.exec(a.cookie)![1];

/** A new user of `roleKey` made through the admin API and logged in on `app` (env's by default). */
async function newAgent(roleKey = 'sales', app: FastifyInstance = env.app) {
  const email = `cache${++seq}@test.example`;
  const res = await admin.post('/api/users', { email, name: `کاربر ${seq}`, password: TEST_PASSWORD, roleId: roleIds[roleKey] });
  expect(res.statusCode, res.body).toBe(201);
  return loginAs(app, email, TEST_PASSWORD);
}

/** Two requests on a fresh session: the first looks it up, the second is answered from memory. */
async function warm(a: Agent, rt: Runtime = env.rt, app?: FastifyInstance) {
  const get = (url: string) => (app ? app.inject({ method: 'GET', url, headers: { cookie: a.cookie } }) : a.get(url));
  expect((await get('/api/auth/me')).statusCode).toBe(200);
  const before = { ...rt.sessionCache.stats };
  expect((await get('/api/auth/me')).statusCode).toBe(200);
  expect(rt.sessionCache.stats.hits).toBe(before.hits + 1);
  expect(rt.sessionCache.stats.lookups).toBe(before.lookups);
}

describe('session cache on this instance', () => {
  it('looks a session up once, then answers from memory with the same actor and CSRF token', async () => {
    const a = await newAgent();
    await warm(a);
    const me = (await a.get('/api/auth/me')).json();
    expect(me.user.id).toBe(a.userId);
    expect(me.csrfToken).toBe(a.csrf);
    // A write still needs the CSRF token of this session.
    const bad = await env.app.inject({ method: 'PATCH', url: '/api/auth/me/preferences', headers: { cookie: a.cookie, 'x-csrf-token': 'x'.repeat(a.csrf.length) }, payload: { locale: 'en' } });
    expect(bad.statusCode).toBe(403);
    expect(bad.json().error.code).toBe('CSRF_FAILED');
  });

  it('an unknown token is refused and not kept', async () => {
    const size = env.rt.sessionCache.size;
    const res = await env.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: 'mehvar_session=not-a-session' } });
    expect(res.statusCode).toBe(401);
    expect(env.rt.sessionCache.size).toBe(size);
  });

  it('logout: the cookie is refused on the very next request', async () => {
    const a = await newAgent();
    await warm(a);
    expect((await a.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await a.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('password change: every other session of the user ends at once; the renewed one works', async () => {
    const a = await newAgent();
    const other = await loginAs(env.app, a.email, TEST_PASSWORD, '10.0.0.9');
    await warm(a);
    await warm(other);
    const res = await a.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Sarv-Kaj-Zeytun-Ab-58' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await other.get('/api/auth/me')).statusCode).toBe(401);
    expect((await a.get('/api/auth/me')).statusCode).toBe(401); // the old cookie
    const renewed = res.cookies.find((c) => c.name === 'mehvar_session')!.value;
    const me = await env.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `mehvar_session=${renewed}` } });
    expect(me.statusCode).toBe(200);
  });

  it('deactivation and a role change by an admin end the user’s sessions at once', async () => {
    const off = await newAgent();
    const moved = await newAgent();
    await warm(off);
    await warm(moved);
    expect((await admin.patch(`/api/users/${off.userId}`, { active: false })).statusCode).toBe(200);
    expect((await off.get('/api/auth/me')).statusCode).toBe(401);
    expect((await admin.patch(`/api/users/${moved.userId}`, { roleId: roleIds.support })).statusCode).toBe(200);
    expect((await moved.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('a new team or name is in the very next request’s actor', async () => {
    const a = await newAgent();
    await warm(a);
    const teamId = await env.team(`تیم ${seq}`);
    expect((await admin.patch(`/api/users/${a.userId}`, { teamId, name: 'نام تازه' })).statusCode).toBe(200);
    const s = await env.rt.credentials.session(tokenOf(a));
    expect(s?.actor).toMatchObject({ userId: a.userId, teamId, name: 'نام تازه' });
  });

  it('a role’s permissions: taken away and given back, each at once', async () => {
    const { customers: _c, ...noCustomers } = DEFAULT_ROLES.sales.permissions;
    const made = await admin.post('/api/roles', { key: `cache_role_${++seq}`, name: 'نقش آزمون', permissions: DEFAULT_ROLES.sales.permissions });
    expect(made.statusCode, made.body).toBe(201);
    roleIds[made.json().key] = made.json().id;
    const a = await newAgent(made.json().key);
    await warm(a);
    expect((await a.get('/api/customers')).statusCode).toBe(200);
    expect((await admin.patch(`/api/roles/${made.json().id}`, { permissions: noCustomers })).statusCode).toBe(200);
    expect((await a.get('/api/customers')).statusCode).toBe(403);
    expect((await admin.patch(`/api/roles/${made.json().id}`, { permissions: DEFAULT_ROLES.sales.permissions })).statusCode).toBe(200);
    expect((await a.get('/api/customers')).statusCode).toBe(200);
  });

  it('a change made behind the app’s back (SQL) reaches memory through the database’s notification', async () => {
    const a = await newAgent();
    await warm(a);
    await sql('UPDATE users SET active = false WHERE id = $1', [a.userId]);
    await until(async () => (await a.get('/api/auth/me')).statusCode === 401, 3000);
    const b = await newAgent();
    await warm(b);
    await sql('DELETE FROM sessions WHERE user_id = $1', [b.userId]);
    await until(async () => (await b.get('/api/auth/me')).statusCode === 401, 3000);
  });

  it('the memory is what answers: with the notification switched off, a deleted session is still served until dropped', async () => {
    // Proof that requests are answered from memory (and why the triggers matter): delete the row with triggers off.
    const a = await newAgent();
    await warm(a);
    await env.rt.database.exec(`BEGIN; SET LOCAL session_replication_role = replica; DELETE FROM sessions WHERE user_id = '${a.userId}'; COMMIT;`);
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    env.rt.sessionCache.forget({ userId: a.userId });
    expect((await a.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('a lookup under way while something is dropped does not keep what it read', async () => {
    const a = await newAgent();
    const cache = env.rt.sessionCache;
    cache.forget('all');
    const pending = cache.resolve(tokenOf(a));
    cache.forget({ userId: 'someone else' });
    expect((await pending)?.actor.userId).toBe(a.userId);
    expect(cache.size).toBe(0);
    await cache.resolve(tokenOf(a));
    expect(cache.size).toBe(1);
  });

  it('a kept session still expires, and its expiry still slides once a minute', async () => {
    const a = await newAgent();
    await warm(a);
    const expiry = async () => (await sql('SELECT expires_at FROM sessions WHERE user_id = $1', [a.userId]))[0] as { expires_at: Date };
    const first = new Date((await expiry()).expires_at).getTime();
    env.clock.advance(2 * 60_000);
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    expect(new Date((await expiry()).expires_at).getTime()).toBe(first + 2 * 60_000);
    env.clock.advance(15 * 86400_000); // past the 14-day expiry
    expect((await a.get('/api/auth/me')).statusCode).toBe(401);
    admin = await loginAs(env.app, admin.email, TEST_PASSWORD); // the admin's session expired too
  });
});

describe('session cache switched off', () => {
  it('MEHVAR_SESSION_CACHE_SECONDS=0 looks every request up', async () => {
    const off = await createTestEnv({ env: { MEHVAR_SESSION_CACHE_SECONDS: '0' } });
    try {
      const a = await off.login('sales');
      expect((await a.get('/api/auth/me')).statusCode).toBe(200);
      expect((await a.get('/api/auth/me')).statusCode).toBe(200);
      expect(off.rt.sessionCache.stats.hits).toBe(0);
      expect(off.rt.sessionCache.size).toBe(0);
    } finally {
      await off.close();
    }
  });
});

describe.runIf(Boolean(TEST_PG))('session cache across two instances (PostgreSQL)', () => {
  let b: Awaited<ReturnType<typeof secondInstance>> | undefined;
  beforeAll(async () => { b = await secondInstance(env); }, 60_000);
  afterAll(async () => { await b?.close(); });

  /** A user logged in on instance A whose session instance B has in memory. */
  async function keptOnB(roleKey = 'sales') {
    const a = await newAgent(roleKey);
    await warm(a, b!.rt, b!.app);
    return a;
  }
  const onB = (a: Agent, url = '/api/auth/me') => b!.app.inject({ method: 'GET', url, headers: { cookie: a.cookie } });
  const endsOnB = (a: Agent, url?: string, status = 401) => until(async () => (await onB(a, url)).statusCode === status, 3000);

  it('logout on A', async () => {
    const a = await keptOnB();
    expect((await a.post('/api/auth/logout')).statusCode).toBe(204);
    await endsOnB(a);
  });

  it('password change on A', async () => {
    const a = await keptOnB();
    expect((await a.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Sarv-Kaj-Zeytun-Ab-59' })).statusCode).toBe(200);
    await endsOnB(a);
  });

  it('deactivation on A', async () => {
    const a = await keptOnB();
    expect((await admin.patch(`/api/users/${a.userId}`, { active: false })).statusCode).toBe(200);
    await endsOnB(a);
  });

  it('a role’s permissions changed on A', async () => {
    const { customers: _c, ...noCustomers } = DEFAULT_ROLES.sales.permissions;
    const made = await admin.post('/api/roles', { key: `cache_b_${++seq}`, name: 'نقش دو', permissions: DEFAULT_ROLES.sales.permissions });
    roleIds[made.json().key] = made.json().id;
    const a = await keptOnB(made.json().key);
    expect((await onB(a, '/api/customers')).statusCode).toBe(200);
    expect((await admin.patch(`/api/roles/${made.json().id}`, { permissions: noCustomers })).statusCode).toBe(200);
    await endsOnB(a, '/api/customers', 403);
  });

  it('a team change on A', async () => {
    const a = await keptOnB();
    const teamId = await env.team(`تیم ب ${seq}`);
    expect((await admin.patch(`/api/users/${a.userId}`, { teamId })).statusCode).toBe(200);
    await until(async () => (await b!.rt.credentials.session(tokenOf(a)))?.actor.teamId === teamId, 3000);
  });

  it('while B’s listening connection is lost, B serves nothing from memory; back, it keeps again', async () => {
    const a = await keptOnB();
    // End every LISTEN connection of this database (A's and B's): both must stop trusting memory.
    await sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`);
    await until(() => !b!.rt.sessionCache.isListening, 3000);
    // A change no notification can carry now: B must read it from the database.
    await env.rt.database.exec(`BEGIN; SET LOCAL session_replication_role = replica; UPDATE users SET active = false WHERE id = '${a.userId}'; COMMIT;`);
    expect((await onB(a)).statusCode).toBe(401);
    await sql('UPDATE users SET active = true WHERE id = $1', [a.userId]);
    await until(() => b!.rt.sessionCache.isListening && env.rt.sessionCache.isListening, 5000);
    await warm(a, b!.rt, b!.app);
    // And the notifications flow again.
    expect((await a.post('/api/auth/logout')).statusCode).toBe(204);
    await endsOnB(a);
  });
});
