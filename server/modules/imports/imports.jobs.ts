/** The import job: runs (or resumes) one batch as the user who started it. */
import { z } from 'zod';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { withTx } from '../../db/tx.ts';
import type { Clock } from '../../clock.ts';
import type { JobDef, JobQueue } from '../../jobs/queue.ts';
import { actorsOfUsers } from '../auth/index.ts';
import { importBatches } from './imports.tables.ts';
import { hasParts, partsSource, removeOrphanParts } from './file-parts.ts';
import { runBatch, type RunDeps } from './import-runner.ts';
import { IMPORT_JOB } from './imports.service.ts';

export async function runQueuedBatch(database: Database, clock: Clock, batchId: string, extra: Pick<RunDeps, 'afterChunk' | 'chunkSize' | 'rowByRow'> = {}) {
  const db = database.db;
  const [b] = await db.select().from(importBatches).where(eq(importBatches.id, batchId));
  if (!b || !['queued', 'running'].includes(b.status)) return;
  if (!b.createdBy) { await failIfCliGone(database, clock, batchId); return; }
  const [actor] = b.createdBy ? await actorsOfUsers(db, [b.createdBy]) : [];
  const file = await hasParts(db, batchId);
  if (!actor || !file) {
    await db.update(importBatches).set({ status: 'failed', error: !actor ? 'The user who started the import is no longer active' : 'The file is gone', finishedAt: clock.now() }).where(eq(importBatches.id, batchId));
    return;
  }
  await runBatch({ database, clock, actor, source: partsSource(db, batchId), ...extra }, batchId);
}

/** Advisory-lock class of a command-line import: its process holds (CLI_IMPORT_LOCK, hashtext(batch id)) while it runs. */
export const CLI_IMPORT_LOCK = 7260014;

/**
 * A command-line import (no user, no stored file) is run by its own process, never here. A server that finds one
 * running leaves it alone while that process holds its lock (PostgreSQL: the command may run beside the server); one
 * whose process is gone is marked failed, so it can be undone. The status is checked again under the lock: a run that
 * has just finished stays done.
 */
async function failIfCliGone(database: Database, clock: Clock, batchId: string) {
  await withTx(database, async (tx) => {
    const got = (await tx.execute(sql`SELECT pg_try_advisory_xact_lock(${CLI_IMPORT_LOCK}, hashtext(${batchId})) AS got`)).rows[0] as { got: boolean };
    if (!got.got) return;
    await tx.update(importBatches).set({ status: 'failed', error: 'The command-line import stopped before its end (its process is gone)', finishedAt: clock.now() })
      .where(and(eq(importBatches.id, batchId), inArray(importBatches.status, ['queued', 'running'])));
  });
}

export function importJobs(deps: { database: Database; clock: Clock; afterChunk?: RunDeps['afterChunk'] }): JobDef<unknown>[] {
  const def: JobDef<{ batchId: string }> = {
    name: IMPORT_JOB,
    schema: z.object({ batchId: z.uuid() }),
    // Idempotent: the batch's cursor says where to go on; a finished batch is left alone.
    handler: async ({ batchId }) => runQueuedBatch(deps.database, deps.clock, batchId, { afterChunk: deps.afterChunk }),
    retryLimit: 5,
  };
  return [def as JobDef<unknown>];
}

/** At start: batches a previous process left queued or running go on (their cursor says from where). */
export async function resumeImports(database: Database, queue: JobQueue, now = new Date()) {
  await removeOrphanParts(database.db, now);
  const rows = await database.db.select({ id: importBatches.id }).from(importBatches).where(inArray(importBatches.status, ['queued', 'running']));
  for (const r of rows) await queue.send(IMPORT_JOB, { batchId: r.id }, { singletonKey: r.id });
}
