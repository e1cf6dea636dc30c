/** Deals: create (with items), read one, edit, soft delete; visibility and the audit snapshot of a deal. */
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { toIso } from '../../db/values.ts';
import { deals, dealItems, dealStageEvents, pipelines } from './sales.tables.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, customerScopeSql, dealScopeSql, userBrief, type Actor } from '../auth/index.ts';
import { visibleDealsSql } from './deals.scope.ts';
import { auditCreate, auditDelete, auditUpdate } from '../audit/index.ts';
import { recordWebhookEvent } from '../webhooks/index.ts';
import { loadVisibleCustomer } from '../customers/index.ts';
import type { DealCreate, DealItemInput, DealUpdate, StageOutcome } from '../../../common/sales.schemas.ts';
import type { Clock } from '../../clock.ts';
import { canonicalQuantity, inRialRange, itemsTotal, lineTotal, MAX_RIAL } from './sales.values.ts';
import { productsByIds } from './products.service.ts';
import { defaultPipelineId, loadStage, stagesOf, type StageRow } from './pipelines.service.ts';
import { rankInStage } from './deal-rank.ts';
import { big } from './sql-helpers.ts';

export { visibleDealsSql };

export type DealRow = typeof deals.$inferSelect;

export const DEAL_SELECT = sql`d.id, d.customer_id, c.display_name AS customer_name, d.pipeline_id, p.name AS pipeline_name, d.stage_id,
  s.name AS stage_name, s.outcome AS stage_outcome, s.probability AS stage_probability, d.title, d.amount::text AS amount,
  d.expected_close_date::text AS expected_close_date, d.probability, d.status, d.lost_reason, d.closed_at, d.owner_id, u.name AS owner_name,
  d.team_id, d.source, d.rank::text AS rank, d.created_by, d.created_at, d.updated_at`;
export const DEAL_FROM = sql`deals d JOIN customers c ON c.id = d.customer_id JOIN pipelines p ON p.id = d.pipeline_id
  JOIN pipeline_stages s ON s.id = d.stage_id LEFT JOIN users u ON u.id = d.owner_id`;

export function presentDealRaw(r: Record<string, unknown>) {
  const stageProbability = Number(r.stage_probability);
  const probability = r.probability == null ? null : Number(r.probability);
  return {
    id: String(r.id), title: String(r.title), customerId: String(r.customer_id), customerName: String(r.customer_name ?? ''),
    pipelineId: String(r.pipeline_id), pipelineName: String(r.pipeline_name), stageId: String(r.stage_id), stageName: String(r.stage_name),
    stageOutcome: String(r.stage_outcome) as StageOutcome, amount: String(r.amount), expectedCloseDate: (r.expected_close_date as string | null) ?? null,
    probability, stageProbability, effectiveProbability: probability ?? stageProbability,
    status: String(r.status) as StageOutcome, lostReason: (r.lost_reason as string | null) ?? null, closedAt: r.closed_at == null ? null : toIso(r.closed_at),
    ownerId: (r.owner_id as string | null) ?? null, ownerName: (r.owner_name as string | null) ?? null, teamId: (r.team_id as string | null) ?? null,
    source: (r.source as string | null) ?? null, rank: String(r.rank), createdBy: (r.created_by as string | null) ?? null,
    createdAt: toIso(r.created_at), updatedAt: toIso(r.updated_at),
  };
}
export type DealView = ReturnType<typeof presentDealRaw>;

/** A deal the actor may see, locked for a write if asked; 404 otherwise (hidden and missing look the same). */
export async function loadVisibleDeal(db: Db, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}): Promise<DealRow> {
  assertCan(actor, 'deals', 'read');
  const q = db.select().from(deals).where(and(eq(deals.id, id), isNull(deals.deletedAt)));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('Deal');
  const ok = await db.execute(sql`SELECT 1 FROM deals d JOIN customers c ON c.id = d.customer_id WHERE d.id = ${id} AND ${visibleDealsSql(actor)}`);
  if (!ok.rows.length) throw notFound('Deal');
  return row;
}

type ItemRow = { id: string; productId: string; code: string; nameFa: string; unit: string; quantity: string; unitPrice: string; total: string };

export async function itemsOf(db: Db, dealId: string): Promise<ItemRow[]> {
  const res = await db.execute(sql`SELECT i.id, i.product_id, p.code, p.name_fa, p.unit, i.quantity::text AS quantity, i.unit_price::text AS unit_price
    FROM deal_items i JOIN products p ON p.id = i.product_id WHERE i.deal_id = ${dealId} ORDER BY i.id`);
  return res.rows.map((r) => {
    const quantity = canonicalQuantity(String(r.quantity));
    return {
      id: String(r.id), productId: String(r.product_id), code: String(r.code), nameFa: String(r.name_fa), unit: String(r.unit),
      quantity, unitPrice: String(r.unit_price), total: lineTotal(quantity, big(r.unit_price)).toString(),
    };
  });
}

/** The stage changes of a deal, oldest first, with stage names (a removed stage's name is null). */
export async function stageHistory(db: Db, dealId: string) {
  const res = await db.execute(sql`SELECT e.id, e.at, e.from_stage_id, fs.name AS from_name, e.to_stage_id, ts.name AS to_name, ts.outcome AS to_outcome,
      e.lost_reason, e.actor_id, u.name AS actor_name
    FROM deal_stage_events e LEFT JOIN pipeline_stages fs ON fs.id = e.from_stage_id LEFT JOIN pipeline_stages ts ON ts.id = e.to_stage_id
    LEFT JOIN users u ON u.id = e.actor_id WHERE e.deal_id = ${dealId} ORDER BY e.at, e.id`);
  return res.rows.map((r) => ({
    id: String(r.id), at: toIso(r.at), fromStageId: (r.from_stage_id as string | null) ?? null, fromStageName: (r.from_name as string | null) ?? null,
    toStageId: String(r.to_stage_id), toStageName: (r.to_name as string | null) ?? null, toOutcome: (r.to_outcome as StageOutcome | null) ?? null,
    lostReason: (r.lost_reason as string | null) ?? null, actorId: (r.actor_id as string | null) ?? null, actorName: (r.actor_name as string | null) ?? null,
  }));
}

/** One deal with its items and stage history. */
export async function dealById(db: Db, actor: Actor, id: string) {
  assertCan(actor, 'deals', 'read');
  const res = await db.execute(sql`SELECT ${DEAL_SELECT} FROM ${DEAL_FROM} WHERE d.id = ${id} AND ${visibleDealsSql(actor)}`);
  const r = res.rows[0];
  if (!r) throw notFound('Deal');
  const [items, history] = await Promise.all([itemsOf(db, id), stageHistory(db, id)]);
  return { ...presentDealRaw(r), items, history };
}

/** What the audit compares: user-facing fields, money as strings, items as one summary line. */
function auditable(d: DealRow, items: string) {
  return {
    title: d.title, amount: d.amount.toString(), expectedCloseDate: d.expectedCloseDate, probability: d.probability, status: d.status,
    lostReason: d.lostReason, closedAt: d.closedAt ? toIso(d.closedAt) : null, ownerId: d.ownerId, pipelineId: d.pipelineId, stageId: d.stageId,
    source: d.source, items,
  };
}
export const dealAuditSnapshot = auditable;

export async function itemsSummary(db: Db, dealId: string): Promise<string> {
  return (await itemsOf(db, dealId)).map((i) => `${i.code} × ${i.quantity} @ ${i.unitPrice}`).join('; ');
}

type ResolvedItem = { productId: string; quantity: string; unitPrice: bigint };

/** Checks the products (unknown → 400 naming the item) and fills in list prices; new items may not use inactive products. */
async function resolveItems(tx: Db, items: DealItemInput[], alreadyOnDeal: Set<string> = new Set()): Promise<ResolvedItem[]> {
  const found = await productsByIds(tx, items.map((i) => i.productId));
  const errors: Record<string, string> = {};
  const out = items.map((it, n) => {
    const p = found.get(it.productId);
    if (!p) { errors[`items.${n}.productId`] = 'unknown product'; return undefined; }
    if (!p.active && !alreadyOnDeal.has(p.id)) errors[`items.${n}.productId`] = `the product ${p.code} is inactive`;
    return { productId: p.id, quantity: it.quantity, unitPrice: it.unitPrice ?? p.price };
  });
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Invalid deal items', errors);
  return out as ResolvedItem[];
}

function amountFromItems(items: ResolvedItem[], given: bigint | undefined): bigint {
  const total = itemsTotal(items);
  if (!inRialRange(total)) throw new AppError('VALIDATION_FAILED', `The items add up to more than ${MAX_RIAL} Rials`, { items: 'the total is too large' });
  if (given !== undefined && given !== total) {
    throw new AppError('VALIDATION_FAILED', 'With items, the amount is their total', { amount: `is computed from the items (${total}); leave it out` });
  }
  return total;
}

/**
 * Replaces a deal's items. deal_items has no position column: the ids are drawn at random and then sorted, so that
 * ORDER BY id gives the items back in the order they were sent.
 */
async function saveItems(tx: Db, dealId: string, items: ResolvedItem[]) {
  await tx.delete(dealItems).where(eq(dealItems.dealId, dealId));
  const ids = items.map(() => randomUUID()).sort();
  if (items.length) await tx.insert(dealItems).values(items.map((i, n) => ({ id: ids[n], dealId, productId: i.productId, quantity: i.quantity, unitPrice: i.unitPrice })));
}

async function assertOwner(tx: Db, ownerId: string) {
  const u = await userBrief(tx, ownerId);
  if (!u || !u.active) throw new AppError('VALIDATION_FAILED', 'The owner must be an active user', { ownerId: 'unknown or inactive user' });
  return u;
}

/** The stage a new deal starts in: the given stage, else the first open stage of the given (or default) pipeline. */
async function startStage(tx: Db, input: { pipelineId?: string; stageId?: string }): Promise<StageRow> {
  if (input.stageId) {
    const s = await loadStage(tx, input.stageId);
    if (!s) throw new AppError('VALIDATION_FAILED', 'Unknown stage', { stageId: 'unknown stage' });
    if (input.pipelineId && s.pipelineId !== input.pipelineId) throw new AppError('VALIDATION_FAILED', 'The stage is not in that pipeline', { stageId: 'not a stage of the pipeline' });
    return s;
  }
  let pipelineId = input.pipelineId;
  if (pipelineId) {
    const [p] = await tx.select({ id: pipelines.id }).from(pipelines).where(eq(pipelines.id, pipelineId));
    if (!p) throw new AppError('VALIDATION_FAILED', 'Unknown pipeline', { pipelineId: 'unknown pipeline' });
  } else {
    pipelineId = await defaultPipelineId(tx);
  }
  const first = (await stagesOf(tx, pipelineId)).find((s) => s.outcome === 'open');
  if (!first) throw new AppError('UNPROCESSABLE', 'The pipeline has no open stage');
  return first;
}

export async function createDeal(tx: Db, actor: Actor, clock: Clock, input: DealCreate) {
  assertCan(actor, 'deals', 'create');
  const customer = await loadVisibleCustomer(tx, actor, input.customerId);
  const stage = await startStage(tx, input);
  if (stage.outcome === 'lost' && !input.lostReason) throw new AppError('VALIDATION_FAILED', 'A lost deal needs a reason', { lostReason: 'required in a lost stage' });
  const ownerId = input.ownerId ?? actor.userId;
  const owner = ownerId === actor.userId ? { teamId: actor.teamId } : await assertOwner(tx, ownerId);
  const items = input.items?.length ? await resolveItems(tx, input.items) : [];
  const amount = items.length ? amountFromItems(items, input.amount) : input.amount ?? 0n;
  const now = clock.now();
  const rank = await rankInStage(tx, stage.id, {});
  const [row] = await tx.insert(deals).values({
    customerId: customer.id, pipelineId: stage.pipelineId, stageId: stage.id, title: input.title, amount,
    expectedCloseDate: input.expectedCloseDate ?? null, probability: input.probability ?? null, status: stage.outcome,
    lostReason: stage.outcome === 'lost' ? input.lostReason! : null, closedAt: stage.outcome === 'open' ? null : now,
    ownerId, teamId: owner.teamId, source: input.source ?? null, rank, createdBy: actor.userId, createdAt: now, updatedAt: now,
  }).returning();
  await saveItems(tx, row.id, items);
  await tx.insert(dealStageEvents).values({ dealId: row.id, customerId: row.customerId, fromStageId: null, toStageId: stage.id, actorId: actor.userId, at: now, lostReason: row.lostReason });
  await auditCreate(tx, actor, 'deal', row.id, row.customerId, auditable(row, await itemsSummary(tx, row.id)));
  const view = await dealById(tx, actor, row.id);
  // A deal entered straight into a won or lost stage is won or lost now.
  if (row.status === 'won' || row.status === 'lost') await recordWebhookEvent(tx, row.status === 'won' ? 'deal.won' : 'deal.lost', view, { at: now });
  return view;
}

export async function updateDeal(tx: Db, actor: Actor, clock: Clock, id: string, input: DealUpdate) {
  assertCan(actor, 'deals', 'update');
  const before = await loadVisibleDeal(tx, actor, id, { forUpdate: true });
  const beforeItems = await itemsSummary(tx, id);
  const [{ n: itemCount }] = await tx.select({ n: sql<number>`count(*)::int` }).from(dealItems).where(eq(dealItems.dealId, id));
  const patch: Partial<DealRow> = { updatedAt: clock.now() };
  if (input.title !== undefined) patch.title = input.title;
  if (input.expectedCloseDate !== undefined) patch.expectedCloseDate = input.expectedCloseDate;
  if (input.probability !== undefined) patch.probability = input.probability;
  if (input.source !== undefined) patch.source = input.source;
  if (input.ownerId !== undefined && input.ownerId !== before.ownerId) {
    patch.ownerId = input.ownerId;
    patch.teamId = (await assertOwner(tx, input.ownerId)).teamId;
  }
  if (input.lostReason !== undefined) {
    if (before.status !== 'lost') throw new AppError('VALIDATION_FAILED', 'Only a lost deal has a reason', { lostReason: 'the deal is not lost' });
    patch.lostReason = input.lostReason;
  }
  if (input.items !== undefined) {
    const existing = new Set((await tx.select({ p: dealItems.productId }).from(dealItems).where(eq(dealItems.dealId, id))).map((r) => r.p));
    const items = input.items.length ? await resolveItems(tx, input.items, existing) : [];
    if (items.length) patch.amount = amountFromItems(items, input.amount);
    else if (input.amount !== undefined) patch.amount = input.amount;
    await saveItems(tx, id, items);
  } else if (input.amount !== undefined) {
    if (itemCount > 0 && input.amount !== before.amount) {
      throw new AppError('VALIDATION_FAILED', 'The amount comes from the items', { amount: 'the deal has items: change them, or send items: [] to set the amount by hand' });
    }
    patch.amount = input.amount;
  }
  const [row] = await tx.update(deals).set(patch).where(eq(deals.id, id)).returning();
  await auditUpdate(tx, actor, 'deal', id, row.customerId, auditable(before, beforeItems), auditable(row, await itemsSummary(tx, id)));
  return dealById(tx, actor, id);
}

export async function deleteDeal(tx: Db, actor: Actor, clock: Clock, id: string) {
  assertCan(actor, 'deals', 'delete');
  const row = await loadVisibleDeal(tx, actor, id, { forUpdate: true });
  await tx.update(deals).set({ deletedAt: clock.now() }).where(eq(deals.id, id));
  await auditDelete(tx, actor, 'deal', id, row.customerId);
}

/** The first stage of a pipeline with an outcome (the won stage, for a quote accepted). */
export async function stageWithOutcome(db: Db, pipelineId: string, outcome: 'won' | 'lost' | 'open'): Promise<StageRow | undefined> {
  return (await stagesOf(db, pipelineId)).find((s) => s.outcome === outcome);
}

