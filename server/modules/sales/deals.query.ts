/** Reading many deals: the filtered, sorted, paged list and the pipeline board. Permission-filtered like one deal. */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { assertCan, interactionScopeSql, taskScopeSql, can, type Actor } from '../auth/index.ts';
import { faNorm } from '../../../common/fa-normalize.ts';
import type { BoardQuery, DealListQuery } from '../../../common/sales.schemas.ts';

type BoardDeal = ReturnType<typeof presentDealRaw> & { lastActivityAt: string; nextActivity: { title: string; dueAt: string; isPromise: boolean } | null };
import { DEAL_FROM, DEAL_SELECT, presentDealRaw, visibleDealsSql } from './deals.service.ts';
import { getPipeline } from './pipelines.service.ts';
import { likeEscape } from './sql-helpers.ts';

/** Every word must be in the deal's title or its customer's name (fa_norm: ي/ی, ك/ک, ZWNJ and digits agree). */
function textSearch(q: string | undefined): SQL | undefined {
  const qn = q ? faNorm(q) : '';
  if (!qn) return undefined;
  const doc = sql`fa_norm(d.title || ' ' || c.display_name)`;
  return sql`(${sql.join(qn.split(' ').map((w) => sql`${doc} LIKE ${`%${likeEscape(w)}%`}`), sql` AND `)})`;
}

const ownerFilter = (actor: Actor, ownerId: string | undefined): SQL | undefined =>
  ownerId === 'me' ? sql`d.owner_id = ${actor.userId}` : ownerId === 'none' ? sql`d.owner_id IS NULL` : ownerId ? sql`d.owner_id = ${ownerId}` : undefined;

/**
 * A deal's last activity, for a row aliased `x` (columns id, customer_id, created_at): its creation, its latest stage
 * move, or the latest interaction with its customer since it was created that the reader may see.
 */
function lastActivitySql(actor: Actor): SQL {
  const iScope = interactionScopeSql(actor, 'i');
  const lastInteraction = can(actor, 'interactions', 'read')
    ? sql`(SELECT max(i.occurred_at) FROM interactions i WHERE i.customer_id = x.customer_id AND i.deleted_at IS NULL AND i.occurred_at >= x.created_at ${iScope ? sql`AND ${iScope}` : sql``})`
    : sql`NULL::timestamptz`;
  return sql`greatest(x.created_at, (SELECT max(e.at) FROM deal_stage_events e WHERE e.deal_id = x.id), ${lastInteraction})`;
}

const ORDER: Record<DealListQuery['sort'], SQL> = {
  lastActivity: sql`last_activity_at ASC, id`, '-lastActivity': sql`last_activity_at DESC, id`,
  created: sql`created_at ASC, id`, '-created': sql`created_at DESC, id`,
  updated: sql`updated_at ASC, id`, '-updated': sql`updated_at DESC, id`,
  amount: sql`amount::numeric ASC, id`, '-amount': sql`amount::numeric DESC, id`,
  expectedClose: sql`expected_close_date::date ASC NULLS LAST, id`, '-expectedClose': sql`expected_close_date::date DESC NULLS LAST, id`,
  title: sql`title ASC, id`, '-title': sql`title DESC, id`,
};

export async function listDeals(db: Db, actor: Actor, q: DealListQuery) {
  assertCan(actor, 'deals', 'read');
  const where: (SQL | undefined)[] = [visibleDealsSql(actor), textSearch(q.q), ownerFilter(actor, q.ownerId)];
  if (q.pipelineId) where.push(sql`d.pipeline_id = ${q.pipelineId}`);
  if (q.stageId) where.push(sql`d.stage_id = ${q.stageId}`);
  if (q.status?.length) where.push(sql`d.status IN (${sql.join(q.status.map((s) => sql`${s}`), sql`, `)})`);
  if (q.customerId) where.push(sql`d.customer_id = ${q.customerId}`);
  if (q.expectedFrom) where.push(sql`d.expected_close_date >= ${q.expectedFrom}::date`);
  if (q.expectedTo) where.push(sql`d.expected_close_date <= ${q.expectedTo}::date`);
  const cond = sql.join(where.filter((w): w is SQL => w !== undefined), sql` AND `);
  const [agg] = (await db.execute(sql`SELECT count(*)::int AS n, coalesce(sum(d.amount), 0)::text AS amount FROM ${DEAL_FROM} WHERE ${cond}`)).rows as { n: number; amount: string }[];
  // The sort keys name the inner select's output columns (amount and the close date are text there, hence the casts).
  const rows = await db.execute(sql`SELECT * FROM (SELECT x.*, ${lastActivitySql(actor)} AS last_activity_at
      FROM (SELECT ${DEAL_SELECT} FROM ${DEAL_FROM} WHERE ${cond}) x) y
    ORDER BY ${ORDER[q.sort]} LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`);
  return { items: rows.rows.map((r) => ({ ...presentDealRaw(r), lastActivityAt: new Date(r.last_activity_at as string | Date).toISOString() })), total: Number(agg.n), totalAmount: String(agg.amount), page: q.page, pageSize: q.pageSize };
}

/**
 * The board of a pipeline: every stage in order with its cards by rank. Open stages hold the open deals; won and lost
 * stages the deals closed in the last `closedDays` days. Each column has its count, amount and probability-weighted
 * amount (over all its deals, also those beyond `limit` cards).
 */
export async function pipelineBoard(db: Db, actor: Actor, pipelineId: string, q: BoardQuery, now: Date) {
  const pipeline = await getPipeline(db, actor, pipelineId);
  const cutoff = new Date(now.getTime() - q.closedDays * 86_400_000);
  const where: (SQL | undefined)[] = [
    visibleDealsSql(actor), sql`d.pipeline_id = ${pipelineId}`, sql`(d.status = 'open' OR d.closed_at >= ${cutoff})`,
    textSearch(q.q), ownerFilter(actor, q.ownerId),
  ];
  const cond = sql.join(where.filter((w): w is SQL => w !== undefined), sql` AND `);
  const aggs = await db.execute(sql`SELECT d.stage_id, count(*)::int AS n, coalesce(sum(d.amount), 0)::text AS amount,
      coalesce(round(sum(d.amount::numeric * coalesce(d.probability, s.probability) / 100)), 0)::text AS weighted
    FROM ${DEAL_FROM} WHERE ${cond} GROUP BY d.stage_id`);
  const byStage = new Map(aggs.rows.map((r) => [String(r.stage_id), { count: Number(r.n), amount: String(r.amount), weightedAmount: String(r.weighted) }]));
  // Only the cards shown get their activity (per card: index lookups on the customer's interactions and tasks).
  const tScope = taskScopeSql(actor, 't');
  const nextTask = can(actor, 'tasks', 'read')
    ? sql`(SELECT json_build_object('title', t.title, 'dueAt', t.due_at, 'isPromise', t.is_promise) FROM tasks t
        WHERE t.customer_id = x.customer_id AND t.status = 'open' AND t.deleted_at IS NULL AND t.due_at IS NOT NULL ${tScope ? sql`AND ${tScope}` : sql``}
        ORDER BY t.due_at, t.id LIMIT 1)`
    : sql`NULL::json`;
  const cards = await db.execute(sql`SELECT x.*,
      ${lastActivitySql(actor)} AS last_activity_at,
      ${nextTask} AS next_activity
    FROM (
      SELECT ${DEAL_SELECT}, row_number() OVER (PARTITION BY d.stage_id ORDER BY d.rank, d.id) AS board_pos
      FROM ${DEAL_FROM} WHERE ${cond}) x
    WHERE board_pos <= ${q.limit} ORDER BY board_pos`);
  const dealsByStage = new Map<string, BoardDeal[]>();
  for (const r of cards.rows) {
    const next = (typeof r.next_activity === 'string' ? JSON.parse(r.next_activity) : r.next_activity) as { title: string; dueAt: string; isPromise: boolean } | null;
    const d: BoardDeal = {
      ...presentDealRaw(r), lastActivityAt: new Date(r.last_activity_at as string | Date).toISOString(),
      nextActivity: next ? { title: next.title, dueAt: new Date(next.dueAt).toISOString(), isPromise: Boolean(next.isPromise) } : null,
    };
    dealsByStage.set(d.stageId, [...(dealsByStage.get(d.stageId) ?? []), d]);
  }
  return {
    pipeline: { id: pipeline.id, name: pipeline.name, isDefault: pipeline.isDefault },
    closedSince: cutoff.toISOString(),
    stages: pipeline.stages.map((s) => ({
      id: s.id, name: s.name, position: s.position, probability: s.probability, outcome: s.outcome,
      ...(byStage.get(s.id) ?? { count: 0, amount: '0', weightedAmount: '0' }),
      deals: dealsByStage.get(s.id) ?? [],
    })),
  };
}
