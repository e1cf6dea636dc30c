/** Import use cases: upload (read, detect, map, preview), settings, start, progress, cancel, rejected rows, undo. */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt as sqlGt } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';
import { afterCommit } from '../../db/tx.ts';
import type { Clock } from '../../clock.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, can, scopeOf, users, type Actor } from '../auth/index.ts';
import { reasonText, type ReasonLang } from '../../../common/import-reasons.ts';
import { listCustomFields, csvCell } from '../customers/index.ts';
import { IMPORT_FIELDS, IMPORT_KINDS, type ImportKind, type ImportMapping, type ImportOptions, type ImportView, type ImportPreview } from '../../../common/imports.schemas.ts';
import { importBatches, importRows } from './imports.tables.ts';
import { deleteParts, partsSource, storeParts } from './file-parts.ts';
import { dataRows, detectEncoding, detectFormat, readHead, readRows, type Encoding, type FileFormat, type Source } from './file-reader.ts';
import { autoMapping, findHeaderRow } from './headers.ts';
import { mapRow } from './row-mapper.ts';
import type { BatchRow } from './import-runner.ts';
import { isOtherKind, kindDef, objectOfKind } from './kinds/registry.ts';
import { aliasLookup, kindAutoMapping } from './kinds/kind.ts';

export const IMPORT_JOB = 'imports.run';
const PREVIEW_ROWS = 20;
const HEADER_SCAN_ROWS = 30;

export function presentBatch(b: BatchRow): ImportView {
  return {
    id: b.id, kind: b.kind, fileName: b.fileName, status: b.status, encoding: b.encoding, format: b.format, headerRow: b.headerRow,
    headers: b.headers, mapping: b.mapping, options: b.options, total: b.total, processed: b.cursor, created: b.created,
    updated: b.updated, skipped: b.skipped, rejected: b.rejected, error: b.error,
    createdAt: b.createdAt.toISOString(), finishedAt: b.finishedAt ? b.finishedAt.toISOString() : null,
  };
}

export type FileReading = { format: FileFormat; encoding: Encoding; headerRow: number; headers: string[]; total: number };

/** Detects the format, encoding and header row of a file and counts its data rows (one streaming pass). */
export async function readFileShape(source: Source, fileName: string, encoding: 'auto' | Encoding, kind: ImportKind = 'customers'): Promise<FileReading> {
  const isHeader = isOtherKind(kind) ? aliasLookup(kindDef(kind).aliases) : undefined;
  const head = await readHead(source);
  const format = detectFormat(head, fileName);
  const enc: Encoding = format === 'xlsx' ? 'utf-8' : encoding === 'auto' ? detectEncoding(head) : encoding;
  const first: string[][] = [];
  let total = 0;
  let headerRow = -1;
  const counted = (rows: string[][]) => rows.filter((c) => c.some((x) => x !== '')).length;
  for await (const cells of readRows(source, format, enc)) {
    if (headerRow >= 0) {
      if (cells.some((c) => c !== '')) total++;
      continue;
    }
    first.push(cells);
    // The header is found among the first rows; the data rows among them count too.
    if (first.length === HEADER_SCAN_ROWS) { headerRow = findHeaderRow(first, isHeader); total = counted(first.slice(headerRow + 1)); }
  }
  if (headerRow < 0) {
    headerRow = findHeaderRow(first, isHeader);
    total = counted(first.slice(headerRow + 1));
  }
  const headers = first[headerRow] ?? [];
  return { format, encoding: enc, headerRow, headers, total };
}

export const DEFAULT_OPTIONS: ImportOptions = { dates: 'auto', moneyUnit: 'rial', onDuplicate: 'skip' };

export async function newBatch(db: Db, input: { id?: string; kind: ImportKind; fileName: string; reading: FileReading; options?: Partial<ImportOptions>; createdBy: string | null; status: 'uploaded' | 'running'; now: Date }) {
  const mapping = isOtherKind(input.kind) ? kindAutoMapping(kindDef(input.kind), input.reading.headers)
    : autoMapping(input.reading.headers, await listCustomFields(db, { activeOnly: true }));
  const [row] = await db.insert(importBatches).values({
    ...(input.id ? { id: input.id } : {}), kind: input.kind, status: input.status, fileName: input.fileName, format: input.reading.format, encoding: input.reading.encoding,
    headerRow: input.reading.headerRow, headers: input.reading.headers, mapping, options: { ...DEFAULT_OPTIONS, ...input.options },
    total: input.reading.total, createdBy: input.createdBy, createdAt: input.now, startedAt: input.status === 'running' ? input.now : null,
  }).returning();
  return row;
}

/** The batch, if the actor may see it: its creator, or someone who sees every record of its kind (customers, products …). */
export async function loadBatch(db: Db, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}): Promise<BatchRow> {
  if (!IMPORT_KINDS.some((k) => can(actor, objectOfKind(k), 'create'))) assertCan(actor, 'customers', 'create');
  const q = db.select().from(importBatches).where(eq(importBatches.id, id));
  const [b] = opts.forUpdate ? await q.for('update') : await q;
  if (b) assertCan(actor, objectOfKind(b.kind), 'create');
  if (!b || (b.createdBy !== actor.userId && scopeOf(actor, objectOfKind(b.kind)) !== 'all')) throw notFound('Import');
  return b;
}

/** The first data rows as they will be stored, each with its errors. */
export async function previewRows(db: Db, batch: BatchRow, source: Source) {
  if (isOtherKind(batch.kind)) return previewOtherKind(batch.kind, batch, source);
  const custom = (await listCustomFields(db, { activeOnly: true })).map((f) => ({ key: f.key, type: f.type }));
  const out: ImportPreview['preview'] = [];
  for await (const { index, cells } of dataRows(readRows(source, batch.format, batch.encoding as Encoding), batch.headerRow)) {
    const m = mapRow(cells, batch.mapping, batch.options, custom);
    if (m.ok) {
      const { force: _f, organizations: _o, ...values } = m.input;
      out.push({ row: index + 1, values: { ...values, externalId: m.externalId, notes: m.notes }, errors: [] });
    } else out.push({ row: index + 1, values: Object.fromEntries(batch.headers.map((h, i) => [h || `#${i + 1}`, cells[i] ?? ''])), errors: m.errors });
    if (out.length >= PREVIEW_ROWS) break;
  }
  return out;
}

/** A kind other than customers: its own mapper says what each row becomes. */
async function previewOtherKind(kind: Exclude<ImportKind, 'customers'>, batch: BatchRow, source: Source) {
  const def = kindDef(kind);
  const out: ImportPreview['preview'] = [];
  for await (const { index, cells } of dataRows(readRows(source, batch.format, batch.encoding as Encoding), batch.headerRow)) {
    const m = def.map(cells, batch.mapping, batch.options);
    if (m.ok) out.push({ row: index + 1, values: m.shown, errors: [] });
    else out.push({ row: index + 1, values: Object.fromEntries(batch.headers.map((h, i) => [h || `#${i + 1}`, cells[i] ?? ''])), errors: m.errors });
    if (out.length >= PREVIEW_ROWS) break;
  }
  return out;
}

/** Largest file the upload takes (a bigger list goes through the command line, which reads it from disk). */
export const IMPORT_MAX_BYTES = 512 * 1024 * 1024;

/**
 * The file streams into import_file_parts as it arrives (never whole in memory), is read from there to detect its
 * shape, and only then becomes a batch (one transaction). A refused or unreadable file leaves no parts behind.
 */
export async function uploadImport(database: Database, actor: Actor, clock: Clock, input: { kind: ImportKind; fileName: string; encoding: 'auto' | Encoding; data: Uint8Array | AsyncIterable<Uint8Array | string>; maxBytes?: number }): Promise<ImportPreview> {
  assertCan(actor, objectOfKind(input.kind), 'create');
  const db = database.db;
  const id = randomUUID();
  try {
    const stored = await storeParts(db, id, input.data instanceof Uint8Array ? [input.data] : input.data, input.maxBytes ?? IMPORT_MAX_BYTES);
    if (stored.bytes === 0) throw new AppError('VALIDATION_FAILED', 'The file is empty', { file: 'empty' });
    const source = partsSource(db, id);
    let reading: FileReading;
    try {
      reading = await readFileShape(source, input.fileName, input.encoding, input.kind);
    } catch (err) {
      throw new AppError('VALIDATION_FAILED', 'The file could not be read as CSV or XLSX', { file: err instanceof Error ? err.message.slice(0, 200) : 'unreadable' });
    }
    if (!reading.headers.some((h) => h)) throw new AppError('VALIDATION_FAILED', 'The file has no header row', { file: 'no header row' });
    if (reading.total === 0) throw new AppError('VALIDATION_FAILED', 'The file has no rows under its header', { file: 'no data rows' });
    const batch = await db.transaction((tx) => newBatch(tx as unknown as Db, { id, kind: input.kind, fileName: input.fileName, reading, createdBy: actor.userId, status: 'uploaded', now: clock.now() }));
    return { ...presentBatch(batch), preview: await previewRows(db, batch, source) };
  } catch (err) {
    await deleteParts(db, id).catch(() => {});
    throw err;
  }
}

export async function getImport(db: Db, actor: Actor, id: string): Promise<ImportView> {
  return presentBatch(await loadBatch(db, actor, id));
}

export async function getPreview(db: Db, actor: Actor, id: string): Promise<ImportPreview> {
  const b = await loadBatch(db, actor, id);
  return { ...presentBatch(b), preview: b.status === 'uploaded' ? await previewRows(db, b, partsSource(db, id)) : [] };
}

export async function updateImportSettings(db: Db, actor: Actor, id: string, input: { mapping?: ImportMapping; options?: Partial<ImportOptions> }): Promise<ImportPreview> {
  await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const b = await loadBatch(tx, actor, id, { forUpdate: true });
    if (b.status !== 'uploaded') throw new AppError('CONFLICT', 'The import has started; its settings can no longer change');
    const mapping = input.mapping ?? b.mapping;
    for (const [col, target] of Object.entries(mapping)) {
      if (Number(col) >= Math.max(b.headers.length, 1) + 50) throw new AppError('VALIDATION_FAILED', 'The mapping names a column the file does not have', { mapping: col });
      const known = target === 'ignore' || IMPORT_FIELDS[b.kind].includes(target) || (b.kind === 'customers' && /^(custom|money):/.test(target));
      if (!known) throw new AppError('VALIDATION_FAILED', `An import of ${b.kind} has no field ${target}`, { mapping: `${col}: ${target}` });
    }
    await tx.update(importBatches).set({ mapping, options: { ...b.options, ...input.options } }).where(eq(importBatches.id, id));
  });
  return getPreview(db, actor, id);
}

export async function startImport(db: Db, actor: Actor, queue: JobQueue, id: string): Promise<ImportView> {
  const b = await loadBatch(db, actor, id, { forUpdate: true });
  // Purchases always may update (an invoice goes on across chunks); the others only to update duplicates.
  if (b.options.onDuplicate === 'update' || b.kind === 'purchases') assertCan(actor, objectOfKind(b.kind), 'update');
  if (b.status !== 'uploaded') throw new AppError('CONFLICT', `The import is ${b.status}`);
  const [row] = await db.update(importBatches).set({ status: 'queued' }).where(and(eq(importBatches.id, id), eq(importBatches.status, 'uploaded'))).returning();
  afterCommit(() => queue.send(IMPORT_JOB, { batchId: id }, { singletonKey: id }));
  return presentBatch(row);
}

export async function cancelImport(db: Db, actor: Actor, clock: Clock, id: string): Promise<ImportView> {
  const b = await loadBatch(db, actor, id, { forUpdate: true });
  if (!['uploaded', 'queued', 'running'].includes(b.status)) throw new AppError('CONFLICT', `The import is ${b.status}`);
  const [row] = await db.update(importBatches).set({ status: 'cancelled', finishedAt: clock.now() }).where(eq(importBatches.id, id)).returning();
  await deleteParts(db, id);
  return presentBatch(row);
}

/** The user's language (the rejected rows' reasons default to it). */
export async function userLocale(db: Db, userId: string): Promise<ReasonLang> {
  const [u] = await db.select({ locale: users.locale }).from(users).where(eq(users.id, userId));
  return u?.locale === 'en' ? 'en' : 'fa';
}

/**
 * The rejected rows as CSV: the file's columns plus a reason column (in Persian or English), formula-safe, UTF-8 with
 * BOM (Excel reads it).
 */
export async function* rejectedCsv(db: Db, batch: BatchRow, headers = batch.headers, lang: ReasonLang = 'en'): AsyncGenerator<string> {
  yield '\uFEFF' + [...headers, lang === 'fa' ? 'دلیل' : 'reason'].map(csvCell).join(',') + '\r\n';
  const PAGE = 1000;
  for (let after = -1; ;) {
    const rows = await db.select({ rowNo: importRows.rowNo, cells: importRows.cells, reason: importRows.reason }).from(importRows)
      .where(and(eq(importRows.batchId, batch.id), eq(importRows.outcome, 'rejected'), sqlGt(importRows.rowNo, after))).orderBy(asc(importRows.rowNo)).limit(PAGE);
    for (const r of rows) {
      const cells = r.cells ?? [];
      const width = Math.max(headers.length, cells.length);
      yield [...Array.from({ length: width }, (_, i) => cells[i] ?? ''), reasonText(r.reason ?? '', lang)].map(csvCell).join(',') + '\r\n';
    }
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1].rowNo;
  }
}
