/**
 * Referral recorded as an event (PGlite by default, PostgreSQL with TEST_DATABASE_URL). The program gives 40 points
 * for a referral. A customer carries who referred them (set on create or edit, audited; not themselves, not an
 * unknown record); with the referred customer's first paid invoice the referrer gets 40 points, once per referred
 * customer; cancelling that invoice takes them back; both show on the referrer's timeline.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let admin: Agent;
let sales: Agent;
const db = () => env.rt.database.db;
const balance = async (id: string) => ((await db().execute(sql`SELECT balance::int AS b FROM loyalty_members WHERE customer_id = ${id}`)).rows[0] as { b: number } | undefined)?.b ?? 0;
const referrerOf = async (id: string) => ((await db().execute(sql`SELECT referred_by_customer_id AS r FROM customers WHERE id = ${id}`)).rows[0] as { r: string | null }).r;

async function customer(firstName: string, extra: Record<string, unknown> = {}) {
  const res = await sales.post('/api/customers', { kind: 'person', firstName, lastName: 'آزمون', force: true, ...extra });
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
  expect((await admin.put('/api/loyalty/program', {
    enabled: true, rialsPerPoint: 100_000, expiryMonths: 0, tierSmsFa: '',
    bonuses: { birthday: 0, referral: 40, survey_answered: 0, first_purchase: 0, review: 0 },
    tiers: [{ key: 'bronze', nameFa: 'برنزی', nameEn: 'Bronze', threshold: 0 }],
  })).statusCode).toBe(200);
}, 180_000);
afterAll(async () => { await env?.close(); });

describe('who referred a customer', () => {
  it('is set on create and edit, shown on the record and audited; self and unknown referrers are refused with nothing written', async () => {
    const maryam = await customer('مریم');
    const reza = await customer('رضا');
    const sara = await customer('سارا', { referredByCustomerId: maryam });
    expect((await sales.get(`/api/customers/${sara}`)).json().customer.referredByCustomerId).toBe(maryam);
    const edit = await sales.patch(`/api/customers/${sara}`, { referredByCustomerId: reza });
    expect(edit.statusCode, edit.body).toBe(200);
    const view = (await sales.get(`/api/customers/${sara}`)).json();
    const audit = view.timeline.items.find((i: { kind: string; data: { action: string } }) => i.kind === 'audit' && i.data.action === 'update');
    expect(audit.data.changes).toEqual(expect.arrayContaining([{ field: 'referredByCustomerId', old: maryam, new: reza }]));

    const self = await sales.patch(`/api/customers/${sara}`, { referredByCustomerId: sara });
    expect(self.statusCode).toBe(400);
    expect(self.json().error.details).toHaveProperty('referredByCustomerId');
    const unknown = await sales.patch(`/api/customers/${sara}`, { referredByCustomerId: randomUUID() });
    expect(unknown.statusCode).toBe(400);
    expect(await referrerOf(sara)).toBe(reza);
    const created = await sales.post('/api/customers', { kind: 'person', firstName: 'نیما', force: true, referredByCustomerId: randomUUID() });
    expect(created.statusCode).toBe(400);
    expect((await db().execute(sql`SELECT count(*)::int AS n FROM customers WHERE first_name = 'نیما'`)).rows[0]).toEqual({ n: 0 });
  });
});

describe('the referral bonus', () => {
  it('40 points to the referrer with the referred customer\'s first paid invoice, once; back when that invoice is cancelled; on the referrer\'s timeline', async () => {
    const ali = await customer('علی');
    const neda = await customer('ندا', { referredByCustomerId: ali });
    // A non-referred customer's invoice gives nobody a referral bonus.
    await paidInvoice(await customer('بی‌معرف'), '1000000');
    expect(await balance(ali)).toBe(0);

    const first = await paidInvoice(neda, '10000000');
    expect(await balance(ali)).toBe(40);
    expect(await balance(neda)).toBe(100); // her own 10,000,000 / 100,000
    await paidInvoice(neda, '2000000');
    expect(await balance(ali)).toBe(40);

    const view = await sales.get(`/api/customers/${ali}`);
    expect(view.statusCode, view.body).toBe(200);
    const tl = view.json().timeline.items.filter((i: { kind: string }) => i.kind === 'loyalty');
    expect(tl.map((i: { data: unknown }) => i.data)).toContainEqual({ type: 'referral', points: 40, referred: { id: neda, displayName: 'ندا آزمون' } });

    expect((await sales.post(`/api/documents/${first}/cancel`, { reason: 'مرجوعی' })).statusCode).toBe(200);
    expect(await balance(ali)).toBe(0);
    const rows = (await db().execute(sql`SELECT kind, points::int AS p FROM loyalty_ledger WHERE customer_id = ${ali} ORDER BY at, kind`)).rows;
    expect(rows).toEqual([{ kind: 'earn', p: 40 }, { kind: 'reverse', p: -40 }]);
    const after = (await sales.get(`/api/customers/${ali}`)).json().timeline.items.filter((i: { kind: string }) => i.kind === 'loyalty');
    expect(after.map((i: { data: { type: string } }) => i.data.type)).toEqual(expect.arrayContaining(['referral', 'referral_reversed']));
    // A later paid invoice does not give it again (once per referred customer).
    await paidInvoice(neda, '3000000');
    expect(await balance(ali)).toBe(0);
  });
});
