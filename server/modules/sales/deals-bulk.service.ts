/**
 * Bulk edits from the deals list (owner, stage, won/lost) and their undo. One transaction: every id must be a deal the
 * actor may see, or nothing is written; each deal changes through updateDeal / moveDeal (their checks, stage events,
 * audit and webhooks, as for one edit). A deal that refuses the change refuses the whole request, named.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { recordBulkEdit, takeBulkEdit, type BulkChange } from '../lists/index.ts';
import type { DealBulkRequest } from '../../../common/lists.schemas.ts';
import { stageWithOutcome, updateDeal, visibleDealsSql } from './deals.service.ts';
import { moveDeal } from './deal-move.service.ts';
import { loadStage } from './pipelines.service.ts';

type Row = { id: string; title: string; owner_id: string | null; stage_id: string; pipeline_id: string; status: string; lost_reason: string | null };

/** The rows of the ids the actor may see, locked (deleted or hidden ones are missing). */
async function lockVisible(tx: Db, actor: Actor, ids: string[]): Promise<Map<string, Row>> {
  assertCan(actor, 'deals', 'read');
  const res = await tx.execute(sql`SELECT d.id, d.title, d.owner_id, d.stage_id, d.pipeline_id, d.status, d.lost_reason
    FROM deals d JOIN customers c ON c.id = d.customer_id
    WHERE d.id IN (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)}) AND ${visibleDealsSql(actor)}
    ORDER BY d.id FOR UPDATE OF d`);
  return new Map((res.rows as Row[]).map((r) => [String(r.id), r]));
}

/** Runs one deal's change; its refusal becomes the whole request's, naming the deal. */
async function named<T>(row: Row, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError) {
      throw new AppError(err.code, `Deal «${row.title}»: ${err.message}; nothing was changed`, { ids: [row.id], ...(typeof err.details === 'object' && err.details ? err.details : {}) });
    }
    throw err;
  }
}

/** The stage the action moves this deal to (undefined: it is there already). */
async function targetStage(tx: Db, req: DealBulkRequest, row: Row): Promise<string | undefined> {
  if (req.action === 'setStage') return row.stage_id === req.value ? undefined : req.value;
  if (req.action !== 'setStatus' || row.status === req.value) return undefined;
  const stage = await stageWithOutcome(tx, row.pipeline_id, req.value);
  if (!stage) throw new AppError('UNPROCESSABLE', `The pipeline of «${row.title}» has no ${req.value} stage; nothing was changed`, { ids: [row.id] });
  return stage.id;
}

export async function bulkEditDeals(tx: Db, actor: Actor, clock: Clock, req: DealBulkRequest) {
  assertCan(actor, 'deals', 'update');
  const rows = await lockVisible(tx, actor, req.ids);
  const missing = req.ids.filter((id) => !rows.has(id));
  if (missing.length) throw new AppError('NOT_FOUND', `${missing.length} of the deals were not found; nothing was changed`, { ids: missing });
  if (req.action === 'setStage' && !(await loadStage(tx, req.value))) throw new AppError('VALIDATION_FAILED', 'Unknown stage', { value: 'unknown stage' });
  const changes: BulkChange[] = [];
  for (const id of req.ids) {
    const row = rows.get(id)!;
    if (req.action === 'assignOwner') {
      if (row.owner_id === req.value) continue;
      await named(row, () => updateDeal(tx, actor, clock, id, { ownerId: req.value, source: undefined }));
      changes.push({ id, before: { ownerId: row.owner_id }, after: { ownerId: req.value } });
      continue;
    }
    const stageId = await targetStage(tx, req, row);
    if (!stageId) continue;
    const after = await named(row, () => moveDeal(tx, actor, clock, id, { stageId, lostReason: req.lostReason }));
    changes.push({ id, before: { stageId: row.stage_id, lostReason: row.lost_reason }, after: { stageId: after.stageId } });
  }
  return recordBulkEdit(tx, actor, clock, 'deal', req.action, changes);
}

/**
 * Sets back exactly what the bulk edit changed: a deal changed again since (owner or stage no longer what the edit set),
 * no longer visible, or refusing the way back (e.g. its old owner left), is left as it is and named in `skipped`.
 */
export async function undoDealBulk(tx: Db, actor: Actor, clock: Clock, token: string) {
  assertCan(actor, 'deals', 'update');
  const { action, changes } = await takeBulkEdit(tx, actor, clock, 'deal', token);
  const rows = await lockVisible(tx, actor, changes.map((c) => c.id));
  const skipped: string[] = [];
  let reverted = 0;
  for (const c of changes) {
    const row = rows.get(c.id);
    const owner = action === 'assignOwner';
    const same = row && (owner ? row.owner_id === c.after.ownerId : row.stage_id === c.after.stageId);
    const back = owner ? c.before.ownerId : c.before.stageId;
    if (!row || !same || typeof back !== 'string') { skipped.push(c.id); continue; }
    try {
      // A savepoint per deal: one that refuses the way back is skipped without undoing the others.
      await tx.transaction(async (sp) => {
        if (owner) await updateDeal(sp, actor, clock, c.id, { ownerId: back, source: undefined });
        else await moveDeal(sp, actor, clock, c.id, { stageId: back, lostReason: (c.before.lostReason as string | null) ?? undefined });
      });
      reverted++;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      skipped.push(c.id);
    }
  }
  return { reverted, skipped };
}
