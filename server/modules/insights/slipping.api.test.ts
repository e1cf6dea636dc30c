/**
 * "Slipping away" and the score history: GET /api/insights/slipping on hand-set stored scores (the CLV quantile,
 * the drops, paging, own scope); then refits on two days keep one history row per customer per day, learn the
 * previous day's figures, list a customer whose P(alive) fell, and raise customer.health_changed once per crossing.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createTestEnv, loginAs, TEST_PASSWORD, type TestEnv, type Agent } from '../../test/harness.ts';
import { documents, documentLines } from '../documents/index.ts';
import { webhookEvents } from '../webhooks/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { customerScores, customerScoreHistory, refit } from './index.ts';

const TODAY = '2026-11-19';
const DAY = 86_400_000;
const dayOf = (offset: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) - offset * DAY).toISOString().slice(0, 10);

let env: TestEnv;
let admin: Agent;
let seller: Agent;
let other: Agent;
const ids: Record<string, string> = {};

async function customer(key: string, agent: Agent, extra: Record<string, unknown> = {}) {
  const res = await agent.post('/api/customers', { kind: 'person', lastName: key, force: true, smsConsent: true, phones: [{ number: '09121112233', label: 'mobile' }], ...extra });
  expect(res.statusCode, res.body).toBe(201);
  ids[key] = res.json().id;
}

type Stored = { clv: number; pAlive: number; prevPAlive: number | null; health: number; prevHealth: number | null };
async function store(key: string, s: Stored) {
  await env.rt.database.db.insert(customerScores).values({
    customerId: ids[key], recency: 10, frequency: 3, monetary: 1_000_000, rScore: 3, fScore: 3, mScore: 3, rfmSegment: 'loyal',
    pAlive: s.pAlive, expectedPurchases90: 1, clv: s.clv, churnRisk: Math.round(100 * (1 - s.pAlive)), health: s.health,
    reasons: { churn: [{ code: 'model', strength: 1 - s.pAlive, values: { pAlive: s.pAlive } }], health: [] },
    offers: [{ item: 'FILTER', score: 0.9, reason: { kind: 'rule', because: ['KETTLE'], confidence: 0.8, lift: 2.5, support: 0.1 } }],
    computedAt: new Date(`${TODAY}T08:00:00Z`), prevDay: s.prevPAlive === null ? null : dayOf(1), prevPAlive: s.prevPAlive, prevHealth: s.prevHealth,
  });
}

beforeAll(async () => {
  env = await createTestEnv({ start: `${TODAY}T08:00:00Z` });
  admin = await env.login('admin');
  const own = { ...DEFAULT_ROLES.sales.permissions, customers: { ops: ['read', 'create', 'update'], scope: 'own' } };
  expect((await admin.post('/api/roles', { key: 'own_sales', name: 'فروش (فقط خودش)', permissions: own })).statusCode).toBe(201);
  seller = await env.login('own_sales' as 'sales');
  other = await env.login('own_sales' as 'sales');
  for (const k of ['c10', 'c8', 'c7', 'c6', 'c3', 'c2', 'c1']) await customer(k, seller);
  for (const k of ['c9', 'c5', 'c4']) await customer(k, other);
}, 180_000);
afterAll(async () => env?.close());

const M = 1_000_000;
const names = (items: Array<{ customer: { id: string } }>) => items.map((i) => Object.keys(ids).find((k) => ids[k] === i.customer.id));

describe('GET /api/insights/slipping', () => {
  beforeAll(async () => {
    await store('c10', { clv: 10 * M, pAlive: 0.5, prevPAlive: 0.8, health: 60, prevHealth: 60 }); // P(alive) −0.3
    await store('c9', { clv: 9 * M, pAlive: 0.9, prevPAlive: 0.9, health: 50, prevHealth: 60 }); // health −10 (other's)
    await store('c8', { clv: 8 * M, pAlive: 0.6, prevPAlive: 0.7, health: 60, prevHealth: 60 }); // P(alive) −0.1
    await store('c7', { clv: 7 * M, pAlive: 0.9, prevPAlive: 0.9, health: 70, prevHealth: 74 }); // health −4: under the default 5
    await store('c6', { clv: 6 * M, pAlive: 0.9, prevPAlive: 0.88, health: 70, prevHealth: 60 }); // rising
    await store('c5', { clv: 5 * M, pAlive: 0.9, prevPAlive: null, health: 70, prevHealth: null }); // no earlier day
    await store('c4', { clv: 4 * M, pAlive: 0.9, prevPAlive: 0.9, health: 70, prevHealth: 70 });
    await store('c3', { clv: 3 * M, pAlive: 0.2, prevPAlive: 0.9, health: 30, prevHealth: 70 }); // falling, low value
    await store('c2', { clv: 2 * M, pAlive: 0.9, prevPAlive: 0.9, health: 70, prevHealth: 70 });
    await store('c1', { clv: 1 * M, pAlive: 0.9, prevPAlive: 0.9, health: 70, prevHealth: 70 });
  });

  it('top fifth by CLV (10 scored → CLV ≥ the 2nd highest, 9M): the falling ones, most valuable first', async () => {
    const res = await admin.get('/api/insights/slipping');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ total: 2, limit: 20, offset: 0, clvFloor: 9 * M });
    expect(names(body.items)).toEqual(['c10', 'c9']);
    expect(body.items[0]).toMatchObject({
      customer: { id: ids.c10, displayName: 'c10', smsConsent: true, hasMobile: true }, clv: 10 * M, pAlive: 0.5, prevPAlive: 0.8,
      health: 60, prevHealth: 60, prevDay: dayOf(1), churnRisk: 50, rfmSegment: 'loyal',
    });
    expect(body.items[0].topOffer).toMatchObject({ item: 'FILTER', reason: { kind: 'rule', lift: 2.5 } });
    expect(body.items[0].reasons[0].code).toBe('model');
  });

  it('a seller who sees only their own customers gets only theirs', async () => {
    const mine = (await seller.get('/api/insights/slipping')).json();
    expect(names(mine.items)).toEqual(['c10']);
    expect(mine.total).toBe(1);
    expect(mine.clvFloor).toBe(9 * M); // the business's top fifth, not the seller's
    const theirs = (await other.get('/api/insights/slipping?minClv=0')).json();
    expect(names(theirs.items)).toEqual(['c9']);
    expect(names((await seller.get('/api/insights/slipping?minClv=0')).json().items)).toEqual(['c10', 'c8', 'c3']);
  });

  it('the share, the floor, the drops and paging are the caller\'s to choose', async () => {
    expect(names((await admin.get('/api/insights/slipping?top=0.3')).json().items)).toEqual(['c10', 'c9', 'c8']); // floor 8M
    expect(names((await admin.get('/api/insights/slipping?minClv=0&minHealthDrop=4')).json().items)).toEqual(['c10', 'c9', 'c8', 'c7', 'c3']);
    expect(names((await admin.get('/api/insights/slipping?minClv=0&minPAliveDrop=0.2')).json().items)).toEqual(['c10', 'c9', 'c3']);
    const page = (await admin.get('/api/insights/slipping?minClv=0&limit=1&offset=1')).json();
    expect(page).toMatchObject({ total: 4, limit: 1, offset: 1 });
    expect(names(page.items)).toEqual(['c9']);
    const past = (await admin.get('/api/insights/slipping?minClv=0&limit=2&offset=10')).json();
    expect(past).toMatchObject({ items: [], total: 4, clvFloor: 0 });
  });

  it('refuses bad parameters (400) and readers without customers:read (403)', async () => {
    for (const q of ['limit=0', 'limit=101', 'offset=-1', 'top=0', 'top=1.5', 'minPAliveDrop=0', 'minClv=-1']) {
      const res = await admin.get(`/api/insights/slipping?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await admin.post('/api/roles', { key: 'no_customers', name: 'بدون مشتری', permissions: { tasks: { ops: ['read'], scope: 'own' } } })).statusCode).toBe(201);
    const none = await env.login('no_customers' as 'sales');
    const res = await none.get('/api/insights/slipping');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
  });
});

describe('score history through refits', () => {
  const db = () => env.rt.database.db;
  const history = async (key: string) => db().select().from(customerScoreHistory).where(eq(customerScoreHistory.customerId, ids[key])).orderBy(customerScoreHistory.day);

  beforeAll(async () => {
    await db().execute(sql`DELETE FROM customer_scores`);
    await customer('steady', seller); // bought every 30 days, the last 10 days ago
    const days = [190, 160, 130, 100, 70, 40, 10].map(dayOf);
    const docs = await db().insert(documents).values(days.map((d) => ({
      kind: 'invoice' as const, status: 'paid' as const, customerId: ids.steady, issueDate: d, seller: { name: 'محور' }, buyer: { name: 'x' },
      vatRateBp: 0, subtotal: 2_000_000n, grandTotal: 2_000_000n, paidTotal: 2_000_000n,
    }))).returning({ id: documents.id });
    await db().insert(documentLines).values(docs.map((d) => ({ documentId: d.id, position: 1, code: 'KETTLE', description: 'KETTLE', quantity: '1', unitPrice: 2_000_000n, total: 2_000_000n })));
    const ep = await admin.post('/api/webhooks', { url: 'http://127.0.0.1:9/never-called', events: ['customer.health_changed'] });
    expect(ep.statusCode, ep.body).toBe(201);
  });

  const healthEvents = async () => db().select().from(webhookEvents).where(eq(webhookEvents.type, 'customer.health_changed'));

  it('one history row per customer per day; the next day learns the previous figures; a fallen P(alive) is listed', async () => {
    await refit(env.rt.database, env.clock, { minRepeatBuyers: 10_000 });
    const first = await history('steady');
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ day: TODAY, pAlive: 1 }); // rule-based: within one usual gap of silence
    const [s1] = await db().select().from(customerScores).where(eq(customerScores.customerId, ids.steady));
    expect(s1).toMatchObject({ prevDay: null, prevPAlive: null, prevHealth: null });

    await refit(env.rt.database, env.clock, { minRepeatBuyers: 10_000 }); // the same day again: rewritten, not added
    expect(await history('steady')).toHaveLength(1);

    env.clock.advance(90 * DAY); // no purchase for 100 days against a usual 30
    const later = dayOf(-90);
    await refit(env.rt.database, env.clock, { minRepeatBuyers: 10_000 });
    const both = await history('steady');
    expect(both.map((h) => h.day)).toEqual([TODAY, later]);
    const [s2] = await db().select().from(customerScores).where(eq(customerScores.customerId, ids.steady));
    expect(s2).toMatchObject({ prevDay: TODAY, prevPAlive: first[0].pAlive, prevHealth: first[0].health });
    expect(s2.pAlive).toBeLessThan(1 - 0.05);

    seller = await loginAs(env.app, seller.email, TEST_PASSWORD); // 90 days later: a new session
    const raw = await seller.get('/api/insights/slipping?minClv=0');
    expect(raw.statusCode, raw.body).toBe(200);
    const res = raw.json();
    expect(names(res.items)).toContain('steady');
    const item = res.items.find((i: { customer: { id: string } }) => i.customer.id === ids.steady);
    expect(item).toMatchObject({ prevPAlive: 1, pAlive: s2.pAlive, prevDay: TODAY });
  }, 180_000);

  it('a health score that moved into another band raises customer.health_changed once', async () => {
    const before = (await healthEvents()).length;
    const today = dayOf(-90);
    // Yesterday's stored health was in the top band (≥ 70); without any contact, health is at most 30 + 20 + 12.5 < 70.
    await db().update(customerScoreHistory).set({ health: 95 }).where(and(eq(customerScoreHistory.customerId, ids.steady), eq(customerScoreHistory.day, today)));
    const r = await refit(env.rt.database, env.clock, { minRepeatBuyers: 10_000 });
    expect(r.healthCrossings).toBe(1);
    const events = (await healthEvents()).slice(before);
    expect(events).toHaveLength(1);
    const [s] = await db().select().from(customerScores).where(eq(customerScores.customerId, ids.steady));
    expect(s.health).toBeLessThan(70);
    expect(events[0].payload).toEqual({ customerId: ids.steady, before: 95, after: s.health, direction: 'down', thresholds: [40, 70], day: today });
    // Run again: today's row now holds the new health, so nothing crosses and nothing is raised.
    const again = await refit(env.rt.database, env.clock, { minRepeatBuyers: 10_000 });
    expect(again.healthCrossings).toBe(0);
    expect((await healthEvents()).length).toBe(before + 1);
  }, 180_000);
});
