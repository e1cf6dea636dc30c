/**
 * From the documents list: a new owner for many quotes/invoices at once (and its undo), and "export selected" as CSV or
 * XLSX. One transaction: every id must be a document the actor may see, or nothing is written. The owner is not part
 * of what the customer received, so it may change on a sent quote or an issued invoice too; each change is written in
 * the document's history (an owner_changed event: from, to).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError, invalid } from '../../errors.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { recordBulkEdit, takeBulkEdit, sheetFile, type BulkChange } from '../lists/index.ts';
import type { DocumentBulkRequest, SelectedExportQuery } from '../../../common/lists.schemas.ts';
import { documentEvents } from './documents.tables.ts';
import { visibleDocumentsSql } from './documents.query.ts';

type Row = { id: string; customer_id: string; number: string | null; owner_id: string | null };

const idList = (ids: string[]) => sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `);

async function lockVisible(tx: Db, actor: Actor, ids: string[]): Promise<Map<string, Row>> {
  assertCan(actor, 'documents', 'read');
  const res = await tx.execute(sql`SELECT d.id, d.customer_id, d.number, d.owner_id FROM documents d JOIN customers c ON c.id = d.customer_id
    WHERE d.id IN (${idList(ids)}) AND c.deleted_at IS NULL AND ${visibleDocumentsSql(actor)} ORDER BY d.id FOR UPDATE OF d`);
  return new Map((res.rows as Row[]).map((r) => [String(r.id), r]));
}

async function checkOwner(tx: Db, ownerId: string) {
  const row = (await tx.execute(sql`SELECT active FROM users WHERE id = ${ownerId}`)).rows[0] as { active: boolean } | undefined;
  if (!row?.active) throw invalid('The owner must be an active user', { value: 'unknown or deactivated user' });
}

async function setOwner(tx: Db, actor: Actor, now: Date, row: Row, ownerId: string | null) {
  await tx.execute(sql`UPDATE documents SET owner_id = ${ownerId}, updated_at = ${now} WHERE id = ${row.id}`);
  await tx.insert(documentEvents).values({ documentId: row.id, customerId: row.customer_id, type: 'owner_changed', actorId: actor.userId, data: { from: row.owner_id, to: ownerId }, at: now });
}

export async function bulkEditDocuments(tx: Db, actor: Actor, clock: Clock, req: DocumentBulkRequest) {
  assertCan(actor, 'documents', 'update');
  const rows = await lockVisible(tx, actor, req.ids);
  const missing = req.ids.filter((id) => !rows.has(id));
  if (missing.length) throw new AppError('NOT_FOUND', `${missing.length} of the documents were not found; nothing was changed`, { ids: missing });
  await checkOwner(tx, req.value);
  const now = clock.now();
  const changes: BulkChange[] = [];
  for (const id of req.ids) {
    const row = rows.get(id)!;
    if (row.owner_id === req.value) continue;
    await setOwner(tx, actor, now, row, req.value);
    changes.push({ id, before: { ownerId: row.owner_id }, after: { ownerId: req.value } });
  }
  return recordBulkEdit(tx, actor, clock, 'document', req.action, changes);
}

/** Sets the owners back; a document whose owner changed again since, or no longer visible, is skipped (named). */
export async function undoDocumentBulk(tx: Db, actor: Actor, clock: Clock, token: string) {
  assertCan(actor, 'documents', 'update');
  const { changes } = await takeBulkEdit(tx, actor, clock, 'document', token);
  const rows = await lockVisible(tx, actor, changes.map((c) => c.id));
  const now = clock.now();
  const skipped: string[] = [];
  let reverted = 0;
  for (const c of changes) {
    const row = rows.get(c.id);
    if (!row || row.owner_id !== c.after.ownerId) { skipped.push(c.id); continue; }
    await setOwner(tx, actor, now, row, (c.before.ownerId as string | null) ?? null);
    reverted++;
  }
  return { reverted, skipped };
}

const EXPORT_COLUMNS = [
  { key: 'number', width: 18 }, { key: 'kind', width: 12 }, { key: 'status', width: 14 }, { key: 'customer', width: 28 }, { key: 'owner', width: 20 },
  { key: 'issueDate', width: 12 }, { key: 'due', width: 12 }, { key: 'grandTotal', width: 16 }, { key: 'paidTotal', width: 16 }, { key: 'balance', width: 16 },
  { key: 'currency', width: 8 }, { key: 'id', width: 38 },
];

/**
 * The selected documents as CSV or XLSX (export permission; only those the reader may see — an id outside the scope is
 * left out, as it is from the list). Amounts are exact integer Rials (currency IRR), never rounded.
 */
export async function exportSelectedDocuments(db: Db, actor: Actor, q: SelectedExportQuery) {
  assertCan(actor, 'documents', 'read');
  assertCan(actor, 'documents', 'export');
  const res = await db.execute(sql`SELECT d.id, d.number, d.kind, d.status, d.issue_date, coalesce(d.due_date, d.valid_until) AS due, d.grand_total, d.paid_total,
      c.display_name AS customer, u.name AS owner
    FROM documents d JOIN customers c ON c.id = d.customer_id LEFT JOIN users u ON u.id = d.owner_id
    WHERE d.id IN (${idList(q.ids)}) AND c.deleted_at IS NULL AND ${visibleDocumentsSql(actor)} ORDER BY d.created_at DESC, d.id DESC`);
  const day = (v: unknown) => (v == null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
  const rows = (res.rows as Record<string, unknown>[]).map((r) => ({
    id: r.id, number: r.number ?? '', kind: r.kind, status: r.status, customer: r.customer, owner: r.owner ?? '', issueDate: day(r.issue_date), due: day(r.due),
    grandTotal: String(r.grand_total), paidTotal: String(r.paid_total), balance: (BigInt(String(r.grand_total)) - BigInt(String(r.paid_total))).toString(), currency: 'IRR',
  }));
  return sheetFile(q.format, q.lang, { fa: 'اسناد فروش', en: 'Documents' }, EXPORT_COLUMNS, rows);
}
