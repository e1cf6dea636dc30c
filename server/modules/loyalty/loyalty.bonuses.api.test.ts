/**
 * Bonus events given automatically (PGlite by default, PostgreSQL with TEST_DATABASE_URL): the birthday bonus by the
 * Jalali calendar once a year and to members only, the survey bonus once per answer (changing the answer pays
 * nothing more), the first-purchase bonus taken back with its invoice, and the staff-given review bonus once per reference.
 * Dates: 2026-08-03 is 1405/05/12 (Mordad 12); 2027-08-03 is 1406/05/12.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { jalaliToday } from './loyalty.bonuses.ts';

let env: TestEnv;
let admin: Agent;
let sales: Agent;
let marketing: Agent;

const PROGRAM = {
  enabled: true, rialsPerPoint: 100_000, pointValueRials: 1_000, tierBasis: 'points', tierWindowMonths: 12, expiryMonths: 0,
  bonuses: { birthday: 30, referral: 0, survey_answered: 7, first_purchase: 50, review: 15 },
  tiers: [{ key: 'bronze', nameFa: 'برنزی', nameEn: 'Bronze', threshold: 0 }], tierSmsFa: '',
};
const db = () => env.rt.database.db;
const balance = async (id: string) => ((await db().execute(sql`SELECT balance::int AS b FROM loyalty_members WHERE customer_id = ${id}`)).rows[0] as { b: number } | undefined)?.b;
const bonuses = async (id: string) => (await db().execute(sql`SELECT kind, points::int AS points, source_type AS "sourceType", source_id AS "sourceId" FROM loyalty_ledger
  WHERE customer_id = ${id} AND source_type LIKE 'bonus:%' ORDER BY at, kind`)).rows as { kind: string; points: number; sourceType: string; sourceId: string }[];

async function customer(extra: Record<string, unknown> = {}) {
  const res = await sales.post('/api/customers', { kind: 'person', firstName: 'نگار', lastName: `رضایی ${Math.random().toString(36).slice(2, 7)}`, force: true, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
async function paidInvoice(cid: string, unitPrice: string) {
  const inv = await sales.post('/api/documents', { kind: 'invoice', customerId: cid, lines: [{ description: 'خرید', quantity: '1', unitPrice }] });
  expect(inv.statusCode, inv.body).toBe(201);
  const id = inv.json().id as string;
  expect((await sales.post(`/api/documents/${id}/send`, { sms: false })).statusCode).toBe(200);
  const grand = (await sales.get(`/api/documents/${id}`)).json().grandTotal as string;
  expect((await sales.post(`/api/documents/${id}/payments`, { amount: grand, method: 'cash' })).json().status).toBe('paid');
  return id;
}

beforeAll(async () => {
  env = await createTestEnv({ start: '2026-08-03T06:00:00Z' });
  admin = await env.login('admin');
  sales = await env.login('sales');
  marketing = await env.login('marketing');
  expect((await admin.put('/api/loyalty/program', PROGRAM)).statusCode).toBe(200);
  expect((await admin.put('/api/settings/channels/sms', { driver: 'kavenegar', apiKey: 'test-key-1234567890', sender: '10004346', baseUrl: 'http://127.0.0.1:9' })).statusCode).toBe(200);
}, 180_000);
afterAll(async () => { await env?.close(); });

describe('the Jalali day', () => {
  it('is the Tehran calendar day: 2026-08-02 21:00 UTC is already 1405/05/12 in Tehran', () => {
    expect(jalaliToday(new Date('2026-08-02T21:00:00Z'))).toMatchObject({ year: 1405, md: 512 });
    expect(jalaliToday(new Date('2026-08-02T20:00:00Z'))).toMatchObject({ year: 1405, md: 511 });
    // 1403 is a leap year (Esfand has 30 days), 1404 is not.
    expect(jalaliToday(new Date('2025-03-20T12:00:00Z'))).toMatchObject({ year: 1403, md: 1230, leap: true });
    expect(jalaliToday(new Date('2026-03-20T12:00:00Z'))).toMatchObject({ year: 1404, md: 1229, leap: false });
  });
});

describe('birthday', () => {
  it('a member born on Mordad 12 gets 30 points on Mordad 12, once in the Jalali year; a non-member and another day get none', async () => {
    // Gregorian 1990-08-03 is 1369/05/12.
    const member = await customer({ birthday: '1990-08-03' });
    expect((await admin.post('/api/loyalty/ledger', { customerId: member, kind: 'earn', points: 1, reason: 'عضویت' })).statusCode).toBe(201);
    const notMember = await customer({ birthday: '1990-08-03' });
    const otherDay = await customer({ birthday: '1990-08-04' });
    expect((await admin.post('/api/loyalty/ledger', { customerId: otherDay, kind: 'earn', points: 1, reason: 'عضویت' })).statusCode).toBe(201);
    const run = await admin.post('/api/loyalty/expire');
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json().birthdays).toBe(1);
    expect(await bonuses(member)).toEqual([{ kind: 'earn', points: 30, sourceType: 'bonus:birthday', sourceId: '1405' }]);
    expect(await balance(member)).toBe(31);
    expect(await balance(notMember)).toBeUndefined();
    expect(await bonuses(otherDay)).toEqual([]);
    // The same day again: nothing more.
    expect((await admin.post('/api/loyalty/expire')).json().birthdays).toBe(0);
    expect(await balance(member)).toBe(31);
    // A year on, 1406/05/12: once more.
    env.clock.set('2027-08-03T06:00:00Z');
    [admin, sales, marketing] = [await env.login('admin'), await env.login('sales'), await env.login('marketing')];
    expect((await admin.post('/api/loyalty/expire')).json().birthdays).toBe(1);
    expect((await bonuses(member)).map((b) => b.sourceId)).toEqual(['1405', '1406']);
    expect(await balance(member)).toBe(61);
  });
});

describe('survey answered', () => {
  it('an answer gives its customer 7 points once; changing the answer gives nothing more', async () => {
    const cid = await customer({ phones: [{ number: '0912 777 1212' }], smsConsent: true });
    const s = await marketing.post('/api/surveys', { name: 'نظر شما', status: 'active', channel: 'sms', trigger: { type: 'manual' },
      questions: [{ id: 'csat', type: 'csat', text: { fa: 'چقدر راضی بودید؟', en: 'How satisfied were you?' } }] });
    expect(s.statusCode, s.body).toBe(201);
    expect((await marketing.post(`/api/surveys/${s.json().id}/send`, { customerIds: [cid] })).statusCode).toBe(200);
    const [m] = (await db().execute(sql`SELECT body FROM messages WHERE customer_id = ${cid} AND subject_type = 'survey_invitation'`)).rows as { body: string }[];
    const path = '/s/' + m.body.match(/\/s\/([A-Za-z0-9_-]+)/)![1];
    const answer = (v: string) => env.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `csat=${v}`, remoteAddress: '10.0.0.9' });
    expect((await answer('4')).statusCode).toBe(200);
    const [resp] = (await db().execute(sql`SELECT id FROM survey_responses WHERE customer_id = ${cid}`)).rows as { id: string }[];
    expect(await bonuses(cid)).toEqual([{ kind: 'earn', points: 7, sourceType: 'bonus:survey_answered', sourceId: resp.id }]);
    expect((await answer('5')).statusCode).toBe(200);
    expect(await balance(cid)).toBe(7);
    expect(await bonuses(cid)).toHaveLength(1);
  });
});

describe('first purchase', () => {
  it('the first paid invoice gives 50 points with its own; cancelled, both go back; a second invoice gives no bonus', async () => {
    const cid = await customer();
    // 10,000,000 net → 100 points + 50.
    const first = await paidInvoice(cid, '10000000');
    expect(await balance(cid)).toBe(150);
    const second = await paidInvoice(cid, '5000000');
    expect(await balance(cid)).toBe(200);
    expect((await sales.post(`/api/documents/${first}/cancel`, { reason: 'مرجوعی' })).statusCode).toBe(200);
    // 200 − 100 − 50 = 50: what the second invoice earned.
    expect(await balance(cid)).toBe(50);
    expect((await bonuses(cid)).map((b) => [b.kind, b.points])).toEqual([['earn', 50], ['reverse', -50]]);
    expect((await sales.post(`/api/documents/${second}/cancel`, { reason: 'مرجوعی' })).statusCode).toBe(200);
    expect(await balance(cid)).toBe(0);
    expect(await bonuses(cid)).toHaveLength(2);
  });
});

describe('review (given by staff)', () => {
  it('15 points once per reference; off (0 points) it is refused with nothing written', async () => {
    const cid = await customer();
    const r = await sales.post('/api/loyalty/bonus', { customerId: cid, event: 'review', reference: 'google-maps-2027-08' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().balance).toBe(15);
    expect((await sales.post('/api/loyalty/bonus', { customerId: cid, event: 'review', reference: 'google-maps-2027-08' })).statusCode).toBe(409);
    const off = await sales.post('/api/loyalty/bonus', { customerId: cid, event: 'referral', reference: 'x' });
    expect(off.statusCode).toBe(409);
    expect(await balance(cid)).toBe(15);
    expect(await bonuses(cid)).toHaveLength(1);
  });
});
