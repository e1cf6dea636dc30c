/**
 * The record lists people work in: each user's columns per list, bulk edits with their undo. Shared by the API
 * (validation at the edge) and the web app.
 */
import { z } from 'zod';
import { LIFECYCLE_STAGES } from './customer.schemas.ts';
import { TICKET_PRIORITIES, TICKET_STATUSES } from './support.schemas.ts';
import { TASK_STATUSES } from './activity.schemas.ts';
import { isoInstant } from './time.schemas.ts';

export const LIST_KEYS = ['customers', 'tickets', 'deals', 'documents', 'contracts', 'tasks'] as const;
export type ListKey = (typeof LIST_KEYS)[number];

/** A column key: lower camelCase latin (the web app knows what each list offers; unknown ones are ignored there). */
const columnKey = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_.]{0,59}$/);
export const listPreferenceBody = z.object({ columns: z.array(columnKey).min(1).max(40) }).strict()
  .refine((v) => new Set(v.columns).size === v.columns.length, { message: 'columns must not repeat', path: ['columns'] });
export const listPreferenceView = z.object({ list: z.enum(LIST_KEYS), columns: z.array(z.string()).nullable() });

/** At most one list page (100 rows) and a little more: a bulk edit is one transaction. */
export const BULK_MAX = 200;
const bulkIds = z.array(z.uuid()).min(1).max(BULK_MAX).transform((ids) => [...new Set(ids)]);
const tag = z.string().trim().min(1).max(50);

export const customerBulkRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assignOwner'), ids: bulkIds, value: z.uuid().nullable() }).strict(),
  z.object({ action: z.literal('addTag'), ids: bulkIds, value: tag }).strict(),
  z.object({ action: z.literal('removeTag'), ids: bulkIds, value: tag }).strict(),
  z.object({ action: z.literal('setStage'), ids: bulkIds, value: z.enum(LIFECYCLE_STAGES) }).strict(),
]);
export type CustomerBulkRequest = z.infer<typeof customerBulkRequest>;

export const ticketBulkRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assign'), ids: bulkIds, value: z.uuid().nullable() }).strict(),
  z.object({ action: z.literal('priority'), ids: bulkIds, value: z.enum(TICKET_PRIORITIES) }).strict(),
  z.object({ action: z.literal('status'), ids: bulkIds, value: z.enum(TICKET_STATUSES) }).strict(),
]);
export type TicketBulkRequest = z.infer<typeof ticketBulkRequest>;

/** Deals: owner, stage (lostReason needed to move into a lost stage), status won/lost (its pipeline's won/lost stage). */
export const dealBulkRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assignOwner'), ids: bulkIds, value: z.uuid() }).strict(),
  z.object({ action: z.literal('setStage'), ids: bulkIds, value: z.uuid(), lostReason: z.string().trim().min(1).max(500).optional() }).strict(),
  z.object({ action: z.literal('setStatus'), ids: bulkIds, value: z.enum(['won', 'lost']), lostReason: z.string().trim().min(1).max(500).optional() }).strict(),
]);
export type DealBulkRequest = z.infer<typeof dealBulkRequest>;

/** Tasks: assignee, due time (null: no date), status (done completes, open reopens). */
export const taskBulkRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assign'), ids: bulkIds, value: z.uuid() }).strict(),
  z.object({ action: z.literal('setDue'), ids: bulkIds, value: isoInstant.nullable() }).strict(),
  z.object({ action: z.literal('setStatus'), ids: bulkIds, value: z.enum(TASK_STATUSES) }).strict(),
]);
export type TaskBulkRequest = z.infer<typeof taskBulkRequest>;

/** Documents (quotes, invoices, credit notes) and contracts: their owner (what a list may change in bulk; no status). */
export const documentBulkRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assignOwner'), ids: bulkIds, value: z.uuid() }).strict(),
]);
export type DocumentBulkRequest = z.infer<typeof documentBulkRequest>;
export const contractBulkRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assignOwner'), ids: bulkIds, value: z.uuid() }).strict(),
]);
export type ContractBulkRequest = z.infer<typeof contractBulkRequest>;

/** "Export selected" of a list: the ids (comma-separated, at most BULK_MAX), CSV or XLSX, the sheet's language. */
export const selectedExportQuery = z.object({
  ids: z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.uuid()).min(1).max(BULK_MAX)).transform((ids) => [...new Set(ids)]),
  format: z.enum(['csv', 'xlsx']).default('csv'),
  lang: z.enum(['fa', 'en']).default('fa'),
});
export type SelectedExportQuery = z.infer<typeof selectedExportQuery>;

/** updated: records whose value changed (one already holding the value is left alone); undoToken: for POST …/bulk/undo. */
export const bulkAnswer = z.object({ updated: z.number(), undoToken: z.string().nullable(), undoUntil: z.string().nullable() });
export const bulkUndoRequest = z.object({ undoToken: z.uuid() }).strict();
/** reverted: records set back; skipped: records someone changed again since (left as they are now). */
export const bulkUndoAnswer = z.object({ reverted: z.number(), skipped: z.array(z.string()) });
