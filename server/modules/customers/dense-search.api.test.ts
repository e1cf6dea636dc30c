/**
 * Searching a text that very many customers contain (a common surname): the dense path lists the most recently
 * updated matches, pages through them in that exact order, and estimates the total; narrower searches, filters and
 * scoped users keep the exact, ranked, counted path.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let sales: Agent;
const TOTAL = 4600;

beforeAll(async () => {
  env = await createTestEnv({ start: '2026-11-23T08:00:00Z' });
  sales = await env.login('sales');
  // 4,600 customers in one statement; every 10th is a «رضایی» (460 of them), updated in a known order; the rest «نمونه».
  await env.rt.database.db.execute(sql`
    INSERT INTO customers (kind, first_name, last_name, display_name, search_doc, lifecycle_stage, updated_at, created_at)
    SELECT 'person', 'نفر' || g, CASE WHEN g % 10 = 0 THEN 'رضایی' ELSE 'نمونه' END,
      'نفر' || g || ' ' || CASE WHEN g % 10 = 0 THEN 'رضایی' ELSE 'نمونه' END,
      fa_norm('نفر' || g || ' ' || CASE WHEN g % 10 = 0 THEN 'رضایی' ELSE 'نمونه' END),
      'lead', timestamptz '2026-01-01' + g * interval '1 minute', timestamptz '2026-01-01'
    FROM generate_series(1, ${TOTAL}) g`);
  await env.rt.database.db.execute(sql`ANALYZE customers`);
}, 180_000);
afterAll(async () => env?.close());

const list = async (q: string, extra = '') => {
  const res = await sales.get(`/api/customers?q=${encodeURIComponent(q)}${extra}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: { displayName: string }[]; total: number; totalEstimated: boolean; totalCapped: boolean };
};
// The g of «نفرg رضایی», newest first: 4600, 4590, …
const rezaiiNewestFirst = (from: number, n: number) => Array.from({ length: n }, (_, i) => `نفر${4600 - (from + i) * 10} رضایی`);

describe('dense search', () => {
  it('lists the most recently updated matches first and estimates the total', async () => {
    const page1 = await list('رضائی'); // typed with Arabic-keyboard ئ: normalized like the stored name
    expect(page1.totalEstimated).toBe(true);
    expect(page1.items.map((c) => c.displayName)).toEqual(rezaiiNewestFirst(0, 25));
    expect(page1.total).toBeGreaterThanOrEqual(300);
    expect(page1.total).toBeLessThanOrEqual(700);
  });

  it('pages through them in the same order, with no repeats or gaps, also deep in the list', async () => {
    const page2 = await list('رضایی', '&page=2');
    expect(page2.items.map((c) => c.displayName)).toEqual(rezaiiNewestFirst(25, 25));
    const page18 = await list('رضایی', '&page=18&pageSize=25'); // 425..449
    expect(page18.items.map((c) => c.displayName)).toEqual(rezaiiNewestFirst(425, 25));
    const last = await list('رضایی', '&page=19&pageSize=25'); // 450..459, then nothing
    expect(last.items.map((c) => c.displayName)).toEqual(rezaiiNewestFirst(450, 10));
  });

  it('the quick search box gives the most recent matches too', async () => {
    const res = await sales.get(`/api/customers/search?limit=8&q=${encodeURIComponent('رضایی')}`);
    expect((res.json().items as { displayName: string }[]).map((c) => c.displayName)).toEqual(rezaiiNewestFirst(0, 8));
  });

  it('a narrow text (few matches) is ranked and counted exactly', async () => {
    const r = await list('نفر4600');
    expect(r.totalEstimated).toBe(false);
    expect(r.total).toBe(1);
    expect(r.items[0].displayName).toBe('نفر4600 رضایی');
  });

  it('a filter or an explicit sort keeps the exact path: exact count', async () => {
    const filtered = await list('رضایی', '&stage=lead');
    expect(filtered.totalEstimated).toBe(false);
    expect(filtered.total).toBe(460);
    const sorted = await list('رضایی', '&sort=name&pageSize=3');
    expect(sorted.totalEstimated).toBe(false);
    expect(sorted.total).toBe(460);
    expect(sorted.items.map((c) => c.displayName)).toEqual(['نفر10 رضایی', 'نفر100 رضایی', 'نفر1000 رضایی']) // by name: a space sorts before a digit;
  });
  // Last: it adds customers. A short number («۸۷۶», a ticket number typed in the one box) is inside many phones.
  it('a short number that many phones contain takes the dense path; a longer one stays exact', async () => {
    // Before the phones exist: not dense, found exactly in 4 names (نفر876, نفر1876, نفر2876, نفر3876) — an answer that
    // is not kept, so the same text is dense below.
    expect(await list('۸۷۶')).toMatchObject({ total: 4, totalEstimated: false });
    await env.rt.database.db.execute(sql`
      INSERT INTO customers (kind, first_name, last_name, display_name, search_doc, lifecycle_stage, updated_at, created_at)
      SELECT 'person', 'تماس' || g, 'گیرنده', 'تماس' || g || ' گیرنده', fa_norm('تماس' || g || ' گیرنده') || ' 98912876' || lpad(g::text, 4, '0'),
        'lead', timestamptz '2026-06-01' + g * interval '1 minute', timestamptz '2026-06-01'
      FROM generate_series(1, 300) g`);
    const short = await list('۸۷۶');
    expect(short.totalEstimated).toBe(true);
    expect(short.items.slice(0, 3).map((c) => c.displayName)).toEqual(['تماس300 گیرنده', 'تماس299 گیرنده', 'تماس298 گیرنده']);
    const quick = await sales.get(`/api/customers/search?limit=2&q=${encodeURIComponent('۸۷۶')}`);
    expect((quick.json().items as { displayName: string }[]).map((c) => c.displayName)).toEqual(['تماس300 گیرنده', 'تماس299 گیرنده']);
    const longer = await list('۰۹۱۲۸۷۶۰۰۴۲');
    expect(longer.totalEstimated).toBe(false);
    expect(longer.items.map((c) => c.displayName)).toEqual(['تماس42 گیرنده']);
  });

  it('while a dense text is remembered, its matches are still read afresh: deleted ones are gone, in the same order', async () => {
    expect((await list('رضایی')).totalEstimated).toBe(true);
    // The 10 newest «رضایی» (4600 … 4510) are deleted behind the search's back.
    await env.rt.database.db.execute(sql`UPDATE customers SET deleted_at = now() WHERE last_name = 'رضایی' AND first_name IN
      (SELECT 'نفر' || g FROM generate_series(4510, 4600, 10) g)`);
    const after = await list('رضایی', '&pageSize=5');
    expect(after.totalEstimated).toBe(true);
    expect(after.items.map((c) => c.displayName)).toEqual(rezaiiNewestFirst(10, 5));
  });
});
