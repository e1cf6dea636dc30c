/**
 * The health score's point groups as a business setting (issue 17, i17): GET/PUT /api/settings/health-weights. Whole
 * points ≥ 0 summing to 100, else 400 with the one error shape and nothing stored; settings:update only (a seller: 403,
 * the row unchanged); each change audited; the refit uses the stored weights.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { documents, documentLines } from '../documents/index.ts';
import { settings } from '../settings/settings.tables.ts';

const TODAY = '2026-11-19';
const DEFAULTS = { engagement: 25, purchases: 30, support: 20, satisfaction: 25 };

let env: TestEnv;
let admin: Agent;
let seller: Agent;
let customerId: string;

const storedRow = async () => (await env.rt.database.db.select().from(settings).where(eq(settings.key, 'insights.healthWeights')))[0];

beforeAll(async () => {
  env = await createTestEnv({ start: `${TODAY}T08:00:00Z` });
  admin = await env.login('admin');
  seller = await env.login('sales');
  const res = await admin.post('/api/customers', { kind: 'person', lastName: 'سلامت', force: true });
  expect(res.statusCode, res.body).toBe(201);
  customerId = res.json().id;
  const db = env.rt.database.db;
  const [d] = await db.insert(documents).values({
    kind: 'invoice', status: 'paid', customerId, issueDate: '2026-09-01', seller: { name: 'محور' }, buyer: { name: 'x' },
    vatRateBp: 0, subtotal: 1_000_000n, grandTotal: 1_000_000n, paidTotal: 1_000_000n,
  }).returning({ id: documents.id });
  await db.insert(documentLines).values({ documentId: d.id, position: 1, code: 'KETTLE', description: 'KETTLE', quantity: '1', unitPrice: 1_000_000n, total: 1_000_000n });
}, 120_000);
afterAll(async () => env?.close());

describe('health point groups (i17)', () => {
  it('are the defaults until set', async () => {
    const res = await admin.get('/api/settings/health-weights');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ weights: DEFAULTS, custom: false, defaults: DEFAULTS });
  });

  it('refuses a sum other than 100, a negative and a fraction with 400, storing nothing', async () => {
    for (const body of [
      { engagement: 25, purchases: 30, support: 20, satisfaction: 30 }, // 105
      { engagement: 50, purchases: 40, support: 20, satisfaction: -10 }, // sums to 100, one negative
      { engagement: 25.5, purchases: 29.5, support: 20, satisfaction: 25 }, // sums to 100, not whole points
      { engagement: 25, purchases: 30, support: 45 }, // a group missing
    ]) {
      const res = await admin.put('/api/settings/health-weights', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(typeof res.json().error.message).toBe('string');
    }
    const sum = await admin.put('/api/settings/health-weights', { engagement: 25, purchases: 30, support: 20, satisfaction: 30 });
    expect(Object.keys(sum.json().error.details)).toEqual(['total']);
    expect(await storedRow()).toBeUndefined();
    expect((await admin.get('/api/settings/health-weights')).json().custom).toBe(false);
  });

  it('stores valid weights (audited); a seller may not change them (403, row unchanged)', async () => {
    const weights = { engagement: 10, purchases: 0, support: 60, satisfaction: 30 };
    const res = await admin.put('/api/settings/health-weights', weights);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ weights, custom: true, defaults: DEFAULTS });
    expect((await admin.get('/api/settings/health-weights')).json().weights).toEqual(weights);
    const audit = (await env.rt.database.db.execute(sql`SELECT field, old_value AS "old", new_value AS "new" FROM audit_log WHERE entity_type = 'health_weights' ORDER BY field`)).rows;
    expect(audit).toEqual([
      { field: 'engagement', old: 25, new: 10 }, { field: 'purchases', old: 30, new: 0 },
      { field: 'satisfaction', old: 25, new: 30 }, { field: 'support', old: 20, new: 60 },
    ]);
    const before = await storedRow();
    const refused = await seller.put('/api/settings/health-weights', DEFAULTS);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
    expect(await storedRow()).toEqual(before);
    expect(before.value).toEqual(weights);
  });

  it('the refit scores health with the stored weights (by hand: 10·0 + 0·P(alive) + 60·1 + 30·0.5 = 75)', async () => {
    // The customer: never contacted (engagement 0), no open ticket (support 1), no survey answer (satisfaction 0.5).
    expect((await admin.post('/api/insights/refit')).statusCode).toBe(200);
    const s = (await admin.get(`/api/insights/customers/${customerId}`)).json().scores;
    expect(s.health).toBe(75);
    expect(s.reasons.health).toEqual([
      { group: 'engagement', points: 0, max: 10 }, { group: 'purchases', points: 0, max: 0 },
      { group: 'support', points: 60, max: 60 }, { group: 'satisfaction', points: 15, max: 30 },
    ]);
    // Back to the defaults: 25·0 + 30·P(alive) + 20·1 + 25·0.5.
    expect((await admin.put('/api/settings/health-weights', DEFAULTS)).statusCode).toBe(200);
    expect((await admin.post('/api/insights/refit')).statusCode).toBe(200);
    const d = (await admin.get(`/api/insights/customers/${customerId}`)).json().scores;
    expect(d.health).toBe(Math.round(30 * d.pAlive + 20 + 12.5));
  }, 120_000);
});
