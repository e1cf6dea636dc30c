/**
 * The refit on demand as a job: asking queues a run (answered at once, 202), the job `insights.refit-run` refits and
 * records the outcome on the run, and the screen polls the run. POST /api/insights/refit (synchronous) stays as it was.
 */
import { and, desc, eq, gt, inArray } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { notFound } from '../../errors.ts';
import { insightRefitRuns } from './insights.tables.ts';
import { refit } from './refit.service.ts';

export const INSIGHTS_REFIT_RUN_JOB = 'insights.refit-run';
/**
 * A run still queued or running blocks a second one (the same run is answered), but only for this long: a run whose
 * process died stays "running" in the table, and must not stop every later refit.
 */
const STALE_MS = 60 * 60_000;

type Run = typeof insightRefitRuns.$inferSelect;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const presentRun = (r: Run) => ({
  id: r.id, status: r.status, fitId: r.fitId, error: r.error, requestedAt: r.createdAt.toISOString(), startedAt: iso(r.startedAt), finishedAt: iso(r.finishedAt),
});
export type RefitRunView = ReturnType<typeof presentRun>;

/** Queues a refit, or answers the one already queued or running. The run is committed before its job is sent. */
export async function queueRefit(db: Db, actor: Actor, queue: JobQueue, clock: Clock): Promise<RefitRunView> {
  assertCan(actor, 'settings', 'update');
  const now = clock.now();
  const [pending] = await db.select().from(insightRefitRuns)
    .where(and(inArray(insightRefitRuns.status, ['queued', 'running']), gt(insightRefitRuns.createdAt, new Date(now.getTime() - STALE_MS))))
    .orderBy(desc(insightRefitRuns.createdAt)).limit(1);
  if (pending) return presentRun(pending);
  const [run] = await db.insert(insightRefitRuns).values({ requestedBy: actor.userId, createdAt: now }).returning();
  try {
    await queue.send(INSIGHTS_REFIT_RUN_JOB, { runId: run.id });
  } catch (err) {
    const [failed] = await db.update(insightRefitRuns).set({ status: 'failed', error: `could not be queued: ${(err as Error).message}`.slice(0, 500), finishedAt: clock.now() })
      .where(eq(insightRefitRuns.id, run.id)).returning();
    return presentRun(failed);
  }
  return presentRun(run);
}

/**
 * The job: takes the run if it is still queued (a job delivered twice finds it taken and does nothing), refits, and
 * records the fit or the error. A failed refit is recorded, not retried: whoever asked sees why and may ask again.
 */
export async function runQueuedRefit(database: Database, clock: Clock, runId: string): Promise<void> {
  const db = database.db;
  const [run] = await db.update(insightRefitRuns).set({ status: 'running', startedAt: clock.now() })
    .where(and(eq(insightRefitRuns.id, runId), eq(insightRefitRuns.status, 'queued'))).returning({ id: insightRefitRuns.id });
  if (!run) return;
  try {
    const result = await refit(database, clock);
    await db.update(insightRefitRuns).set({ status: 'done', fitId: result.fitId, finishedAt: clock.now() }).where(eq(insightRefitRuns.id, runId));
  } catch (err) {
    await db.update(insightRefitRuns).set({ status: 'failed', error: ((err as Error).message || String(err)).slice(0, 500), finishedAt: clock.now() })
      .where(eq(insightRefitRuns.id, runId));
  }
}

export async function getRefitRun(db: Db, actor: Actor, id: string): Promise<RefitRunView> {
  assertCan(actor, 'customers', 'read');
  const [run] = await db.select().from(insightRefitRuns).where(eq(insightRefitRuns.id, id));
  if (!run) throw notFound('Refit run');
  return presentRun(run);
}

/** The latest run asked for on demand, or null: the screen shows one still under way after a reload. */
export async function latestRefitRun(db: Db, actor: Actor): Promise<RefitRunView | null> {
  assertCan(actor, 'customers', 'read');
  const [run] = await db.select().from(insightRefitRuns).orderBy(desc(insightRefitRuns.createdAt)).limit(1);
  return run ? presentRun(run) : null;
}
