/**
 * Passwords through the API: the policy wherever a password is set (user create, admin reset, self-service change,
 * the first admin), and the self-service change (current password required and throttled, other sessions end, this
 * browser gets a fresh session).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, loginAs, agentFor, TEST_PASSWORD, type TestEnv, type Agent } from '../../test/harness.ts';
import { createAdmin } from './index.ts';
import { AppError } from '../../errors.ts';

let env: TestEnv;
let admin: Agent;
let salesRoleId: string;
let seq = 0;

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  const roles = (await admin.get('/api/roles')).json().items as { id: string; key: string }[];
  salesRoleId = roles.find((r) => r.key === 'sales')!.id;
});
afterAll(async () => env?.close());

const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => env.rt.database.query<T>(text, params);
const hashOf = async (id: string) => (await q<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [id]))[0].password_hash;

function expect400(res: LightMyRequestResponse, field: string, problem: string) {
  expect(res.statusCode, res.body).toBe(400);
  const body = res.json();
  expect(body.error.code).toBe('VALIDATION_FAILED');
  expect(body.error.details).toEqual({ [field]: problem });
}

async function newUser(password = TEST_PASSWORD) {
  const email = `pw${++seq}@test.example`;
  const res = await admin.post('/api/users', { email, name: `کاربر ${seq}`, password, roleId: salesRoleId });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id as string, email };
}

const loginRes = (email: string, password: string, ip = '10.7.0.1') =>
  env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: ip });

describe('the policy wherever an admin sets a password', () => {
  it('refuses short, common, personal and product-name passwords when creating a user; nothing is created', async () => {
    const base = { name: 'نرگس کاظمی', roleId: salesRoleId };
    const cases: [string, string, string][] = [
      ['narges1@acme.example', 'short-1!', 'at least 12 characters'],
      ['narges2@acme.example', 'password1234', 'a common password'],
      ['narges3@acme.example', 'Persepolis1402', 'a common password'],
      ['narges.kazemi@acme.example', 'narges.kazemi99', 'built from your name or email'],
      ['narges5@acme.example', 'mehvar-1404-crm', 'built from the product name'],
      ['narges6@acme.example', '+989121234567', 'built from a phone number'],
    ];
    for (const [email, password, problem] of cases) expect400(await admin.post('/api/users', { ...base, email, password }), 'password', problem);
    expect(await q('SELECT 1 FROM users WHERE email LIKE $1', ['narges%'])).toHaveLength(0);
    expect((await admin.post('/api/users', { ...base, email: 'narges7@acme.example', password: 'Kavir-Noon-Anar-58' })).statusCode).toBe(201);
  });

  it('refuses a weak reset (the hash stays); a strong reset ends all of that user’s sessions', async () => {
    const u = await newUser();
    const before = await hashOf(u.id);
    const a1 = await loginAs(env.app, u.email, TEST_PASSWORD, '10.7.1.1');
    const a2 = await loginAs(env.app, u.email, TEST_PASSWORD, '10.7.1.2');
    expect400(await admin.patch(`/api/users/${u.id}`, { password: '1q2w3e4r5t6y' }), 'password', 'a common password');
    expect(await hashOf(u.id)).toBe(before);
    expect((await a1.get('/api/auth/me')).statusCode).toBe(200);

    expect((await admin.patch(`/api/users/${u.id}`, { password: 'Sib-Zard-Kooh-Damavand' })).statusCode).toBe(200);
    expect(await hashOf(u.id)).not.toBe(before);
    expect((await a1.get('/api/auth/me')).statusCode).toBe(401);
    expect((await a2.get('/api/auth/me')).statusCode).toBe(401);
    expect(await q('SELECT 1 FROM sessions WHERE user_id = $1', [u.id])).toHaveLength(0);
  });

  it('refuses a weak first admin (CLI and MEHVAR_ADMIN_PASSWORD go through createAdmin)', async () => {
    const err = await createAdmin(env.rt.database.db, { email: 'boss@pars-trading.ir', password: 'pars-trading-1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('VALIDATION_FAILED');
    expect((err as AppError).message).toMatch(/built from your name or email/);
    expect(await q('SELECT 1 FROM users WHERE email = $1', ['boss@pars-trading.ir'])).toHaveLength(0);
  });

  it('keeps the whole of a long password: one character changed at the end does not log in', async () => {
    const long = 'Shab-e Yalda Anar Hendevaneh Fal-e Hafez '.repeat(6).slice(0, 250);
    const u = await newUser(long);
    expect((await loginRes(u.email, long)).statusCode).toBe(200);
    expect((await loginRes(u.email, long.slice(0, -1) + 'X')).statusCode).toBe(401);
  });
});

describe('changing one’s own password', () => {
  const change = (a: Agent, body: unknown, ip = '10.7.2.1') =>
    env.app.inject({ method: 'POST', url: '/api/auth/password', remoteAddress: ip, headers: { cookie: a.cookie, 'x-csrf-token': a.csrf }, payload: body as never });

  it('needs the current password; a wrong one changes nothing', async () => {
    const u = await newUser();
    const a = await loginAs(env.app, u.email, TEST_PASSWORD);
    const before = await hashOf(u.id);
    expect400(await change(a, { currentPassword: 'not-my-password', newPassword: 'Sib-Zard-Kooh-Damavand' }), 'currentPassword', 'wrong password');
    expect(await hashOf(u.id)).toBe(before);
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
  });

  it('applies the policy to the new password, and refuses the same password again', async () => {
    const u = await newUser();
    const a = await loginAs(env.app, u.email, TEST_PASSWORD);
    const before = await hashOf(u.id);
    expect400(await change(a, { currentPassword: TEST_PASSWORD, newPassword: 'short' }), 'newPassword', 'at least 12 characters');
    expect400(await change(a, { currentPassword: TEST_PASSWORD, newPassword: 'iloveyou1234' }), 'newPassword', 'a common password');
    expect400(await change(a, { currentPassword: TEST_PASSWORD, newPassword: `${u.email.split('@')[0]}.${u.email.split('@')[0]}-2026!` }), 'newPassword', 'built from your name or email');
    expect400(await change(a, { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }), 'newPassword', 'same as the current password');
    expect(await hashOf(u.id)).toBe(before);
  });

  it('ends every other session of the user and gives this browser a fresh one; the old password stops working', async () => {
    const u = await newUser();
    const here = await loginAs(env.app, u.email, TEST_PASSWORD, '10.7.3.1');
    const phone = await loginAs(env.app, u.email, TEST_PASSWORD, '10.7.3.2');
    const laptop = await loginAs(env.app, u.email, TEST_PASSWORD, '10.7.3.3');
    const res = await change(here, { currentPassword: TEST_PASSWORD, newPassword: 'Sib-Zard-Kooh-Damavand' }, '10.7.3.1');
    expect(res.statusCode, res.body).toBe(200);
    const fresh = res.cookies.find((c) => c.name === 'mehvar_session');
    expect(fresh?.value).toBeTruthy();
    expect(fresh?.httpOnly).toBe(true);
    const csrfToken = res.json().csrfToken as string;
    expect(csrfToken).not.toBe(here.csrf);

    // The other devices are signed out, and so is the old token of this one (it was rotated).
    for (const a of [phone, laptop, here]) expect((await a.get('/api/auth/me')).statusCode).toBe(401);
    const now = agentFor(env.app, `mehvar_session=${fresh!.value}`, csrfToken, u.id, u.email);
    expect((await now.get('/api/auth/me')).json().user.id).toBe(u.id);
    expect((await now.post('/api/customers', { kind: 'person', firstName: 'بعد از تغییر رمز' })).statusCode).toBe(201);
    expect(await q('SELECT 1 FROM sessions WHERE user_id = $1', [u.id])).toHaveLength(1);

    expect((await loginRes(u.email, TEST_PASSWORD, '10.7.3.4')).statusCode).toBe(401);
    expect((await loginRes(u.email, 'Sib-Zard-Kooh-Damavand', '10.7.3.5')).statusCode).toBe(200);
  });

  it('is throttled like a login: repeated wrong current passwords get a 429 with Retry-After', async () => {
    const u = await newUser();
    const a = await loginAs(env.app, u.email, TEST_PASSWORD);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await change(a, { currentPassword: `guess-${i}`, newPassword: 'Sib-Zard-Kooh-Damavand' }, '10.7.4.1')).statusCode);
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    const limited = await change(a, { currentPassword: TEST_PASSWORD, newPassword: 'Sib-Zard-Kooh-Damavand' }, '10.7.4.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Even the right current password was not looked at.
    expect((await loginRes(u.email, TEST_PASSWORD, '10.7.4.2')).statusCode).toBe(200);
  });

  it('needs a signed-in browser: an API key cannot change its user’s password', async () => {
    const key = (await admin.post('/api/api-keys', { name: 'script' })).json().key as string;
    const before = await hashOf(admin.userId);
    const res = await env.app.inject({ method: 'POST', url: '/api/auth/password', headers: { authorization: `Bearer ${key}` }, payload: { currentPassword: TEST_PASSWORD, newPassword: 'Sib-Zard-Kooh-Damavand' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
    expect(await hashOf(admin.userId)).toBe(before);
  });
});
