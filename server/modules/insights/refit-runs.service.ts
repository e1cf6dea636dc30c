/**
 * The refit on demand as a job: asking queues a run (answered at once, 202), the job `insights.refit-run` refits and
 * records the outcome on the run, and the screen polls the run. POST /api/insights/refit (synchronous) stays as it was.
 */
import { and, desc, eq, gt, inArray, lte, or, sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { notFound } from '../../errors.ts';
import { insightRefitRuns } from './insights.tables.ts';
import { refit } from './refit.service.ts';

export const INSIGHTS_REFIT_RUN_JOB = 'insights.refit-run';
/**
 * A run still queued or running blocks a second one (the same run is answered), but only for this long: past it, its
 * process is taken for gone and the run is marked failed (failStaleRefitRuns), so it does not stop every later refit.
 */
const STALE_MS = 60 * 60_000;

type Run = typeof insightRefitRuns.$inferSelect;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const presentRun = (r: Run) => ({
  id: r.id, status: r.status, fitId: r.fitId, error: r.error, requestedAt: r.createdAt.toISOString(), startedAt: iso(r.startedAt), finishedAt: iso(r.finishedAt),
});
export type RefitRunView = ReturnType<typeof presentRun>;

const STALE_MINUTES = STALE_MS / 60_000;
const GONE = 'The refit stopped before its end (its process is gone)';

/**
 * Marks failed, with why, the runs left queued or running past the limit (counted from when they were asked for, as
 * the blocking is), and with `allRunning` every run left running whatever its age. Returns how many. A run that was in
 * fact alive and then finishes still records its fit (runQueuedRefit's last write is unconditional).
 */
export async function failStaleRefitRuns(db: Db, now: Date, opts: { allRunning?: boolean } = {}): Promise<number> {
  const old = new Date(now.getTime() - STALE_MS);
  const rows = await db.update(insightRefitRuns).set({
    status: 'failed', finishedAt: now,
    error: sql`CASE WHEN ${insightRefitRuns.status} = 'queued' THEN ${`Never started within ${STALE_MINUTES} minutes of being asked for (no job runner took it)`}
      WHEN ${insightRefitRuns.createdAt} <= ${old} THEN ${`${GONE}: still running ${STALE_MINUTES} minutes after being asked for`}
      ELSE ${`${GONE}: still running when the server started again`} END`,
  }).where(or(
    and(inArray(insightRefitRuns.status, ['queued', 'running']), lte(insightRefitRuns.createdAt, old)),
    opts.allRunning ? eq(insightRefitRuns.status, 'running') : undefined,
  )).returning({ id: insightRefitRuns.id });
  return rows.length;
}

/**
 * At start (when this process starts the jobs): on PGlite the database belongs to this one process, so a run left
 * running was this process's before it stopped and is failed now; on PostgreSQL another server may be running it, so
 * only runs past the limit are. A queued run stays: its job is kept in the queue and runs it.
 */
export async function recoverRefitRuns(database: Database, clock: Clock): Promise<number> {
  return failStaleRefitRuns(database.db, clock.now(), { allRunning: database.kind === 'pglite' });
}

/**
 * Queues a refit, or answers the one already queued or running. Runs past the limit are first marked failed (their
 * process is gone), so they neither block nor stay "running". The run is committed before its job is sent.
 */
export async function queueRefit(db: Db, actor: Actor, queue: JobQueue, clock: Clock): Promise<RefitRunView> {
  assertCan(actor, 'settings', 'update');
  const now = clock.now();
  await failStaleRefitRuns(db, now);
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
