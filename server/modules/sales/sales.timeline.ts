/** Deals on the customer timeline (created, stage changes, won, lost with the reason) and the 360° `deals` section. */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { registerProfileSection, registerTimelineSource, beforeCursor, isoAt } from '../customers/index.ts';
import { can, dealScopeSql, type Actor } from '../auth/index.ts';
import { DEAL_FROM, DEAL_SELECT, presentDealRaw } from './deals.service.ts';

type EventKind = 'created' | 'stage_changed' | 'won' | 'lost' | 'reopened';

function eventKind(from: string | null, fromOutcome: string | null, toOutcome: string | null): EventKind {
  if (from === null) return 'created';
  if (toOutcome === 'won') return 'won';
  if (toOutcome === 'lost') return 'lost';
  if (fromOutcome === 'won' || fromOutcome === 'lost') return 'reopened';
  return 'stage_changed';
}

/** The customer's open deals with stages and amounts, and the count and sum of won (and count of lost) deals. */
export async function dealsSection(db: Db, actor: Actor, customerId: string) {
  const scope = dealScopeSql(actor, 'd');
  const mine = sql`d.customer_id = ${customerId} AND d.deleted_at IS NULL ${scope ? sql`AND ${scope}` : sql``}`;
  const open = await db.execute(sql`SELECT ${DEAL_SELECT} FROM ${DEAL_FROM} WHERE ${mine} AND d.status = 'open'
    ORDER BY d.expected_close_date ASC NULLS LAST, d.created_at DESC LIMIT 50`);
  const [t] = (await db.execute(sql`SELECT
      count(*) FILTER (WHERE d.status = 'open')::int AS open_count, coalesce(sum(d.amount) FILTER (WHERE d.status = 'open'), 0)::text AS open_amount,
      count(*) FILTER (WHERE d.status = 'won')::int AS won_count, coalesce(sum(d.amount) FILTER (WHERE d.status = 'won'), 0)::text AS won_amount,
      count(*) FILTER (WHERE d.status = 'lost')::int AS lost_count
    FROM deals d WHERE ${mine}`)).rows as Record<string, unknown>[];
  return {
    open: open.rows.map((r) => presentDealRaw(r)),
    openCount: Number(t.open_count), openAmount: String(t.open_amount),
    wonCount: Number(t.won_count), wonAmount: String(t.won_amount), lostCount: Number(t.lost_count),
  };
}

/** Idempotent: registering again replaces the same source and section. */
export function registerSalesViews(): void {
  registerTimelineSource({
    kind: 'deal',
    async fetch(db, actor, customerId, cursor, limit) {
      if (!can(actor, 'deals', 'read')) return [];
      const scope = dealScopeSql(actor, 'd');
      const res = await db.execute(sql`
        SELECT e.id, e.at, e.deal_id, e.from_stage_id, fs.name AS from_name, fs.outcome AS from_outcome, e.to_stage_id, ts.name AS to_name,
               ts.outcome AS to_outcome, e.lost_reason, e.actor_id, u.name AS actor_name, d.title, d.amount::text AS amount, d.status,
               p.name AS pipeline_name
        FROM deal_stage_events e JOIN deals d ON d.id = e.deal_id JOIN pipelines p ON p.id = d.pipeline_id
          LEFT JOIN pipeline_stages fs ON fs.id = e.from_stage_id LEFT JOIN pipeline_stages ts ON ts.id = e.to_stage_id
          LEFT JOIN users u ON u.id = e.actor_id
        WHERE e.customer_id = ${customerId} AND d.deleted_at IS NULL ${scope ? sql`AND ${scope}` : sql``}
          AND ${beforeCursor('deal', sql`e.at`, sql`e.id::text`, cursor)}
        ORDER BY e.at DESC, e.id DESC LIMIT ${limit}`);
      return res.rows.map((r) => {
        const fromId = (r.from_stage_id as string | null) ?? null;
        return {
          kind: 'deal', id: String(r.id), at: isoAt(r.at),
          data: {
            event: eventKind(fromId, (r.from_outcome as string | null) ?? null, (r.to_outcome as string | null) ?? null),
            dealId: String(r.deal_id), title: String(r.title), amount: String(r.amount), status: String(r.status), pipelineName: String(r.pipeline_name),
            fromStage: fromId ? { id: fromId, name: (r.from_name as string | null) ?? null } : null,
            toStage: { id: String(r.to_stage_id), name: (r.to_name as string | null) ?? null, outcome: (r.to_outcome as string | null) ?? null },
            lostReason: (r.lost_reason as string | null) ?? null,
            actorId: (r.actor_id as string | null) ?? null, actorName: (r.actor_name as string | null) ?? null,
          },
        };
      });
    },
  });
  registerProfileSection({
    key: 'deals',
    load: async (db, actor, customerId) => (can(actor, 'deals', 'read') ? dealsSection(db, actor, customerId) : undefined),
  });
}
