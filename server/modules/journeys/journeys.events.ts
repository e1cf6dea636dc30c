/**
 * The events journeys are built from, read from the rows other modules already keep (listed in table-reads.allow.json):
 * one UNION ALL of every source, each row with its customer, source, event, channel, time, and — where the event has one —
 * a good/bad outcome, a product line, a waiting time or a survey score. Filtered to the reader's customer scope.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { customerScopeSql, type Actor } from '../auth/index.ts';

export type BaseEvent = {
  customerId: string;
  source: string;
  ev: string;
  channel: string | null;
  at: Date;
  outcome: 'good' | 'bad' | null;
  line: string | null;
  ref: string | null;
  waitHours: number | null;
  score: number | null;
};

/** A hand-over is slow when neither a reply nor the resolution follows within this many hours. */
export const HANDOVER_LIMIT_HOURS = 24;

function unionSql(now: Date): SQL {
  const nowIso = now.toISOString();
  return sql`
  SELECT customer_id, 'interaction' AS src, kind AS ev, channel, occurred_at AS at, NULL::text AS outcome, NULL::text AS line, id::text AS ref, NULL::float8 AS wait_h, NULL::float8 AS score
    FROM interactions WHERE deleted_at IS NULL AND kind <> 'note'
  UNION ALL SELECT customer_id, 'lead', 'web_form', NULL, at, NULL, NULL, id::text, NULL, NULL FROM lead_submissions WHERE customer_id IS NOT NULL
  UNION ALL SELECT k.customer_id, 'call', CASE WHEN k.answered_at IS NOT NULL THEN 'answered' ELSE 'missed' END, k.direction, k.started_at,
      CASE WHEN k.answered_at IS NOT NULL OR k.direction <> 'in' THEN NULL
        WHEN EXISTS (SELECT 1 FROM calls o WHERE o.customer_id = k.customer_id AND o.direction = 'out' AND o.started_at > k.started_at AND o.started_at <= k.started_at + interval '1 day')
          OR EXISTS (SELECT 1 FROM interactions i WHERE i.customer_id = k.customer_id AND i.kind = 'call' AND i.direction = 'out' AND i.deleted_at IS NULL
            AND i.occurred_at > k.started_at AND i.occurred_at <= k.started_at + interval '1 day') THEN 'good'
        WHEN k.started_at > ${nowIso}::timestamptz - interval '1 day' THEN NULL ELSE 'bad' END,
      NULL, k.id::text, NULL, NULL
    FROM calls k WHERE k.customer_id IS NOT NULL AND (k.answered_at IS NOT NULL OR k.status = 'missed')
  UNION ALL SELECT d.customer_id, 'quote', 'sent', NULL, d.sent_at, CASE WHEN d.status = 'accepted' THEN 'good' WHEN d.status = 'expired' THEN 'bad' END, NULL, d.id::text, NULL, NULL
    FROM documents d WHERE d.kind = 'quote' AND d.sent_at IS NOT NULL
  UNION ALL SELECT d.customer_id, 'quote', d.status, NULL, d.decided_at, NULL, NULL, d.id::text, NULL, NULL
    FROM documents d WHERE d.kind = 'quote' AND d.status IN ('accepted', 'rejected') AND d.decided_at IS NOT NULL
  UNION ALL SELECT e.customer_id, 'quote', e.type, NULL, min(e.at), NULL, NULL, e.document_id::text, NULL, NULL
    FROM document_events e JOIN documents d ON d.id = e.document_id WHERE d.kind = 'quote' AND e.type IN ('viewed', 'expired') GROUP BY e.customer_id, e.type, e.document_id
  UNION ALL SELECT d.customer_id, 'invoice', 'paid', NULL,
      COALESCE((SELECT max(p.paid_at) FROM payments p WHERE p.document_id = d.id), (d.issue_date::timestamp AT TIME ZONE 'Asia/Tehran')), NULL,
      (SELECT pr.category FROM document_lines l JOIN products pr ON pr.id = l.product_id WHERE l.document_id = d.id ORDER BY l.position LIMIT 1), d.id::text, NULL, NULL
    FROM documents d WHERE d.kind = 'invoice' AND d.status = 'paid'
  UNION ALL SELECT t.customer_id, 'ticket', 'opened', t.channel, t.created_at,
      CASE WHEN t.resolved_at IS NULL THEN NULL
        WHEN (SELECT count(*) FROM ticket_messages m WHERE m.ticket_id = t.id AND m.kind = 'reply') > 1
          OR EXISTS (SELECT 1 FROM audit_log a WHERE a.entity_type = 'ticket' AND a.entity_id = t.id AND a.field = 'status' AND a.new_value #>> '{}' = 'open' AND a.old_value #>> '{}' IN ('resolved', 'closed'))
          THEN 'bad' ELSE 'good' END,
      pr.category, t.id::text, NULL, NULL
    FROM tickets t LEFT JOIN products pr ON pr.id = t.product_id WHERE t.merged_into_id IS NULL
  UNION ALL SELECT t.customer_id, 'ticket', 'first_response', t.channel, t.first_response_at,
      CASE WHEN t.first_response_due_at IS NULL THEN NULL WHEN t.first_response_at <= t.first_response_due_at THEN 'good' ELSE 'bad' END,
      pr.category, t.id::text, extract(epoch FROM t.first_response_at - t.created_at) / 3600, NULL
    FROM tickets t LEFT JOIN products pr ON pr.id = t.product_id WHERE t.first_response_at IS NOT NULL AND t.merged_into_id IS NULL
  UNION ALL SELECT t.customer_id, 'ticket', 'resolved', t.channel, t.resolved_at, NULL, pr.category, t.id::text, extract(epoch FROM t.resolved_at - t.created_at) / 3600, NULL
    FROM tickets t LEFT JOIN products pr ON pr.id = t.product_id WHERE t.resolved_at IS NOT NULL AND t.merged_into_id IS NULL
  UNION ALL SELECT t.customer_id, 'ticket', 'reopened', t.channel, a.at, NULL, NULL, t.id::text, NULL, NULL
    FROM audit_log a JOIN tickets t ON t.id = a.entity_id
    WHERE a.entity_type = 'ticket' AND a.field = 'status' AND a.new_value #>> '{}' = 'open' AND a.old_value #>> '{}' IN ('resolved', 'closed')
  UNION ALL SELECT h.customer_id, 'handover', a_field, NULL, h.at,
      CASE WHEN h.next_at IS NOT NULL AND h.next_at <= h.at + make_interval(hours => ${HANDOVER_LIMIT_HOURS}) THEN 'good'
        WHEN h.at > ${nowIso}::timestamptz - make_interval(hours => ${HANDOVER_LIMIT_HOURS}) THEN NULL ELSE 'bad' END,
      NULL, h.ticket_id::text, extract(epoch FROM h.next_at - h.at) / 3600, NULL
    FROM (SELECT t.customer_id, t.id AS ticket_id, a.field AS a_field, a.at,
        LEAST((SELECT min(m.created_at) FROM ticket_messages m WHERE m.ticket_id = t.id AND m.kind = 'reply' AND m.created_at > a.at),
          CASE WHEN t.resolved_at > a.at THEN t.resolved_at END) AS next_at
      FROM audit_log a JOIN tickets t ON t.id = a.entity_id
      WHERE a.entity_type = 'ticket' AND a.action = 'update' AND a.field IN ('assigneeId', 'teamId')
        AND a.old_value IS NOT NULL AND jsonb_typeof(a.old_value) <> 'null') h
  UNION ALL SELECT r.customer_id, 'survey', r.metric, s.trigger ->> 'type', r.created_at,
      CASE WHEN (r.metric = 'nps' AND r.score <= 6) OR (r.metric = 'csat' AND r.score <= 2) OR (r.metric = 'ces' AND r.score <= 3) THEN 'bad' ELSE 'good' END,
      pr.category, r.id::text, NULL, r.score::float8
    FROM survey_responses r JOIN surveys s ON s.id = r.survey_id LEFT JOIN products pr ON pr.id = r.product_id
    WHERE r.customer_id IS NOT NULL AND r.metric IS NOT NULL AND r.score IS NOT NULL
  UNION ALL SELECT cr.customer_id, 'campaign', 'message', COALESCE(cr.channel, cp.channel), COALESCE(cp.started_at, cp.created_at), NULL, NULL, cr.id::text, NULL, NULL
    FROM campaign_recipients cr JOIN campaigns cp ON cp.id = cr.campaign_id WHERE cr.status = 'queued'
  UNION ALL SELECT customer_id, 'contract', 'started', kind, (start_date::timestamp AT TIME ZONE 'Asia/Tehran'), NULL, NULL, id::text, NULL, NULL FROM contracts`;
}

/** Every event in [lo, hi) of the customers the actor may see (or of one customer), ordered by customer and time. */
export async function loadEvents(db: Db, actor: Actor, opts: { lo: Date; hi: Date; now: Date; customerId?: string; customerIds?: SQL }): Promise<BaseEvent[]> {
  const scope = customerScopeSql(actor, 'c') ?? sql`true`;
  const one = opts.customerId ? sql`AND c.id = ${opts.customerId}` : sql``;
  const among = opts.customerIds ? sql`AND c.id IN (${opts.customerIds})` : sql``;
  const range = sql`ev.at >= ${opts.lo.toISOString()}::timestamptz AND ev.at < ${opts.hi.toISOString()}::timestamptz`;
  // One customer: the filter is pushed into every branch. Many: the visible customers and the events are each computed
  // once and hash-joined (as a semi-join, the planner may re-run the whole union per customer).
  const res = await db.execute(opts.customerId
    ? sql`SELECT ev.customer_id, ev.src, ev.ev, ev.channel, ev.at, ev.outcome, ev.line, ev.ref, ev.wait_h, ev.score FROM (${unionSql(opts.now)}) ev
      WHERE ${range} AND ev.customer_id IN (SELECT c.id FROM customers c WHERE c.deleted_at IS NULL AND ${scope} ${one} ${among})
      ORDER BY ev.customer_id, ev.at, ev.src, ev.ev`
    : sql`WITH vis AS MATERIALIZED (SELECT c.id FROM customers c WHERE c.deleted_at IS NULL AND ${scope} ${among}),
        ev AS MATERIALIZED (${unionSql(opts.now)})
      SELECT ev.customer_id, ev.src, ev.ev, ev.channel, ev.at, ev.outcome, ev.line, ev.ref, ev.wait_h, ev.score FROM ev JOIN vis ON vis.id = ev.customer_id
      WHERE ${range} ORDER BY ev.customer_id, ev.at, ev.src, ev.ev`);
  return (res.rows as Record<string, unknown>[]).map((r) => ({
    customerId: String(r.customer_id), source: String(r.src), ev: String(r.ev), channel: r.channel == null ? null : String(r.channel),
    at: r.at instanceof Date ? r.at : new Date(String(r.at)), outcome: (r.outcome ?? null) as BaseEvent['outcome'],
    line: r.line == null ? null : String(r.line), ref: r.ref == null ? null : String(r.ref),
    waitHours: r.wait_h == null ? null : Number(r.wait_h), score: r.score == null ? null : Number(r.score),
  }));
}
