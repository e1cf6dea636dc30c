/**
 * The scorecard now and by month: each month's point is the same measure taken at the month's end (Tehran midnight
 * after its last day) over the 90 days before it; the current month's point is now. A finished month is stored once
 * by the monthly job (scorecard_snapshots) and read from there; a month with no snapshot (before the job ran, or
 * before this was built) is re-measured from today's rows and kept in memory for six hours per database.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { can, scopeOf, type Actor } from '../auth/index.ts';
import { periodOf } from '../reports/index.ts';
import { addDays, todayIn } from '../../../common/jalali.ts';
import type { ScorecardView } from '../../../common/scorecard.schemas.ts';
import { overall, scoreItems } from './scorecard.score.ts';
import { pendingDuplicatePairs, signalsAt, WINDOW_DAYS } from './scorecard.query.ts';
import { scorecardSnapshots } from './scorecard.tables.ts';

type Calendar = 'jalali' | 'gregorian';
type Point = { month: string; score: number; items: Record<string, number>; stored: boolean };
const CALENDARS: Calendar[] = ['jalali', 'gregorian'];
const PAST_TTL_MS = 6 * 3600_000;
const pastPoints = new WeakMap<object, Map<string, { at: number; point: Point }>>();

/** Business-wide figures: the reader needs reports:read and sight of every customer and ticket. */
export function assertCanReadScorecard(actor: Actor): void {
  if (!can(actor, 'reports', 'read')) throw new AppError('FORBIDDEN', 'Your role may not read reports', { object: 'reports', operation: 'read' });
  if (scopeOf(actor, 'customers') !== 'all' || !can(actor, 'tickets', 'read') || scopeOf(actor, 'tickets') !== 'all') {
    throw new AppError('FORBIDDEN', 'The scorecard measures the whole business: it needs a role that sees every customer and ticket', { object: 'reports', operation: 'read' });
  }
}

const tehranMidnight = (isoDay: string) => new Date(`${isoDay}T00:00:00+03:30`).toISOString();
const itemScores = (its: { key: string; score: number }[]) => Object.fromEntries(its.map((i) => [i.key, i.score]));

/** The `count` months before the one `now` falls in, oldest first, with the day after each one's last (`stop`). */
function monthsBefore(now: Date, calendar: Calendar, count: number): { key: string; stop: string }[] {
  const current = periodOf('month', todayIn(now), calendar);
  const months: { key: string; stop: string }[] = [];
  let day = addDays(current.start, -1);
  for (let k = 0; k < count; k++) {
    const p = periodOf('month', day, calendar);
    months.unshift({ key: p.key, stop: p.stop });
    day = addDays(p.start, -1);
  }
  return months;
}

export const SCORECARD_MONTHLY_JOB = 'scorecard.monthly';
/** Daily at 21:30 UTC (01:00 in Tehran): the first run after a month ends stores it; the others find it stored. */
export const SCORECARD_MONTHLY_CRON = '30 21 * * *';

/**
 * Stores the month that ended last, in each calendar, as measured now (just after its end): once — a month already
 * stored is left as it is (ON CONFLICT DO NOTHING), so a second run or two app instances store it once.
 */
export async function storeFinishedMonths(database: Database, clock: Clock): Promise<{ stored: string[] }> {
  const db = database.db;
  const now = clock.now();
  const stored: string[] = [];
  let duplicates: number | null = null;
  for (const calendar of CALENDARS) {
    const [m] = monthsBefore(now, calendar, 1);
    const [have] = await db.select({ month: scorecardSnapshots.month }).from(scorecardSnapshots)
      .where(and(eq(scorecardSnapshots.calendar, calendar), eq(scorecardSnapshots.month, m.key)));
    if (have) continue;
    duplicates ??= await pendingDuplicatePairs(db);
    const at = tehranMidnight(m.stop);
    const items = scoreItems(await signalsAt(db, at, duplicates));
    const res = await db.insert(scorecardSnapshots).values({ calendar, month: m.key, score: overall(items), items, measuredAt: new Date(at), computedAt: now })
      .onConflictDoNothing().returning({ month: scorecardSnapshots.month });
    if (res.length) stored.push(`${calendar}:${m.key}`);
  }
  return { stored };
}

export async function scorecard(db: Db, actor: Actor, clock: Clock, q: { calendar: Calendar; months: number }): Promise<ScorecardView> {
  assertCanReadScorecard(actor);
  const now = clock.now();
  const nowIso = now.toISOString();
  const duplicates = await pendingDuplicatePairs(db);
  const items = scoreItems(await signalsAt(db, nowIso, duplicates));
  const score = overall(items);
  const point = (month: string, its: typeof items): Point => ({ month, score: overall(its), items: itemScores(its), stored: false });

  // The months before the current one, oldest first: stored snapshots first, the others re-measured.
  let cache = pastPoints.get(db);
  if (!cache) { cache = new Map(); pastPoints.set(db, cache); }
  const current = periodOf('month', todayIn(now), q.calendar);
  const months = monthsBefore(now, q.calendar, q.months - 1);
  const snapshots = months.length ? await db.select().from(scorecardSnapshots)
    .where(and(eq(scorecardSnapshots.calendar, q.calendar), inArray(scorecardSnapshots.month, months.map((m) => m.key)))) : [];
  const byMonth = new Map(snapshots.map((s) => [s.month, s]));
  const history: Point[] = [];
  for (const m of months) {
    const snap = byMonth.get(m.key);
    if (snap) { history.push({ month: m.key, score: snap.score, items: itemScores(snap.items), stored: true }); continue; }
    const key = `${q.calendar}:${m.key}`;
    const hit = cache.get(key);
    if (hit && now.getTime() - hit.at < PAST_TTL_MS && hit.at >= Date.parse(tehranMidnight(m.stop))) { history.push(hit.point); continue; }
    const p = point(m.key, scoreItems(await signalsAt(db, tehranMidnight(m.stop), duplicates)));
    cache.set(key, { at: now.getTime(), point: p });
    history.push(p);
  }
  history.push(point(current.key, items));
  return { score, asOf: nowIso, windowDays: WINDOW_DAYS, items, history };
}
