/**
 * The segment count's fast paths select exactly what the plain rule meant (issue 18's 1M-customer benchmark):
 * createdAt / lastActivityAt as ranges of instants keep the Tehran day boundary (20:30 UTC), for every operator;
 * an enum value that is no option (written by hand) is still compared through fa_norm; the distinct cities read from
 * the index include every spelling (ي/ی), and a deleted customer's city changes nothing; a rule on a stored score
 * (a semi-join on customer_scores) keeps the meaning of a missing score: false, except for neq and "does not exist".
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let admin: Agent;
const ids: Record<string, string> = {};

async function customer(key: string, body: Record<string, unknown>) {
  const res = await admin.post('/api/customers', { kind: 'person', lastName: `fast-${key}`, force: true, ...body });
  expect(res.statusCode, res.body).toBe(201);
  ids[key] = res.json().id;
}
/** Keys of this test's customers a rule selects. */
async function names(rules: unknown): Promise<string[]> {
  const res = await admin.post('/api/segments/preview', { rules, sampleSize: 50 });
  expect(res.statusCode, res.body).toBe(200);
  const byId = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
  return (res.json().sample as { id: string }[]).map((s) => byId.get(s.id)).filter((k): k is string => !!k).sort();
}

beforeAll(async () => {
  // 2026-11-19 08:00 UTC: 1405/08/28 11:30 in Tehran (UTC+03:30 all year).
  env = await createTestEnv({ start: '2026-11-19T08:00:00Z' });
  admin = await env.login('admin');
  await customer('late17', { city: 'شيراز', gender: 'female' }); // Arabic ي
  await customer('early18', { city: 'شیراز', gender: 'male' });
  await customer('late18', { city: 'تهران' });
  await customer('noon19', { city: null });
  await customer('gone', { city: 'كرج' });
  const at = (key: string, iso: string) => env.rt.database.db.execute(sql`UPDATE customers SET created_at = ${iso}::timestamptz, last_activity_at = ${iso}::timestamptz WHERE id = ${ids[key]}::uuid`);
  await at('late17', '2026-11-17T20:29:59Z'); // 23:59:59 on the 17th in Tehran
  await at('early18', '2026-11-17T20:30:00Z'); // 00:00 on the 18th
  await at('late18', '2026-11-18T20:29:59Z'); // 23:59:59 on the 18th
  await at('noon19', '2026-11-19T08:00:00Z');
  await at('gone', '2026-11-19T08:00:00Z');
  // A gender no option spells this way (an old import): it still means female.
  await env.rt.database.db.execute(sql`UPDATE customers SET gender = 'FEMALE' WHERE id = ${ids.noon19}::uuid`);
  expect((await admin.del(`/api/customers/${ids.gone}`)).statusCode).toBeLessThan(300);
  delete ids.gone;
}, 180_000);
afterAll(async () => env?.close());

describe('fast paths', () => {
  it('compares created and last-activity days in Tehran time, at the exact boundary', async () => {
    for (const field of ['createdAt', 'lastActivityAt']) {
      expect(await names({ field, op: 'eq', value: '2026-11-18' })).toEqual(['early18', 'late18']);
      expect(await names({ field, op: 'gt', value: '2026-11-17' })).toEqual(['early18', 'late18', 'noon19']);
      expect(await names({ field, op: 'gte', value: '2026-11-18' })).toEqual(['early18', 'late18', 'noon19']);
      expect(await names({ field, op: 'lt', value: '2026-11-18' })).toEqual(['late17']);
      expect(await names({ field, op: 'lte', value: '2026-11-18' })).toEqual(['early18', 'late17', 'late18']);
      expect(await names({ field, op: 'between', value: ['2026-11-17', '2026-11-18'] })).toEqual(['early18', 'late17', 'late18']);
      expect(await names({ field, op: 'between', value: ['2026-11-19', '2026-11-18'] })).toEqual([]);
      // Today is the 19th: the last 1 day is the 18th and the 19th.
      expect(await names({ field, op: 'withinLastDays', value: 1 })).toEqual(['early18', 'late18', 'noon19']);
      expect(await names({ field, op: 'withinLastDays', value: 0 })).toEqual(['noon19']);
    }
  });

  it('matches an enum by its options, and a value that is no option through normalization', async () => {
    expect(await names({ field: 'gender', op: 'eq', value: 'female' })).toEqual(['late17', 'noon19']);
    expect(await names({ field: 'gender', op: 'in', value: ['male', 'female'] })).toEqual(['early18', 'late17', 'noon19']);
    expect(await names({ field: 'gender', op: 'neq', value: 'female' })).toEqual(['early18', 'late18']);
  });

  it('finds every spelling of a city through its distinct values; a deleted customer counts for nothing', async () => {
    expect(await names({ field: 'city', op: 'eq', value: 'شيراز' })).toEqual(['early18', 'late17']);
    expect(await names({ field: 'city', op: 'in', value: ['شیراز', 'تهران'] })).toEqual(['early18', 'late17', 'late18']);
    expect(await names({ field: 'city', op: 'neq', value: 'شیراز' })).toEqual(['late18', 'noon19']);
    expect(await names({ field: 'city', op: 'eq', value: 'کرج' })).toEqual([]);
  });

  it('reads stored scores through a semi-join; a customer without a score passes only neq and exists false', async () => {
    const score = (key: string, churn: number, clv: number, rfm: string) => env.rt.database.db.execute(sql`INSERT INTO customer_scores
      (customer_id, recency, frequency, monetary, r_score, f_score, m_score, rfm_segment, p_alive, expected_purchases_90, clv, churn_risk, health, reasons, offers, computed_at)
      VALUES (${ids[key]}::uuid, 10, 3, 1000, 3, 3, 3, ${rfm}, 0.5, 1, ${clv}, ${churn}, 50, '{}'::jsonb, '[]'::jsonb, now())`);
    await score('late17', 80, 1_000_000.4, 'at_risk');
    await score('early18', 20, 5_000_000, 'loyal');
    expect(await names({ field: 'churnRisk', op: 'gt', value: 50 })).toEqual(['late17']);
    expect(await names({ not: { field: 'churnRisk', op: 'gt', value: 50 } })).toEqual(['early18', 'late18', 'noon19']);
    expect(await names({ field: 'clv', op: 'between', value: [1_000_000, 2_000_000] })).toEqual(['late17']); // round(1,000,000.4)
    expect(await names({ field: 'rfmSegment', op: 'in', value: ['loyal', 'at_risk'] })).toEqual(['early18', 'late17']);
    expect(await names({ field: 'rfmSegment', op: 'neq', value: 'loyal' })).toEqual(['late17', 'late18', 'noon19']);
    expect(await names({ field: 'churnRisk', op: 'exists' })).toEqual(['early18', 'late17']);
    expect(await names({ field: 'churnRisk', op: 'exists', value: false })).toEqual(['late18', 'noon19']);
  });
});
