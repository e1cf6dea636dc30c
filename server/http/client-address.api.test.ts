/**
 * The client address behind every per-address limit (login throttle, public quote pages, anonymous survey answers,
 * the SMS and telephony webhooks) comes from the socket unless the request arrives from a proxy named in
 * MEHVAR_TRUSTED_PROXIES: a client cannot escape a limit by sending X-Forwarded-For.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, TEST_PASSWORD, type Agent, type TestEnv } from '../test/harness.ts';
import { webhookLimits } from '../modules/telephony/index.ts';
import { loadConfig } from '../config.ts';

const ATTACKER = '203.0.113.66';
const PROXY = '10.20.0.1';
let n = 0;
/** A new address every call: what an attacker puts in X-Forwarded-For to look like many clients. */
const spoofed = () => `198.18.${Math.floor(++n / 250)}.${n % 250}`;

describe('without trusted proxies (the default)', () => {
  let env: TestEnv;
  let admin: Agent;
  const telephonyBefore = webhookLimits.perMinute;
  beforeAll(async () => {
    webhookLimits.perMinute = 10;
    env = await createTestEnv();
    admin = await env.login('admin');
  });
  afterAll(async () => {
    webhookLimits.perMinute = telephonyBefore;
    await env?.close();
  });

  /** Sends `count` requests from one socket address, each with a different X-Forwarded-For; returns the statuses. */
  async function flood(count: number, send: (xff: string) => Promise<LightMyRequestResponse>): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) statuses.push((await send(spoofed())).statusCode);
    return statuses;
  }

  it('login: wrong passwords on one account from one address are throttled whatever X-Forwarded-For says', async () => {
    const email = `xff-login-${++n}@test.example`;
    const roles = (await admin.get('/api/roles')).json().items as { id: string; key: string }[];
    expect((await admin.post('/api/users', { email, name: 'هدف', password: TEST_PASSWORD, roleId: roles.find((r) => r.key === 'sales')!.id })).statusCode).toBe(201);
    const statuses = await flood(8, (xff) => env.app.inject({
      method: 'POST', url: '/api/auth/login', remoteAddress: ATTACKER, headers: { 'x-forwarded-for': xff }, payload: { email, password: `wrong-guess-${n}` },
    }));
    // A handful of free tries, then the (account, address) pair is slowed down (429), however the header varies.
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // The session row of a later good login records the socket address, not the header.
    const ok = await env.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '203.0.113.67', headers: { 'x-forwarded-for': '1.2.3.4' }, payload: { email, password: TEST_PASSWORD } });
    expect(ok.statusCode, ok.body).toBe(200);
    const [row] = await env.rt.database.query<{ ip: string }>('SELECT s.ip FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1', [email]);
    expect(row.ip).toBe('203.0.113.67');
  });

  it('public quote pages: 120 a minute per address, X-Forwarded-For or not', async () => {
    const statuses = await flood(121, (xff) => env.app.inject({ method: 'GET', url: '/d/no-such-token', remoteAddress: ATTACKER, headers: { 'x-forwarded-for': xff } }));
    expect(statuses.slice(0, 120).every((s) => s === 404)).toBe(true);
    expect(statuses[120]).toBe(429);
  });

  it('anonymous survey answers: 20 a minute per address', async () => {
    const statuses = await flood(21, (xff) => env.app.inject({
      method: 'POST', url: '/s/a/no-such-key', remoteAddress: ATTACKER,
      headers: { 'x-forwarded-for': xff, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'q1=5',
    }));
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it('SMS webhook: 600 a minute per address', async () => {
    const statuses = await flood(601, (xff) => env.app.inject({ method: 'POST', url: '/api/webhooks/sms/wrong-token', remoteAddress: ATTACKER, headers: { 'x-forwarded-for': xff }, payload: {} }));
    expect(statuses.slice(0, 600).every((s) => s === 404)).toBe(true);
    expect(statuses[600]).toBe(429);
  });

  it('telephony webhook: its per-minute limit per address', async () => {
    const statuses = await flood(11, (xff) => env.app.inject({
      method: 'POST', url: '/api/telephony/events', remoteAddress: ATTACKER,
      headers: { 'x-forwarded-for': xff, 'content-type': 'application/json', 'x-mehvar-timestamp': '1', 'x-mehvar-signature': 'x' }, payload: '{}',
    }));
    expect(statuses.slice(0, 10).every((s) => s !== 429)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});

describe('behind a trusted proxy (MEHVAR_TRUSTED_PROXIES)', () => {
  let env: TestEnv;
  let admin: Agent;
  beforeAll(async () => {
    env = await createTestEnv({ env: { MEHVAR_TRUSTED_PROXIES: `${PROXY}, 192.168.77.0/24` } });
    admin = await env.login('admin');
  });
  afterAll(async () => env?.close());

  it('takes the client address from X-Forwarded-For when the request comes from the proxy', async () => {
    const email = `proxied-${++n}@test.example`;
    const roles = (await admin.get('/api/roles')).json().items as { id: string; key: string }[];
    expect((await admin.post('/api/users', { email, name: 'پشت پراکسی', password: TEST_PASSWORD, roleId: roles.find((r) => r.key === 'sales')!.id })).statusCode).toBe(201);
    const res = await env.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: PROXY, headers: { 'x-forwarded-for': '5.6.7.8' }, payload: { email, password: TEST_PASSWORD } });
    expect(res.statusCode, res.body).toBe(200);
    // A proxy inside a configured range counts too.
    const res2 = await env.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '192.168.77.9', headers: { 'x-forwarded-for': '5.6.7.9' }, payload: { email, password: TEST_PASSWORD } });
    expect(res2.statusCode, res2.body).toBe(200);
    const rows = await env.rt.database.query<{ ip: string }>('SELECT s.ip FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1 ORDER BY s.ip', [email]);
    expect(rows.map((r) => r.ip)).toEqual(['5.6.7.8', '5.6.7.9']);
  });

  it('counts each forwarded client on its own: one client at its limit does not block another behind the same proxy', async () => {
    const page = (client: string) => env.app.inject({ method: 'GET', url: '/d/no-such-token', remoteAddress: PROXY, headers: { 'x-forwarded-for': client } });
    for (let i = 0; i < 120; i++) expect((await page('5.6.7.10')).statusCode).toBe(404);
    expect((await page('5.6.7.10')).statusCode).toBe(429);
    expect((await page('5.6.7.11')).statusCode).toBe(404);
  });

  it('ignores X-Forwarded-For from an address that is not a configured proxy', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 121; i++) {
      statuses.push((await env.app.inject({ method: 'GET', url: '/d/no-such-token', remoteAddress: ATTACKER, headers: { 'x-forwarded-for': spoofed() } })).statusCode);
    }
    expect(statuses[119]).toBe(404);
    expect(statuses[120]).toBe(429);
  });
});

describe('MEHVAR_TRUSTED_PROXIES', () => {
  it('is none by default, takes addresses and ranges, and refuses anything else', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ MEHVAR_TRUSTED_PROXIES: ' 127.0.0.1 ,10.0.0.0/8,::1, fd00::/8 ' }).trustedProxies).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8']);
    expect(() => loadConfig({ MEHVAR_TRUSTED_PROXIES: 'nginx.local' })).toThrow(/MEHVAR_TRUSTED_PROXIES/);
    expect(() => loadConfig({ MEHVAR_TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/MEHVAR_TRUSTED_PROXIES/);
  });
});
