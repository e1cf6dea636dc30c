/**
 * The customer club through the API (PGlite by default, PostgreSQL with TEST_DATABASE_URL): a paid invoice earns
 * points and the first-purchase bonus and reaches a tier (timeline + SMS through the outbox), a redemption beyond the
 * balance is refused with nothing written, points redeemed on a draft quote become its discount and come back when it
 * is cancelled, a cancelled invoice gives its points back and the tier drops, earnings expire after 12 months, the
 * report. Expected numbers are hand-calculated from the program below.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, customerRoleUsers, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let admin: Agent;
let sales: Agent;
let readOnly: Agent;
let noCustomers: Agent;
let customerId: string;
let invoiceId: string;
const HOUR = 3_600_000;

// 1 point per 100,000 Rials; 1 point = 1,000 Rials; first purchase +50; tiers by points earned in 12 months.
const PROGRAM = {
  enabled: true, rialsPerPoint: 100_000, categoryRates: [], pointValueRials: 1_000,
  bonuses: { birthday: 0, referral: 20, survey_answered: 0, first_purchase: 50 },
  tierBasis: 'points', tierWindowMonths: 12, expiryMonths: 12,
  tiers: [
    { key: 'bronze', nameFa: 'برنزی', nameEn: 'Bronze', threshold: 0 },
    { key: 'silver', nameFa: 'نقره‌ای', nameEn: 'Silver', threshold: 1000, discountPercent: 5 },
    { key: 'gold', nameFa: 'طلایی', nameEn: 'Gold', threshold: 5000, discountPercent: 10, slaPriority: 'high' },
  ],
  tierSmsFa: '{name} عزیز، به سطح {tier} رسیدید.',
};

const db = () => env.rt.database.db;
const balanceRow = async (id: string) => (await db().execute(sql`SELECT balance::int AS b FROM loyalty_members WHERE customer_id = ${id}`)).rows[0] as { b: number } | undefined;
const ledgerCount = async (id: string) => ((await db().execute(sql`SELECT count(*)::int AS n FROM loyalty_ledger WHERE customer_id = ${id}`)).rows[0] as { n: number }).n;

async function paidInvoice(agent: Agent, cid: string, unitPrice: string) {
  const inv = await agent.post('/api/documents', { kind: 'invoice', customerId: cid, lines: [{ description: 'خرید', quantity: '1', unitPrice }] });
  expect(inv.statusCode, inv.body).toBe(201);
  const id = inv.json().id as string;
  expect((await agent.post(`/api/documents/${id}/send`, { sms: false })).statusCode).toBe(200);
  const grand = (await agent.get(`/api/documents/${id}`)).json().grandTotal as string;
  const pay = await agent.post(`/api/documents/${id}/payments`, { amount: grand, method: 'cash' });
  expect(pay.statusCode, pay.body).toBe(201);
  expect(pay.json().status).toBe('paid');
  return id;
}

beforeAll(async () => {
  env = await createTestEnv({ start: '2026-03-01T08:00:00Z' });
  admin = await env.login('admin');
  sales = await env.login('sales');
  ({ readOnly, noCustomers } = await customerRoleUsers(env, admin));
  const c = await sales.post('/api/customers', { kind: 'person', firstName: 'سارا', lastName: 'امینی', phones: [{ number: '0912 111 2233' }], smsConsent: true, force: true });
  expect(c.statusCode, c.body).toBe(201);
  customerId = c.json().id;
}, 180_000);
afterAll(async () => { await env?.close(); });

describe('the program', () => {
  it('is saved by settings:update only, and read back with defaults filled in', async () => {
    expect((await sales.put('/api/loyalty/program', PROGRAM)).statusCode).toBe(403);
    const res = await admin.put('/api/loyalty/program', PROGRAM);
    expect(res.statusCode, res.body).toBe(200);
    const back = (await sales.get('/api/loyalty/program')).json();
    expect(back.tiers[1]).toEqual({ key: 'silver', nameFa: 'نقره‌ای', nameEn: 'Silver', threshold: 1000, discountPercent: 5, freeService: '', slaPriority: '' });
    const dup = await admin.put('/api/loyalty/program', { ...PROGRAM, tiers: [PROGRAM.tiers[0], PROGRAM.tiers[0]] });
    expect(dup.statusCode).toBe(400);
  });
});

describe('earning, tiers, redeeming', () => {
  it('a customer with no ledger has a zero balance and the lowest tier to reach', async () => {
    const m = (await sales.get(`/api/loyalty/members/${customerId}`)).json();
    expect(m).toMatchObject({ balance: 0, tier: { key: 'bronze' }, nextTier: { key: 'silver' }, pointsToNext: 1000, expiring: [] });
  });

  it('a paid invoice earns points (net of VAT) and the first-purchase bonus; the tier upgrade is on the timeline and texted', async () => {
    env.clock.advance(HOUR);
    // 100,000,000 Rials net → 1,000 points; + 50 first purchase = 1,050 → silver (threshold 1,000), 3,950 to gold.
    invoiceId = await paidInvoice(sales, customerId, '100000000');
    const m = (await sales.get(`/api/loyalty/members/${customerId}`)).json();
    expect(m).toMatchObject({ balance: 1050, tier: { key: 'silver', discountPercent: 5 }, nextTier: { key: 'gold' }, pointsToNext: 3950, qualifying: 1050, expiring: [] });
    const ledger = (await sales.get(`/api/loyalty/members/${customerId}/ledger`)).json().items;
    expect(ledger.map((e: { kind: string; points: number; balanceAfter: number }) => [e.kind, e.points, e.balanceAfter]).sort()).toEqual([['earn', 1000, 1000], ['earn', 50, 1050]]);
    expect(ledger.find((e: { points: number }) => e.points === 1000).expiresAt).toBe('2027-03-01T09:00:00.000Z');
    const view = (await sales.get(`/api/customers/${customerId}`)).json();
    expect(view.loyalty).toMatchObject({ balance: 1050, tier: { key: 'silver' } });
    const tl = (await sales.get(`/api/customers/${customerId}/timeline`)).json().items.filter((i: { kind: string }) => i.kind === 'loyalty');
    expect(tl.map((i: { data: { from: unknown; to: { key: string }; direction: string } }) => [i.data.from, i.data.to.key, i.data.direction])).toEqual([[null, 'silver', 'up']]);
    const sms = (await db().execute(sql`SELECT body, address FROM messages WHERE customer_id = ${customerId} AND subject_type = 'loyalty'`)).rows;
    expect(sms).toEqual([{ body: 'سارا امینی عزیز، به سطح نقره‌ای رسیدید.', address: '+989121112233' }]);
  });

  it('paying is announced once: a second announcement earns nothing more', async () => {
    const { earnForInvoice } = await import('./loyalty.hooks.ts');
    await env.rt.database.db.transaction(async (tx) => earnForInvoice(tx as never, { id: invoiceId, customerId }, env.clock.now()));
    expect((await balanceRow(customerId))?.b).toBe(1050);
  });

  it('a redemption beyond the balance is 409 INSUFFICIENT_POINTS and writes nothing', async () => {
    const before = await ledgerCount(customerId);
    const res = await sales.post('/api/loyalty/ledger', { customerId, kind: 'redeem', points: 1051, reason: 'بیش از موجودی' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('INSUFFICIENT_POINTS');
    expect((await balanceRow(customerId))?.b).toBe(1050);
    expect(await ledgerCount(customerId)).toBe(before);
    const neg = await sales.post('/api/loyalty/ledger', { customerId, kind: 'adjust', points: -1051, reason: 'اصلاح' });
    expect(neg.statusCode).toBe(409);
    expect(await ledgerCount(customerId)).toBe(before);
  });

  it('redeem, and adjust with a reason: 201 with the new balance', async () => {
    env.clock.advance(HOUR);
    const r = await sales.post('/api/loyalty/ledger', { customerId, kind: 'redeem', points: 50, reason: 'هدیه' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ balance: 1000, entry: { kind: 'redeem', points: -50, balanceAfter: 1000, reason: 'هدیه' } });
    expect((await sales.post('/api/loyalty/ledger', { customerId, kind: 'adjust', points: 5 })).statusCode).toBe(400);
    expect((await sales.post('/api/loyalty/ledger', { customerId, kind: 'redeem', points: -5 })).statusCode).toBe(400);
    expect((await sales.post('/api/loyalty/ledger', { customerId, kind: 'earn', points: 0 })).statusCode).toBe(400);
    const a = await sales.post('/api/loyalty/ledger', { customerId, kind: 'adjust', points: 5, reason: 'جبران تأخیر' });
    expect(a.json()).toMatchObject({ balance: 1005 });
  });

  it('permissions: writing needs customers:update, reading customers:read', async () => {
    expect((await readOnly.get(`/api/loyalty/members/${customerId}`)).json().balance).toBe(1005);
    expect((await readOnly.post('/api/loyalty/ledger', { customerId, kind: 'earn', points: 1, reason: '' })).statusCode).toBe(403);
    expect((await noCustomers.get(`/api/loyalty/members/${customerId}`)).statusCode).toBe(403);
    expect((await sales.get('/api/loyalty/members/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await balanceRow(customerId))?.b).toBe(1005);
  });

  it('a bonus is given once per reference', async () => {
    const other = (await sales.post('/api/customers', { kind: 'person', lastName: 'معرفی‌شده', force: true })).json().id;
    const b = await sales.post('/api/loyalty/bonus', { customerId, event: 'referral', reference: other });
    expect(b.statusCode, b.body).toBe(201);
    expect(b.json().balance).toBe(1025);
    expect((await sales.post('/api/loyalty/bonus', { customerId, event: 'referral', reference: other })).statusCode).toBe(409);
    expect((await sales.post('/api/loyalty/ledger', { customerId, kind: 'redeem', points: 20, reason: 'برگشت' })).json().balance).toBe(1005);
  });

  it('points redeemed on a draft quote become its discount (points × 1,000 Rials) and come back when it is cancelled', async () => {
    env.clock.advance(HOUR);
    // An explicit discount of 0: without it the silver tier's 5% would be applied (loyalty.benefits.api.test.ts).
    const q = (await sales.post('/api/documents', { kind: 'quote', customerId, discount: '0', lines: [{ description: 'کالا', quantity: '1', unitPrice: '10000000' }] })).json();
    const res = await sales.post('/api/loyalty/redeem-on-document', { documentId: q.id, points: 100 });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ balance: 905, discount: '100000' });
    const doc = (await sales.get(`/api/documents/${q.id}`)).json();
    expect(doc.discount).toBe('100000');
    // 10,000,000 net: at most 10,000 points' worth; 905 points are all there is.
    expect((await sales.post('/api/loyalty/redeem-on-document', { documentId: q.id, points: 906 })).json().error.code).toBe('INSUFFICIENT_POINTS');
    expect((await sales.post(`/api/documents/${q.id}/cancel`, { reason: 'انصراف' })).statusCode).toBe(200);
    expect((await sales.get(`/api/loyalty/members/${customerId}`)).json().balance).toBe(1005);
  });

  it('a cancelled (credited) invoice takes its points back; the tier drops, without a text', async () => {
    env.clock.advance(HOUR);
    const res = await sales.post(`/api/documents/${invoiceId}/cancel`, { reason: 'مرجوعی' });
    expect(res.statusCode, res.body).toBe(200);
    // 1,005 − 1,000 = 5, and the first-purchase bonus (50) goes with its invoice, as far as the 5 left allow → 0;
    // window: 1,000 + 50 + 20 (referral) − 1,000 − 5 = 65 → bronze, 935 to silver.
    const m = (await sales.get(`/api/loyalty/members/${customerId}`)).json();
    expect(m).toMatchObject({ balance: 0, tier: { key: 'bronze' }, pointsToNext: 935 });
    const back = (await sales.get(`/api/loyalty/members/${customerId}/ledger`)).json().items.filter((e: { kind: string }) => e.kind === 'reverse');
    expect(back.map((e: { points: number; sourceType: string }) => [e.sourceType, e.points]).sort()).toEqual([['bonus:first_purchase', -5], ['invoice', -1000]]);
    const tl = (await sales.get(`/api/customers/${customerId}/timeline`)).json().items.filter((i: { kind: string }) => i.kind === 'loyalty');
    expect(tl.map((i: { data: { to: { key: string }; direction: string } }) => [i.data.to.key, i.data.direction])).toEqual([['bronze', 'down'], ['silver', 'up']]);
    expect((await db().execute(sql`SELECT count(*)::int AS n FROM messages WHERE customer_id = ${customerId} AND subject_type = 'loyalty'`)).rows[0]).toEqual({ n: 1 });
    // Cancelled twice cannot happen; a second reversal through the hook would find the first.
    expect((await db().execute(sql`SELECT count(*)::int AS n FROM loyalty_ledger WHERE kind = 'reverse' AND source_id = ${invoiceId}`)).rows[0]).toEqual({ n: 1 });
    // Points given back by hand, for the expiry below (an adjustment expires like an earning).
    expect((await sales.post('/api/loyalty/ledger', { customerId, kind: 'adjust', points: 5, reason: 'دلجویی' })).json().balance).toBe(5);
  });

  it('the ledger refuses to be edited', async () => {
    await expect(db().execute(sql`UPDATE loyalty_ledger SET points = points + 1 WHERE customer_id = ${customerId}`)).rejects.toThrow();
  });

  it('earnings expire 12 months after they were earned, first in first out; the job is idempotent', async () => {
    // 10 months on: the 5 points left are due within 90 days.
    env.clock.set('2027-01-01T12:00:00Z');
    // Sessions do not last ten months: sign in again.
    [admin, sales, noCustomers] = [await env.login('admin'), await env.login('sales'), await env.login('no_customers' as 'sales')];
    const soon = (await sales.get(`/api/loyalty/members/${customerId}`)).json().expiring;
    expect(soon.reduce((s: number, e: { points: number }) => s + e.points, 0)).toBe(5);
    env.clock.set('2027-03-02T00:00:00Z');
    [admin, sales, noCustomers] = [await env.login('admin'), await env.login('sales'), await env.login('no_customers' as 'sales')];
    expect((await sales.post('/api/loyalty/expire')).statusCode).toBe(403);
    const run = (await admin.post('/api/loyalty/expire')).json();
    expect(run).toMatchObject({ expired: 5 });
    expect((await admin.post('/api/loyalty/expire')).json()).toMatchObject({ expired: 0 });
    const m = (await sales.get(`/api/loyalty/members/${customerId}`)).json();
    expect(m).toMatchObject({ balance: 0, expiring: [] });
    // Every earning is now outside the 12-month window: no tier reached (the lowest has threshold 0 → bronze).
    expect(m.tier.key).toBe('bronze');
  });

  it('the report: members by tier, liability, redemption rate, members against non-members', async () => {
    expect((await noCustomers.get('/api/loyalty/report')).statusCode).toBe(200); // reports:read
    const buyer = (await sales.post('/api/customers', { kind: 'person', lastName: 'غیرعضو', force: true })).json().id;
    await admin.put('/api/loyalty/program', { ...PROGRAM, enabled: false });
    await paidInvoice(sales, buyer, '2000000');
    await admin.put('/api/loyalty/program', PROGRAM);
    const r = (await sales.get('/api/loyalty/report')).json();
    expect(r.members).toBe(1);
    expect(r.outstandingPoints).toBe(0);
    expect(r.liabilityRials).toBe('0');
    expect(r.comparison.nonMembers).toMatchObject({ customers: 1, repeatRate: 0 });
    expect(r.byTier.find((t: { tier: string }) => t.tier === 'bronze').members).toBe(1);
  });
});

describe('a customer merge', () => {
  it('hands the ledger and the balance to the survivor, and an undo takes them back', async () => {
    const mk = async (name: string, points: number) => {
      const id = (await admin.post('/api/customers', { kind: 'person', lastName: name, force: true })).json().id as string;
      expect((await admin.post('/api/loyalty/ledger', { customerId: id, kind: 'earn', points, reason: 'seed' })).statusCode).toBe(201);
      return id;
    };
    const survivor = await mk('ماندگار', 30);
    const loser = await mk('ادغامی', 12);
    const merged = await admin.post('/api/customers/merge', { survivorId: survivor, loserId: loser });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json().merge.moved).toMatchObject({ loyalty_ledger: 1, loyalty_members: 1 });
    // 30 + 12 on the survivor; its ledger holds both earnings.
    expect((await balanceRow(survivor))?.b).toBe(42);
    expect(await balanceRow(loser)).toBeUndefined();
    expect(await ledgerCount(survivor)).toBe(2);
    const undo = await admin.post(`/api/customers/merges/${merged.json().merge.id}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    expect([(await balanceRow(survivor))?.b, (await balanceRow(loser))?.b]).toEqual([30, 12]);
    expect([await ledgerCount(survivor), await ledgerCount(loser)]).toEqual([1, 1]);
  });
});

describe('the tier upgrade email', () => {
  it('goes with email consent and an address, in the program\'s words; none without consent, none with the text empty', async () => {
    const res = await admin.put('/api/loyalty/program', { ...PROGRAM, tierEmailSubjectFa: 'سطح {tier}', tierEmailFa: '{name} عزیز، سطح تازهٔ شما {tier} است.' });
    expect(res.statusCode, res.body).toBe(200);
    const mk = async (lastName: string, address: string, emailConsent: boolean) => {
      const c = await admin.post('/api/customers', { kind: 'person', lastName, emails: [{ address }], emailConsent, force: true });
      expect(c.statusCode, c.body).toBe(201);
      return c.json().id as string;
    };
    const earn = async (id: string) => expect((await admin.post('/api/loyalty/ledger', { customerId: id, kind: 'earn', points: 1000, reason: 'seed' })).statusCode).toBe(201);
    const emails = async (id: string) => (await db().execute(sql`SELECT address, subject, body FROM messages WHERE customer_id = ${id} AND channel = 'email' AND subject_type = 'loyalty'`)).rows;
    const yes = await mk('رضایی', 'rezaei@example.com', true);
    const no = await mk('بی‌رضایت', 'no@example.com', false);
    await earn(yes); // 1,000 points earned: silver (threshold 1,000)
    await earn(no);
    expect(await emails(yes)).toEqual([{ address: 'rezaei@example.com', subject: 'سطح نقره‌ای', body: 'رضایی عزیز، سطح تازهٔ شما نقره‌ای است.' }]);
    expect(await emails(no)).toEqual([]);
    // The text emptied: the next upgrade (gold at 5,000) sends no email.
    expect((await admin.put('/api/loyalty/program', { ...PROGRAM, tierEmailFa: '' })).statusCode).toBe(200);
    expect((await admin.post('/api/loyalty/ledger', { customerId: yes, kind: 'earn', points: 4000, reason: 'seed' })).statusCode).toBe(201);
    expect((await admin.get(`/api/loyalty/members/${yes}`)).json().tier.key).toBe('gold');
    expect(await emails(yes)).toHaveLength(1);
  });
});
