/**
 * A manager's review of a pain point (reports:export, the managers' operation on reports): confirm or dismiss, a note,
 * the action taken; and the before/after of the touchpoint since the action, with sample sizes.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { assertCan, users, type Actor } from '../auth/index.ts';
import { tasks } from '../tasks/index.ts';
import { compareProportions } from '../../analytics/index.ts';
import { journeyPainReviews, type TouchpointDef } from './journeys.tables.ts';
import { loadJourney, tehranStart } from './journeys.service.ts';
import { refreshJourneyEvents } from './journeys.refresh.ts';
import { loadEvents } from './journeys.events.ts';
import { byCustomer, touchEventsOf } from './journeys.derive.ts';
import { painKind, shortHash } from './journeys.findings.ts';
import type { PainReviewInput } from '../../../common/journeys.schemas.ts';

const DAY = 86_400_000;
type ReviewRow = typeof journeyPainReviews.$inferSelect;

/**
 * A pain id is kind.touchpoint.comparison[.line hash]; it must name a touchpoint of the journey with that kind. A
 * drop-off is drop_off.stage.earlier_period, a long wait long_wait.handover touchpoint.earlier_period. `outcome`: the
 * finding is a touchpoint's bad-outcome rate, which the before/after follows (drop-off and waits have no before/after).
 */
export function parsePainId(touchpoints: TouchpointDef[], painId: string, stages: { key: string }[] = []): { tp: TouchpointDef | null; lineHash: string | null; outcome: boolean } {
  const [kind, key, comparison, lineHash, ...rest] = painId.split('.');
  const notFound = () => new AppError('NOT_FOUND', 'Pain point not found');
  if (kind === 'drop_off' || kind === 'long_wait') {
    if (rest.length || lineHash !== undefined || comparison !== 'earlier_period') throw notFound();
    if (kind === 'drop_off') { if (!stages.some((s) => s.key === key)) throw notFound(); return { tp: null, lineHash: null, outcome: false }; }
    const tp = touchpoints.find((t) => t.key === key && t.rule.source === 'handover');
    if (!tp) throw notFound();
    return { tp, lineHash: null, outcome: false };
  }
  const tp = touchpoints.find((t) => t.key === key);
  if (!tp || rest.length || !['touchpoints', 'product_line', 'earlier_period'].includes(comparison) || painKind(tp) !== kind
    || (comparison === 'product_line') !== !!lineHash) throw notFound();
  return { tp, lineHash: lineHash ?? null, outcome: true };
}

/** Bad-outcome rate at the touchpoint in the same length of time before `since` and since it (up to now). */
export async function beforeAfter(db: Db, actor: Actor, journey: { stages: { key: string }[]; touchpoints: TouchpointDef[] } & Record<string, unknown>, tp: TouchpointDef, lineHash: string | null, since: string, now: Date) {
  const start = tehranStart(since);
  const span = Math.max(30 * DAY, now.getTime() - start.getTime());
  await refreshJourneyEvents(db, now);
  const events = await loadEvents(db, actor, { lo: new Date(start.getTime() - span - 400 * DAY), hi: new Date(now.getTime() + DAY), now });
  const side = () => ({ n: 0, bad: 0, rate: null as number | null });
  const before = side(), after = side();
  for (const [, list] of byCustomer(events)) {
    for (const e of touchEventsOf(list, journey.stages as never, journey.touchpoints)) {
      if (e.tp !== tp.key || !e.outcome || (lineHash && (!e.line || shortHash(e.line) !== lineHash))) continue;
      const t = e.at.getTime();
      const s = t >= start.getTime() ? after : t >= start.getTime() - span ? before : null;
      if (!s) continue;
      s.n++; if (e.outcome === 'bad') s.bad++;
    }
  }
  for (const s of [before, after]) s.rate = s.n ? Math.round((s.bad / s.n) * 10_000) / 10_000 : null;
  const c = before.n && after.n ? compareProportions(after.bad, after.n, before.bad, before.n) : null;
  const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
  return { since, before, after, change: c ? { effect: r4(c.effect), low: r4(c.low), high: r4(c.high) } : null };
}

export function presentReview(r: ReviewRow, ba: Awaited<ReturnType<typeof beforeAfter>> | null) {
  const hasAction = r.actionOwnerId || r.actionDueDate || r.actionTaskId || r.actionSince;
  return {
    status: r.status, note: r.note,
    action: hasAction ? { ownerId: r.actionOwnerId, dueDate: r.actionDueDate, taskId: r.actionTaskId, since: r.actionSince } : null,
    reviewedAt: r.reviewedAt.toISOString(), beforeAfter: ba,
  };
}

export async function reviewPain(tx: Db, actor: Actor, clock: Clock, journeyId: string, painId: string, input: PainReviewInput) {
  assertCan(actor, 'reports', 'export');
  const journey = await loadJourney(tx, journeyId);
  const { tp } = parsePainId(journey.touchpoints, painId, journey.stages);
  const now = clock.now();
  const a = input.action;
  if (a?.ownerId) {
    const found = await tx.$count(users, eq(users.id, a.ownerId));
    if (!found) throw new AppError('VALIDATION_FAILED', 'No such user', { 'action.ownerId': 'unknown user' });
  }
  if (a?.taskId) {
    const found = await tx.$count(tasks, eq(tasks.id, a.taskId));
    if (!found) throw new AppError('VALIDATION_FAILED', 'No such task', { 'action.taskId': 'unknown task' });
  }
  const today = new Date(now.getTime() + 3.5 * 3_600_000).toISOString().slice(0, 10);
  const values = {
    journeyId, painId, touchpointKey: tp?.key ?? '', status: input.status, note: input.note ?? null,
    actionOwnerId: a?.ownerId ?? null, actionDueDate: a?.dueDate ?? null, actionTaskId: a?.taskId ?? null,
    actionSince: a ? a.since ?? today : null, reviewedBy: actor.userId, reviewedAt: now,
  };
  const [row] = await tx.insert(journeyPainReviews).values(values)
    .onConflictDoUpdate({ target: [journeyPainReviews.journeyId, journeyPainReviews.painId], set: values }).returning();
  return row;
}

export async function reviewsOf(db: Db, journeyId: string): Promise<Map<string, ReviewRow>> {
  const rows = await db.select().from(journeyPainReviews).where(and(eq(journeyPainReviews.journeyId, journeyId)));
  return new Map(rows.map((r) => [r.painId, r]));
}
