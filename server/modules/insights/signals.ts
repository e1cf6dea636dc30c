/** What other modules know about each customer that the churn and health scores weigh: open tickets, survey answers, broken promises, last contact, consent. */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

export interface CustomerSignals {
  openTickets: number;
  detractors: number;
  lastNps: number | null;
  lastCsat: number | null;
  lastContactAt: Date | null;
  /** Promises (is_promise tasks) due in the last 180 days and not kept: still open after their due time, or done late. */
  brokenPromises: number;
  consent: boolean;
}

/**
 * One query per chunk of customers; detractor answers and broken promises counted over the last 180 days. A broken
 * promise (docs/decisions.md, "Customer models") is a promise task, not deleted, due in the window and before now, that
 * is still open or was done after its due time; a cancelled promise is not counted (it was withdrawn, not broken).
 */
export async function signalsOf(db: Db, ids: readonly string[], now: Date): Promise<Map<string, CustomerSignals>> {
  const out = new Map<string, CustomerSignals>();
  if (!ids.length) return out;
  const since = new Date(now.getTime() - 180 * 86_400_000);
  const res = await db.execute(sql`SELECT c.id::text AS id, (c.sms_consent OR c.email_consent) AS consent,
      (SELECT count(*) FROM tickets t WHERE t.customer_id = c.id AND t.status IN ('new', 'open', 'waiting_customer', 'waiting_third_party')) AS open_tickets,
      (SELECT count(*) FROM survey_responses r WHERE r.customer_id = c.id AND r.metric = 'nps' AND r.score <= 6 AND r.created_at >= ${since}) AS detractors,
      (SELECT r.score FROM survey_responses r WHERE r.customer_id = c.id AND r.metric = 'nps' AND r.score IS NOT NULL ORDER BY r.created_at DESC LIMIT 1) AS last_nps,
      (SELECT r.score FROM survey_responses r WHERE r.customer_id = c.id AND r.metric = 'csat' AND r.score IS NOT NULL ORDER BY r.created_at DESC LIMIT 1) AS last_csat,
      (SELECT max(i.occurred_at) FROM interactions i WHERE i.customer_id = c.id) AS last_contact,
      (SELECT count(*) FROM tasks k WHERE k.customer_id = c.id AND k.is_promise AND k.deleted_at IS NULL
         AND k.due_at >= ${since} AND k.due_at < ${now}
         AND (k.status = 'open' OR (k.status = 'done' AND k.completed_at > k.due_at))) AS broken_promises
    FROM customers c WHERE c.id = ANY(${sql.param([...ids])}::uuid[])`);
  for (const r of res.rows) {
    out.set(String(r.id), {
      openTickets: Number(r.open_tickets), detractors: Number(r.detractors),
      lastNps: r.last_nps == null ? null : Number(r.last_nps), lastCsat: r.last_csat == null ? null : Number(r.last_csat),
      lastContactAt: r.last_contact == null ? null : new Date(r.last_contact as string), brokenPromises: Number(r.broken_promises), consent: Boolean(r.consent),
    });
  }
  return out;
}
