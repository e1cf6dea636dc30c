/**
 * Tier benefits at work (PGlite by default, PostgreSQL with TEST_DATABASE_URL): a gold member's ticket opened at
 * "normal" is opened at the tier's "high" and gets the high-priority SLA policy; an "urgent" one stays urgent; a
 * non-member's stays normal. A new quote for a gold member without a discount gets 10% of its net; one that names a
 * discount (even 0) keeps it; an invoice is not touched.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let admin: Agent;
let sales: Agent;
let support: Agent;
let gold: string;
let plain: string;

const PROGRAM = {
  enabled: true, expiryMonths: 0, tierSmsFa: '',
  tiers: [
    { key: 'base', nameFa: 'پایه', nameEn: 'Base', threshold: 0 },
    { key: 'gold', nameFa: 'طلایی', nameEn: 'Gold', threshold: 1000, discountPercent: 10, slaPriority: 'high' },
  ],
};
const db = () => env.rt.database.db;
const policyPriority = async (ticketId: string) => ((await db().execute(sql`SELECT p.priority FROM tickets t JOIN sla_policies p ON p.id = t.sla_policy_id WHERE t.id = ${ticketId}`)).rows[0] as { priority: string } | undefined)?.priority;

beforeAll(async () => {
  env = await createTestEnv({ start: '2026-10-01T08:00:00Z' });
  admin = await env.login('admin');
  sales = await env.login('sales');
  support = await env.login('support');
  expect((await admin.put('/api/loyalty/program', PROGRAM)).statusCode).toBe(200);
  gold = (await sales.post('/api/customers', { kind: 'person', firstName: 'رضا', lastName: 'طلایی', force: true })).json().id;
  plain = (await sales.post('/api/customers', { kind: 'person', firstName: 'علی', lastName: 'عادی', force: true })).json().id;
  const earn = await admin.post('/api/loyalty/ledger', { customerId: gold, kind: 'earn', points: 1000, reason: 'خرید پیشین' });
  expect(earn.json().tier).toBe('gold');
}, 180_000);
afterAll(async () => { await env?.close(); });

describe('the tier SLA level', () => {
  it('a gold member\'s normal ticket opens at high with the high SLA policy; urgent stays urgent; a non-member stays normal', async () => {
    const t = await support.post('/api/tickets', { customerId: gold, channel: 'phone', subject: 'دستگاه روشن نمی‌شود', priority: 'normal' });
    expect(t.statusCode, t.body).toBe(201);
    expect(t.json().priority).toBe('high');
    expect(await policyPriority(t.json().id)).toBe('high');
    const u = await support.post('/api/tickets', { customerId: gold, channel: 'phone', subject: 'نشت آب', priority: 'urgent' });
    expect(u.json().priority).toBe('urgent');
    const p = await support.post('/api/tickets', { customerId: plain, channel: 'phone', subject: 'سؤال', priority: 'normal' });
    expect(p.json().priority).toBe('normal');
    expect(await policyPriority(p.json().id)).toBe('normal');
    // Default targets: high resolves within 1,080 business minutes, normal within 2,700: the member's deadline is sooner.
    const due = (await db().execute(sql`SELECT id, resolution_due_at AS d FROM tickets WHERE id IN (${t.json().id}, ${p.json().id})`)).rows as { id: string; d: string }[];
    const [dh, dn] = [due.find((r) => r.id === t.json().id)!.d, due.find((r) => r.id === p.json().id)!.d];
    expect(new Date(dh).getTime()).toBeLessThan(new Date(dn).getTime());
  });
});

describe('the tier discount on new quotes', () => {
  it('10% of the net on a gold member\'s quote without a discount; an explicit discount is kept; invoices and non-members untouched', async () => {
    const lines = [{ description: 'سرویس', quantity: '2', unitPrice: '1500000' }];
    const q = await sales.post('/api/documents', { kind: 'quote', customerId: gold, lines });
    expect(q.statusCode, q.body).toBe(201);
    // 2 × 1,500,000 = 3,000,000 net → 300,000.
    expect((await sales.get(`/api/documents/${q.json().id}`)).json().discount).toBe('300000');
    const zero = await sales.post('/api/documents', { kind: 'quote', customerId: gold, lines, discount: '0' });
    expect((await sales.get(`/api/documents/${zero.json().id}`)).json().discount).toBe('0');
    const inv = await sales.post('/api/documents', { kind: 'invoice', customerId: gold, lines });
    expect((await sales.get(`/api/documents/${inv.json().id}`)).json().discount).toBe('0');
    const other = await sales.post('/api/documents', { kind: 'quote', customerId: plain, lines });
    expect((await sales.get(`/api/documents/${other.json().id}`)).json().discount).toBe('0');
  });

  it('the program off: no benefit', async () => {
    expect((await admin.put('/api/loyalty/program', { ...PROGRAM, enabled: false })).statusCode).toBe(200);
    const q = await sales.post('/api/documents', { kind: 'quote', customerId: gold, lines: [{ description: 'سرویس', quantity: '1', unitPrice: '1000000' }] });
    expect((await sales.get(`/api/documents/${q.json().id}`)).json().discount).toBe('0');
    const t = await support.post('/api/tickets', { customerId: gold, channel: 'phone', subject: 'دوباره', priority: 'normal' });
    expect(t.json().priority).toBe('normal');
  });
});
