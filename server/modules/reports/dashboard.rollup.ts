/**
 * The dashboard's sales figures and cohorts from the sales rollup (sales_rollup, sales_first_orders: kept by triggers
 * on documents in the writing transaction), instead of every invoice of the period: a window that is one calendar
 * year or month of the reader's calendar reads one row per buyer (its year or month row), a run of whole months reads
 * the month rows, any other window (weeks, custom days) the day rows. Same figures as salesFigures/cohortTable over
 * documents (dashboard.api.test.ts checks both paths against the same hand calculation); used when the reader sees
 * every document (documents scope 'all'), since the rollup has no per-document owner. docs/decisions.md "Sales rollup".
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { ReportCalendar } from './periods.ts';
import { addDays, periodOf } from './periods.ts';
import type { Window } from './dashboard.periods.ts';
import type { DashboardScope, SalesRow } from './dashboard.sql.ts';

type Range = { start: string; stop: string };
type Tiling = { grain: 'day' | 'month' | 'year'; calendar: ReportCalendar; single: boolean };

/** The coarsest rollup rows that tile [start, stop) exactly, and whether one row per buyer covers it. */
export function tiling(r: Range, cal: ReportCalendar): Tiling {
  const y = periodOf('year', r.start, cal);
  if (y.start === r.start && y.stop === r.stop) return { grain: 'year', calendar: cal, single: true };
  const first = periodOf('month', r.start, cal);
  const last = periodOf('month', addDays(r.stop, -1), cal);
  if (first.start === r.start && last.stop === r.stop) return { grain: 'month', calendar: cal, single: first.start === last.start };
  return { grain: 'day', calendar: 'gregorian', single: addDays(r.start, 1) === r.stop };
}

export async function salesFromRollup(db: Db, s: DashboardScope, ws: Window[], cal: ReportCalendar): Promise<Map<string, SalesRow>> {
  // Each distinct range is read once; a window uses its range (w) and its prior's (p).
  const ids = new Map<string, number>();
  const ranges: SQL[] = [];
  const idOf = (r: Range) => {
    const k = `${r.start}/${r.stop}`;
    let id = ids.get(k);
    if (id === undefined) {
      id = ids.size;
      ids.set(k, id);
      const t = tiling(r, cal);
      ranges.push(sql`(${id}::int, ${t.grain}::text, ${t.calendar}::text, ${r.start}::date, ${r.stop}::date, ${t.single}::boolean)`);
    }
    return id;
  };
  const uses = ws.map((w) => sql`(${w.key}::text, ${idOf(w)}::int, ${idOf(w.prior)}::int)`);
  const res = await db.execute(sql`
    WITH rng(id, grain, cal, lo, hi, single) AS (VALUES ${sql.join(ranges, sql`, `)}),
    u(key, w, p) AS (VALUES ${sql.join(uses, sql`, `)}),
    -- Each range is an index range scan of its own rows (OFFSET 0 keeps the lateral: joined, the planner scanned the
    -- whole table); the customers condition is applied once to all of them (inside, it scanned customers per range).
    x0 AS MATERIALIZED (
      SELECT rng.id, rng.single, r.customer_id, r.orders, r.gross, r.net
      FROM rng CROSS JOIN LATERAL (SELECT r.customer_id, r.orders, r.gross, r.net FROM sales_rollup r
        WHERE r.grain = rng.grain AND r.calendar = rng.cal AND r.start >= rng.lo AND r.start < rng.hi OFFSET 0) r
    ),
    x AS (SELECT x0.* FROM x0 JOIN customers c ON c.id = x0.customer_id WHERE ${s.customers}),
    xs AS (
      SELECT id, customer_id, orders::bigint AS orders, gross::numeric AS gross, net::numeric AS net FROM x WHERE single
      UNION ALL
      SELECT id, customer_id, sum(orders), sum(gross), sum(net) FROM x WHERE NOT single GROUP BY id, customer_id
    ),
    agg AS (
      SELECT id, sum(net)::text AS revenue, sum(gross)::text AS gross, sum(orders)::int AS orders,
        (count(*) FILTER (WHERE orders > 0))::int AS buyers, (count(*) FILTER (WHERE orders > 1))::int AS repeaters
      FROM xs GROUP BY id
    ),
    ret AS (
      SELECT u.key, count(*)::int AS base, count(q.customer_id)::int AS kept
      FROM u JOIN xs p ON p.id = u.p AND p.orders > 0
      LEFT JOIN xs q ON q.id = u.w AND q.customer_id = p.customer_id AND q.orders > 0
      GROUP BY u.key
    )
    SELECT u.key, agg.revenue, agg.gross, coalesce(agg.orders, 0) AS orders, coalesce(agg.buyers, 0) AS buyers,
      coalesce(agg.repeaters, 0) AS repeaters, coalesce(ret.base, 0) AS base, coalesce(ret.kept, 0) AS kept
    FROM u LEFT JOIN agg ON agg.id = u.w LEFT JOIN ret ON ret.key = u.key`);
  return new Map((res.rows as SalesRow[]).map((r) => [r.key, { ...r, orders: Number(r.orders), buyers: Number(r.buyers), repeaters: Number(r.repeaters), base: Number(r.base), kept: Number(r.kept) }]));
}

/** Cohort cells (cohort index, month index, buyers) from each buyer's first order day and the month rows. */
export async function cohortCellsFromRollup(db: Db, s: DashboardScope, months: Range[], cal: ReportCalendar): Promise<{ cohort: number; month: number; n: number }[]> {
  const edges = sql`ARRAY[${sql.join([...months.map((m) => sql`${m.start}::date`), sql`${months[months.length - 1].stop}::date`], sql`, `)}]`;
  const first = months[0].start;
  const last = months[months.length - 1].stop;
  const res = await db.execute(sql`
    WITH f AS (
      SELECT fo.customer_id, width_bucket(fo.first_day, ${edges}) - 1 AS cohort
      FROM sales_first_orders fo JOIN customers c ON c.id = fo.customer_id
      WHERE fo.first_day >= ${first}::date AND fo.first_day < ${last}::date AND ${s.customers}
    )
    SELECT f.cohort, width_bucket(r.start, ${edges}) - 1 AS month, count(*)::int AS n
    FROM f JOIN sales_rollup r ON r.customer_id = f.customer_id AND r.grain = 'month' AND r.calendar = ${cal}
      AND r.start >= ${first}::date AND r.start < ${last}::date AND r.orders > 0
    GROUP BY 1, 2`);
  return (res.rows as { cohort: number; month: number; n: number }[]).map((r) => ({ cohort: Number(r.cohort), month: Number(r.month), n: Number(r.n) }));
}
