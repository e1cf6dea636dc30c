/**
 * The scorecard's signals, measured over the 90 days before an instant `to` (live: now; history: each month's end).
 * A read model over several modules (customers, interactions, tasks, tickets, documents, surveys, journeys), like the
 * reports: every pair is listed in table-reads.allow.json. Figures are business-wide: the route admits only readers
 * who see every customer.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { listDuplicatePairs } from '../customers/index.ts';
import { systemActor } from '../auth/index.ts';
import type { Nps, Signals } from './scorecard.score.ts';
import { MIN_MONTHLY_ANSWERS } from './scorecard.score.ts';

const DAY = 86_400_000;
const READER = systemActor({ customers: { ops: ['read'], scope: 'all' } });
export const WINDOW_DAYS = 90;

type Row = Record<string, unknown>;
const n = (v: unknown) => Number(v ?? 0);
const one = async (db: Db, q: ReturnType<typeof sql>): Promise<Row> => ((await db.execute(q)).rows[0] ?? {}) as Row;

/** Customers heard (survey answers, feedback) and active (that, or an interaction, ticket or invoice) in [from, to). */
async function voiceSignals(db: Db, from: string, to: string) {
  const r = await one(db, sql`
    WITH heard AS (
      SELECT customer_id FROM survey_responses WHERE customer_id IS NOT NULL AND created_at >= ${from}::timestamptz AND created_at < ${to}::timestamptz
      UNION SELECT customer_id FROM feedback WHERE customer_id IS NOT NULL AND created_at >= ${from}::timestamptz AND created_at < ${to}::timestamptz
    ), act AS (
      SELECT customer_id FROM heard
      UNION SELECT customer_id FROM interactions WHERE deleted_at IS NULL AND occurred_at >= ${from}::timestamptz AND occurred_at < ${to}::timestamptz
      UNION SELECT customer_id FROM tickets WHERE merged_into_id IS NULL AND created_at >= ${from}::timestamptz AND created_at < ${to}::timestamptz
      UNION SELECT customer_id FROM documents WHERE kind = 'invoice' AND status NOT IN ('draft', 'cancelled')
        AND issue_date >= (${from}::timestamptz AT TIME ZONE 'Asia/Tehran')::date AND issue_date < (${to}::timestamptz AT TIME ZONE 'Asia/Tehran')::date
    ), said AS (
      SELECT created_at AS at FROM survey_responses WHERE created_at >= ${from}::timestamptz AND created_at < ${to}::timestamptz
      UNION ALL SELECT created_at FROM feedback WHERE created_at >= ${from}::timestamptz AND created_at < ${to}::timestamptz
    )
    SELECT (SELECT count(*) FROM act a JOIN customers c ON c.id = a.customer_id WHERE c.deleted_at IS NULL) AS active,
           (SELECT count(*) FROM heard h JOIN customers c ON c.id = h.customer_id WHERE c.deleted_at IS NULL) AS heard,
           (SELECT count(DISTINCT floor(extract(epoch FROM (${to}::timestamptz - at)) / ${30 * 86400})) FROM said) AS answer_months`);
  return { active: n(r.active), heard: n(r.heard), answerMonths: Math.min(3, n(r.answer_months)) };
}

async function recordSignals(db: Db, from: string, to: string) {
  const r = await one(db, sql`
    SELECT (SELECT count(*) FROM customers c WHERE c.deleted_at IS NULL AND c.created_at < ${to}::timestamptz) AS live,
           (SELECT count(*) FROM customers c WHERE c.deleted_at IS NULL AND c.created_at < ${to}::timestamptz AND c.display_name <> ''
              AND (cardinality(c.phone_keys) > 0 OR cardinality(c.email_keys) > 0) AND c.owner_id IS NOT NULL AND coalesce(c.city, '') <> '') AS complete,
           (SELECT count(*) FROM interactions i JOIN customers c ON c.id = i.customer_id
              WHERE i.deleted_at IS NULL AND c.deleted_at IS NULL AND i.occurred_at >= ${from}::timestamptz AND i.occurred_at < ${to}::timestamptz) AS interactions,
           (SELECT count(*) FROM tasks t WHERE t.is_promise AND t.deleted_at IS NULL AND t.status <> 'cancelled'
              AND t.due_at >= ${from}::timestamptz AND t.due_at < ${to}::timestamptz) AS promises_due,
           (SELECT count(*) FROM tasks t WHERE t.is_promise AND t.deleted_at IS NULL AND t.status = 'done' AND t.completed_at <= t.due_at
              AND t.due_at >= ${from}::timestamptz AND t.due_at < ${to}::timestamptz) AS promises_kept`);
  return { live: n(r.live), complete: n(r.complete), interactions: n(r.interactions), promisesDue: n(r.promises_due), promisesKept: n(r.promises_kept) };
}

/** Tickets resolved in [from, to): at first contact (at most one reply before resolving, no customer message after the first reply), never handed to another agent or team, within SLA. */
async function supportSignals(db: Db, from: string, to: string) {
  const r = await one(db, sql`
    WITH t AS (
      SELECT t.id, t.resolved_at, t.first_response_at, t.first_response_due_at, t.resolution_due_at,
        (SELECT count(*) FROM ticket_messages m WHERE m.ticket_id = t.id AND m.kind = 'reply' AND m.created_at <= t.resolved_at) AS replies,
        (SELECT min(m.created_at) FROM ticket_messages m WHERE m.ticket_id = t.id AND m.kind = 'reply') AS first_reply
      FROM tickets t WHERE t.merged_into_id IS NULL AND t.resolved_at >= ${from}::timestamptz AND t.resolved_at < ${to}::timestamptz
    )
    SELECT count(*) AS resolved,
      count(*) FILTER (WHERE t.replies <= 1 AND NOT EXISTS (SELECT 1 FROM ticket_messages m WHERE m.ticket_id = t.id AND m.kind = 'customer'
        AND m.created_at > t.first_reply AND m.created_at <= t.resolved_at)) AS first_contact,
      count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity_type = 'ticket' AND a.entity_id = t.id AND a.action = 'update'
        AND a.field IN ('assigneeId', 'teamId') AND a.old_value IS NOT NULL AND a.old_value <> 'null'::jsonb AND a.at <= t.resolved_at)) AS not_escalated,
      count(*) FILTER (WHERE (t.first_response_due_at IS NULL OR t.first_response_at <= t.first_response_due_at)
        AND (t.resolution_due_at IS NULL OR t.resolved_at <= t.resolution_due_at)) AS within_sla
    FROM t`);
  return { resolved: n(r.resolved), firstContact: n(r.first_contact), notEscalated: n(r.not_escalated), withinSla: n(r.within_sla) };
}

async function npsIn(db: Db, from: string, to: string): Promise<Nps> {
  const r = await one(db, sql`SELECT count(*) AS n, count(*) FILTER (WHERE score >= 9) AS p, count(*) FILTER (WHERE score <= 6) AS d
    FROM survey_responses WHERE metric = 'nps' AND score IS NOT NULL AND created_at >= ${from}::timestamptz AND created_at < ${to}::timestamptz`);
  return { n: n(r.n), promoters: n(r.p), detractors: n(r.d) };
}

async function measureSignals(db: Db, to: string) {
  const from180 = new Date(Date.parse(to) - 180 * DAY).toISOString();
  const r = await one(db, sql`SELECT count(*) AS months FROM (
      SELECT floor(extract(epoch FROM (${to}::timestamptz - created_at)) / ${30 * 86400}) AS slice FROM survey_responses
      WHERE metric IN ('nps', 'csat') AND score IS NOT NULL AND created_at >= ${from180}::timestamptz AND created_at < ${to}::timestamptz
      GROUP BY 1 HAVING count(*) >= ${MIN_MONTHLY_ANSWERS}) s`);
  return Math.min(6, n(r.months));
}

/** Journey reviews are read through this source, which the journeys module sets at boot (none: nothing reviewed). */
export type ReviewSource = (db: Db, since: string, to: string) => Promise<{ reviewed: number; acted: number; lastReviewAt: string | null }>;
let reviewSource: ReviewSource = async () => ({ reviewed: 0, acted: 0, lastReviewAt: null });
export function setScorecardReviewSource(fn: ReviewSource): void { reviewSource = fn; }

/** Every signal of the window ending at `to` (an ISO instant). `duplicatePairs` is given: the finder measures now only. */
export async function signalsAt(db: Db, to: string, duplicatePairs: number): Promise<Signals> {
  const from = new Date(Date.parse(to) - WINDOW_DAYS * DAY).toISOString();
  const before = new Date(Date.parse(to) - 2 * WINDOW_DAYS * DAY).toISOString();
  const yearAgo = new Date(Date.parse(to) - 365 * DAY).toISOString();
  const [voice, record, support, npsNow, npsBefore, measuredMonths, reviews] = await Promise.all([
    voiceSignals(db, from, to), recordSignals(db, from, to), supportSignals(db, from, to),
    npsIn(db, from, to), npsIn(db, before, from), measureSignals(db, to), reviewSource(db, yearAgo, to),
  ]);
  const lastReviewDays = reviews.lastReviewAt === null ? null : Math.max(0, Math.floor((Date.parse(to) - Date.parse(reviews.lastReviewAt)) / DAY));
  return { ...voice, ...record, ...support, duplicatePairs, npsNow, npsBefore, measuredMonths, painReviewed: reviews.reviewed, painActed: reviews.acted, lastReviewDays };
}

/** Duplicate pairs the finder reports now, over every customer. */
export async function pendingDuplicatePairs(db: Db): Promise<number> {
  const page = await listDuplicatePairs(db, READER, { page: 1, pageSize: 1 });
  return page.total;
}
