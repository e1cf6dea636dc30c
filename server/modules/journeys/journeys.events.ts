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
/**
 * A missed call not returned and a hand-over not answered are stored 'pending' (the outcome depends on the time of
 * reading, not only on the rows): nothing while younger than this many hours, 'bad' after. Both windows are a day.
 */
export const PENDING = 'pending';
export const PENDING_HOURS = HANDOVER_LIMIT_HOURS;

/** The outcome as read at `now` ('pending' resolved); `o` and `at` are the columns. */
export const outcomeAt = (o: SQL, at: SQL, now: Date) =>
  sql`CASE WHEN ${o} = ${PENDING} THEN CASE WHEN ${at} <= ${now.toISOString()}::timestamptz - make_interval(hours => ${PENDING_HOURS}) THEN 'bad' END ELSE ${o} END`;

/**
 * Which customers: a condition on a customer id column (one customer, the changed ones), or every customer.
 * The pre-aggregated rows (reply counts, reopenings, last payment, first line) are restricted the same way, so an
 * incremental refresh reads only the changed customers' rows through the customer_id indexes.
 */
export type CustomerFilter = ((col: SQL) => SQL) | undefined;

const reopened = sql`a.entity_type = 'ticket' AND a.field = 'status' AND a.new_value #>> '{}' = 'open' AND a.old_value #>> '{}' IN ('resolved', 'closed')`;
const invoiceRow = (paidAt: SQL, line: SQL) => sql`SELECT d.customer_id, 'invoice', 'paid', NULL, COALESCE(${paidAt}, (d.issue_date::timestamp AT TIME ZONE 'Asia/Tehran')), NULL, ${line}, d.id::text, NULL, NULL`;
const ticketRow = (bad: SQL) => sql`SELECT t.customer_id, 'ticket', 'opened', t.channel, t.created_at,
      CASE WHEN t.resolved_at IS NULL THEN NULL WHEN ${bad} THEN 'bad' ELSE 'good' END, pr.category, t.id::text, NULL, NULL`;

/** Every customer: each invoice's last payment and first line's product line from rows aggregated once. */
const invoicesByJoin = sql`${invoiceRow(sql`p.last_paid`, sql`fl.category`)}
    FROM documents d
    LEFT JOIN (SELECT document_id, max(paid_at) AS last_paid FROM payments GROUP BY document_id) p ON p.document_id = d.id
    LEFT JOIN (SELECT DISTINCT ON (l.document_id) l.document_id, pr.category FROM document_lines l JOIN products pr ON pr.id = l.product_id
      ORDER BY l.document_id, l.position) fl ON fl.document_id = d.id
    WHERE d.kind = 'invoice' AND d.status = 'paid'`;
/** A few customers: the same looked up per invoice through the indexes (cheaper than aggregating every row). */
const invoicesByLookup = (only: (col: SQL) => SQL) => sql`${invoiceRow(sql`(SELECT max(p.paid_at) FROM payments p WHERE p.document_id = d.id)`,
  sql`(SELECT pr.category FROM document_lines l JOIN products pr ON pr.id = l.product_id WHERE l.document_id = d.id ORDER BY l.position LIMIT 1)`)}
    FROM documents d WHERE d.kind = 'invoice' AND d.status = 'paid' AND ${only(sql.raw('d.customer_id'))}`;
/** Every customer: each ticket's reply count and reopening from rows aggregated once. */
const ticketsByJoin = sql`${ticketRow(sql`COALESCE(rc.replies, 0) > 1 OR ro.entity_id IS NOT NULL`)}
    FROM tickets t LEFT JOIN products pr ON pr.id = t.product_id
    LEFT JOIN (SELECT m.ticket_id, count(*) AS replies FROM ticket_messages m WHERE m.kind = 'reply' GROUP BY m.ticket_id) rc ON rc.ticket_id = t.id
    LEFT JOIN (SELECT DISTINCT a.entity_id FROM audit_log a WHERE ${reopened}) ro ON ro.entity_id = t.id
    WHERE t.merged_into_id IS NULL`;
const ticketsByLookup = (only: (col: SQL) => SQL) => sql`${ticketRow(sql`(SELECT count(*) FROM ticket_messages m WHERE m.ticket_id = t.id AND m.kind = 'reply') > 1
      OR EXISTS (SELECT 1 FROM audit_log a WHERE a.entity_id = t.id AND ${reopened})`)}
    FROM tickets t LEFT JOIN products pr ON pr.id = t.product_id WHERE t.merged_into_id IS NULL AND ${only(sql.raw('t.customer_id'))}`;

/**
 * Every event as rows (customer_id, src, ev, channel, at, outcome, line, ref, wait_h, score), no time of reading in
 * it: one UNION ALL over the sources, for every customer joined with per-ticket and per-invoice aggregates, for a few
 * customers with per-row index lookups (the missed call's return and the hand-over's next reply are lookups either way:
 * they are rare rows).
 */
export function unionSql(only: CustomerFilter): SQL {
  const w = (col: string) => (only ? sql`AND ${only(sql.raw(col))}` : sql``);
  return sql`
  SELECT customer_id, 'interaction' AS src, kind AS ev, channel, occurred_at AS at, NULL::text AS outcome, NULL::text AS line, id::text AS ref, NULL::float8 AS wait_h, NULL::float8 AS score
    FROM interactions WHERE deleted_at IS NULL AND kind <> 'note' AND customer_id IS NOT NULL ${w('customer_id')}
  UNION ALL SELECT customer_id, 'lead', 'web_form', NULL, at, NULL, NULL, id::text, NULL, NULL FROM lead_submissions WHERE customer_id IS NOT NULL ${w('customer_id')}
  UNION ALL SELECT k.customer_id, 'call', CASE WHEN k.answered_at IS NOT NULL THEN 'answered' ELSE 'missed' END, k.direction, k.started_at,
      CASE WHEN k.answered_at IS NOT NULL OR k.direction <> 'in' THEN NULL
        WHEN EXISTS (SELECT 1 FROM calls o WHERE o.customer_id = k.customer_id AND o.direction = 'out' AND o.started_at > k.started_at AND o.started_at <= k.started_at + interval '1 day')
          OR EXISTS (SELECT 1 FROM interactions i WHERE i.customer_id = k.customer_id AND i.kind = 'call' AND i.direction = 'out' AND i.deleted_at IS NULL
            AND i.occurred_at > k.started_at AND i.occurred_at <= k.started_at + interval '1 day') THEN 'good'
        ELSE ${PENDING} END,
      NULL, k.id::text, NULL, NULL
    FROM calls k WHERE k.customer_id IS NOT NULL AND (k.answered_at IS NOT NULL OR k.status = 'missed') ${w('k.customer_id')}
  UNION ALL SELECT d.customer_id, 'quote', 'sent', NULL, d.sent_at, CASE WHEN d.status = 'accepted' THEN 'good' WHEN d.status = 'expired' THEN 'bad' END, NULL, d.id::text, NULL, NULL
    FROM documents d WHERE d.kind = 'quote' AND d.sent_at IS NOT NULL ${w('d.customer_id')}
  UNION ALL SELECT d.customer_id, 'quote', d.status, NULL, d.decided_at, NULL, NULL, d.id::text, NULL, NULL
    FROM documents d WHERE d.kind = 'quote' AND d.status IN ('accepted', 'rejected') AND d.decided_at IS NOT NULL ${w('d.customer_id')}
  UNION ALL SELECT e.customer_id, 'quote', e.type, NULL, min(e.at), NULL, NULL, e.document_id::text, NULL, NULL
    FROM document_events e JOIN documents d ON d.id = e.document_id WHERE d.kind = 'quote' AND e.type IN ('viewed', 'expired') ${w('e.customer_id')} GROUP BY e.customer_id, e.type, e.document_id
  UNION ALL ${only ? invoicesByLookup(only) : invoicesByJoin}
  UNION ALL ${only ? ticketsByLookup(only) : ticketsByJoin}
  UNION ALL SELECT t.customer_id, 'ticket', 'first_response', t.channel, t.first_response_at,
      CASE WHEN t.first_response_due_at IS NULL THEN NULL WHEN t.first_response_at <= t.first_response_due_at THEN 'good' ELSE 'bad' END,
      pr.category, t.id::text, extract(epoch FROM t.first_response_at - t.created_at) / 3600, NULL
    FROM tickets t LEFT JOIN products pr ON pr.id = t.product_id WHERE t.first_response_at IS NOT NULL AND t.merged_into_id IS NULL ${w('t.customer_id')}
  UNION ALL SELECT t.customer_id, 'ticket', 'resolved', t.channel, t.resolved_at, NULL, pr.category, t.id::text, extract(epoch FROM t.resolved_at - t.created_at) / 3600, NULL
    FROM tickets t LEFT JOIN products pr ON pr.id = t.product_id WHERE t.resolved_at IS NOT NULL AND t.merged_into_id IS NULL ${w('t.customer_id')}
  UNION ALL SELECT t.customer_id, 'ticket', 'reopened', t.channel, a.at, NULL, NULL, t.id::text, NULL, NULL
    FROM audit_log a JOIN tickets t ON t.id = a.entity_id
    WHERE ${reopened} ${w('t.customer_id')}
  UNION ALL SELECT h.customer_id, 'handover', a_field, NULL, h.at,
      CASE WHEN h.next_at IS NOT NULL AND h.next_at <= h.at + make_interval(hours => ${HANDOVER_LIMIT_HOURS}) THEN 'good' ELSE ${PENDING} END,
      NULL, h.ticket_id::text, extract(epoch FROM h.next_at - h.at) / 3600, NULL
    FROM (SELECT t.customer_id, t.id AS ticket_id, a.field AS a_field, a.at,
        LEAST((SELECT min(m.created_at) FROM ticket_messages m WHERE m.ticket_id = t.id AND m.kind = 'reply' AND m.created_at > a.at),
          CASE WHEN t.resolved_at > a.at THEN t.resolved_at END) AS next_at
      FROM audit_log a JOIN tickets t ON t.id = a.entity_id
      WHERE a.entity_type = 'ticket' AND a.action = 'update' AND a.field IN ('assigneeId', 'teamId')
        AND a.old_value IS NOT NULL AND jsonb_typeof(a.old_value) <> 'null' ${w('t.customer_id')}) h
  UNION ALL SELECT r.customer_id, 'survey', r.metric, s.trigger ->> 'type', r.created_at,
      CASE WHEN (r.metric = 'nps' AND r.score <= 6) OR (r.metric = 'csat' AND r.score <= 2) OR (r.metric = 'ces' AND r.score <= 3) THEN 'bad' ELSE 'good' END,
      pr.category, r.id::text, NULL, r.score::float8
    FROM survey_responses r JOIN surveys s ON s.id = r.survey_id LEFT JOIN products pr ON pr.id = r.product_id
    WHERE r.customer_id IS NOT NULL AND r.metric IS NOT NULL AND r.score IS NOT NULL ${w('r.customer_id')}
  UNION ALL SELECT cr.customer_id, 'campaign', 'message', COALESCE(cr.channel, cp.channel), COALESCE(cp.started_at, cp.created_at), NULL, NULL, cr.id::text, NULL, NULL
    FROM campaign_recipients cr JOIN campaigns cp ON cp.id = cr.campaign_id WHERE cr.status = 'queued' ${w('cr.customer_id')}
  UNION ALL SELECT cr.customer_id, 'campaign_click', 'clicked', COALESCE(cr.channel, cp.channel), cr.clicked_at, NULL, NULL, cr.id::text, NULL, NULL
    FROM campaign_recipients cr JOIN campaigns cp ON cp.id = cr.campaign_id WHERE cr.clicked_at IS NOT NULL ${w('cr.customer_id')}
  UNION ALL SELECT customer_id, 'contract', 'started', kind, (start_date::timestamp AT TIME ZONE 'Asia/Tehran'), NULL, NULL, id::text, NULL, NULL FROM contracts WHERE true ${w('customer_id')}`;
}

export const COLUMNS = sql`ev.customer_id, ev.src, ev.ev, ev.channel, ev.at, ev.line, ev.ref, ev.wait_h, ev.score`;

export function toEvents(rows: Record<string, unknown>[]): BaseEvent[] {
  return rows.map((r) => ({
    customerId: String(r.customer_id), source: String(r.src), ev: String(r.ev), channel: r.channel == null ? null : String(r.channel),
    at: r.at instanceof Date ? r.at : new Date(String(r.at)), outcome: (r.outcome ?? null) as BaseEvent['outcome'],
    line: r.line == null ? null : String(r.line), ref: r.ref == null ? null : String(r.ref),
    waitHours: r.wait_h == null ? null : Number(r.wait_h), score: r.score == null ? null : Number(r.score),
  }));
}

/** One customer's events up to a day after `now`, read live from the sources (the customer's journey page), if the actor may see the customer. */
export async function loadCustomerEvents(db: Db, actor: Actor, customerId: string, now: Date): Promise<BaseEvent[]> {
  const scope = customerScopeSql(actor, 'c') ?? sql`true`;
  const res = await db.execute(sql`SELECT ${COLUMNS}, ${outcomeAt(sql`ev.outcome`, sql`ev.at`, now)} AS outcome FROM (${unionSql((col) => sql`${col} = ${customerId}`)}) ev
    WHERE ev.customer_id IN (SELECT c.id FROM customers c WHERE c.deleted_at IS NULL AND c.id = ${customerId} AND ${scope})
      AND ev.at < ${new Date(now.getTime() + 86_400_000).toISOString()}::timestamptz
    ORDER BY ev.customer_id, ev.at, ev.src, ev.ev`);
  return toEvents(res.rows as Record<string, unknown>[]);
}

/**
 * Every event in [lo, hi) of the customers the actor may see (optionally among `customerIds`), ordered by customer and
 * time (the row's id last: one order), from journey_events (kept by journeys.refresh.ts; the caller refreshes it first).
 * Holds every event at once: the map reads them in chunks instead (journeys.stream.ts).
 */
export async function loadEvents(db: Db, actor: Actor, opts: { lo: Date; hi: Date; now: Date; customerIds?: SQL }): Promise<BaseEvent[]> {
  const scope = customerScopeSql(actor, 'c') ?? sql`true`;
  const among = opts.customerIds ? sql`AND c.id IN (${opts.customerIds})` : sql``;
  const res = await db.execute(sql`SELECT ${COLUMNS}, ${outcomeAt(sql`ev.outcome`, sql`ev.at`, opts.now)} AS outcome
    FROM journey_events ev JOIN customers c ON c.id = ev.customer_id
    WHERE c.deleted_at IS NULL AND ${scope} ${among} AND ev.at >= ${opts.lo.toISOString()}::timestamptz AND ev.at < ${opts.hi.toISOString()}::timestamptz
    ORDER BY ev.customer_id, ev.at, ev.src, ev.ev, ev.id`);
  return toEvents(res.rows as Record<string, unknown>[]);
}

/**
 * Every event in [lo, hi) read straight from the sources, not from journey_events: how the map read its events before
 * the table (bench/journeys.ts compares them). `lookups`: the per-row subqueries of the one-customer form for every
 * customer (the form before branch j19); else the joins on pre-aggregated rows of the full refresh.
 */
export async function loadSourceEvents(db: Db, actor: Actor, opts: { lo: Date; hi: Date; now: Date; lookups: boolean }): Promise<BaseEvent[]> {
  const scope = customerScopeSql(actor, 'c') ?? sql`true`;
  const res = await db.execute(sql`WITH vis AS MATERIALIZED (SELECT c.id FROM customers c WHERE c.deleted_at IS NULL AND ${scope}),
      ev AS MATERIALIZED (${unionSql(opts.lookups ? () => sql`true` : undefined)})
    SELECT ${COLUMNS}, ${outcomeAt(sql`ev.outcome`, sql`ev.at`, opts.now)} AS outcome FROM ev JOIN vis ON vis.id = ev.customer_id
    WHERE ev.at >= ${opts.lo.toISOString()}::timestamptz AND ev.at < ${opts.hi.toISOString()}::timestamptz ORDER BY ev.customer_id, ev.at, ev.src, ev.ev`);
  return toEvents(res.rows as Record<string, unknown>[]);
}
