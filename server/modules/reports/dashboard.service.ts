/**
 * The manager's dashboard: the figures of the period and of the one before, a trend, the CLV distribution, best
 * sellers, common problems and cohorts — over the customers the reader may see and the chosen filters (segment,
 * owner, product bought, source channel). Read permission of reports; the sources' own scopes apply too.
 */
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { assertCan, customerScopeSql, type Actor } from '../auth/index.ts';
import { getOrgSettings } from '../settings/index.ts';
import { visibleDocumentsSql } from '../documents/index.ts';
import { visibleTicketsSql } from '../support/index.ts';
import { savedSegmentWhere } from '../segments/index.ts';
import { todayIn } from '../../../common/jalali.ts';
import { MONEY_METRICS, NUMBER_METRICS, type DashboardQuery, type DashboardView, type MetricView, type MoneyMetricView, type NumberMetric, type MoneyMetric } from '../../../common/dashboard.schemas.ts';
import { addDays } from './periods.ts';
import { percent } from './report-range.ts';
import { cohortMonths, dashboardWindows, type Window } from './dashboard.periods.ts';
import { salesFigures, voiceFigures, supportFigures, type DashboardScope, type SalesRow, type SupportRow, type VoiceRow } from './dashboard.sql.ts';
import { salesFromRollup } from './dashboard.rollup.ts';
import { bestSellers, clvDistribution, cohortTable, commonProblems } from './dashboard.more.ts';

async function scopeOf(db: Db, actor: Actor, clock: Clock, q: DashboardQuery, timeZone: string): Promise<DashboardScope> {
  const parts: SQL[] = [sql`c.deleted_at IS NULL`];
  const scope = customerScopeSql(actor, 'c');
  if (scope) parts.push(scope);
  // A saved segment the reader may use (its compiled rule, or its snapshot for a static one); refused like the segments page.
  if (q.segmentId) parts.push(await savedSegmentWhere(db, actor, clock, q.segmentId));
  if (q.ownerId) parts.push(sql`c.owner_id = ${q.ownerId}`);
  if (q.channel) parts.push(sql`c.source = ${q.channel}`);
  if (q.productId) {
    parts.push(sql`EXISTS (SELECT 1 FROM documents pd JOIN document_lines pl ON pl.document_id = pd.id
      WHERE pd.customer_id = c.id AND pd.kind = 'invoice' AND pd.number IS NOT NULL AND pd.status <> 'cancelled' AND pl.product_id = ${q.productId})`);
  }
  return {
    customers: sql.join(parts.map((p) => sql`(${p})`), sql` AND `),
    restricted: parts.length > 1,
    documents: visibleDocumentsSql(actor),
    tickets: visibleTicketsSql(actor),
    timeZone, now: clock.now(),
    rollup: actor.permissions.documents?.scope === 'all',
  };
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
/** Rounded half up: the average of integer Rials. */
const divRound = (a: bigint, b: number) => ((a * 2n + BigInt(b)) / (2n * BigInt(b))).toString();

type Values = Record<NumberMetric, number | null> & Record<MoneyMetric, string | null>;

function valuesOf(sales: SalesRow | undefined, voice: VoiceRow[], support: SupportRow | undefined): Values {
  const v = (m: VoiceRow['metric']) => voice.find((r) => r.metric === m);
  const nps = v('nps'); const csat = v('csat'); const ces = v('ces');
  const retention = sales ? percent(sales.kept, sales.base) : null;
  const orders = sales?.orders ?? 0;
  return {
    nps: nps && nps.n ? round((100 * (nps.promoters - nps.detractors)) / nps.n, 1) : null,
    csat: csat ? percent(csat.satisfied, csat.n) : null,
    ces: ces && ces.mean !== null ? round(ces.mean, 2) : null,
    responses: voice.reduce((s, r) => s + r.n, 0),
    retention,
    churnRate: retention === null ? null : round(100 - retention, 1),
    repeatRate: sales ? percent(sales.repeaters, sales.buyers) : null,
    orders,
    buyers: sales?.buyers ?? 0,
    revenue: sales?.revenue ?? '0',
    averageOrderValue: orders > 0 ? divRound(BigInt(sales!.gross ?? '0'), orders) : null,
    openTickets: support?.open ?? null,
    slaAttainment: support ? percent(support.met, support.withDue) : null,
    medianFirstResponseMinutes: support?.medianFirstResponse == null ? null : round(support.medianFirstResponse, 1),
    medianResolutionMinutes: support?.medianResolution == null ? null : round(support.medianResolution, 1),
  };
}

function metric(value: number | null, previous: number | null): MetricView {
  const delta = value !== null && previous !== null ? round(value - previous, 2) : null;
  return { value, previous, delta, changePct: delta !== null && previous ? round((100 * delta) / Math.abs(previous), 1) : null };
}
function moneyMetric(value: string | null, previous: string | null): MoneyMetricView {
  const delta = value !== null && previous !== null ? (BigInt(value) - BigInt(previous)).toString() : null;
  const p = previous !== null ? Number(previous) : 0;
  return { value, previous, delta, changePct: delta !== null && p ? round((100 * Number(delta)) / Math.abs(p), 1) : null };
}

const dialect = new PgDialect();
/** A condition as text, its timestamps cut to the day (a segment's "within the last 30 days" moves every millisecond). */
const rendered = (s: SQL | undefined) => (s ? JSON.stringify(dialect.sqlToQuery(s)).replace(/(\d{4}-\d{2}-\d{2})T[\d:.]+Z/g, '$1') : '-');

/**
 * What a dashboard depends on besides the data: the query, today (the periods and trend end there), and the reader's
 * view of the data (customers scope and filters with the segment's condition, documents and tickets scopes, whether
 * the sales rollup serves them). Two readers with the same key see the same figures. Refuses like `dashboard`.
 */
export async function dashboardKey(db: Db, actor: Actor, clock: Clock, q: DashboardQuery): Promise<string> {
  assertCan(actor, 'reports', 'read');
  const { timeZone } = await getOrgSettings(db);
  const s = await scopeOf(db, actor, clock, q, timeZone);
  const query = [q.period, q.calendar, q.from ?? '', q.to ?? '', q.segmentId ?? '', q.ownerId ?? '', q.productId ?? '', q.channel ?? ''];
  const parts = [...query, todayIn(clock.now(), timeZone), timeZone, rendered(s.customers), rendered(s.documents), rendered(s.tickets), String(s.rollup)];
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

/** `useRollup: false` reads the documents themselves even for a reader who sees them all (tests and the benchmark compare). */
export async function dashboard(db: Db, actor: Actor, clock: Clock, q: DashboardQuery, opts: { useRollup?: boolean } = {}): Promise<DashboardView> {
  assertCan(actor, 'reports', 'read');
  const { timeZone } = await getOrgSettings(db);
  const today = todayIn(clock.now(), timeZone);
  const w = dashboardWindows(q, today);
  // The trend stops at today: the weeks or months still to come would only draw zeros.
  w.buckets = w.buckets.filter((b) => b.start <= today);
  const s = await scopeOf(db, actor, clock, q, timeZone);
  if (opts.useRollup === false) s.rollup = false;
  const all: Window[] = [w.current, w.previous, ...w.buckets];
  const sales = s.rollup ? await salesFromRollup(db, s, all, q.calendar) : await salesFigures(db, s, all);
  const voice = await voiceFigures(db, s, all);
  const support = await supportFigures(db, s, all);
  const clv = await clvDistribution(db, s);
  const best = await bestSellers(db, s, w.current);
  const problems = await commonProblems(db, s, w.current, w.previous);
  const cohorts = await cohortTable(db, s, cohortMonths(addDays(w.current.stop, -1), q.calendar), q.calendar);
  const at = (k: string) => valuesOf(sales.get(k), voice.filter((r) => r.key === k), support.get(k));
  const cur = at('current');
  const prev = at('previous');
  return {
    period: {
      kind: q.period, calendar: q.calendar, from: w.current.start, to: addDays(w.current.stop, -1),
      previous: { from: w.previous.start, to: addDays(w.previous.stop, -1) }, granularity: w.granularity,
    },
    filters: { segmentId: q.segmentId ?? null, ownerId: q.ownerId ?? null, productId: q.productId ?? null, channel: q.channel ?? null },
    metrics: {
      ...Object.fromEntries(NUMBER_METRICS.map((k) => [k, metric(cur[k], prev[k])])) as Record<NumberMetric, MetricView>,
      ...Object.fromEntries(MONEY_METRICS.map((k) => [k, moneyMetric(cur[k], prev[k])])) as Record<MoneyMetric, MoneyMetricView>,
    },
    trend: w.buckets.map((b) => ({ key: b.key, start: b.start, stop: b.stop, values: at(b.key) })),
    clv, bestSellers: best, problems, cohorts,
    computedAt: clock.now().toISOString(),
  };
}
