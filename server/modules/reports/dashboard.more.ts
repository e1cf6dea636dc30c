/**
 * The dashboard's tables that are not per window: the CLV distribution (latest stored scores), best sellers and
 * common problems of the period, and the cohort retention table by first-purchase month.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { DashboardView } from '../../../common/dashboard.schemas.ts';
import type { DashboardScope } from './dashboard.sql.ts';
import type { Window } from './dashboard.periods.ts';
import { canonicalQuantity, percent } from './report-range.ts';
import type { ReportCalendar } from './periods.ts';
import { cohortCellsFromRollup } from './dashboard.rollup.ts';

/**
 * CLV histogram on a 1-2-5 scale (…, 1M–2M, 2M–5M, 5M–10M, … Rials), so a long tail stays readable; CLV under one
 * Rial falls in the first bucket [0, 1). A stored CLV that is not a finite number (NaN from a failed model) is left out.
 */
export async function clvDistribution(db: Db, s: DashboardScope): Promise<DashboardView['clv']> {
  const res = await db.execute(sql`
    WITH v AS (
      SELECT s.clv, s.computed_at,
        CASE WHEN s.clv < 1 THEN -1 ELSE e.e * 3 + CASE WHEN s.clv < 2 * power(10::float8, e.e) THEN 0 WHEN s.clv < 5 * power(10::float8, e.e) THEN 1 ELSE 2 END END AS b
      FROM customer_scores s JOIN customers c ON c.id = s.customer_id
      -- A score the model could not compute (NaN, ±infinity) is no amount: left out rather than failing the page.
      -- Float logarithms (numeric ones cost ~100x): log10 of a power of ten is exact in IEEE arithmetic.
      CROSS JOIN LATERAL (SELECT CASE WHEN s.clv < 1 THEN 0 ELSE floor(log(s.clv))::int END AS e) e
      WHERE ${s.customers} AND s.clv <> 'NaN'::float8 AND s.clv < 'Infinity'::float8 AND s.clv > '-Infinity'::float8
    )
    SELECT b, count(*)::int AS n, round(sum(clv))::bigint::text AS total, max(computed_at) AS at FROM v GROUP BY b ORDER BY b`);
  const rows = res.rows as { b: number; n: number; total: string; at: string | Date | null }[];
  const edge = (b: number) => (b < 0 ? 0n : BigInt([1, 2, 5][((b % 3) + 3) % 3]) * 10n ** BigInt(Math.floor(b / 3)));
  let customers = 0;
  let equity = 0n;
  let at: string | null = null;
  for (const r of rows) {
    customers += Number(r.n);
    equity += BigInt(r.total);
    const t = r.at ? new Date(r.at).toISOString() : null;
    if (t && (!at || t > at)) at = t;
  }
  // Every bucket between the lowest and the highest, empty ones too, so the histogram has no gaps.
  const buckets: DashboardView['clv']['buckets'] = [];
  const zero = rows.find((r) => Number(r.b) < 0);
  if (zero) buckets.push({ from: '0', to: '1', customers: Number(zero.n), sum: zero.total });
  const positive = rows.filter((r) => Number(r.b) >= 0);
  if (positive.length) {
    const byB = new Map(positive.map((r) => [Number(r.b), r]));
    for (let b = Number(positive[0].b); b <= Number(positive[positive.length - 1].b); b++) {
      const r = byB.get(b);
      buckets.push({ from: edge(b).toString(), to: edge(b + 1).toString(), customers: r ? Number(r.n) : 0, sum: r ? r.total : '0' });
    }
  }
  const mean = customers ? ((equity * 2n + BigInt(customers)) / (2n * BigInt(customers))).toString() : null;
  return { customers, equity: equity.toString(), mean, computedAt: at, buckets };
}

/** Top products by revenue in the period (invoice lines less credit-note lines, as the sales report counts them). */
export async function bestSellers(db: Db, s: DashboardScope, w: Window, top = 5): Promise<DashboardView['bestSellers']> {
  const res = await db.execute(sql`
    SELECT l.product_id, pr.code, coalesce(pr.name_fa, l.description) AS name, pr.name_en,
      sum(CASE WHEN d.kind = 'credit_note' THEN -l.quantity ELSE l.quantity END)::text AS quantity,
      sum(CASE WHEN d.kind = 'credit_note' THEN -l.total ELSE l.total END) AS revenue
    FROM document_lines l JOIN documents d ON d.id = l.document_id JOIN customers c ON c.id = d.customer_id
    LEFT JOIN products pr ON pr.id = l.product_id
    WHERE ((d.kind = 'invoice' AND d.number IS NOT NULL) OR (d.kind = 'credit_note' AND d.status <> 'draft'))
      AND d.issue_date >= ${w.start}::date AND d.issue_date < ${w.stop}::date AND ${s.customers} AND ${s.documents}
    GROUP BY l.product_id, CASE WHEN l.product_id IS NULL THEN l.description END, pr.code, coalesce(pr.name_fa, l.description), pr.name_en
    HAVING sum(CASE WHEN d.kind = 'credit_note' THEN -l.total ELSE l.total END) > 0
    ORDER BY revenue DESC, name LIMIT ${top}`);
  return (res.rows as { product_id: string | null; code: string | null; name: string; name_en: string | null; quantity: string; revenue: string | number }[])
    .map((r) => ({ productId: r.product_id, code: r.code, name: r.name, nameEn: r.name_en, quantity: canonicalQuantity(String(r.quantity)), revenue: String(r.revenue) }));
}

/** Ticket categories (with the previous period's count) and recurring-problem groups of the tickets opened in the period. */
export async function commonProblems(db: Db, s: DashboardScope, cur: Window, prev: Window, top = 5): Promise<DashboardView['problems']> {
  const tz = s.timeZone;
  const at = (d: string) => sql`(${d}::date)::timestamp AT TIME ZONE ${tz}`;
  const base = sql`FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.merged_into_id IS NULL AND ${s.customers} AND ${s.tickets}`;
  const res = await db.execute(sql`
    WITH x AS (
      SELECT t.category, t.problem_group_id, t.created_at >= ${at(cur.start)} AS cur
      ${base} AND t.created_at >= ${at(prev.start)} AND t.created_at < ${at(cur.stop)}
        AND (t.created_at < ${at(prev.stop)} OR t.created_at >= ${at(cur.start)})
    )
    SELECT 'c' AS k, x.category AS key, tc.label_fa, tc.label_en, (count(*) FILTER (WHERE x.cur))::int AS n, (count(*) FILTER (WHERE NOT x.cur))::int AS prev
    FROM x LEFT JOIN ticket_categories tc ON tc.key = x.category
    GROUP BY x.category, tc.label_fa, tc.label_en HAVING count(*) FILTER (WHERE x.cur) > 0
    UNION ALL
    SELECT 'g', g.id::text, g.label, NULL, (count(*))::int, 0
    FROM x JOIN problem_groups g ON g.id = x.problem_group_id WHERE x.cur GROUP BY g.id, g.label`);
  const rows = res.rows as { k: 'c' | 'g'; key: string | null; label_fa: string | null; label_en: string | null; n: number; prev: number }[];
  const order = <T extends { count: number }>(xs: T[], name: (x: T) => string) => xs.sort((a, b) => b.count - a.count || name(a).localeCompare(name(b))).slice(0, top);
  return {
    categories: order(rows.filter((r) => r.k === 'c').map((r) => ({ key: r.key, labelFa: r.label_fa, labelEn: r.label_en, count: Number(r.n), previous: Number(r.prev) })), (x) => x.key ?? '\uffff'),
    groups: order(rows.filter((r) => r.k === 'g').map((r) => ({ id: String(r.key), label: String(r.label_fa), count: Number(r.n) })), (x) => x.label),
  };
}

/**
 * Cohorts: customers whose first order (issued, not cancelled invoice, ever) falls in one of `months`; cell k = share
 * of the cohort with an order in the k-th month after (k = 0 is the first month, 100 %).
 */
export async function cohortTable(db: Db, s: DashboardScope, months: { key: string; start: string; stop: string }[], cal: ReportCalendar): Promise<DashboardView['cohorts']> {
  const rows = s.rollup ? await cohortCellsFromRollup(db, s, months, cal) : await cohortCells(db, s, months);
  const cells = new Map<string, number>();
  for (const r of rows) cells.set(`${r.cohort}:${r.month}`, r.n);
  return months.map((m, i) => {
    const size = cells.get(`${i}:${i}`) ?? 0;
    return {
      key: m.key, start: m.start, size,
      cells: months.slice(i).map((_, k) => { const n = cells.get(`${i}:${i + k}`) ?? 0; return { offset: k, customers: n, percent: percent(n, size) }; }),
    };
  });
}

/** The cohort cells over the documents themselves (a reader who sees only some documents). */
async function cohortCells(db: Db, s: DashboardScope, months: { key: string; start: string; stop: string }[]): Promise<{ cohort: number; month: number; n: number }[]> {
  const values = sql.join(months.map((m, i) => sql`(${i}, ${m.start}::date, ${m.stop}::date)`), sql`, `);
  const first = months[0].start;
  const last = months[months.length - 1].stop;
  const res = await db.execute(sql`
    WITH m(idx, start, stop) AS (VALUES ${values}),
    inv AS (
      SELECT d.customer_id, d.issue_date FROM documents d JOIN customers c ON c.id = d.customer_id
      WHERE d.kind = 'invoice' AND d.number IS NOT NULL AND d.status <> 'cancelled' AND d.issue_date < ${last}::date
        AND ${s.customers} AND ${s.documents}
    ),
    f AS (SELECT customer_id, min(issue_date) AS first FROM inv GROUP BY customer_id HAVING min(issue_date) >= ${first}::date),
    act AS (
      SELECT DISTINCT f.customer_id, fm.idx AS cohort, am.idx AS month
      FROM f JOIN m fm ON f.first >= fm.start AND f.first < fm.stop
      JOIN inv i ON i.customer_id = f.customer_id AND i.issue_date >= ${first}::date
      JOIN m am ON i.issue_date >= am.start AND i.issue_date < am.stop
    )
    SELECT cohort, month, count(*)::int AS n FROM act GROUP BY cohort, month`);
  return (res.rows as { cohort: number; month: number; n: number }[]).map((r) => ({ cohort: Number(r.cohort), month: Number(r.month), n: Number(r.n) }));
}
