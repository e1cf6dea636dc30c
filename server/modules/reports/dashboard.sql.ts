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
  /** The reader sees every document (documents scope 'all'): the sales rollup answers (it has no per-document owner). */
  rollup: boolean;
};

const windowValues = (ws: Window[]) => sql.join(ws.map((w) =>
  sql`(${w.key}, ${w.start}::date, ${w.stop}::date, ${w.prior.start}::date, ${w.prior.stop}::date)`), sql`, `);
const minOf = (xs: string[]) => xs.reduce((a, b) => (a < b ? a : b));
const maxOf = (xs: string[]) => xs.reduce((a, b) => (a > b ? a : b));

/**
 * The windows overlap (the period, its trend points, each one's prior window), so rows are not joined to them by range
 * (every row tested against every window). Instead the windows' edges cut time into elementary intervals; a row finds
 * its interval with width_bucket (a binary search), and an equi-join maps intervals to the windows that cover them.
 */
function intervals(ws: Window[], withPriors: boolean) {
  const bounds = [...new Set(ws.flatMap((w) => [w.start, w.stop, ...(withPriors ? [w.prior.start, w.prior.stop] : [])]))].sort();
  const at = (d: string) => bounds.indexOf(d) + 1; // width_bucket numbers [bounds[i-1], bounds[i]) as i
  const cover = (key: string, start: string, stop: string) => { const out: SQL[] = []; for (let i = at(start); i < at(stop); i++) out.push(sql`(${key}::text, ${i}::int)`); return out; };
  const map = (pick: (w: Window) => { start: string; stop: string }) => {
    const rows = ws.flatMap((w) => cover(w.key, pick(w).start, pick(w).stop));
    return rows.length ? sql.join(rows, sql`, `) : sql`(NULL::text, NULL::int)`;
  };
  return {
    dates: sql`ARRAY[${sql.join(bounds.map((b) => sql`${b}::date`), sql`, `)}]`,
    instants: (tz: string) => sql`ARRAY[${sql.join(bounds.map((b) => sql`(${b}::date)::timestamp AT TIME ZONE ${tz}`), sql`, `)}]`,
    windows: map((w) => w), priors: map((w) => w.prior),
    keys: sql.join(ws.map((w) => sql`(${w.key}::text)`), sql`, `),
  };
}

/** An issued invoice that is not cancelled: an order. */
const ORDER = sql`(i.kind = 'invoice' AND i.status <> 'cancelled')`;

export type SalesRow = { key: string; revenue: string | null; gross: string | null; orders: number; buyers: number; repeaters: number; base: number; kept: number };

export async function salesFigures(db: Db, s: DashboardScope, ws: Window[]): Promise<Map<string, SalesRow>> {
  const lo = minOf(ws.flatMap((w) => [w.start, w.prior.start]));
  const hi = maxOf(ws.map((w) => w.stop));
  const iv = intervals(ws, true);
  const res = await db.execute(sql`
    WITH k(key) AS (VALUES ${iv.keys}), wm(key, e) AS (VALUES ${iv.windows}), pm(key, e) AS (VALUES ${iv.priors}),
    inv AS (
      SELECT d.customer_id, width_bucket(d.issue_date, ${iv.dates}) AS e, d.kind, d.status, d.grand_total
      FROM documents d JOIN customers c ON c.id = d.customer_id
      WHERE ((d.kind = 'invoice' AND d.number IS NOT NULL) OR (d.kind = 'credit_note' AND d.status <> 'draft'))
        AND d.issue_date >= ${lo}::date AND d.issue_date < ${hi}::date AND ${s.customers} AND ${s.documents}
    ),
    per AS (
      SELECT wm.key, i.customer_id,
        count(*) FILTER (WHERE ${ORDER}) AS n,
        coalesce(sum(i.grand_total) FILTER (WHERE ${ORDER}), 0) AS gross,
        sum(CASE WHEN i.kind = 'credit_note' THEN -i.grand_total ELSE i.grand_total END) AS net
      FROM inv i JOIN wm ON wm.e = i.e
      GROUP BY wm.key, i.customer_id
    ),
    pri AS (SELECT DISTINCT pm.key, i.customer_id FROM inv i JOIN pm ON pm.e = i.e WHERE ${ORDER}),
    ret AS (
      SELECT p.key, count(*)::int AS base, count(q.customer_id)::int AS kept
      FROM pri p LEFT JOIN per q ON q.key = p.key AND q.customer_id = p.customer_id AND q.n > 0
      GROUP BY p.key
    ),
    agg AS (
      SELECT key, sum(net)::text AS revenue, sum(gross)::text AS gross, sum(n)::int AS orders,
        (count(*) FILTER (WHERE n > 0))::int AS buyers, (count(*) FILTER (WHERE n > 1))::int AS repeaters
      FROM per GROUP BY key
    )
    SELECT k.key, agg.revenue, agg.gross, coalesce(agg.orders, 0) AS orders, coalesce(agg.buyers, 0) AS buyers,
      coalesce(agg.repeaters, 0) AS repeaters, coalesce(ret.base, 0) AS base, coalesce(ret.kept, 0) AS kept
    FROM k LEFT JOIN agg ON agg.key = k.key LEFT JOIN ret ON ret.key = k.key`);
  return new Map((res.rows as SalesRow[]).map((r) => [r.key, { ...r, orders: Number(r.orders), buyers: Number(r.buyers), repeaters: Number(r.repeaters), base: Number(r.base), kept: Number(r.kept) }]));
}

export type VoiceRow = { key: string; metric: 'nps' | 'csat' | 'ces'; n: number; promoters: number; detractors: number; satisfied: number; mean: number | null };

export async function voiceFigures(db: Db, s: DashboardScope, ws: Window[]): Promise<VoiceRow[]> {
  const who = s.restricted ? sql`(c.id IS NOT NULL AND ${s.customers})` : sql`(r.customer_id IS NULL OR ${s.customers})`;
  const iv = intervals(ws, false);
  const lo = minOf(ws.map((w) => w.start));
  const hi = maxOf(ws.map((w) => w.stop));
  const at = (d: string) => sql`(${d}::date)::timestamp AT TIME ZONE ${s.timeZone}`;
  const res = await db.execute(sql`
    WITH wm(key, e) AS (VALUES ${iv.windows}),
    r AS (
      SELECT width_bucket(r.created_at, ${iv.instants(s.timeZone)}) AS e, r.metric, r.score
      FROM survey_responses r LEFT JOIN customers c ON c.id = r.customer_id
      WHERE r.metric IN ('nps', 'csat', 'ces') AND r.score IS NOT NULL AND r.created_at >= ${at(lo)} AND r.created_at < ${at(hi)} AND ${who}
    )
    SELECT wm.key, r.metric, count(*)::int AS n,
      (count(*) FILTER (WHERE r.score >= 9))::int AS promoters, (count(*) FILTER (WHERE r.score <= 6))::int AS detractors,
      (count(*) FILTER (WHERE r.score >= 4))::int AS satisfied, avg(r.score)::float8 AS mean
    FROM r JOIN wm ON wm.e = r.e
    GROUP BY wm.key, r.metric`);
  return (res.rows as VoiceRow[]).map((r) => ({ ...r, n: Number(r.n), promoters: Number(r.promoters), detractors: Number(r.detractors), satisfied: Number(r.satisfied), mean: r.mean === null ? null : Number(r.mean) }));
}

export type SupportRow = { key: string; open: number | null; resolved: number; withDue: number; met: number; medianResolution: number | null; medianFirstResponse: number | null };

export async function supportFigures(db: Db, s: DashboardScope, ws: Window[]): Promise<Map<string, SupportRow>> {
  const tz = s.timeZone;
  const lo = minOf(ws.map((w) => w.start));
  const done = sql`coalesce(tk.resolved_at, tk.closed_at)`;
  const iv = intervals(ws, false);
  const cuts = iv.instants(tz);
  const res = await db.execute(sql`
    WITH w(key, start, stop, pstart, pstop) AS (VALUES ${windowValues(ws)}), wm(key, e) AS (VALUES ${iv.windows}),
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
      SELECT wm.key, count(*)::int AS resolved,
        (count(*) FILTER (WHERE tk.first_response_due_at IS NOT NULL OR tk.resolution_due_at IS NOT NULL))::int AS with_due,
        (count(*) FILTER (WHERE (tk.first_response_due_at IS NOT NULL OR tk.resolution_due_at IS NOT NULL)
          AND (tk.first_response_due_at IS NULL OR tk.first_response_at <= tk.first_response_due_at)
          AND (tk.resolution_due_at IS NULL OR tk.resolved_at <= tk.resolution_due_at)))::int AS met,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM tk.resolved_at - tk.created_at) / 60) AS median_resolution
      FROM tk JOIN wm ON wm.e = width_bucket(tk.resolved_at, ${cuts}) WHERE tk.resolved_at IS NOT NULL GROUP BY wm.key
    ),
    fr AS (
      SELECT wm.key, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM tk.first_response_at - tk.created_at) / 60) AS median_first
      FROM tk JOIN wm ON wm.e = width_bucket(tk.first_response_at, ${cuts}) WHERE tk.first_response_at IS NOT NULL GROUP BY wm.key
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
