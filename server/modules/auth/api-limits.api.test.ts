/**
 * What an integration meets at the API's door: a key narrower than its user cannot do what its list leaves out; a key
 * is limited to its requests a minute (429 with Retry-After, counted in the database); the keys list shows when a key
 * was last used; an Idempotency-Key makes a retried create answer the first answer instead of creating twice.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, loginAs, secondInstance, TEST_PASSWORD, TEST_PG, type TestEnv, type Agent } from '../../test/harness.ts';
import { requestHash } from '../../http/idempotency.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';

let env: TestEnv;
let admin: Agent;
let sales: Agent;

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  // A salesperson who may also make API keys for themselves.
  const role = await admin.post('/api/roles', { key: 'sales_api', name: 'فروش با API', permissions: { ...DEFAULT_ROLES.sales.permissions, api_keys: { ops: ['read', 'create', 'delete'], scope: 'all' } } });
  expect(role.statusCode, role.body).toBe(201);
  const user = await admin.post('/api/users', { email: 'seller@limits.example', name: 'فروشنده', password: TEST_PASSWORD, roleId: role.json().id });
  expect(user.statusCode, user.body).toBe(201);
  sales = await loginAs(env.app, 'seller@limits.example', TEST_PASSWORD);
});
afterAll(async () => env?.close());

const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => env.rt.database.query<T>(text, params);
const count = async (text: string, params: unknown[] = []) => Number((await q<{ n: number }>(text, params))[0].n);
const customersNamed = (name: string) => count('SELECT count(*)::int AS n FROM customers WHERE org_name = $1', [name]);

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
}

const call = (key: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  env.app.inject({ method, url, headers: { authorization: `Bearer ${key}`, ...headers }, payload: payload as never });

async function makeKey(agent: Agent, body: Record<string, unknown>) {
  const res = await agent.post('/api/api-keys', { name: 'integration', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { key: string; id: string; permissions: unknown; rateLimitPerMinute: number };
}

describe('a key narrower than its user', () => {
  it('reads customers but cannot create or edit one (403, the row unchanged), while its user can', async () => {
    const made = await admin.post('/api/customers', { kind: 'organization', orgName: 'شرکت نمونه' });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;
    const k = await makeKey(sales, { permissions: { customers: { ops: ['read'], scope: 'all' } } });
    expect(k.permissions).toEqual({ customers: { ops: ['read'], scope: 'all' } });

    expect((await call(k.key, 'GET', `/api/customers/${id}`)).statusCode).toBe(200);
    expectError(await call(k.key, 'PATCH', `/api/customers/${id}`, { orgName: 'تغییر یافته' }), 403, 'FORBIDDEN');
    const [row] = await q<{ org_name: string }>('SELECT org_name FROM customers WHERE id = $1', [id]);
    expect(row.org_name).toBe('شرکت نمونه');
    expectError(await call(k.key, 'POST', '/api/customers', { kind: 'organization', orgName: 'ساخته با کلید محدود' }), 403, 'FORBIDDEN');
    expect(await customersNamed('ساخته با کلید محدود')).toBe(0);
    // Objects the list leaves out are not the key's at all, though its user reads them.
    expectError(await call(k.key, 'GET', '/api/tasks'), 403, 'FORBIDDEN');
    expect((await sales.get('/api/tasks')).statusCode).toBe(200);
    // The user's session still edits the customer: the key, not the user, was narrowed.
    expect((await sales.patch(`/api/customers/${id}`, { orgName: 'تغییر با نشست' })).statusCode).toBe(200);
  });

  it('cannot be given an operation its user lacks: 400 naming the object, and no key is made', async () => {
    const before = await count('SELECT count(*)::int AS n FROM api_keys');
    const res = await sales.post('/api/api-keys', { name: 'too much', permissions: { customers: { ops: ['read'], scope: 'all' }, products: { ops: ['read', 'delete'], scope: 'all' } } });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(Object.keys(res.json().error.details)).toEqual(['permissions.products']);
    expect(res.json().error.message).toContain('products');
    expectError(await sales.post('/api/api-keys', { name: 'users', permissions: { roles: { ops: ['read'], scope: 'all' } } }), 400, 'VALIDATION_FAILED');
    expect(await count('SELECT count(*)::int AS n FROM api_keys')).toBe(before);
  });
});

describe('per-key rate limit', () => {
  it('answers 429 with Retry-After past the limit, counts each key apart, and lets requests through in the next window', async () => {
    env.clock.set('2026-11-23T09:00:10Z');
    const k = await makeKey(admin, { rateLimitPerMinute: 3 });
    const other = await makeKey(admin, {});
    expect(other.rateLimitPerMinute).toBe(600);
    for (let i = 1; i <= 3; i++) {
      const ok = await call(k.key, 'GET', '/api/customers');
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.headers['x-ratelimit-limit']).toBe('3');
      expect(ok.headers['x-ratelimit-remaining']).toBe(String(3 - i));
      expect(ok.headers['x-ratelimit-reset']).toBe(String(Date.parse('2026-11-23T09:01:00Z') / 1000));
    }
    env.clock.advance(20_000); // 09:00:30, 30 s before the window ends
    const over = await call(k.key, 'GET', '/api/customers');
    expectError(over, 429, 'RATE_LIMITED');
    expect(over.json().error.message).toBe('This API key may make 3 requests a minute; try again in 30 s');
    expect(over.headers['retry-after']).toBe('30');
    expect(over.headers['x-ratelimit-remaining']).toBe('0');
    // A refused write does not happen.
    expectError(await call(k.key, 'POST', '/api/customers', { kind: 'organization', orgName: 'بیش از حد' }), 429, 'RATE_LIMITED');
    expect(await customersNamed('بیش از حد')).toBe(0);
    // Another key of the same user has its own count.
    expect((await call(other.key, 'GET', '/api/customers')).statusCode).toBe(200);

    env.clock.advance(30_000); // 09:01:00: a new window
    const again = await call(k.key, 'GET', '/api/customers');
    expect(again.statusCode, again.body).toBe(200);
    expect(again.headers['x-ratelimit-remaining']).toBe('2');
    // The count lives in the database, where every app instance sees it.
    expect(await count('SELECT count::int AS n FROM api_key_rate_windows WHERE key_id = $1 AND window_start = $2', [k.id, '2026-11-23T09:00:00Z'])).toBe(5);
  });

  it('a key admin can change a key\'s limit; out-of-range limits are refused', async () => {
    const k = await makeKey(admin, {});
    const res = await admin.patch(`/api/api-keys/${k.id}`, { rateLimitPerMinute: 1 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rateLimitPerMinute).toBe(1);
    expect((await call(k.key, 'GET', '/api/customers')).statusCode).toBe(200);
    const one = await call(k.key, 'GET', '/api/customers');
    expectError(one, 429, 'RATE_LIMITED');
    expect(one.json().error.message).toMatch(/^This API key may make 1 request a minute; try again in \d+ s$/);
    expectError(await admin.patch(`/api/api-keys/${k.id}`, { rateLimitPerMinute: 0 }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/api-keys', { name: 'x', rateLimitPerMinute: 100_001 }), 400, 'VALIDATION_FAILED');
    // Someone who may not manage the key cannot change it.
    expectError(await sales.patch(`/api/api-keys/${k.id}`, { rateLimitPerMinute: 1000 }), 404, 'NOT_FOUND');
  });

  it('the keys list shows when a key was last used, written at most once a minute', async () => {
    env.clock.set('2026-11-23T10:00:00Z');
    const k = await makeKey(admin, {});
    const listed = async () => ((await admin.get('/api/api-keys')).json().items as { id: string; lastUsedAt: string | null }[]).find((x) => x.id === k.id)!.lastUsedAt;
    expect(await listed()).toBeNull();
    await call(k.key, 'GET', '/api/customers');
    expect(await listed()).toBe('2026-11-23T10:00:00.000Z');
    env.clock.advance(30_000);
    await call(k.key, 'GET', '/api/customers');
    expect(await listed()).toBe('2026-11-23T10:00:00.000Z');
    env.clock.advance(31_000);
    await call(k.key, 'GET', '/api/customers');
    expect(await listed()).toBe('2026-11-23T10:01:01.000Z');
  });
});

describe.runIf(Boolean(TEST_PG))('per-key rate limit across two app instances (PostgreSQL)', () => {
  it('one count for the key whichever instance answers', async () => {
    env.clock.set('2026-11-23T09:30:05Z');
    const k = await makeKey(admin, { rateLimitPerMinute: 3 });
    const other = await secondInstance(env);
    try {
      const viaB = () => fetch(`http://127.0.0.1:${(other.app.server.address() as { port: number }).port}/api/customers`, { headers: { authorization: `Bearer ${k.key}` } });
      expect((await call(k.key, 'GET', '/api/customers')).statusCode).toBe(200);
      expect((await viaB()).status).toBe(200);
      expect((await call(k.key, 'GET', '/api/customers')).statusCode).toBe(200);
      const refused = await viaB();
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('55');
      expect((await call(k.key, 'GET', '/api/customers')).statusCode).toBe(429);
    } finally {
      await other.close();
    }
  });
});

describe('Idempotency-Key', () => {
  it('replays the first answer for the same key and body: the same id, one row, Idempotent-Replayed', async () => {
    env.clock.set('2026-11-23T11:00:00Z');
    const k = await makeKey(admin, {});
    const body = { kind: 'organization', orgName: 'یکبار ساخته' };
    const first = await call(k.key, 'POST', '/api/customers', body, { 'idempotency-key': 'order-1001' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    env.clock.advance(23 * 3600_000);
    // The same fields in another order are the same request.
    const second = await call(k.key, 'POST', '/api/customers', { orgName: 'یکبار ساخته', kind: 'organization' }, { 'idempotency-key': 'order-1001' });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json().id).toBe(first.json().id);
    expect(second.json()).toEqual(first.json());
    expect(await customersNamed('یکبار ساخته')).toBe(1);
  });

  it('the same key with a different body is 422 IDEMPOTENCY_MISMATCH and creates nothing', async () => {
    const k = await makeKey(admin, {});
    expect((await call(k.key, 'POST', '/api/customers', { kind: 'organization', orgName: 'اول' }, { 'idempotency-key': 'k-2' })).statusCode).toBe(201);
    const res = await call(k.key, 'POST', '/api/customers', { kind: 'organization', orgName: 'دوم' }, { 'idempotency-key': 'k-2' });
    expectError(res, 422, 'IDEMPOTENCY_MISMATCH');
    expect(await customersNamed('دوم')).toBe(0);
    expect(await customersNamed('اول')).toBe(1);
  });

  it('works for a session too, keys are per user, and a key is reusable after 24 hours', async () => {
    env.clock.set('2026-11-23T12:00:00Z');
    const body = { kind: 'organization', orgName: 'از نشست' };
    const a = await sales.post('/api/customers', body);
    expect(a.statusCode).toBe(201);
    const first = await env.app.inject({ method: 'POST', url: '/api/customers', headers: { cookie: sales.cookie, 'x-csrf-token': sales.csrf, 'idempotency-key': 'form-submit-7' }, payload: { kind: 'organization', orgName: 'نشست با کلید' } });
    const again = await env.app.inject({ method: 'POST', url: '/api/customers', headers: { cookie: sales.cookie, 'x-csrf-token': sales.csrf, 'idempotency-key': 'form-submit-7' }, payload: { kind: 'organization', orgName: 'نشست با کلید' } });
    expect(first.statusCode, first.body).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    // Another user's same key is theirs: it runs.
    const other = await env.app.inject({ method: 'POST', url: '/api/customers', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'idempotency-key': 'form-submit-7' }, payload: { kind: 'organization', orgName: 'نشست با کلید' } });
    expect(other.statusCode).toBe(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(await customersNamed('نشست با کلید')).toBe(2);
    // After 24 hours the key is free again (the stored answer has expired).
    env.clock.advance(24 * 3600_000 + 1000);
    const later = await env.app.inject({ method: 'POST', url: '/api/customers', headers: { cookie: sales.cookie, 'x-csrf-token': sales.csrf, 'idempotency-key': 'form-submit-7' }, payload: { kind: 'organization', orgName: 'نشست با کلید' } });
    expect(later.statusCode).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(await customersNamed('نشست با کلید')).toBe(3);
  });

  it('an error answer is not kept (the key can be retried), a request in flight answers 409, a malformed key 400', async () => {
    const k = await makeKey(admin, {});
    expectError(await call(k.key, 'POST', '/api/customers', { kind: 'organization' }, { 'idempotency-key': 'retry-me' }), 400, 'VALIDATION_FAILED');
    expect(await count("SELECT count(*)::int AS n FROM idempotency_keys WHERE key = 'retry-me'")).toBe(0);
    const fixed = await call(k.key, 'POST', '/api/customers', { kind: 'organization', orgName: 'پس از خطا' }, { 'idempotency-key': 'retry-me' });
    expect(fixed.statusCode, fixed.body).toBe(201);

    // A first request still running: its row has no answer yet.
    await q('INSERT INTO idempotency_keys (user_id, key, request_hash, created_at) VALUES ($1, $2, $3, $4)',
      [admin.userId, 'running', requestHash('POST', '/api/customers', { kind: 'organization', orgName: 'همزمان' }), env.clock.now()]);
    expectError(await call(k.key, 'POST', '/api/customers', { kind: 'organization', orgName: 'همزمان' }, { 'idempotency-key': 'running' }), 409, 'CONFLICT');
    expect(await customersNamed('همزمان')).toBe(0);

    expectError(await call(k.key, 'POST', '/api/customers', { kind: 'organization', orgName: 'بد' }, { 'idempotency-key': 'کلید' }), 400, 'VALIDATION_FAILED');
    expectError(await call(k.key, 'POST', '/api/customers', { kind: 'organization', orgName: 'بد' }, { 'idempotency-key': 'x'.repeat(256) }), 400, 'VALIDATION_FAILED');
    expect(await customersNamed('بد')).toBe(0);
  });

  it('concurrent duplicates create one row: one runs, the others get 409 or the replay', async () => {
    const k = await makeKey(admin, {});
    const body = { kind: 'organization', orgName: 'همزمان واقعی' };
    const answers = await Promise.all([1, 2, 3].map(() => call(k.key, 'POST', '/api/customers', body, { 'idempotency-key': 'race-1' })));
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(await customersNamed('همزمان واقعی')).toBe(1);
  });
});

describe('the purge job', () => {
  it('removes answers older than 24 hours and finished rate windows, and keeps the rest', async () => {
    const { purgeApiUsage } = await import('./index.ts');
    env.clock.set('2026-11-30T00:00:00Z');
    const k = await makeKey(admin, {});
    await call(k.key, 'POST', '/api/customers', { kind: 'organization', orgName: 'پاک‌سازی ۱' }, { 'idempotency-key': 'purge-old' });
    env.clock.advance(24 * 3600_000 + 1);
    await call(k.key, 'POST', '/api/customers', { kind: 'organization', orgName: 'پاک‌سازی ۲' }, { 'idempotency-key': 'purge-new' });
    await purgeApiUsage(env.rt.database.db, env.clock);
    expect((await q<{ key: string }>("SELECT key FROM idempotency_keys WHERE key LIKE 'purge-%'")).map((r) => r.key)).toEqual(['purge-new']);
    // Only the current window (2026-12-01T00:00) is left for this key.
    expect((await q<{ w: string }>('SELECT window_start AS w FROM api_key_rate_windows WHERE key_id = $1', [k.id])).length).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM api_key_rate_windows WHERE window_start < $1', [new Date(env.clock.now().getTime() - 120_000)])).toBe(0);
  });
});
