/**
 * Broken promises as a churn signal (issue 17, i17). Two customers with the same purchases, consent and contacts; one
 * also has promise tasks: two broken (one still open a week after its due time, one done a day late), and four that do
 * not count (one kept on time, one cancelled, one due tomorrow, one broken 200 days ago — outside the 180-day window)
 * and an ordinary overdue task (not a promise). After POST /api/insights/refit the first has the signal
 * "2 broken promise(s)" (0.1 each) and a churn risk that is the other's combined with 0.2 as an independent cause.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { documents, documentLines } from '../documents/index.ts';
import { tasks } from '../tasks/index.ts';

const TODAY = '2026-11-19';
const NOW = new Date(`${TODAY}T08:00:00Z`);
const DAY = 86_400_000;
const dayOf = (offset: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) - offset * DAY).toISOString().slice(0, 10);
const at = (daysFromNow: number) => new Date(NOW.getTime() + daysFromNow * DAY);

let env: TestEnv;
let admin: Agent;
const ids: Record<string, string> = {};

async function customer(key: string, phone: string) {
  const res = await admin.post('/api/customers', { kind: 'person', firstName: key, lastName: 'آزمون', phones: [{ number: phone, label: 'mobile' }], smsConsent: true, force: true });
  expect(res.statusCode, res.body).toBe(201);
  ids[key] = res.json().id;
}

async function invoice(key: string, day: string, amount: bigint) {
  const db = env.rt.database.db;
  const [d] = await db.insert(documents).values({
    kind: 'invoice', status: 'paid', customerId: ids[key], issueDate: day, seller: { name: 'محور' }, buyer: { name: key },
    vatRateBp: 0, subtotal: amount, grandTotal: amount, paidTotal: amount,
  }).returning({ id: documents.id });
  await db.insert(documentLines).values({ documentId: d.id, position: 1, code: 'KETTLE', description: 'KETTLE', quantity: '1', unitPrice: amount, total: amount });
}

beforeAll(async () => {
  env = await createTestEnv({ start: NOW.toISOString() });
  admin = await env.login('admin');
  await customer('kept', '09121117101');
  await customer('broken', '09121117102');
  for (const key of ['kept', 'broken']) {
    await invoice(key, dayOf(200), 2_000_000n);
    await invoice(key, dayOf(120), 2_000_000n);
  }
  const base = { customerId: ids.broken, assigneeId: admin.userId, isPromise: true };
  await env.rt.database.db.insert(tasks).values([
    { ...base, title: 'open, a week overdue', dueAt: at(-7), status: 'open' },
    { ...base, title: 'done a day late', dueAt: at(-30), status: 'done', completedAt: at(-29) },
    { ...base, title: 'kept on time', dueAt: at(-20), status: 'done', completedAt: at(-21) },
    { ...base, title: 'cancelled', dueAt: at(-10), status: 'cancelled' },
    { ...base, title: 'due tomorrow', dueAt: at(1), status: 'open' },
    { ...base, title: 'broken long ago', dueAt: at(-200), status: 'open' },
    { ...base, title: 'a plain overdue task', dueAt: at(-5), status: 'open', isPromise: false },
  ]);
  // The customer without broken promises has a kept one, so the difference is the broken ones alone.
  await env.rt.database.db.insert(tasks).values({ customerId: ids.kept, assigneeId: admin.userId, isPromise: true, title: 'kept', dueAt: at(-20), status: 'done', completedAt: at(-20.5) });
}, 120_000);
afterAll(async () => env?.close());

type Reason = { code: string; strength: number; values: Record<string, number> };

describe('broken promises (i17)', () => {
  it('raise the churn risk after a refit, with the count as the reason', async () => {
    const res = await admin.post('/api/insights/refit');
    expect(res.statusCode, res.body).toBe(200);
    const kept = (await admin.get(`/api/insights/customers/${ids.kept}`)).json().scores;
    const broken = (await admin.get(`/api/insights/customers/${ids.broken}`)).json().scores;
    // Same purchases: the same model figures and every other signal the same.
    expect(broken.pAlive).toBe(kept.pAlive);
    expect(kept.reasons.churn.map((r: Reason) => r.code)).not.toContain('broken-promises');
    const signal = broken.reasons.churn.find((r: Reason) => r.code === 'broken-promises');
    expect(signal).toEqual({ code: 'broken-promises', strength: 0.2, values: { count: 2 } });
    expect(broken.reasons.churn.filter((r: Reason) => r.code !== 'broken-promises')).toEqual(kept.reasons.churn);
    // Noisy-OR: risk = 1 − Π(1 − sᵢ); the broken promises add a factor (1 − 0.2).
    const keep = kept.reasons.churn.reduce((p: number, r: Reason) => p * (1 - r.strength), 1);
    expect(kept.churnRisk).toBe(Math.round(100 * (1 - keep)));
    expect(broken.churnRisk).toBe(Math.round(100 * (1 - keep * 0.8)));
    expect(broken.churnRisk).toBeGreaterThan(kept.churnRisk);
    // Health does not weigh promises.
    expect(broken.health).toBe(kept.health);
  }, 120_000);
});
