/** The import job: runs (or resumes) one batch as the user who started it. */
import { z } from 'zod';
import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
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
  const [actor] = b.createdBy ? await actorsOfUsers(db, [b.createdBy]) : [];
  const file = await hasParts(db, batchId);
  if (!actor || !file) {
    await db.update(importBatches).set({ status: 'failed', error: !actor ? 'The user who started the import is no longer active' : 'The file is gone', finishedAt: clock.now() }).where(eq(importBatches.id, batchId));
    return;
  }
  await runBatch({ database, clock, actor, source: partsSource(db, batchId), ...extra }, batchId);
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
