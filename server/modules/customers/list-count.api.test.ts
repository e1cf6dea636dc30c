/**
 * The customer list's total: exact up to 10,000; above, "10,000+". With no filter, no search and no scope, the
 * statistics answer when they put the live customers at 20,000 or more (no 10,001-row count per page); a filter, a
 * search or a scoped reader is counted exactly, and so is everything once the statistics say fewer.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let admin: Agent;
const MANY = 20_050;

beforeAll(async () => {
  env = await createTestEnv({ start: '2026-11-23T08:00:00Z' });
  admin = await env.login('admin');
  // Statistics change only when this test analyzes (no autovacuum analyze in between on PostgreSQL).
  await env.rt.database.db.execute(sql`ALTER TABLE customers SET (autovacuum_enabled = false)`);
  // Every 1,000th is a «مشتری» (20 of them: g = 1,000, 2,000 … 20,000), the rest leads named «نمونه».
  await env.rt.database.db.execute(sql`
    INSERT INTO customers (kind, first_name, last_name, display_name, search_doc, lifecycle_stage, updated_at, created_at)
    SELECT 'person', 'نفر' || g, 'نمونه', 'نفر' || g || ' نمونه', fa_norm('نفر' || g || ' نمونه'),
      CASE WHEN g % 1000 = 0 THEN 'customer' ELSE 'lead' END, timestamptz '2026-01-01' + g * interval '1 second', timestamptz '2026-01-01'
    FROM generate_series(1, ${MANY}) g`);
  await env.rt.database.db.execute(sql`ANALYZE customers`);
}, 180_000);
afterAll(async () => env?.close());

const list = async (agent: Agent, query = '') => {
  const res = await agent.get(`/api/customers?pageSize=5${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: unknown[]; total: number; totalCapped: boolean; totalEstimated: boolean };
};

describe('the list total', () => {
  it('says 10,000+ for a large business, and counts a filtered list exactly', async () => {
    expect(await list(admin)).toMatchObject({ total: 10_000, totalCapped: true, totalEstimated: false });
    expect((await list(admin)).items).toHaveLength(5);
    expect(await list(admin, '&stage=customer')).toMatchObject({ total: 20, totalCapped: false });
    expect(await list(admin, '&stage=lead')).toMatchObject({ total: 10_000, totalCapped: true });
  });

  it('a page past the end still has the total', async () => {
    expect(await list(admin, '&stage=customer&page=9')).toMatchObject({ items: [], total: 20, totalCapped: false });
  });

  it('follows the statistics: after most customers are deleted it says 10,000+ until they are next analyzed, then counts', async () => {
    await env.rt.database.db.execute(sql`UPDATE customers SET deleted_at = now() WHERE lifecycle_stage = 'lead'`);
    // Not yet analyzed: the estimate still says 20,000+ live customers (autovacuum, or the embedded maintenance job, analyzes a table this changed).
    expect(await list(admin)).toMatchObject({ total: 10_000, totalCapped: true });
    // Filtered, it is counted: 20.
    expect(await list(admin, '&stage=customer')).toMatchObject({ total: 20, totalCapped: false });
    await env.rt.database.db.execute(sql`ANALYZE customers`);
    const after = await list(admin);
    // The 20 «مشتری» rows, plus whatever customers the test environment starts with.
    const [{ n }] = (await env.rt.database.db.execute(sql`SELECT count(*)::int AS n FROM customers WHERE deleted_at IS NULL`)).rows as { n: number }[];
    expect(n).toBeGreaterThanOrEqual(20);
    expect(n).toBeLessThan(100);
    expect(after).toMatchObject({ total: n, totalCapped: false });
  });
});
