/**
 * Moving a deal on the board: its place in a column (rank) and its stage. Into a won stage the deal is won (closedAt
 * set); into a lost stage it is lost and needs a reason; out of won/lost it is open again. Each stage change writes a
 * deal_stage_events row and an audit row in the caller's transaction.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { deals, dealStageEvents } from './sales.tables.ts';
import { AppError } from '../../errors.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { auditUpdate } from '../audit/index.ts';
import { emitDomainEvent, recordWebhookEvent } from '../webhooks/index.ts';
import type { DealMove } from '../../../common/sales.schemas.ts';
import { systemClock, type Clock } from '../../clock.ts';
import { dealAuditSnapshot, dealById, itemsSummary, loadVisibleDeal, stageWithOutcome, type DealRow } from './deals.service.ts';
import { loadStage, type StageRow } from './pipelines.service.ts';
import { rankInStage } from './deal-rank.ts';

async function applyMove(tx: Db, actor: Actor, now: Date, deal: DealRow, target: StageRow, input: Omit<DealMove, 'stageId'>) {
  const sameStage = deal.stageId === target.id;
  const patch: Partial<DealRow> = {};
  if (!sameStage) {
    if (target.outcome === 'lost' && deal.status !== 'lost' && !input.lostReason) {
      throw new AppError('VALIDATION_FAILED', 'Say why the deal was lost', { lostReason: 'required when moving into a lost stage' });
    }
    patch.stageId = target.id;
    patch.pipelineId = target.pipelineId;
    patch.status = target.outcome;
    patch.closedAt = target.outcome === 'open' ? null : deal.status === target.outcome ? deal.closedAt : now;
    patch.lostReason = target.outcome === 'lost' ? input.lostReason ?? deal.lostReason : null;
  } else if (input.lostReason && deal.status === 'lost') {
    patch.lostReason = input.lostReason;
  }
  // Checked before anything is written: a rejected move changes nothing (the transaction rolls back anyway).
  patch.rank = await rankInStage(tx, target.id, { movingId: deal.id, afterId: input.afterId, beforeId: input.beforeId });
  patch.updatedAt = now;
  const before = { ...deal };
  const [row] = await tx.update(deals).set(patch).where(eq(deals.id, deal.id)).returning();
  if (!sameStage) {
    await tx.insert(dealStageEvents).values({
      dealId: deal.id, customerId: deal.customerId, fromStageId: deal.stageId, toStageId: target.id, actorId: actor.userId, at: now,
      lostReason: row.status === 'lost' ? row.lostReason : null,
    });
    // Automations may start on any stage change (deal.won / deal.lost stay the webhook events for outcomes).
    await emitDomainEvent(tx, 'deal.stage_changed', {
      id: deal.id, dealId: deal.id, customerId: deal.customerId, pipelineId: target.pipelineId, from: deal.stageId, to: target.id, title: row.title,
    }, { at: now });
  }
  const items = await itemsSummary(tx, deal.id);
  await auditUpdate(tx, actor, 'deal', deal.id, deal.customerId, dealAuditSnapshot(before, items), dealAuditSnapshot(row, items));
  return row;
}

export async function moveDeal(tx: Db, actor: Actor, clock: Clock, id: string, input: DealMove) {
  assertCan(actor, 'deals', 'update');
  const deal = await loadVisibleDeal(tx, actor, id, { forUpdate: true });
  // The cards it is dropped between must be ones the actor sees on the board: a hidden deal is not found.
  for (const neighbour of [input.afterId, input.beforeId]) if (neighbour && neighbour !== id) await loadVisibleDeal(tx, actor, neighbour);
  const target = await loadStage(tx, input.stageId);
  if (!target) throw new AppError('VALIDATION_FAILED', 'Unknown stage', { stageId: 'unknown stage' });
  const now = clock.now();
  const row = await applyMove(tx, actor, now, deal, target, input);
  const view = await dealById(tx, actor, id);
  await recordOutcome(tx, deal.status, row.status, view, now);
  return view;
}

/** deal.won / deal.lost when a deal enters that outcome (not when it moves between two stages of the same one). */
async function recordOutcome(tx: Db, before: string, after: string, view: unknown, now: Date) {
  if (after !== before && (after === 'won' || after === 'lost')) await recordWebhookEvent(tx, after === 'won' ? 'deal.won' : 'deal.lost', view, { at: now });
}

/**
 * Moves a deal to its pipeline's won stage (top of the column), audited, with a stage event — e.g. when its quote is
 * accepted. Does nothing to a deal already won.
 */
export async function markDealWon(tx: Db, actor: Actor, dealId: string, clock: Clock = systemClock) {
  assertCan(actor, 'deals', 'update');
  const deal = await loadVisibleDeal(tx, actor, dealId, { forUpdate: true });
  if (deal.status !== 'won') {
    const won = await stageWithOutcome(tx, deal.pipelineId, 'won');
    if (!won) throw new AppError('UNPROCESSABLE', 'The deal’s pipeline has no won stage');
    const now = clock.now();
    const row = await applyMove(tx, actor, now, deal, won, {});
    const view = await dealById(tx, actor, dealId);
    await recordOutcome(tx, deal.status, row.status, view, now);
    return view;
  }
  return dealById(tx, actor, dealId);
}
