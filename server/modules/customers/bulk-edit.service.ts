/**
 * Bulk edits from the customers list (owner, tag, lifecycle stage) and their undo. One transaction: every id must be a
 * customer the actor may see and update, or nothing is written; each record changes through updateCustomer (audited
 * field by field, webhooks as for one edit).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { assertCan, customerScopeSql, userBrief, type Actor } from '../auth/index.ts';
import { recordBulkEdit, takeBulkEdit, type BulkChange } from '../lists/index.ts';
import type { CustomerBulkRequest } from '../../../common/lists.schemas.ts';
import type { CustomerUpdate } from '../../../common/customer.schemas.ts';
import { updateCustomer } from './customers.service.ts';

type Row = { id: string; owner_id: string | null; tags: string[]; lifecycle_stage: string };

/** The rows of the ids the actor may see, locked; any other id (missing, deleted or out of scope) refuses the whole request. */
async function lockVisible(tx: Db, actor: Actor, ids: string[]): Promise<Map<string, Row>> {
  const scope = customerScopeSql(actor, 'c');
  const res = await tx.execute(sql`SELECT c.id, c.owner_id, c.tags, c.lifecycle_stage FROM customers c
    WHERE c.id IN (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)}) AND c.deleted_at IS NULL ${scope ? sql`AND ${scope}` : sql``}
    ORDER BY c.id FOR UPDATE`);
  return new Map((res.rows as Row[]).map((r) => [String(r.id), r]));
}

/** What the action changes on one record: the patch and the before/after of the changed field (undefined: no change). */
function planFor(req: CustomerBulkRequest, row: Row): { patch: CustomerUpdate; change: Omit<BulkChange, 'id'> } | undefined {
  switch (req.action) {
    case 'assignOwner':
      if (row.owner_id === req.value) return undefined;
      return { patch: { ownerId: req.value }, change: { before: { ownerId: row.owner_id }, after: { ownerId: req.value } } };
    case 'setStage':
      if (row.lifecycle_stage === req.value) return undefined;
      return { patch: { lifecycleStage: req.value }, change: { before: { lifecycleStage: row.lifecycle_stage }, after: { lifecycleStage: req.value } } };
    case 'addTag':
      if (row.tags.includes(req.value)) return undefined;
      return { patch: { tags: [...row.tags, req.value] }, change: { before: { tag: false }, after: { tag: req.value } } };
    case 'removeTag':
      if (!row.tags.includes(req.value)) return undefined;
      return { patch: { tags: row.tags.filter((t) => t !== req.value) }, change: { before: { tag: req.value }, after: { tag: false } } };
  }
}

export async function bulkEditCustomers(tx: Db, actor: Actor, clock: Clock, req: CustomerBulkRequest) {
  assertCan(actor, 'customers', 'update');
  const rows = await lockVisible(tx, actor, req.ids);
  const missing = req.ids.filter((id) => !rows.has(id));
  if (missing.length) throw new AppError('NOT_FOUND', `${missing.length} of the customers were not found; nothing was changed`, { ids: missing });
  if (req.action === 'assignOwner' && req.value) {
    const u = await userBrief(tx, req.value);
    if (!u || !u.active) throw new AppError('VALIDATION_FAILED', 'The owner must be an active user', { value: 'unknown or inactive user' });
  }
  const changes: BulkChange[] = [];
  for (const id of req.ids) {
    const plan = planFor(req, rows.get(id)!);
    if (!plan) continue;
    await updateCustomer(tx, actor, clock, id, plan.patch);
    changes.push({ id, ...plan.change });
  }
  return recordBulkEdit(tx, actor, clock, 'customer', req.action, changes);
}

/**
 * Sets back exactly what the bulk edit changed: a record whose field someone changed again since (or that the actor
 * no longer sees) is left as it is and named in `skipped`.
 */
export async function undoCustomerBulk(tx: Db, actor: Actor, clock: Clock, token: string) {
  assertCan(actor, 'customers', 'update');
  const { action, changes } = await takeBulkEdit(tx, actor, clock, 'customer', token);
  const rows = await lockVisible(tx, actor, changes.map((c) => c.id));
  const skipped: string[] = [];
  let reverted = 0;
  for (const c of changes) {
    const row = rows.get(c.id);
    const patch = row ? undoPatch(action, c, row) : undefined;
    if (!patch) { skipped.push(c.id); continue; }
    await updateCustomer(tx, actor, clock, c.id, patch);
    reverted++;
  }
  return { reverted, skipped };
}

function undoPatch(action: string, c: BulkChange, row: Row): CustomerUpdate | undefined {
  switch (action) {
    case 'assignOwner': return row.owner_id === c.after.ownerId ? { ownerId: c.before.ownerId as string | null } : undefined;
    case 'setStage': return row.lifecycle_stage === c.after.lifecycleStage ? { lifecycleStage: c.before.lifecycleStage as CustomerUpdate['lifecycleStage'] } : undefined;
    case 'addTag': {
      const tag = String(c.after.tag);
      return row.tags.includes(tag) ? { tags: row.tags.filter((t) => t !== tag) } : undefined;
    }
    case 'removeTag': {
      const tag = String(c.before.tag);
      return row.tags.includes(tag) ? undefined : { tags: [...row.tags, tag] };
    }
    default: return undefined;
  }
}
