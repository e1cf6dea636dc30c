/**
 * Health history (issue 17, i17b): GET /api/insights/customers/:id/history answers the stored day scores of the last
 * 90 days counting today (or `days`), oldest first — the refits' own rows and older ones; a day before the window or
 * after today is not in it — and 404 for a customer outside the reader's scope, as the scores do.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { documents, documentLines } from '../documents/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';

const TODAY = '2026-11-19';
const T = '2026-11-20'; // the day of the second refit, "today" when the history is read
const DAY = 86_400_000;
const dayOf = (from: string, offset: number) => new Date(Date.parse(`${from}T00:00:00Z`) - offset * DAY).toISOString().slice(0, 10);

let env: TestEnv;
let admin: Agent;
let seller: Agent;
let other: Agent;
const ids: Record<string, string> = {};

async function customer(key: string, agent: Agent) {
  const res = await agent.post('/api/customers', { kind: 'person', lastName: key, force: true, smsConsent: true });
  expect(res.statusCode, res.body).toBe(201);
  ids[key] = res.json().id;
}
async function invoice(key: string, day: string) {
  const db = env.rt.database.db;
  const [d] = await db.insert(documents).values({
    kind: 'invoice', status: 'paid', customerId: ids[key], issueDate: day, seller: { name: 'محور' }, buyer: { name: key },
    vatRateBp: 0, subtotal: 1_000_000n, grandTotal: 1_000_000n, paidTotal: 1_000_000n,
  }).returning({ id: documents.id });
  await db.insert(documentLines).values({ documentId: d.id, position: 1, code: 'KETTLE', description: 'KETTLE', quantity: '1', unitPrice: 1_000_000n, total: 1_000_000n });
}

beforeAll(async () => {
  env = await createTestEnv({ start: `${TODAY}T08:00:00Z` });
  admin = await env.login('admin');
  const own = { ...DEFAULT_ROLES.sales.permissions, customers: { ops: ['read', 'create', 'update'], scope: 'own' } };
  expect((await admin.post('/api/roles', { key: 'own_sales', name: 'فروش (فقط خودش)', permissions: own })).statusCode).toBe(201);
  seller = await env.login('own_sales' as 'sales');
  other = await env.login('own_sales' as 'sales');
  await customer('mine', seller);
  await customer('theirs', other);
  for (const d of [200, 140, 80, 20]) { await invoice('mine', dayOf(TODAY, d)); await invoice('theirs', dayOf(TODAY, d + 5)); }
  expect((await admin.post('/api/insights/refit')).statusCode).toBe(200); // TODAY's row
  env.clock.set(`${T}T08:00:00Z`);
  expect((await admin.post('/api/insights/refit')).statusCode).toBe(200); // T's row
  // Older days as earlier refits left them, written out of order; one past the window's start, one before it, one
  // on the window's first day (T − 89), and one after today (never written by a refit, must not show).
  for (const [offset, health, churn] of [[30, 61, 35], [95, 90, 10], [-1, 5, 99], [89, 75, 20], [90, 80, 15]] as const) {
    await env.rt.database.db.execute(sql`INSERT INTO customer_score_history (customer_id, day, p_alive, health, churn_risk, clv)
      VALUES (${ids.mine}, ${dayOf(T, offset)}::date, 0.5, ${health}, ${churn}, 1000)`);
  }
}, 120_000);
afterAll(async () => env?.close());

describe('health history (i17b)', () => {
  it('answers the last 90 days counting today, oldest first, with health, churn risk and P(alive)', async () => {
    const res = await seller.get(`/api/insights/customers/${ids.mine}/history`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { from: string; to: string; points: Array<{ day: string; health: number; churnRisk: number; pAlive: number }> };
    expect(body.from).toBe('2026-08-23'); // T − 89
    expect(body.to).toBe(T);
    expect(body.points.map((p) => p.day)).toEqual(['2026-08-23', dayOf(T, 30), TODAY, T]);
    expect(body.points[0]).toEqual({ day: '2026-08-23', health: 75, churnRisk: 20, pAlive: 0.5 });
    expect(body.points[1]).toEqual({ day: '2026-10-21', health: 61, churnRisk: 35, pAlive: 0.5 });
    // The last point is today's refit: the scores the card shows.
    const scores = (await seller.get(`/api/insights/customers/${ids.mine}`)).json().scores;
    expect(body.points[3]).toEqual({ day: T, health: scores.health, churnRisk: scores.churnRisk, pAlive: scores.pAlive });
    const [stored] = (await env.rt.database.db.execute(sql`SELECT health, churn_risk FROM customer_score_history WHERE customer_id = ${ids.mine} AND day = ${TODAY}::date`)).rows as Array<{ health: number; churn_risk: number }>;
    expect(body.points[2]).toMatchObject({ day: TODAY, health: Number(stored.health), churnRisk: Number(stored.churn_risk) });
  });

  it('takes a shorter window; refuses one out of range (400)', async () => {
    const week = (await seller.get(`/api/insights/customers/${ids.mine}/history?days=7`)).json();
    expect(week.from).toBe('2026-11-14');
    expect(week.points.map((p: { day: string }) => p.day)).toEqual([TODAY, T]);
    expect((await seller.get(`/api/insights/customers/${ids.mine}/history?days=0`)).statusCode).toBe(400);
    expect((await seller.get(`/api/insights/customers/${ids.mine}/history?days=1000`)).statusCode).toBe(400);
  });

  it('is 404 for a customer outside the reader\'s scope (as the scores are), and for one that does not exist', async () => {
    const res = await other.get(`/api/insights/customers/${ids.mine}/history`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    expect((await other.get(`/api/insights/customers/${ids.mine}`)).statusCode).toBe(404);
    expect((await seller.get(`/api/insights/customers/${ids.theirs}/history`)).statusCode).toBe(404);
    expect((await other.get(`/api/insights/customers/${ids.theirs}/history`)).json().points.map((p: { day: string }) => p.day)).toEqual([TODAY, T]);
    expect((await admin.get('/api/insights/customers/00000000-0000-4000-8000-000000000000/history')).statusCode).toBe(404);
    // A customer without scores yet: no points, not an error.
    await customer('fresh', seller);
    expect((await seller.get(`/api/insights/customers/${ids.fresh}/history`)).json().points).toEqual([]);
  });
});
