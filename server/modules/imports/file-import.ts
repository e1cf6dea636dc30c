/** An import from a file on disk, run to its end in this process (the command line): the same reading, mapping and writes as the wizard's job. */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { holdSessionLock, type Database } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { systemActor } from '../auth/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import type { ImportKind, ImportOptions, ImportSummary } from '../../../common/imports.schemas.ts';
import { readFileShape, newBatch, rejectedCsv } from './imports.service.ts';
import { runBatch, type RunDeps } from './import-runner.ts';
import { CLI_IMPORT_LOCK } from './imports.jobs.ts';
import type { Encoding, Source } from './file-reader.ts';

export const fileSource = (file: string): Source => () => fs.createReadStream(file);

export async function importCustomersFromFile(database: Database, clock: Clock, input: {
  file: string; encoding: 'auto' | Encoding; options: ImportOptions; dataDir?: string; chunkSize?: number;
}): Promise<ImportSummary> {
  return importFromFile(database, clock, { ...input, kind: 'customers' });
}

/** Any kind: customers, products, purchases, interactions, tickets. */
export async function importFromFile(database: Database, clock: Clock, input: {
  kind: ImportKind; file: string; encoding: 'auto' | Encoding; options: ImportOptions; dataDir?: string; chunkSize?: number;
  /** Test hook, as in RunDeps. */
  afterChunk?: RunDeps['afterChunk'];
}): Promise<ImportSummary> {
  const source = fileSource(input.file);
  const reading = await readFileShape(source, path.basename(input.file), input.encoding, input.kind);
  // Held from before the batch exists to after its last chunk: a server starting meanwhile on the same PostgreSQL
  // database sees this process is alive and leaves the batch to it (imports.jobs.ts).
  const id = randomUUID();
  const release = await holdSessionLock(database, CLI_IMPORT_LOCK, id);
  let done;
  let batch;
  try {
    batch = await newBatch(database.db, { id, kind: input.kind, fileName: path.basename(input.file), reading, options: input.options, createdBy: null, status: 'running', now: clock.now() });
    // The command line acts with an administrator's rights; created records have no owner until someone takes them.
    const actor = systemActor(DEFAULT_ROLES.admin.permissions);
    done = await runBatch({ database, clock, actor, source, ownerId: null, chunkSize: input.chunkSize, afterChunk: input.afterChunk }, batch.id);
  } finally {
    await release();
  }
  let rejectedFile: string | null = null;
  if (done.rejected > 0) {
    const name = `${path.basename(input.file).replace(/\.[^.]+$/, '')}.rejected-${batch.id.slice(0, 8)}.csv`;
    const candidates = [path.join(path.dirname(path.resolve(input.file)), name), ...(input.dataDir ? [path.join(path.resolve(input.dataDir), name)] : [])];
    for (const target of candidates) {
      try {
        const out = fs.createWriteStream(target, { flags: 'wx' });
        await new Promise((resolve, reject) => { out.once('open', resolve); out.once('error', reject); });
        for await (const chunk of rejectedCsv(database.db, done)) if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
        await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
        rejectedFile = target;
        break;
      } catch { /* not writable there: try the data folder */ }
    }
  }
  return { created: done.created, updated: done.updated, skipped: done.skipped, rejected: done.rejected, rejectedFile, batchId: batch.id };
}
