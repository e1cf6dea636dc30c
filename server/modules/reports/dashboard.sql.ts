/**
 * The dashboard's per-window figures, each source aggregated in one statement over every window at once (the period,
 * the one before, the trend's buckets): invoices (revenue, orders, buyers, repeat buyers, retention against each
 * window's prior window), survey answers (NPS, CSAT, CES) and tickets (open at the end, SLA, median times).
 * Formulas: docs/decisions.md ("Dashboard figures").
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Window } from './dashboard.periods.ts';

/** Who and what is counted: `customers` is a condition on alias c (scope + filters); the others add each source's own scope. */
export type DashboardScope = {
  customers: SQL;
  /** False when every customer counts (then anonymous survey answers count too). */
  restricted: boolean;
  documents: SQL;
  tickets: SQL;
  timeZone: string;
  now: Date;
};

const windowValues = (ws: Window[]) => sql.join(ws.map((w) =>
  sql`(${w.key}, ${w.start}::date, ${w.stop}::date, ${w.prior.start}::date, ${w.prior.stop}::date)`), sql`, `);
const minOf = (xs: string[]) => xs.reduce((a, b) => (a < b ? a : b));
const maxOf = (xs: string[]) => xs.reduce((a, b) => (a > b ? a : b));

/** An issued invoice that is not cancelled: an order. */
const ORDER = sql`(i.kind = 'invoice' AND i.status <> 'cancelled')`;

export type SalesRow = { key: string; revenue: string | null; gross: string | null; orders: number; buyers: number; repeaters: number; base: number; kept: number };

export async function salesFigures(db: Db, s: DashboardScope, ws: Window[]): Promise<Map<string, SalesRow>> {
  const lo = minOf(ws.flatMap((w) => [w.start, w.prior.start]));
  const hi = maxOf(ws.map((w) => w.stop));
  const res = await db.execute(sql`
    WITH w(key, start, stop, pstart, pstop) AS (VALUES ${windowValues(ws)}),
    inv AS (
      SELECT d.customer_id, d.issue_date, d.kind, d.status, d.grand_total
      FROM documents d JOIN customers c ON c.id = d.customer_id
      WHERE ((d.kind = 'invoice' AND d.number IS NOT NULL) OR (d.kind = 'credit_note' AND d.status <> 'draft'))
        AND d.issue_date >= ${lo}::date AND d.issue_date < ${hi}::date AND ${s.customers} AND ${s.documents}
    ),
    per AS (
      SELECT w.key, i.customer_id,
        count(*) FILTER (WHERE ${ORDER}) AS n,
        coalesce(sum(i.grand_total) FILTER (WHERE ${ORDER}), 0) AS gross,
        sum(CASE WHEN i.kind = 'credit_note' THEN -i.grand_total ELSE i.grand_total END) AS net
      FROM w JOIN inv i ON i.issue_date >= w.start AND i.issue_date < w.stop
      GROUP BY w.key, i.customer_id
    ),
    pri AS (
      SELECT DISTINCT w.key, i.customer_id FROM w JOIN inv i ON i.issue_date >= w.pstart AND i.issue_date < w.pstop WHERE ${ORDER}
    ),
    ret AS (
      SELECT p.key, count(*)::int AS base, count(k.customer_id)::int AS kept
      FROM pri p LEFT JOIN per k ON k.key = p.key AND k.customer_id = p.customer_id AND k.n > 0
      GROUP BY p.key
    ),
    agg AS (
      SELECT key, sum(net)::text AS revenue, sum(gross)::text AS gross, sum(n)::int AS orders,
        (count(*) FILTER (WHERE n > 0))::int AS buyers, (count(*) FILTER (WHERE n > 1))::int AS repeaters
      FROM per GROUP BY key
    )
    SELECT w.key, agg.revenue, agg.gross, coalesce(agg.orders, 0) AS orders, coalesce(agg.buyers, 0) AS buyers,
      coalesce(agg.repeaters, 0) AS repeaters, coalesce(ret.base, 0) AS base, coalesce(ret.kept, 0) AS kept
    FROM w LEFT JOIN agg ON agg.key = w.key LEFT JOIN ret ON ret.key = w.key`);
  return new Map((res.rows as SalesRow[]).map((r) => [r.key, { ...r, orders: Number(r.orders), buyers: Number(r.buyers), repeaters: Number(r.repeaters), base: Number(r.base), kept: Number(r.kept) }]));
}

export type VoiceRow = { key: string; metric: 'nps' | 'csat' | 'ces'; n: number; promoters: number; detractors: number; satisfied: number; mean: number | null };

export async function voiceFigures(db: Db, s: DashboardScope, ws: Window[]): Promise<VoiceRow[]> {
  const who = s.restricted ? sql`(c.id IS NOT NULL AND ${s.customers})` : sql`(r.customer_id IS NULL OR ${s.customers})`;
  const res = await db.execute(sql`
    WITH w(key, start, stop, pstart, pstop) AS (VALUES ${windowValues(ws)}),
    wt AS (SELECT key, (start::timestamp AT TIME ZONE ${s.timeZone}) AS ts, (stop::timestamp AT TIME ZONE ${s.timeZone}) AS te FROM w)
    SELECT wt.key, r.metric, count(*)::int AS n,
      (count(*) FILTER (WHERE r.score >= 9))::int AS promoters, (count(*) FILTER (WHERE r.score <= 6))::int AS detractors,
      (count(*) FILTER (WHERE r.score >= 4))::int AS satisfied, avg(r.score)::float8 AS mean
    FROM wt JOIN survey_responses r ON r.created_at >= wt.ts AND r.created_at < wt.te
    LEFT JOIN customers c ON c.id = r.customer_id
    WHERE r.metric IN ('nps', 'csat', 'ces') AND r.score IS NOT NULL AND ${who}
    GROUP BY wt.key, r.metric`);
  return (res.rows as VoiceRow[]).map((r) => ({ ...r, n: Number(r.n), promoters: Number(r.promoters), detractors: Number(r.detractors), satisfied: Number(r.satisfied), mean: r.mean === null ? null : Number(r.mean) }));
}

export type SupportRow = { key: string; open: number | null; resolved: number; withDue: number; met: number; medianResolution: number | null; medianFirstResponse: number | null };

export async function supportFigures(db: Db, s: DashboardScope, ws: Window[]): Promise<Map<string, SupportRow>> {
  const tz = s.timeZone;
  const lo = minOf(ws.map((w) => w.start));
  const done = sql`coalesce(tk.resolved_at, tk.closed_at)`;
  const res = await db.execute(sql`
    WITH w(key, start, stop, pstart, pstop) AS (VALUES ${windowValues(ws)}),
    wt AS (SELECT key, (start::timestamp AT TIME ZONE ${tz}) AS ts, (stop::timestamp AT TIME ZONE ${tz}) AS te,
      LEAST((stop::timestamp AT TIME ZONE ${tz}), ${s.now.toISOString()}::timestamptz) AS tend FROM w),
    tk AS (
      SELECT t.created_at, t.first_response_at, t.resolved_at, t.closed_at, t.first_response_due_at, t.resolution_due_at
      FROM tickets t JOIN customers c ON c.id = t.customer_id
      WHERE t.merged_into_id IS NULL AND ${s.customers} AND ${s.tickets}
        AND (coalesce(t.resolved_at, t.closed_at) IS NULL OR coalesce(t.resolved_at, t.closed_at) >= (${lo}::date)::timestamp AT TIME ZONE ${tz}
             OR t.first_response_at >= (${lo}::date)::timestamp AT TIME ZONE ${tz})
    ),
    opened AS (
      SELECT wt.key, count(*)::int AS n FROM wt JOIN tk ON tk.created_at < wt.tend AND (${done} IS NULL OR ${done} >= wt.tend)
      GROUP BY wt.key
    ),
    res AS (
      SELECT wt.key, count(*)::int AS resolved,
        (count(*) FILTER (WHERE tk.first_response_due_at IS NOT NULL OR tk.resolution_due_at IS NOT NULL))::int AS with_due,
        (count(*) FILTER (WHERE (tk.first_response_due_at IS NOT NULL OR tk.resolution_due_at IS NOT NULL)
          AND (tk.first_response_due_at IS NULL OR tk.first_response_at <= tk.first_response_due_at)
          AND (tk.resolution_due_at IS NULL OR tk.resolved_at <= tk.resolution_due_at)))::int AS met,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM tk.resolved_at - tk.created_at) / 60) AS median_resolution
      FROM wt JOIN tk ON tk.resolved_at >= wt.ts AND tk.resolved_at < wt.te GROUP BY wt.key
    ),
    fr AS (
      SELECT wt.key, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM tk.first_response_at - tk.created_at) / 60) AS median_first
      FROM wt JOIN tk ON tk.first_response_at >= wt.ts AND tk.first_response_at < wt.te GROUP BY wt.key
    )
    SELECT wt.key, CASE WHEN wt.ts <= ${s.now.toISOString()}::timestamptz THEN coalesce(opened.n, 0) END AS open,
      coalesce(res.resolved, 0) AS resolved, coalesce(res.with_due, 0) AS with_due, coalesce(res.met, 0) AS met,
      res.median_resolution::float8 AS median_resolution, fr.median_first::float8 AS median_first
    FROM wt LEFT JOIN opened ON opened.key = wt.key LEFT JOIN res ON res.key = wt.key LEFT JOIN fr ON fr.key = wt.key`);
  type Raw = { key: string; open: number | null; resolved: number; with_due: number; met: number; median_resolution: number | null; median_first: number | null };
  return new Map((res.rows as Raw[]).map((r) => [r.key, {
    key: r.key, open: r.open === null ? null : Number(r.open), resolved: Number(r.resolved), withDue: Number(r.with_due), met: Number(r.met),
    medianResolution: r.median_resolution === null ? null : Number(r.median_resolution), medianFirstResponse: r.median_first === null ? null : Number(r.median_first),
  }]));
}
