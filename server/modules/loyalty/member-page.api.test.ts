/**
 * The member's page (/club) through HTTP (PGlite by default, PostgreSQL with TEST_DATABASE_URL): a code is texted
 * through the outbox to a member's mobile only (the answer is the same for any number), stored hashed; a wrong code
 * counts an attempt and the fifth ends it; a phone gets 3 codes in 15 minutes; the right code opens a 20-minute
 * session showing the balance, tier progress and rewards; a reward is redeemed; the session ends.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let admin: Agent;
let customerId: string;
let rewardId: string;
const MOBILE = '09121234567';

const db = () => env.rt.database.db;
const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
const post = (url: string, body: Record<string, string>, cookie = '', ip = '10.1.0.1') => env.app.inject({ method: 'POST', url, payload: form(body), remoteAddress: ip,
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) } });
const get = (url: string, cookie = '') => env.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
const toLatin = (s: string) => s.replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d)));
async function lastCode(): Promise<string | null> {
  const rows = (await db().execute(sql`SELECT body FROM messages WHERE subject_type = 'loyalty_login' ORDER BY created_at DESC, id DESC LIMIT 1`)).rows as { body: string }[];
  const m = rows[0] && toLatin(rows[0].body).match(/(\d{6})/);
  return m ? m[1] : null;
}
const codeCount = async () => ((await db().execute(sql`SELECT count(*)::int AS n FROM messages WHERE subject_type = 'loyalty_login'`)).rows[0] as { n: number }).n;

beforeAll(async () => {
  env = await createTestEnv({ start: '2026-10-10T08:00:00Z' });
  admin = await env.login('admin');
  expect((await admin.put('/api/loyalty/program', { enabled: true, expiryMonths: 0, tiers: [
    { key: 'base', nameFa: 'پایه', nameEn: 'Base', threshold: 0 }, { key: 'gold', nameFa: 'طلایی', nameEn: 'Gold', threshold: 1000 }] })).statusCode).toBe(200);
  customerId = (await admin.post('/api/customers', { kind: 'person', firstName: 'مینا', lastName: 'کاظمی', phones: [{ number: MOBILE }], force: true })).json().id;
  expect((await admin.post('/api/loyalty/ledger', { customerId, kind: 'earn', points: 400, reason: 'خرید' })).statusCode).toBe(201);
  rewardId = (await admin.post('/api/loyalty/rewards', { nameFa: 'قهوهٔ رایگان', nameEn: 'Free coffee', points: 150, stock: 5 })).json().id;
}, 180_000);
afterAll(async () => { await env?.close(); });

describe('signing in', () => {
  it('shows the phone form in Persian (rtl) and English (ltr)', async () => {
    const fa = await get('/club');
    expect(fa.statusCode).toBe(200);
    expect(fa.body).toContain('dir="rtl"');
    expect(fa.body).toContain('شمارهٔ همراه');
    expect((await get('/club?lang=en')).body).toContain('dir="ltr"');
  });

  it('a non-member number gets the same answer and no text; a bad number is 400', async () => {
    const res = await post('/club/code', { phone: '09350000000' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('اگر این شماره عضو باشگاه باشد');
    expect(await codeCount()).toBe(0);
    expect((await post('/club/code', { phone: '12' })).statusCode).toBe(400);
  });

  it('a member gets a code through the outbox, stored only as a hash; wrong codes count; the fifth wrong ends it', async () => {
    const res = await post('/club/code', { phone: '۰۹۱۲ ۱۲۳ ۴۵۶۷' });
    expect(res.statusCode).toBe(200);
    const code = await lastCode();
    expect(code).toMatch(/^\d{6}$/);
    const stored = (await db().execute(sql`SELECT code_hash FROM loyalty_login_codes WHERE customer_id = ${customerId}`)).rows as { code_hash: string }[];
    expect(stored).toHaveLength(1);
    expect(stored[0].code_hash).not.toContain(code!);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 4; i++) {
      const w = await post('/club/login', { phone: MOBILE, code: wrong });
      expect(w.statusCode).toBe(400);
      expect(w.body).toContain('کد درست نیست');
    }
    const fifth = await post('/club/login', { phone: MOBILE, code: wrong });
    expect(fifth.body).toContain('دیگر معتبر نیست');
    // Even the right code no longer opens it.
    const late = await post('/club/login', { phone: MOBILE, code: code! });
    expect(late.statusCode).toBe(400);
    expect(late.headers['set-cookie']).toBeUndefined();
    expect((await db().execute(sql`SELECT attempts FROM loyalty_login_codes WHERE customer_id = ${customerId}`)).rows).toEqual([{ attempts: 5 }]);
  });

  it('a phone gets 3 codes in 15 minutes, the fourth is 429; later it may ask again', async () => {
    expect((await post('/club/code', { phone: MOBILE })).statusCode).toBe(200);
    expect((await post('/club/code', { phone: MOBILE })).statusCode).toBe(200);
    const fourth = await post('/club/code', { phone: MOBILE });
    expect(fourth.statusCode).toBe(429);
    expect(await codeCount()).toBe(3);
    env.clock.advance(16 * 60_000);
    expect((await post('/club/code', { phone: MOBILE })).statusCode).toBe(200);
  });
});

describe('the page', () => {
  let cookie = '';
  it('the right code opens a session: balance, tier progress, rewards', async () => {
    const code = await lastCode();
    const ok = await post('/club/login', { phone: MOBILE, code: code! });
    expect(ok.statusCode).toBe(303);
    const set = String(ok.headers['set-cookie']);
    expect(set).toMatch(/mehvar_club=[^;]+/);
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Strict/i);
    cookie = set.split(';')[0];
    const page = await get('/club', cookie);
    expect(page.body).toContain('مینا کاظمی');
    expect(page.body).toMatch(/data-testid="club-balance">۴۰۰</);
    // 400 of 1,000 earned: 600 to gold.
    expect(page.body).toContain('۶۰۰ امتیاز تا سطح طلایی');
    expect(page.body).toContain('قهوهٔ رایگان');
    // A used code does not open a second session.
    expect((await post('/club/login', { phone: MOBILE, code: code! })).statusCode).toBe(400);
  });

  it('redeems a reward: 150 points and one unit; a cross-site post is refused', async () => {
    const cross = await env.app.inject({ method: 'POST', url: '/club/redeem', payload: form({ rewardId }), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: 'https://evil.example' } });
    expect(cross.statusCode).toBe(400);
    const r = await post('/club/redeem', { rewardId }, cookie);
    expect(r.statusCode).toBe(303);
    const page = await get(String(r.headers.location), cookie);
    expect(page.body).toContain('جایزه ثبت شد: قهوهٔ رایگان');
    expect(page.body).toMatch(/data-testid="club-balance">۲۵۰</);
    const [row] = (await db().execute(sql`SELECT balance::int AS b, (SELECT stock FROM loyalty_rewards WHERE id = ${rewardId}) AS s FROM loyalty_members WHERE customer_id = ${customerId}`)).rows as { b: number; s: number }[];
    expect(row).toEqual({ b: 250, s: 4 });
    expect((await db().execute(sql`SELECT count(*)::int AS n FROM loyalty_ledger WHERE customer_id = ${customerId} AND source_type = 'reward'`)).rows[0]).toEqual({ n: 1 });
  });

  it('the session lasts 20 minutes; signing out ends it at once', async () => {
    env.clock.advance(21 * 60_000);
    expect((await get('/club', cookie)).body).toContain('data-testid="club-phone-form"');
    const code = (await post('/club/code', { phone: MOBILE }), await lastCode());
    const ok = await post('/club/login', { phone: MOBILE, code: code! });
    const c2 = String(ok.headers['set-cookie']).split(';')[0];
    expect((await get('/club', c2)).body).toContain('data-testid="club-member"');
    expect((await post('/club/logout', {}, c2)).statusCode).toBe(303);
    expect((await get('/club', c2)).body).toContain('data-testid="club-phone-form"');
  });
});
