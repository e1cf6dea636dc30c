/**
 * Customer insights through the API: a refit on a seeded two-year purchase history stores a fit and every buyer's
 * scores; the scores answer in the reader's customer scope (another seller's customer: 404); the segment fields read
 * the stored scores; a refit run twice gives the same scores; under 200 repeat buyers, the rule-based fallback.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { customers } from '../customers/index.ts';
import { documents, documentLines } from '../documents/index.ts';
import { seededRandom } from '../../analytics/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { refit } from './index.ts';

const TODAY = '2026-11-19';
const DAY = 86_400_000;
const dayOf = (offset: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) - offset * DAY).toISOString().slice(0, 10);

let env: TestEnv;
let admin: Agent;
let seller: Agent;
let other: Agent;
/** customer id → purchase days (YYYY-MM-DD), as seeded. */
const history = new Map<string, string[]>();
const ids: Record<string, string> = {};

type Purchase = { customerId: string; day: string; amount: bigint; items: string[] };

async function insertPurchases(ps: Purchase[]) {
  const db = env.rt.database.db;
  for (let i = 0; i < ps.length; i += 500) {
    const chunk = ps.slice(i, i + 500);
    const docs = await db.insert(documents).values(chunk.map((p) => ({
      kind: 'invoice' as const, status: 'paid' as const, customerId: p.customerId, issueDate: p.day, seller: { name: 'محور' }, buyer: { name: 'x' },
      vatRateBp: 0, subtotal: p.amount, grandTotal: p.amount, paidTotal: p.amount,
    }))).returning({ id: documents.id });
    await db.insert(documentLines).values(chunk.flatMap((p, k) => p.items.map((code, j) => ({
      documentId: docs[k].id, position: j + 1, code, description: code, quantity: '1', unitPrice: p.amount, total: p.amount,
    }))));
  }
  for (const p of ps) {
    const days = history.get(p.customerId) ?? [];
    if (!days.includes(p.day)) days.push(p.day);
    history.set(p.customerId, days);
  }
}

/** 450 customers over ~2 years: each buys at their own rate (mean gap 20–120 days) and may stop after any purchase. */
async function seedHistory() {
  const rnd = seededRandom(17);
  const rows = Array.from({ length: 450 }, (_, i) => ({ kind: 'person' as const, displayName: `خریدار ${i}`, smsConsent: true }));
  const made = await env.rt.database.db.insert(customers).values(rows).returning({ id: customers.id });
  const ps: Purchase[] = [];
  for (const { id } of made) {
    let t = Math.floor(60 + rnd() * 670); // days before today of the first purchase
    const gap = 20 + rnd() * 100, drop = 0.05 + rnd() * 0.3;
    for (;;) {
      const pick = rnd();
      const items = pick < 0.4 ? ['KETTLE', 'FILTER'] : pick < 0.6 ? ['KETTLE'] : pick < 0.8 ? ['IRON', 'BOARD'] : ['FILTER'];
      ps.push({ customerId: id, day: dayOf(t), amount: BigInt(Math.round(1_000_000 + rnd() * 9_000_000)), items });
      if (rnd() < drop) break;
      t -= Math.max(1, Math.round(-Math.log(1 - rnd()) * gap));
      if (t < 0) break;
    }
  }
  await insertPurchases(ps);
}

async function customer(key: string, agent: Agent) {
  const res = await agent.post('/api/customers', { kind: 'person', lastName: key, force: true, smsConsent: true });
  expect(res.statusCode, res.body).toBe(201);
  ids[key] = res.json().id;
}

beforeAll(async () => {
  env = await createTestEnv({ start: `${TODAY}T08:00:00Z` });
  admin = await env.login('admin');
  const own = { ...DEFAULT_ROLES.sales.permissions, customers: { ops: ['read', 'create', 'update'], scope: 'own' } };
  expect((await admin.post('/api/roles', { key: 'own_sales', name: 'فروش (فقط خودش)', permissions: own })).statusCode).toBe(201);
  seller = await env.login('own_sales' as 'sales');
  other = await env.login('own_sales' as 'sales');
  await customer('regular', seller); // buys every 30 days, last 10 days ago
  await customer('gone', other); // bought every 30 days, then nothing for 400 days
  await seedHistory();
  await insertPurchases([
    ...[190, 160, 130, 100, 70, 40, 10].map((d) => ({ customerId: ids.regular, day: dayOf(d), amount: 2_000_000n, items: ['KETTLE'] })),
    ...[580, 550, 520, 490, 460, 430, 400].map((d) => ({ customerId: ids.gone, day: dayOf(d), amount: 2_000_000n, items: ['IRON'] })),
  ]);
}, 180_000);
afterAll(async () => env?.close());

const scoreRows = async () => (await env.rt.database.db.execute(sql`SELECT customer_id::text AS id, r_score, f_score, m_score, rfm_segment, p_alive,
  expected_purchases_90, expected_next_purchase::text AS next, clv, churn_risk, health, reasons, offers FROM customer_scores ORDER BY customer_id`)).rows;

describe('refit', () => {
  it('stores the fit and every buyer\'s scores; the fit and a customer\'s scores answer through the API', async () => {
    expect((await seller.post('/api/insights/refit')).statusCode).toBe(403); // needs settings:update
    const res = await admin.post('/api/insights/refit');
    expect(res.statusCode, res.body).toBe(200);
    const buyers = history.size;
    const repeat = [...history.values()].filter((d) => d.length > 1).length;
    expect(repeat).toBeGreaterThanOrEqual(200);
    expect(res.json()).toMatchObject({ customers: buyers, repeatBuyers: repeat });
    expect(['bgnbd', 'pareto']).toContain(res.json().kind);

    const fit = (await admin.get('/api/insights/fit')).json().fit;
    expect(fit).toMatchObject({ kind: res.json().kind, customers: buyers, repeatBuyers: repeat, fittedAt: `${TODAY}T08:00:00.000Z` });
    expect(Object.keys(fit.params).sort()).toEqual(fit.kind === 'bgnbd' ? ['a', 'alpha', 'b', 'r'] : ['alpha', 'beta', 'r', 's']);
    expect(fit.logLikelihood).toBeLessThan(0);
    expect(fit.quality.holdout.byFrequency).toHaveLength(8);
    expect(fit.quality.candidates.map((c: { kind: string }) => c.kind)).toContain('bgnbd');
    console.log('insights fit', JSON.stringify({ kind: fit.kind, params: fit.params, fitMs: fit.fitMs, totalMs: fit.totalMs, warnings: fit.warnings, customers: buyers, repeat }));

    const rows = await scoreRows();
    expect(rows).toHaveLength(buyers);
    const mine = (await seller.get(`/api/insights/customers/${ids.regular}`)).json().scores;
    // Hand-checked: 7 purchase days, the last 10 days ago, 2,000,000 Rials each.
    expect(mine.rfm).toMatchObject({ recency: 10, frequency: 7, monetary: 2_000_000 });
    expect(mine.model).toBe(fit.kind);
    expect(mine.pAlive).toBeGreaterThan(0.8);
    expect(mine.expectedPurchases90).toBeGreaterThan(1);
    expect(mine.expectedNextPurchase > TODAY).toBe(true);
    expect(mine.offers.length).toBeGreaterThan(0);
    expect(mine.offers.length).toBeLessThanOrEqual(3);
    expect(mine.offers.map((o: { item: string }) => o.item)).not.toContain('KETTLE'); // owned, not consumable
    expect(mine.offers[0].item).toBe('FILTER'); // KETTLE → FILTER is the strongest rule in the seeded baskets

    const gone = (await other.get(`/api/insights/customers/${ids.gone}`)).json().scores;
    expect(gone.rfm).toMatchObject({ recency: 400, frequency: 7 });
    expect(gone.churnRisk).toBeGreaterThan(50);
    expect(gone.reasons.churn.map((r: { code: string }) => r.code)).toContain('purchase-gap');
    const gap = gone.reasons.churn.find((r: { code: string }) => r.code === 'purchase-gap').values;
    expect(gap.days).toBe(400);
    expect(gap.usual).toBeCloseTo(30, 9); // (580 − 400) days / 6 repeat purchases
    expect(mine.churnRisk).toBeLessThan(gone.churnRisk);
    expect(mine.health).toBeGreaterThan(gone.health);

    const c360 = await seller.get(`/api/customers/${ids.regular}`);
    expect(c360.statusCode, c360.body).toBe(200);
    expect(c360.json().insights.scores).toEqual(mine);
  }, 180_000);

  it('a seller who sees only their own customers cannot read another\'s scores (404), and gets null before a purchase', async () => {
    const res = await seller.get(`/api/insights/customers/${ids.gone}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    expect((await other.get(`/api/insights/customers/${ids.regular}`)).statusCode).toBe(404);
    await customer('fresh', seller);
    const fresh = await seller.get(`/api/insights/customers/${ids.fresh}`);
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json()).toEqual({ scores: null });
  });

  it('segment fields read the stored scores: churnRisk gt 50 selects exactly the customers scored above 50', async () => {
    const expected = (await env.rt.database.db.execute(sql`SELECT count(*)::int AS n FROM customer_scores WHERE churn_risk > 50`)).rows[0].n as number;
    expect(expected).toBeGreaterThan(0);
    const res = await admin.post('/api/segments/preview', { rules: { field: 'churnRisk', op: 'gt', value: 50 }, sampleSize: 0 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().count).toBe(expected);
    const withGone = await admin.post('/api/segments/preview', { rules: { all: [{ field: 'churnRisk', op: 'gt', value: 50 }, { field: 'lastName', op: 'eq', value: 'gone' }] }, sampleSize: 5 });
    expect(withGone.json().count, withGone.body).toBe(1);
    const withRegular = await admin.post('/api/segments/preview', { rules: { all: [{ field: 'churnRisk', op: 'gt', value: 50 }, { field: 'lastName', op: 'eq', value: 'regular' }] }, sampleSize: 0 });
    expect(withRegular.json().count).toBe(0);
    const seg = await admin.post('/api/segments/preview', { rules: { field: 'rfmSegment', op: 'in', value: ['champions', 'loyal'] }, sampleSize: 0 });
    expect(seg.statusCode, seg.body).toBe(200);
    const champs = (await env.rt.database.db.execute(sql`SELECT count(*)::int AS n FROM customer_scores WHERE rfm_segment IN ('champions', 'loyal')`)).rows[0].n;
    expect(seg.json().count).toBe(champs);
    // The seller sees only their own: the regular buyer has a high P(alive).
    const mine = await seller.post('/api/segments/preview', { rules: { field: 'pAlive', op: 'gt', value: 0.5 }, sampleSize: 0 });
    expect(mine.json().count).toBe(1);
  });

  it('is idempotent: a second refit stores a new fit and the same scores', async () => {
    const before = await scoreRows();
    const fits = async () => (await env.rt.database.db.execute(sql`SELECT count(*)::int AS n FROM model_fits`)).rows[0].n as number;
    const n = await fits();
    expect((await admin.post('/api/insights/refit')).statusCode).toBe(200);
    expect(await fits()).toBe(n + 1);
    expect(await scoreRows()).toEqual(before);
  }, 180_000);

  it('under 200 repeat buyers: the rule-based fallback, with its warning', async () => {
    env.clock.advance(60_000);
    const r = await refit(env.rt.database, env.clock, { minRepeatBuyers: 10_000 });
    expect(r.kind).toBe('rules');
    expect(r.warnings.some((w) => w.startsWith('too-few-repeat-buyers'))).toBe(true);
    const fit = (await admin.get('/api/insights/fit')).json().fit;
    expect(fit).toMatchObject({ kind: 'rules', logLikelihood: null });
    const mine = (await seller.get(`/api/insights/customers/${ids.regular}`)).json().scores;
    expect(mine.model).toBe('rules');
    // Rule-based: 6 repeat purchases in 190 days → alive within one usual gap (30 days) of silence: P(alive) = 1.
    expect(mine.pAlive).toBe(1);
  });
});
