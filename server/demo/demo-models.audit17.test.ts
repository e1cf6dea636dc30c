/**
 * Issue 17 audit (audit17): "the demo business gets a purchase history rich enough that the models fit". The demo
 * (2,000 customers, its default) is seeded and refitted as the nightly job does: a statistical purchase model is chosen
 * (not the rule-based fallback), on at least 200 repeat buyers, and every stored score is a finite number — the demo's
 * BG/NBD fit has a + b < 1, where CLV was once NaN for every customer without a repeat purchase (docs/decisions.md,
 * "BG/NBD with a + b < 1").
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv } from '../test/harness.ts';
import { refit, type RefitResult } from '../modules/insights/index.ts';
import { seedDemo } from './seed.ts';

let env: TestEnv;
let result: RefitResult;

beforeAll(async () => {
  env = await createTestEnv();
  await seedDemo(env.rt, { log: () => {} });
  result = await refit(env.rt.database, env.clock);
}, 900_000);
afterAll(async () => env?.close());

describe('the demo business and the customer models (audit17)', () => {
  it('is rich enough for a statistical model: ≥ 200 repeat buyers, BG/NBD or Pareto/NBD chosen', () => {
    console.log('demo refit', JSON.stringify(result));
    expect(result.repeatBuyers).toBeGreaterThanOrEqual(200);
    expect(['bgnbd', 'pareto']).toContain(result.kind);
    expect(result.warnings.some((w) => w.startsWith('too-few-repeat-buyers:'))).toBe(false);
  });

  it('stores a finite P(alive), 90-day purchases and CLV for every buyer, repeat or not', async () => {
    const [r] = (await env.rt.database.db.execute(sql`SELECT count(*)::int AS n,
        count(*) FILTER (WHERE frequency = 1)::int AS once,
        count(*) FILTER (WHERE NOT (p_alive >= 0 AND p_alive <= 1 AND clv >= 0 AND clv < 'Infinity'::float8
          AND expected_purchases_90 >= 0 AND expected_purchases_90 < 'Infinity'::float8))::int AS bad,
        count(*) FILTER (WHERE frequency = 1 AND clv > 0)::int AS once_valued
      FROM customer_scores`)).rows as { n: number; once: number; bad: number; once_valued: number }[];
    expect(r.n).toBe(result.customers);
    expect(r.bad).toBe(0);
    expect(r.once).toBeGreaterThan(0);
    expect(r.once_valued).toBe(r.once);
  });
});
