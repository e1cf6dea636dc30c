/**
 * The scorecard now and by month: each month's point is the same measure taken at the month's end (Tehran midnight
 * after its last day) over the 90 days before it; the current month's point is now. Past months' points are kept in
 * memory for six hours per database (they change only when old records are edited).
 */
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { can, scopeOf, type Actor } from '../auth/index.ts';
import { periodOf } from '../reports/index.ts';
import { addDays, todayIn } from '../../../common/jalali.ts';
import type { ScorecardView } from '../../../common/scorecard.schemas.ts';
import { overall, scoreItems } from './scorecard.score.ts';
import { pendingDuplicatePairs, signalsAt, WINDOW_DAYS } from './scorecard.query.ts';

type Calendar = 'jalali' | 'gregorian';
type Point = { month: string; score: number; items: Record<string, number> };
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

export async function scorecard(db: Db, actor: Actor, clock: Clock, q: { calendar: Calendar; months: number }): Promise<ScorecardView> {
  assertCanReadScorecard(actor);
  const now = clock.now();
  const nowIso = now.toISOString();
  const duplicates = await pendingDuplicatePairs(db);
  const items = scoreItems(await signalsAt(db, nowIso, duplicates));
  const score = overall(items);
  const point = (month: string, its: typeof items): Point => ({ month, score: overall(its), items: Object.fromEntries(its.map((i) => [i.key, i.score])) });

  // The months before the current one, oldest first.
  let cache = pastPoints.get(db);
  if (!cache) { cache = new Map(); pastPoints.set(db, cache); }
  const current = periodOf('month', todayIn(now), q.calendar);
  const months: { key: string; stop: string }[] = [];
  let day = addDays(current.start, -1);
  for (let k = 1; k < q.months; k++) {
    const p = periodOf('month', day, q.calendar);
    months.unshift({ key: p.key, stop: p.stop });
    day = addDays(p.start, -1);
  }
  const history: Point[] = [];
  for (const m of months) {
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
