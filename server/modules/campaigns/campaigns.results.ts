/**
 * What a campaign did: how many messages were queued, sent, delivered or failed, who opted out since, who opened
 * (the email pixel, or a click: opening is implied), clicked or unsubscribed, the A/B test's scores, and conversions
 * — customers who bought within `conversionDays` of the start — for the recipients against the random hold-out, with
 * the lift (difference of the two rates) and its 95% confidence interval (normal approximation for two proportions).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { addDays, todayIn } from '../../../common/jalali.ts';
import type { campaigns } from './campaigns.tables.ts';
import { abScores } from './campaigns.sending.ts';

export function liftInterval(sent: { customers: number; converted: number }, hold: { customers: number; converted: number }) {
  if (!sent.customers || !hold.customers) return { lift: null, liftLow: null, liftHigh: null };
  const p1 = sent.converted / sent.customers;
  const p2 = hold.converted / hold.customers;
  const se = Math.sqrt((p1 * (1 - p1)) / sent.customers + (p2 * (1 - p2)) / hold.customers);
  const lift = p1 - p2;
  return { lift, liftLow: lift - 1.96 * se, liftHigh: lift + 1.96 * se };
}

export async function campaignResults(db: Db, c: typeof campaigns.$inferSelect) {
  // The consent of the channel the recipient's message went by (a `preferred` recipient not yet queued: either).
  const consent = c.channel === 'email' ? sql`cu.email_consent` : c.channel === 'sms' ? sql`cu.sms_consent`
    : sql`(CASE r.channel WHEN 'email' THEN cu.email_consent WHEN 'sms' THEN cu.sms_consent ELSE cu.sms_consent OR cu.email_consent END)`;
  const [m] = (await db.execute(sql`
    SELECT count(*) FILTER (WHERE r.grp = 'send')::int AS recipients,
           count(*) FILTER (WHERE r.grp = 'send' AND r.status = 'pending')::int AS pending,
           count(*) FILTER (WHERE r.grp = 'send' AND r.status = 'queued')::int AS queued,
           count(*) FILTER (WHERE m.status IN ('sent', 'delivered'))::int AS sent,
           count(*) FILTER (WHERE m.status = 'delivered')::int AS delivered,
           count(*) FILTER (WHERE m.status IN ('failed', 'undelivered'))::int AS failed,
           count(*) FILTER (WHERE r.grp = 'send' AND NOT ${consent})::int AS opted_out,
           count(*) FILTER (WHERE r.opened_at IS NOT NULL)::int AS opened, count(*) FILTER (WHERE r.clicked_at IS NOT NULL)::int AS clicked,
           coalesce(sum(r.clicks), 0)::int AS clicks, count(*) FILTER (WHERE r.unsubscribed_at IS NOT NULL)::int AS unsubscribed,
           count(*) FILTER (WHERE r.status = 'skipped' AND r.reason = 'suppressed')::int AS suppressed,
           count(*) FILTER (WHERE r.status = 'skipped' AND r.reason = 'frequency_cap')::int AS frequency_capped
    FROM campaign_recipients r JOIN customers cu ON cu.id = r.customer_id LEFT JOIN messages m ON m.id = r.message_id
    WHERE r.campaign_id = ${c.id}`)).rows as { recipients: number; pending: number; queued: number; sent: number; delivered: number; failed: number; opted_out: number; opened: number; clicked: number; clicks: number; unsubscribed: number; suppressed: number; frequency_capped: number }[];
  const byChannel = (await db.execute(sql`
    SELECT coalesce(r.channel, ${c.channel}) AS channel, count(*)::int AS queued,
           count(*) FILTER (WHERE m.status IN ('sent', 'delivered'))::int AS sent, count(*) FILTER (WHERE m.status = 'delivered')::int AS delivered,
           count(*) FILTER (WHERE m.status IN ('failed', 'undelivered'))::int AS failed,
           count(*) FILTER (WHERE r.opened_at IS NOT NULL)::int AS opened, count(*) FILTER (WHERE r.clicked_at IS NOT NULL)::int AS clicked
    FROM campaign_recipients r LEFT JOIN messages m ON m.id = r.message_id
    WHERE r.campaign_id = ${c.id} AND r.grp = 'send' AND r.status = 'queued' GROUP BY 1 ORDER BY 1 DESC`)).rows as
    { channel: 'sms' | 'email'; queued: number; sent: number; delivered: number; failed: number; opened: number; clicked: number }[];
  const rate = { customers: 0, converted: 0, rate: 0 };
  let sentRate = { ...rate };
  let holdRate = { ...rate };
  if (c.startedAt) {
    const from = todayIn(c.startedAt);
    const to = addDays(from, c.conversionDays);
    const rows = (await db.execute(sql`
      SELECT r.grp, count(DISTINCT r.customer_id)::int AS customers,
             count(DISTINCT r.customer_id) FILTER (WHERE EXISTS (
               SELECT 1 FROM documents d WHERE d.customer_id = r.customer_id AND d.kind = 'invoice' AND d.status IN ('issued', 'partially_paid', 'paid')
                 AND d.issue_date >= ${from}::date AND d.issue_date <= ${to}::date))::int AS converted
      FROM campaign_recipients r WHERE r.campaign_id = ${c.id} AND (r.grp = 'holdout' OR r.status = 'queued') GROUP BY r.grp`)).rows as { grp: string; customers: number; converted: number }[];
    for (const r of rows) {
      const v = { customers: r.customers, converted: r.converted, rate: r.customers ? r.converted / r.customers : 0 };
      if (r.grp === 'send') sentRate = v; else holdRate = v;
    }
  }
  return {
    status: c.status, recipients: m.recipients, pending: m.pending, queued: m.queued, sent: m.sent, delivered: m.delivered, failed: m.failed, optedOut: m.opted_out,
    opened: m.opened, clicked: m.clicked, clicks: m.clicks, unsubscribed: m.unsubscribed, suppressed: m.suppressed, frequencyCapped: m.frequency_capped,
    byChannel,
    ab: c.abPercent > 0 ? { rule: c.abRule, percent: c.abPercent, winner: c.abWinner, decidedAt: c.abDecidedAt, variants: await abScores(db, c) } : null,
    conversion: { days: c.conversionDays, sent: sentRate, holdout: holdRate, ...liftInterval(sentRate, holdRate) },
  };
}
