/**
 * Runs an import: reads the file from the start, skips the rows already done (the batch's cursor), and handles the
 * rest in chunks. Each chunk is one transaction that writes its customers, each row's outcome and the advanced
 * cursor together, so a crash loses no row and a resume doubles none. The job and the command line both run this.
 */
import { eq, sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';
import { withTx } from '../../db/tx.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../auth/index.ts';
import { bulkSetup, listCustomFields, refreshCustomerStats, type BulkSetup } from '../customers/index.ts';
import { importBatches, importRows } from './imports.tables.ts';
import { deleteParts } from './file-parts.ts';
import { insertRowsJsonSql } from '../../db/bulk-insert.ts';
import { dataRows, readRows, type Encoding, type Source } from './file-reader.ts';
import { mapRow, type CustomFieldInfo, type MappedRow } from './row-mapper.ts';
import { writeCustomerRow } from './customer-rows.ts';
import { prepareRow, writeChunkFast, type Finish, type Prepared } from './chunk-fast.ts';
import { errorText, type Outcome } from './outcome.ts';
import { isOtherKind, kindDef } from './kinds/registry.ts';

export type BatchRow = typeof importBatches.$inferSelect;
/** A data row read from the file; a customer row is mapped as soon as it is read (while the previous chunk is written). */
type PendingRow = { index: number; cells: string[]; mapped?: MappedRow; prepared?: Prepared };

export type RunDeps = {
  database: Database;
  clock: Clock;
  actor: Actor;
  source: Source;
  /** Owner of created records; undefined: the acting user (the command line has none: null). */
  ownerId?: string | null;
  chunkSize?: number;
  /** Skip the chunk path and write row by row (the fallback it takes when the database refuses a chunk; for tests). */
  rowByRow?: boolean;
  /** Test hook: called after each committed chunk (1-based); a throw stops the run there, as a crash would. */
  afterChunk?: (chunk: number) => void | Promise<void>;
};

const DEFAULT_CHUNK = 1000;
/** Rows mapped between two turns of the event loop while a chunk is in flight. */
const YIELD_EVERY = 32;
/** A group longer than this many chunks is cut anyway (its writer then adds to the record it began). */
const GROUP_SLACK = 20;

/** How many pending rows to commit: all but the trailing rows of the last group (which may go on), or all at the cap. */
export function groupCut(pending: { cells: string[] }[], group: (cells: string[]) => string, cap: number): number {
  if (pending.length >= cap) return pending.length;
  const last = group(pending[pending.length - 1].cells);
  let i = pending.length - 1;
  while (i > 0 && group(pending[i - 1].cells) === last) i--;
  return i;
}

/** Row by row, each in its own savepoint: the slow path, for a chunk the fast path could not write. */
async function processChunk(tx: Db, deps: RunDeps, batch: BatchRow, rows: PendingRow[], customFields: CustomFieldInfo[]): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const { index, cells, mapped: early } of rows) {
    const mapped = early ?? mapRow(cells, batch.mapping, batch.options, customFields);
    if (!mapped.ok) { out.push({ rowNo: index, outcome: 'rejected', customerId: null, previous: null, reason: mapped.errors.join('; '), cells }); continue; }
    try {
      // A savepoint per row: a row the database refuses is rejected alone, the chunk goes on.
      const r = await tx.transaction((sp) => writeCustomerRow({ tx: sp as unknown as Db, actor: deps.actor, clock: deps.clock, options: batch.options, batchId: batch.id, ownerId: deps.ownerId }, mapped));
      if (r.outcome === 'created') out.push({ rowNo: index, outcome: 'created', customerId: r.customerId, previous: null, reason: null, cells: null });
      else if (r.outcome === 'updated') out.push({ rowNo: index, outcome: 'updated', customerId: r.customerId, previous: r.previous, reason: null, cells: null });
      else out.push({ rowNo: index, outcome: 'skipped', customerId: r.customerId, previous: null, reason: r.reason, cells: null });
    } catch (err) {
      out.push({ rowNo: index, outcome: 'rejected', customerId: null, previous: null, reason: errorText(err), cells });
    }
  }
  return out;
}

/** The chunk's outcome rows and the batch's advanced cursor and counters, as the tail of the chunk's one statement. */
function finishChunk(batchId: string, cursor: number): Finish {
  return (outcomes) => {
    const n = (k: Outcome['outcome']) => outcomes.filter((o) => o.outcome === k).length;
    return {
      ctes: outcomes.length ? [sql`outcome_rows AS (${insertRowsJsonSql(importRows, outcomes.map((o) => ({ batchId, ...o })))})`] : [],
      statement: sql`UPDATE import_batches SET cursor = ${cursor}, created = created + ${n('created')}, updated = updated + ${n('updated')},
        skipped = skipped + ${n('skipped')}, rejected = rejected + ${n('rejected')} WHERE id = ${batchId}`,
    };
  };
}

/**
 * Commits one chunk; false when the batch was cancelled or another run already took these rows. Customers go the
 * set-based way (chunk-fast.ts); if the database refuses anything of it, the transaction is rolled back and the
 * chunk is written again row by row, each row in its own savepoint.
 */
async function commitChunk(deps: RunDeps, batchId: string, expectedCursor: number, rows: PendingRow[], customFields: CustomFieldInfo[], setup: BulkSetup | null, slow = false): Promise<boolean> {
  try {
    return await withTx(deps.database, async (tx) => {
      const [batch] = await tx.select().from(importBatches).where(eq(importBatches.id, batchId)).for('update');
      if (!batch || batch.status !== 'running' || batch.cursor !== expectedCursor) return false;
      const ctx = { actor: deps.actor, clock: deps.clock, options: batch.options, batchId: batch.id, ownerId: deps.ownerId };
      const finish = finishChunk(batchId, expectedCursor + rows.length);
      if (!isOtherKind(batch.kind) && setup && !slow) {
        await writeChunkFast({ ...ctx, tx, setup }, rows.map(({ index, cells, mapped, prepared }) => ({
          rowNo: index, cells, mapped: mapped ?? mapRow(cells, batch.mapping, batch.options, customFields), prepared,
        })), batch.options, finish);
        return true;
      }
      let outcomes: Outcome[];
      if (isOtherKind(batch.kind)) {
        // Products, purchases, interactions, tickets: the kind's writer (row by row or invoice by invoice, in savepoints).
        outcomes = await kindDef(batch.kind).writeChunk({ ...ctx, tx, kind: batch.kind }, rows.map(({ index, cells }) => ({ rowNo: index, cells })), batch.mapping);
      } else outcomes = await processChunk(tx, deps, batch, rows, customFields);
      const f = finish(outcomes);
      await tx.execute(f.ctes.length ? sql`WITH ${sql.join(f.ctes, sql`, `)} ${f.statement}` : f.statement);
      return true;
    });
  } catch (err) {
    if (err instanceof AppError || slow || !setup) throw err;
    return commitChunk(deps, batchId, expectedCursor, rows, customFields, setup, true);
  }
}

/** Runs (or resumes) a batch to its end. Safe to call twice: a batch not queued or running is left alone. */
export async function runBatch(deps: RunDeps, batchId: string): Promise<BatchRow> {
  const db = deps.database.db;
  const load = async () => {
    const [b] = await db.select().from(importBatches).where(eq(importBatches.id, batchId));
    if (!b) throw new AppError('NOT_FOUND', 'Import not found');
    return b;
  };
  let batch = await load();
  if (batch.status === 'queued') {
    await db.update(importBatches).set({ status: 'running', startedAt: deps.clock.now() }).where(eq(importBatches.id, batchId));
    batch = await load();
  }
  if (batch.status !== 'running') return batch;
  const customFields = (await listCustomFields(db, { activeOnly: true })).map((f) => ({ key: f.key, type: f.type }));
  const size = deps.chunkSize ?? DEFAULT_CHUNK;
  let cursor = batch.cursor;
  const start = batch.cursor;
  let chunkNo = 0;
  let pending: PendingRow[] = [];
  // A kind whose rows group into one record (an invoice's lines) gets its chunk boundaries between groups.
  const groupOf = isOtherKind(batch.kind) ? kindDef(batch.kind).groupKey : undefined;
  const refreshStats = isOtherKind(batch.kind) ? kindDef(batch.kind).refreshStats ?? (async () => {}) : refreshCustomerStats;
  const group = (cells: string[]) => groupOf!(cells, batch.mapping, batch.options);
  // The mapping and options cannot change once an import runs (updateImportSettings refuses), so rows are mapped early.
  const early = batch.kind === 'customers' && !deps.rowByRow;
  // What the set-based path reads once per run (custom fields, the owner); each row is prepared as soon as it is mapped.
  const setup = early ? await bulkSetup(db, deps.actor, [deps.ownerId]) : null;
  const pend = (row: { index: number; cells: string[] }): PendingRow => {
    if (!setup) return row;
    const mapped = mapRow(row.cells, batch.mapping, batch.options, customFields);
    return { ...row, mapped, prepared: mapped.ok ? prepareRow(setup, deps.clock.now(), deps.ownerId, batch.id, mapped) : undefined };
  };
  // One chunk is written while the next is read and mapped: the database's work and Node's overlap (two cores). The
  // chunks still commit one after the other, each checking the cursor the previous one left.
  let inflight: Promise<boolean> | null = null;
  const settle = async () => {
    const p = inflight;
    inflight = null;
    return p ? p : true;
  };
  const flush = async (n = pending.length) => {
    if (!(await settle())) return false;
    const rows = pending.slice(0, n);
    pending = pending.slice(n);
    inflight = (async () => {
      if (!(await commitChunk(deps, batchId, cursor, rows, customFields, setup))) return false;
      cursor += rows.length;
      // Statistics after chunks 1, 2, 4, 8 …: the duplicate lookups keep using their indexes as the table grows.
      if ((++chunkNo & (chunkNo - 1)) === 0) await refreshStats(deps.database.db);
      await deps.afterChunk?.(chunkNo);
      return true;
    })();
    inflight.catch(() => {}); // awaited by the next flush or at the end; a failure is thrown there
    return true;
  };
  for await (const row of dataRows(readRows(deps.source, batch.format, batch.encoding as Encoding), batch.headerRow)) {
    if (row.index < start) continue;
    pending.push(pend(row));
    // While a chunk is being written, let its answers in every few rows: mapping a whole chunk in one go kept the
    // event loop busy, so the database sat idle between the chunk's statements (measured: BEGIN "took" 0.4 s a chunk).
    if (inflight && pending.length % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    if (pending.length >= size) {
      const n = groupOf ? groupCut(pending, group, size * GROUP_SLACK) : pending.length;
      if (n > 0 && !(await flush(n))) return load();
    }
  }
  if (pending.length && !(await flush())) return load();
  if (!(await settle())) return load();
  await withTx(deps.database, async (tx) => {
    const [b] = await tx.select().from(importBatches).where(eq(importBatches.id, batchId)).for('update');
    if (b?.status !== 'running' || b.cursor !== cursor) return;
    await tx.update(importBatches).set({ status: 'done', total: cursor, finishedAt: deps.clock.now() }).where(eq(importBatches.id, batchId));
    await deleteParts(tx, batchId);
  });
  return load();
}
