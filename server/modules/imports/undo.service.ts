/** Undo a whole import: remove the customers it created, put back the fields it changed on the ones it updated. */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { deleteCustomer, updateCustomer } from '../customers/index.ts';
import type { CustomerUpdate } from '../../../common/customer.schemas.ts';
import { importBatches, importRows } from './imports.tables.ts';
import { loadBatch } from './imports.service.ts';
import { isOtherKind, kindDef } from './kinds/registry.ts';

/** One transaction: the undo happens whole or not at all. Needs customers:delete (and update when rows were updated). */
export async function undoImport(tx: Db, actor: Actor, clock: Clock, id: string): Promise<{ removed: number; reverted: number }> {
  const b = await loadBatch(tx, actor, id, { forUpdate: true });
  if (!['done', 'cancelled', 'failed'].includes(b.status)) throw new AppError('CONFLICT', `The import is ${b.status}; only a finished or cancelled import can be undone`);
  if (isOtherKind(b.kind)) {
    const def = kindDef(b.kind);
    assertCan(actor, def.object, 'delete');
    const done = await tx.select({ rowNo: importRows.rowNo, outcome: importRows.outcome, customerId: importRows.customerId, recordId: importRows.recordId, recordKey: importRows.recordKey, previous: importRows.previous })
      .from(importRows).where(and(eq(importRows.batchId, id), inArray(importRows.outcome, ['created', 'updated'])));
    if (done.some((r) => r.outcome === 'updated')) assertCan(actor, def.object, 'update');
    const answer = await def.undo(tx, actor, clock, done as Parameters<typeof def.undo>[3]);
    await tx.update(importBatches).set({ status: 'undone' }).where(eq(importBatches.id, id));
    return answer;
  }
  assertCan(actor, 'customers', 'delete');
  const rows = await tx.select({ rowNo: importRows.rowNo, outcome: importRows.outcome, customerId: importRows.customerId, previous: importRows.previous })
    .from(importRows).where(and(eq(importRows.batchId, id), inArray(importRows.outcome, ['created', 'updated'])));
  if (rows.some((r) => r.outcome === 'updated')) assertCan(actor, 'customers', 'update');
  let removed = 0;
  let reverted = 0;
  // Updates first, newest first: a record updated twice by the same file gets its oldest values back.
  for (const r of rows.filter((x) => x.outcome === 'updated').sort((a, c) => c.rowNo - a.rowNo)) {
    if (!r.customerId || !r.previous || !Object.keys(r.previous).length) continue;
    try {
      await updateCustomer(tx, actor, clock, r.customerId, r.previous as CustomerUpdate);
      reverted++;
    } catch (err) {
      // A record deleted since the import has nothing to put back.
      if (!(err instanceof AppError && err.code === 'NOT_FOUND')) throw err;
    }
  }
  for (const r of rows.filter((x) => x.outcome === 'created')) {
    if (!r.customerId) continue;
    try {
      await deleteCustomer(tx, actor, clock, r.customerId);
      removed++;
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'NOT_FOUND')) throw err;
    }
  }
  await tx.update(importBatches).set({ status: 'undone' }).where(eq(importBatches.id, id));
  return { removed, reverted };
}
