/**
 * State-changing requests carried by the session cookie (and login/logout) are refused when the browser says they come
 * from another site — a foreign `Origin` or `Sec-Fetch-Site: cross-site` — even with the right CSRF token. API-key
 * requests and server-to-server calls (no Origin) are not affected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, loginAs, TEST_PASSWORD, type Agent, type TestEnv } from '../test/harness.ts';

const PUBLIC = 'https://crm.example.ir';
let env: TestEnv;
let admin: Agent;
let sales: Agent;
let customerId: string;

beforeAll(async () => {
  env = await createTestEnv({ env: { MEHVAR_PUBLIC_URL: PUBLIC } });
  admin = await env.login('admin');
  sales = await env.login('manager');
  const made = await sales.post('/api/customers', { kind: 'person', firstName: 'مریم', lastName: 'احمدی', city: 'تهران' });
  expect(made.statusCode, made.body).toBe(201);
  customerId = made.json().id;
});
afterAll(async () => env?.close());

const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => env.rt.database.query<T>(text, params);
const customerCount = async () => Number((await q<{ n: number }>('SELECT count(*)::int AS n FROM customers'))[0].n);
const city = async () => (await q<{ city: string; deleted_at: unknown }>('SELECT city, deleted_at FROM customers WHERE id = $1', [customerId]))[0];

/** A request with the session cookie and the right CSRF token, plus the given browser headers. */
const withSession = (a: Agent, method: 'POST' | 'PATCH' | 'DELETE' | 'GET', url: string, headers: Record<string, string>, payload?: unknown) =>
  env.app.inject({ method, url, headers: { cookie: a.cookie, 'x-csrf-token': a.csrf, ...headers }, payload: payload as never });

function expectRefused(res: LightMyRequestResponse) {
  expect(res.statusCode, res.body).toBe(403);
  const body = res.json();
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe('CSRF_FAILED');
  expect('details' in body.error).toBe(true);
}

const FOREIGN: [string, Record<string, string>][] = [
  ['another site’s Origin', { origin: 'https://evil.example' }],
  ['a look-alike subdomain', { origin: 'https://crm.example.ir.evil.example' }],
  ['the same host over plain http when the server is https', { origin: 'http://crm.example.ir', host: 'crm.example.ir', 'x-forwarded-proto': 'https' }],
  ['Origin null (a sandboxed frame)', { origin: 'null' }],
  ['Sec-Fetch-Site: cross-site without Origin', { 'sec-fetch-site': 'cross-site' }],
  ['own Origin but Sec-Fetch-Site: cross-site', { origin: PUBLIC, 'sec-fetch-site': 'cross-site' }],
];

describe('cookie-authenticated writes from another site', () => {
  it('are refused with 403 CSRF_FAILED although the CSRF token is right, and change nothing', async () => {
    const before = await city();
    const n = await customerCount();
    for (const [label, headers] of FOREIGN) {
      expectRefused(await withSession(sales, 'POST', '/api/customers', headers, { kind: 'person', firstName: label }));
      expectRefused(await withSession(sales, 'PATCH', `/api/customers/${customerId}`, headers, { city: 'شیراز' }));
      expectRefused(await withSession(sales, 'DELETE', `/api/customers/${customerId}`, headers));
    }
    expect(await customerCount()).toBe(n);
    expect(await city()).toEqual(before);
  });

  it('are accepted from the public URL’s origin, from the Host the browser used, or without Origin (non-browser clients)', async () => {
    const ok = async (headers: Record<string, string>, cityName: string) => {
      const res = await withSession(sales, 'PATCH', `/api/customers/${customerId}`, headers, { city: cityName });
      expect(res.statusCode, `${JSON.stringify(headers)} ${res.body}`).toBe(200);
      expect((await city()).city).toBe(cityName);
    };
    await ok({ origin: PUBLIC, 'sec-fetch-site': 'same-origin' }, 'اصفهان');
    // Opened by its LAN address rather than the public URL.
    await ok({ origin: 'http://192.168.1.20:3000', host: '192.168.1.20:3000' }, 'کرج');
    // Behind a proxy that ends TLS (plain http to Mehvar).
    await ok({ origin: 'https://crm.office.lan', host: 'crm.office.lan' }, 'قم');
    await ok({}, 'یزد');
    await ok({ 'sec-fetch-site': 'none' }, 'رشت');
  });

  it('reads (GET) are not affected', async () => {
    const res = await withSession(sales, 'GET', `/api/customers/${customerId}`, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(res.statusCode).toBe(200);
  });
});

describe('login and logout', () => {
  it('a login posted from another site is refused and sets no session', async () => {
    const email = 'origin-login@test.example';
    const roles = (await admin.get('/api/roles')).json().items as { id: string; key: string }[];
    expect((await admin.post('/api/users', { email, name: 'ورود', password: TEST_PASSWORD, roleId: roles.find((r) => r.key === 'sales')!.id })).statusCode).toBe(201);
    for (const [, headers] of FOREIGN) {
      const res = await env.app.inject({ method: 'POST', url: '/api/auth/login', headers, payload: { email, password: TEST_PASSWORD } });
      expectRefused(res);
      expect(res.cookies.find((c) => c.name === 'mehvar_session')).toBeUndefined();
    }
    expect(await q('SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1', [email])).toHaveLength(0);
    const own = await env.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: PUBLIC }, payload: { email, password: TEST_PASSWORD } });
    expect(own.statusCode, own.body).toBe(200);
  });

  it('a logout posted from another site is refused and the session lives on', async () => {
    const a = await loginAs(env.app, sales.email, TEST_PASSWORD, '10.9.0.1');
    expectRefused(await withSession(a, 'POST', '/api/auth/logout', { origin: 'https://evil.example' }));
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    expect((await withSession(a, 'POST', '/api/auth/logout', { origin: PUBLIC })).statusCode).toBe(204);
  });
});

describe('what the Origin check leaves alone', () => {
  it('API-key requests work whatever Origin they carry (a key is not sent by browsers on their own)', async () => {
    const key = (await admin.post('/api/api-keys', { name: 'integration' })).json().key as string;
    const res = await env.app.inject({
      method: 'POST', url: '/api/customers', headers: { authorization: `Bearer ${key}`, origin: 'https://partner.example', 'sec-fetch-site': 'cross-site' },
      payload: { kind: 'organization', orgName: 'شرکت همکار' },
    });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('server-to-server webhooks (no Origin, no session) are not refused by it', async () => {
    const res = await env.app.inject({ method: 'POST', url: '/api/webhooks/sms/not-the-token', payload: {} });
    expect(res.statusCode).toBe(404);
  });
});
