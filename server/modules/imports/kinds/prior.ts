/** Records earlier imports of a kind made under a duplicate key (external ticket number, same interaction): dedupe and undo. */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import type { ImportKind } from '../../../../common/imports.schemas.ts';

/** The record an import of this kind (not undone) made or updated under this key, if any; `batchId` limits to one batch. */
export async function priorRecord(db: Db, kind: ImportKind, key: string, batchId?: string): Promise<{ recordId: string; outcome: string } | null> {
  const res = await db.execute(sql`SELECT r.record_id, r.outcome FROM import_rows r JOIN import_batches b ON b.id = r.batch_id
    WHERE r.record_key = ${key} AND b.kind = ${kind} AND b.status <> 'undone' AND r.outcome IN ('created', 'updated') AND r.record_id IS NOT NULL
      ${batchId ? sql`AND r.batch_id = ${batchId}` : sql``}
    ORDER BY r.row_no LIMIT 1`);
  const row = res.rows[0] as { record_id: string; outcome: string } | undefined;
  return row ? { recordId: row.record_id, outcome: row.outcome } : null;
}
