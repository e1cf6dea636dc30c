/**
 * Login throttling that slows the attacker without locking the owner out (docs/decisions.md, "Login throttling"):
 * failures are counted per account (unknown devices), per address, per (account, address) and per known device,
 * over a rolling hour, with growing waits after a few free tries and at most 100 failures an hour per account from
 * unknown devices (ASVS 5.0 6.3.1). A browser that logged in before (the signed `mehvar_device` cookie) has its own
 * budget, so attacks from elsewhere — or from the owner's own address — do not shut it out.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, TEST_PASSWORD, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let admin: Agent;
let salesRoleId: string;
let seq = 0;

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin', { email: 'root@test.example' });
  const roles = (await admin.get('/api/roles')).json().items as { id: string; key: string }[];
  salesRoleId = roles.find((r) => r.key === 'sales')!.id;
});
afterAll(async () => env?.close());

async function newUser() {
  const email = `throttle${++seq}@test.example`;
  const res = await admin.post('/api/users', { email, name: `کاربر ${seq}`, password: TEST_PASSWORD, roleId: salesRoleId });
  expect(res.statusCode, res.body).toBe(201);
  return email;
}

let addr = 0;
/** A fresh address each time: a botnet. */
const anywhere = () => `100.${64 + Math.floor(++addr / 65000)}.${Math.floor(addr / 250) % 250}.${addr % 250}`;

const login = (email: string, password: string, ip: string, device?: string) =>
  env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: ip, headers: device ? { cookie: `mehvar_device=${device}` } : {} });

const deviceOf = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === 'mehvar_device')?.value;

/** A 429 in the one error shape, with Retry-After (whole seconds, > 0) equal to details.retryAfterSec. */
function expectThrottled(res: LightMyRequestResponse): { retryAfter: number; reason: string } {
  expect(res.statusCode, res.body).toBe(429);
  const body = res.json();
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe('RATE_LIMITED');
  expect(body.error.message.length).toBeGreaterThan(0);
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(body.error.details.retryAfterSec).toBe(retryAfter);
  expect(res.cookies.find((c) => c.name === 'mehvar_session')).toBeUndefined();
  return { retryAfter, reason: body.error.details.reason };
}

/** Wrong passwords until `count` of them were checked (401), waiting out each 429 on the manual clock. */
async function failUntil(email: string, count: number, ip: () => string, device?: string) {
  const times: number[] = [];
  const waits: number[] = [];
  while (times.length < count) {
    const res = await login(email, `wrong-guess-${times.length}`, ip(), device);
    if (res.statusCode === 401) { times.push(env.clock.now().getTime()); continue; }
    const { retryAfter } = expectThrottled(res);
    waits.push(retryAfter);
    env.clock.advance(retryAfter * 1000);
  }
  return { times, waits };
}

describe('an attack on one account from many addresses (unknown devices)', () => {
  it('allows at most 100 failed attempts an hour: the 101st is refused, then the budget comes back with time', async () => {
    const email = await newUser();
    const { times, waits } = await failUntil(email, 100, anywhere);
    // The growing waits slow the attack, but are not what stops it within the hour: the hourly budget is.
    expect(times[99] - times[0]).toBeLessThan(3600_000);
    expect(waits.length).toBeGreaterThan(0);
    expect(Math.max(...waits)).toBeLessThanOrEqual(60);

    // The 101st within the hour is refused before the password is even looked at: the right one too.
    const refused = expectThrottled(await login(email, 'wrong-101', anywhere()));
    expect(refused.reason).toBe('account');
    const ownerNewPhone = expectThrottled(await login(email, TEST_PASSWORD, anywhere()));
    // It may try again when the oldest failure leaves the hour.
    const untilOldestLeaves = Math.ceil((times[0] + 3600_000 - env.clock.now().getTime()) / 1000);
    expect(ownerNewPhone.retryAfter).toBe(untilOldestLeaves);
    // One second short is still refused; at the time given, one more attempt is checked again.
    env.clock.advance((untilOldestLeaves - 1) * 1000);
    expectThrottled(await login(email, 'wrong-102', anywhere()));
    env.clock.advance(1000);
    expect((await login(email, 'wrong-102', anywhere())).statusCode).toBe(401);
    // The budget is a rolling hour, not a lock: an hour after the attack stopped, the owner logs in from anywhere.
    env.clock.advance(3600_000);
    expect((await login(email, TEST_PASSWORD, anywhere())).statusCode).toBe(200);
  });

  it('slows down gradually: a few free tries, then waits that grow instead of one long wall', async () => {
    const email = await newUser();
    const { waits } = await failUntil(email, 16, anywhere);
    expect(waits.length).toBeGreaterThanOrEqual(3);
    expect(waits[0]).toBeLessThanOrEqual(2);
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(waits[i - 1]);
    expect(waits[waits.length - 1]).toBeGreaterThan(waits[0]);
    expect(Math.max(...waits)).toBeLessThanOrEqual(60);
    env.clock.advance(3600_000);
  });

  it('the owner’s known browser logs in during and after the attack; a forged or another user’s device cookie does not help', async () => {
    const email = await newUser();
    const first = await login(email, TEST_PASSWORD, '192.0.2.10');
    expect(first.statusCode).toBe(200);
    const device = deviceOf(first)!;
    expect(device).toBeTruthy();
    const otherDevice = deviceOf(await login(await newUser(), TEST_PASSWORD, '192.0.2.11'))!;

    await failUntil(email, 30, anywhere);
    // During the attack (the account is being slowed down), from a new network:
    expect((await login(email, TEST_PASSWORD, '198.51.100.20', device)).statusCode).toBe(200);
    await failUntil(email, 70, anywhere);
    // The account's budget is spent: unknown devices are refused, a forged or foreign device cookie counts as unknown.
    expectThrottled(await login(email, TEST_PASSWORD, '198.51.100.21'));
    expectThrottled(await login(email, TEST_PASSWORD, '198.51.100.22', otherDevice));
    expectThrottled(await login(email, TEST_PASSWORD, '198.51.100.23', `${'n'.repeat(12)}.${'A'.repeat(43)}`));
    const known = await login(email, TEST_PASSWORD, '198.51.100.24', device);
    expect(known.statusCode, known.body).toBe(200);
    expect(known.cookies.find((c) => c.name === 'mehvar_session')?.value).toBeTruthy();
    // The known browser with a wrong password is a plain 401, not a lock.
    expect((await login(email, 'still-wrong', '198.51.100.24', device)).statusCode).toBe(401);
    // After the attack, too.
    env.clock.advance(10 * 60_000);
    expect((await login(email, TEST_PASSWORD, '198.51.100.25', device)).statusCode).toBe(200);
    env.clock.advance(3600_000);
  });

  it('after a burst of failures from the owner’s own address (same office network), the known browser there still logs in', async () => {
    const email = await newUser();
    const office = '192.0.2.50';
    const device = deviceOf(await login(email, TEST_PASSWORD, office))!;
    // Someone in the same office (or behind the same NAT) hammers the account and other accounts from that address.
    for (let i = 0; i < 40; i++) await login(email, `burst-${i}`, office);
    for (let i = 0; i < 40; i++) await login(`someone${i}@elsewhere.example`, `burst-${i}`, office);
    const stranger = await newUser();
    expectThrottled(await login(stranger, TEST_PASSWORD, office));
    expectThrottled(await login(email, TEST_PASSWORD, office));
    const known = await login(email, TEST_PASSWORD, office, device);
    expect(known.statusCode, known.body).toBe(200);
    env.clock.advance(3600_000);
  });
});

describe('a known device has its own bounded budget', () => {
  it('a stolen device cookie gets only a few guesses an hour; the owner’s other browser is not affected', async () => {
    const email = await newUser();
    const stolen = deviceOf(await login(email, TEST_PASSWORD, '192.0.2.60'))!;
    const laptop = deviceOf(await login(email, TEST_PASSWORD, '192.0.2.61'))!;
    expect(stolen).not.toBe(laptop);
    const { times } = await failUntil(email, 20, anywhere, stolen);
    expect(times[19] - times[0]).toBeLessThan(3600_000);
    // The 21st within the hour, even with the right password, is refused for that cookie.
    const refused = expectThrottled(await login(email, TEST_PASSWORD, anywhere(), stolen));
    expect(refused.reason).toBe('device');
    expect(refused.retryAfter).toBe(Math.ceil((times[0] + 3600_000 - env.clock.now().getTime()) / 1000));
    // Replaying the cookie with several copies of its entry does not buy more guesses.
    expectThrottled(await login(email, 'wrong', anywhere(), `${stolen}~${stolen}`));
    // The owner's laptop and the owner from a new device are untouched by these failures.
    expect((await login(email, TEST_PASSWORD, '192.0.2.61', laptop)).statusCode).toBe(200);
    expect((await login(email, TEST_PASSWORD, anywhere())).statusCode).toBe(200);
    env.clock.advance(3600_000);
  });

  it('a good login from the known device clears its failures (typos do not pile up over the hour)', async () => {
    const email = await newUser();
    const device = deviceOf(await login(email, TEST_PASSWORD, '192.0.2.70'))!;
    for (let round = 0; round < 6; round++) {
      await failUntil(email, 4, () => '192.0.2.70', device);
      expect((await login(email, TEST_PASSWORD, '192.0.2.70', device)).statusCode).toBe(200);
    }
  });
});

describe('one address failing on one account', () => {
  it('slows that (account, address) pair after 5 failures; the owner elsewhere and other accounts there are not affected', async () => {
    const email = await newUser();
    const attacker = '203.0.113.80';
    for (let i = 0; i < 5; i++) expect((await login(email, `wrong-${i}`, attacker)).statusCode).toBe(401);
    const refused = expectThrottled(await login(email, TEST_PASSWORD, attacker));
    expect(refused.reason).toBe('pair');
    expect((await login(email, TEST_PASSWORD, '203.0.113.81')).statusCode).toBe(200);
    expect((await login(await newUser(), TEST_PASSWORD, attacker)).statusCode).toBe(200);
    env.clock.advance(refused.retryAfter * 1000);
    expect((await login(email, TEST_PASSWORD, attacker)).statusCode).toBe(200);
  });
});

describe('one address failing across many accounts', () => {
  it('is slowed down for every account it tries, unknown devices only, until the hour rolls on', async () => {
    const spray = '203.0.113.99';
    let refused: { retryAfter: number; reason: string } | undefined;
    for (let i = 0; i < 40 && !refused; i++) {
      const res = await login(`victim${i}@spray.example`, 'Summer2026!', spray);
      if (res.statusCode === 429) refused = expectThrottled(res);
      else expect(res.statusCode).toBe(401);
    }
    expect(refused?.reason).toBe('address');
    const email = await newUser();
    expectThrottled(await login(email, TEST_PASSWORD, spray));
    // The same account from elsewhere is fine.
    expect((await login(email, TEST_PASSWORD, '203.0.113.100')).statusCode).toBe(200);
    env.clock.advance(3600_000);
    expect((await login(email, TEST_PASSWORD, spray)).statusCode).toBe(200);
  });
});
