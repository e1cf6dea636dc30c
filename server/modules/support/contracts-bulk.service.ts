/**
 * From the contracts list: a new owner for many contracts at once (and its undo), and "export selected" as CSV or XLSX.
 * One transaction: every id must be a contract the actor may see, or nothing is written; each contract changes through
 * updateContract (its checks and field audit, as for one edit). A contract that refuses (cancelled or renewed: it can
 * no longer change) refuses the whole request, named.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { recordBulkEdit, takeBulkEdit, sheetFile, type BulkChange } from '../lists/index.ts';
import type { ContractBulkRequest, SelectedExportQuery } from '../../../common/lists.schemas.ts';
import { updateContract, visibleContractsSql } from './contracts.service.ts';

type Row = { id: string; number: number; title: string; owner_id: string | null };
/** A patch of the owner alone (the other fields left as they are). */
const ownerPatch = (ownerId: string | null) => ({ ownerId, level: undefined, renewalTerms: undefined, notes: undefined });
const idList = (ids: string[]) => sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `);

async function lockVisible(tx: Db, actor: Actor, ids: string[]): Promise<Map<string, Row>> {
  assertCan(actor, 'contracts', 'read');
  const res = await tx.execute(sql`SELECT k.id, k.number, k.title, k.owner_id FROM contracts k JOIN customers c ON c.id = k.customer_id
    WHERE k.id IN (${idList(ids)}) AND ${visibleContractsSql(actor)} ORDER BY k.id FOR UPDATE OF k`);
  return new Map((res.rows as Row[]).map((r) => [String(r.id), r]));
}

async function named<T>(row: Row, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError) {
      throw new AppError(err.code, `Contract ${row.number} «${row.title}»: ${err.message}; nothing was changed`, { ids: [row.id], ...(typeof err.details === 'object' && err.details ? err.details : {}) });
    }
    throw err;
  }
}

export async function bulkEditContracts(tx: Db, actor: Actor, clock: Clock, req: ContractBulkRequest) {
  assertCan(actor, 'contracts', 'update');
  const rows = await lockVisible(tx, actor, req.ids);
  const missing = req.ids.filter((id) => !rows.has(id));
  if (missing.length) throw new AppError('NOT_FOUND', `${missing.length} of the contracts were not found; nothing was changed`, { ids: missing });
  const changes: BulkChange[] = [];
  for (const id of req.ids) {
    const row = rows.get(id)!;
    if (row.owner_id === req.value) continue;
    await named(row, () => updateContract(tx, actor, clock, id, ownerPatch(req.value)));
    changes.push({ id, before: { ownerId: row.owner_id }, after: { ownerId: req.value } });
  }
  return recordBulkEdit(tx, actor, clock, 'contract', req.action, changes);
}

/** Sets the owners back: a contract changed again since, no longer visible, or refusing (e.g. since cancelled) is skipped. */
export async function undoContractBulk(tx: Db, actor: Actor, clock: Clock, token: string) {
  assertCan(actor, 'contracts', 'update');
  const { changes } = await takeBulkEdit(tx, actor, clock, 'contract', token);
  const rows = await lockVisible(tx, actor, changes.map((c) => c.id));
  const skipped: string[] = [];
  let reverted = 0;
  for (const c of changes) {
    const row = rows.get(c.id);
    if (!row || row.owner_id !== c.after.ownerId) { skipped.push(c.id); continue; }
    try {
      await tx.transaction((sp) => updateContract(sp, actor, clock, c.id, ownerPatch((c.before.ownerId as string | null) ?? null)));
      reverted++;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      skipped.push(c.id);
    }
  }
  return { reverted, skipped };
}

const EXPORT_COLUMNS = [
  { key: 'number', width: 10 }, { key: 'title', width: 30 }, { key: 'kind', width: 14 }, { key: 'level', width: 10 }, { key: 'status', width: 12 },
  { key: 'customer', width: 28 }, { key: 'owner', width: 20 }, { key: 'startDate', width: 12 }, { key: 'endDate', width: 12 }, { key: 'value', width: 16 },
  { key: 'currency', width: 8 }, { key: 'id', width: 38 },
];

/** The selected contracts as CSV or XLSX (export permission; those outside the reader's scope are left out). Exact Rials. */
export async function exportSelectedContracts(db: Db, actor: Actor, q: SelectedExportQuery) {
  assertCan(actor, 'contracts', 'read');
  assertCan(actor, 'contracts', 'export');
  const res = await db.execute(sql`SELECT k.id, k.number, k.title, k.kind, k.level, k.status, k.start_date, k.end_date, k.value, c.display_name AS customer, u.name AS owner
    FROM contracts k JOIN customers c ON c.id = k.customer_id LEFT JOIN users u ON u.id = k.owner_id
    WHERE k.id IN (${idList(q.ids)}) AND ${visibleContractsSql(actor)} ORDER BY k.number`);
  const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
  const rows = (res.rows as Record<string, unknown>[]).map((r) => ({
    id: r.id, number: String(r.number), title: r.title, kind: r.kind, level: r.level ?? '', status: r.status, customer: r.customer, owner: r.owner ?? '',
    startDate: day(r.start_date), endDate: day(r.end_date), value: String(r.value), currency: 'IRR',
  }));
  return sheetFile(q.format, q.lang, { fa: 'قراردادها', en: 'Contracts' }, EXPORT_COLUMNS, rows);
}
