/**
 * Pipelines and their stages: the default «فروش» pipeline (created when none exists), and the manager's edits —
 * create, rename, reorder, add and remove stages (moving a removed stage's deals), with the won/lost rules.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { toIso } from '../../db/values.ts';
import { pipelines, pipelineStages, deals, dealStageEvents } from './sales.tables.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, can, type Actor } from '../auth/index.ts';
import { auditUpdate } from '../audit/index.ts';
import type { PipelineCreate, PipelineUpdate, StageOutcome } from '../../../common/sales.schemas.ts';
import type { Clock } from '../../clock.ts';
import { formatRank, parseRank, RANK_STEP } from './sales.values.ts';
import { visibleDealsSql } from './deals.scope.ts';
import { countOf, plural } from '../../../common/plural.ts';

export type StageRow = typeof pipelineStages.$inferSelect;
export type PipelineRow = typeof pipelines.$inferSelect;

export const DEFAULT_PIPELINE = {
  name: 'فروش',
  stages: [
    { name: 'سرنخ', probability: 10, outcome: 'open' },
    { name: 'نیازسنجی', probability: 25, outcome: 'open' },
    { name: 'ارسال پیش‌فاکتور', probability: 50, outcome: 'open' },
    { name: 'مذاکره', probability: 75, outcome: 'open' },
    { name: 'برنده', probability: 100, outcome: 'won' },
    { name: 'بازنده', probability: 0, outcome: 'lost' },
  ] as { name: string; probability: number; outcome: StageOutcome }[],
};

/**
 * Creates the default pipeline with its stages when there is no pipeline at all. Idempotent and safe when two
 * requests race (the one-default unique index lets one insert win). Returns the default pipeline's id, if any.
 */
export async function ensureDefaultPipeline(db: Db): Promise<string | undefined> {
  const existing = await db.execute(sql`SELECT id, is_default FROM pipelines ORDER BY is_default DESC LIMIT 1`);
  if (existing.rows.length) return existing.rows[0].is_default ? String(existing.rows[0].id) : undefined;
  return db.transaction(async (tx) => {
    const inserted = await tx.execute(sql`INSERT INTO pipelines (name, is_default, position)
      SELECT ${DEFAULT_PIPELINE.name}, true, 0 WHERE NOT EXISTS (SELECT 1 FROM pipelines)
      ON CONFLICT (is_default) WHERE is_default DO NOTHING RETURNING id`);
    const id = inserted.rows[0]?.id as string | undefined;
    if (id) {
      await tx.insert(pipelineStages).values(DEFAULT_PIPELINE.stages.map((s, position) => ({ ...s, pipelineId: id, position })));
      return id;
    }
    const [def] = await tx.select({ id: pipelines.id }).from(pipelines).where(eq(pipelines.isDefault, true));
    return def?.id;
  });
}

/** Who edits pipelines: whoever may change settings, or delete deals (admin and manager by default). */
export function assertCanManagePipelines(actor: Actor) {
  if (!can(actor, 'settings', 'update') && !can(actor, 'deals', 'delete')) {
    throw new AppError('FORBIDDEN', 'Only managers may edit pipelines', { object: 'pipelines', operation: 'update' });
  }
}

export async function stagesOf(db: Db, pipelineId: string): Promise<StageRow[]> {
  return db.select().from(pipelineStages).where(eq(pipelineStages.pipelineId, pipelineId)).orderBy(asc(pipelineStages.position), asc(pipelineStages.id));
}

export async function loadStage(db: Db, stageId: string): Promise<StageRow | undefined> {
  const [s] = await db.select().from(pipelineStages).where(eq(pipelineStages.id, stageId));
  return s;
}

async function loadPipeline(db: Db, id: string, forUpdate = false): Promise<PipelineRow> {
  const q = db.select().from(pipelines).where(eq(pipelines.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('Pipeline');
  return row;
}

/** The default pipeline (created if there is none), else the first one. */
export async function defaultPipelineId(db: Db): Promise<string> {
  const id = await ensureDefaultPipeline(db);
  if (id) return id;
  const [first] = await db.select({ id: pipelines.id }).from(pipelines).orderBy(asc(pipelines.position), asc(pipelines.createdAt)).limit(1);
  return first.id;
}

const presentStage = (s: StageRow, dealCount?: number) => ({
  id: s.id, name: s.name, position: s.position, probability: s.probability, outcome: s.outcome, ...(dealCount === undefined ? {} : { dealCount }),
});

/** A pipeline with its stages and, per stage, how many of its deals the actor may see. */
async function present(db: Db, actor: Actor, p: PipelineRow) {
  const stages = await stagesOf(db, p.id);
  const res = await db.execute(sql`SELECT d.stage_id, count(*)::int AS n FROM deals d JOIN customers c ON c.id = d.customer_id
    WHERE d.pipeline_id = ${p.id} AND ${visibleDealsSql(actor)} GROUP BY d.stage_id`);
  const counts = new Map(res.rows.map((r) => [String(r.stage_id), Number(r.n)]));
  return { id: p.id, name: p.name, isDefault: p.isDefault, position: p.position, createdAt: toIso(p.createdAt), stages: stages.map((s) => presentStage(s, counts.get(s.id) ?? 0)) };
}
export type PipelineView = Awaited<ReturnType<typeof present>>;

export async function listPipelines(db: Db, actor: Actor) {
  assertCan(actor, 'deals', 'read');
  const rows = await db.select().from(pipelines).orderBy(asc(pipelines.position), asc(pipelines.createdAt));
  return { items: await Promise.all(rows.map((p) => present(db, actor, p))) };
}

export async function getPipeline(db: Db, actor: Actor, id: string) {
  assertCan(actor, 'deals', 'read');
  return present(db, actor, await loadPipeline(db, id));
}

async function makeDefault(tx: Db, id: string) {
  await tx.update(pipelines).set({ isDefault: false }).where(and(eq(pipelines.isDefault, true), sql`${pipelines.id} <> ${id}`));
  await tx.update(pipelines).set({ isDefault: true }).where(eq(pipelines.id, id));
}

const defaultProbability = (outcome: StageOutcome) => (outcome === 'won' ? 100 : 0);

export async function createPipeline(tx: Db, actor: Actor, input: PipelineCreate) {
  assertCanManagePipelines(actor);
  // The default pipeline comes first, even when a manager creates a pipeline before anyone has listed them.
  await ensureDefaultPipeline(tx);
  const [{ n }] = (await tx.execute(sql`SELECT coalesce(max(position) + 1, 0)::int AS n FROM pipelines`)).rows as { n: number }[];
  const [row] = await tx.insert(pipelines).values({ name: input.name, position: input.position ?? n }).returning();
  await tx.insert(pipelineStages).values(input.stages.map((s, position) => ({
    pipelineId: row.id, name: s.name, position, outcome: s.outcome, probability: s.probability ?? defaultProbability(s.outcome),
  })));
  if (input.isDefault) await makeDefault(tx, row.id);
  return present(tx, actor, await loadPipeline(tx, row.id));
}

/** Moves a removed stage's deals to the bottom of another stage, with a stage event and an audit row for each. */
async function relocateDeals(tx: Db, actor: Actor, now: Date, from: StageRow, to: StageRow, includeDeleted: boolean) {
  const moving = await tx.select().from(deals)
    .where(and(eq(deals.stageId, from.id), includeDeleted ? sql`true` : isNull(deals.deletedAt))).orderBy(asc(deals.rank), asc(deals.id)).for('update');
  if (!moving.length) return;
  const [{ top }] = (await tx.execute(sql`SELECT max(rank)::text AS top FROM deals WHERE stage_id = ${to.id}`)).rows as { top: string | null }[];
  let rank = top === null ? 0n : parseRank(top);
  for (const d of moving) {
    rank += RANK_STEP;
    await tx.update(deals).set({ stageId: to.id, rank: formatRank(rank), updatedAt: now }).where(eq(deals.id, d.id));
    if (d.deletedAt) continue;
    await tx.insert(dealStageEvents).values({
      dealId: d.id, customerId: d.customerId, fromStageId: from.id, toStageId: to.id, actorId: actor.userId, at: now,
      lostReason: to.outcome === 'lost' ? d.lostReason : null,
    });
    await auditUpdate(tx, actor, 'deal', d.id, d.customerId, { stageId: from.id }, { stageId: to.id });
  }
}

export async function updatePipeline(tx: Db, actor: Actor, clock: Clock, id: string, input: PipelineUpdate) {
  assertCanManagePipelines(actor);
  const pipeline = await loadPipeline(tx, id, true);
  if (input.name !== undefined || input.position !== undefined) {
    await tx.update(pipelines).set({ name: input.name ?? pipeline.name, position: input.position ?? pipeline.position }).where(eq(pipelines.id, id));
  }
  if (input.isDefault) await makeDefault(tx, id);
  if (input.moveDealsTo && !input.stages) throw new AppError('VALIDATION_FAILED', 'moveDealsTo goes with a new stage list', { moveDealsTo: 'give stages too' });
  if (input.stages) await replaceStages(tx, actor, clock, id, input.stages, input.moveDealsTo ?? {});
  return present(tx, actor, await loadPipeline(tx, id));
}

async function replaceStages(tx: Db, actor: Actor, clock: Clock, pipelineId: string, wanted: NonNullable<PipelineUpdate['stages']>, moveDealsTo: Record<string, string>) {
  const current = await stagesOf(tx, pipelineId);
  const byId = new Map(current.map((s) => [s.id, s]));
  const errors: Record<string, string> = {};
  wanted.forEach((s, n) => { if (s.id && !byId.has(s.id)) errors[`stages.${n}.id`] = 'not a stage of this pipeline'; });
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Unknown stages', errors);
  const kept = new Map(wanted.flatMap((s) => (s.id ? [[s.id, s] as const] : [])));
  const removed = current.filter((s) => !kept.has(s.id));
  const removedIds = new Set(removed.map((s) => s.id));

  const countRes = await tx.execute(sql`SELECT stage_id, count(*) FILTER (WHERE deleted_at IS NULL)::int AS live, count(*)::int AS "all"
    FROM deals WHERE pipeline_id = ${pipelineId} GROUP BY stage_id`);
  const counts = new Map(countRes.rows.map((r) => [String(r.stage_id), { live: Number(r.live), all: Number(r.all) }]));

  for (const [sid, s] of kept) {
    const before = byId.get(sid)!;
    if (s.outcome !== before.outcome && (counts.get(sid)?.live ?? 0) > 0) {
      throw new AppError('CONFLICT', `The stage «${before.name}» holds deals; its outcome cannot change`, { stages: `«${before.name}» holds deals` });
    }
  }
  for (const key of Object.keys(moveDealsTo)) {
    if (!removedIds.has(key)) errors[`moveDealsTo.${key}`] = 'not a stage being removed';
  }
  for (const s of removed) {
    const live = counts.get(s.id)?.live ?? 0;
    const target = moveDealsTo[s.id];
    if (!target) {
      if (live > 0) throw new AppError('CONFLICT', `The stage «${s.name}» holds ${countOf(live, 'deal', 'deals')}: say where to move ${plural(live, 'it', 'them')} (moveDealsTo)`, { [`moveDealsTo.${s.id}`]: `«${s.name}» holds ${countOf(live, 'deal', 'deals')}` });
      continue;
    }
    const t = kept.get(target);
    if (!t) errors[`moveDealsTo.${s.id}`] = 'the target must be a stage that stays in this pipeline';
    else if (t.outcome !== s.outcome) errors[`moveDealsTo.${s.id}`] = `the target must be an ${s.outcome} stage like the one removed`;
  }
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Invalid stage changes', errors);

  // Kept stages first (their new names and order), then new ones, then the removed stages' deals, then the removals.
  const finalRows = new Map<string, StageRow>();
  for (const [position, s] of wanted.entries()) {
    if (s.id) {
      const before = byId.get(s.id)!;
      const [row] = await tx.update(pipelineStages).set({ name: s.name, position, outcome: s.outcome, probability: s.probability ?? before.probability })
        .where(eq(pipelineStages.id, s.id)).returning();
      finalRows.set(row.id, row);
    } else {
      await tx.insert(pipelineStages).values({ pipelineId, name: s.name, position, outcome: s.outcome, probability: s.probability ?? defaultProbability(s.outcome) });
    }
  }
  const now = clock.now();
  for (const s of removed) {
    const explicit = moveDealsTo[s.id];
    // Deleted deals still point at their stage: they follow the live ones, or go to the first kept stage of the same outcome.
    const fallback = [...finalRows.values()].find((r) => r.outcome === s.outcome) ?? [...finalRows.values()][0];
    const target = explicit ? finalRows.get(explicit)! : fallback;
    if ((counts.get(s.id)?.all ?? 0) > 0) {
      if (!target) throw new AppError('CONFLICT', `The stage «${s.name}» still holds deleted deals; keep at least one existing stage`);
      await relocateDeals(tx, actor, now, s, target, true);
    }
  }
  if (removed.length) await tx.delete(pipelineStages).where(inArray(pipelineStages.id, removed.map((s) => s.id)));
}

export async function deletePipeline(tx: Db, actor: Actor, id: string) {
  assertCanManagePipelines(actor);
  const p = await loadPipeline(tx, id, true);
  if (p.isDefault) throw new AppError('CONFLICT', 'The default pipeline cannot be deleted; make another one the default first');
  const [{ n }] = (await tx.execute(sql`SELECT count(*)::int AS n FROM deals WHERE pipeline_id = ${id}`)).rows as { n: number }[];
  if (n > 0) throw new AppError('CONFLICT', `The pipeline has ${countOf(n, 'deal', 'deals')} (deleted ones included); it cannot be deleted`);
  await tx.delete(pipelines).where(eq(pipelines.id, id));
}
