import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, integer, timestamp, jsonb, customType, primaryKey, index } from 'drizzle-orm/pg-core';
import { users } from '../auth/auth.tables.ts';
import type { ImportMapping, ImportOptions, ImportStatus, ImportKind } from '../../../common/imports.schemas.ts';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** One import of one file: its reading (encoding, header, mapping), options, progress cursor and counters. */
export const importBatches = pgTable('import_batches', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').$type<ImportKind>().notNull(),
  status: text('status').$type<ImportStatus>().notNull(),
  fileName: text('file_name').notNull(),
  format: text('format').$type<'csv' | 'xlsx'>().notNull(),
  encoding: text('encoding').notNull(),
  headerRow: integer('header_row').notNull(),
  headers: jsonb('headers').$type<string[]>().notNull(),
  mapping: jsonb('mapping').$type<ImportMapping>().notNull(),
  options: jsonb('options').$type<ImportOptions>().notNull(),
  total: integer('total').notNull().default(0),
  /** Data rows handled so far: advanced in the same transaction as each chunk's writes (resume point). */
  cursor: integer('cursor').notNull().default(0),
  created: integer('created').notNull().default(0),
  updated: integer('updated').notNull().default(0),
  skipped: integer('skipped').notNull().default(0),
  rejected: integer('rejected').notNull().default(0),
  error: text('error'),
  /** Null for a command-line import (no user). */
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  startedAt: timestamp('started_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [index('import_batches_created').on(t.createdAt.desc())]);

/**
 * The uploaded file, as it arrived, in parts of about a megabyte (seq 0, 1, …): the upload writes them as the body
 * streams in and the preview and the job read them back in order, a few at a time, so no process ever holds the whole
 * file. No foreign key: the parts are written before their batch row exists (the batch is made from what the parts
 * say); parts whose batch never came (an upload cut off by a crash) are removed at start after a day. Dropped once
 * the import is finished or cancelled.
 */
export const importFileParts = pgTable('import_file_parts', {
  batchId: uuid('batch_id').notNull(),
  seq: integer('seq').notNull(),
  bytes: bytea('bytes').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.batchId, t.seq] })]);

/**
 * What happened to each data row: created/updated (with the record and, for an update, the previous values of the
 * fields the import changed, for undo), skipped (a duplicate), rejected (with the reason and the original cells).
 * The primary key makes a row's outcome written once, whatever happens to the job.
 */
export const importRows = pgTable('import_rows', {
  batchId: uuid('batch_id').notNull().references(() => importBatches.id, { onDelete: 'cascade' }),
  rowNo: integer('row_no').notNull(),
  outcome: text('outcome').$type<'created' | 'updated' | 'skipped' | 'rejected'>().notNull(),
  /** The customer the row made, updated or belongs to (a purchase's, interaction's or ticket's customer). */
  customerId: uuid('customer_id'),
  /** For kinds other than customers: the product, invoice, interaction or ticket the row made or updated. */
  recordId: uuid('record_id'),
  /** The row's duplicate key among imports of its kind (invoice number, external ticket number …), for dedupe and resume. */
  recordKey: text('record_key'),
  previous: jsonb('previous').$type<Record<string, unknown>>(),
  reason: text('reason'),
  cells: jsonb('cells').$type<string[]>(),
}, (t) => [
  primaryKey({ columns: [t.batchId, t.rowNo] }), index('import_rows_outcome').on(t.batchId, t.outcome),
  index('import_rows_record_key').on(t.recordKey).where(sql`record_key IS NOT NULL`),
]);
