/**
 * The rules every marketing message obeys, as functions of the policy: the quiet hours of advertising SMS (Tehran
 * time), and, as one SQL expression usable per row of a set, why a message must not go (suppressed, frequency cap).
 * Campaigns evaluate the expression over a whole batch in its one SELECT; an automation step over its one customer.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { insideHours, nextInsideHours } from '../../../common/preferences.schemas.ts';
import { wallTimeIn } from '../../../common/zoned-time.ts';
import { TEHRAN } from '../../../common/jalali.ts';
import { CONTACT_POLICY_DEFAULTS, type ContactPolicy, type MarketingSkip } from '../../../common/contact-policy.schemas.ts';

export type QuietHours = Pick<ContactPolicy, 'quietStart' | 'quietEnd'>;
const DAY = 86_400_000;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `at` falls in the quiet hours (Tehran wall time, [start, end), across midnight when start > end). Equal: none. */
export function isQuiet(q: QuietHours, at: Date): boolean {
  const start = minutesOf(q.quietStart), end = minutesOf(q.quietEnd);
  if (start === end) return false;
  const w = wallTimeIn(at, TEHRAN);
  return !insideHours(w.hour * 60 + w.minute, end, start);
}

/** The first moment at or after `now` outside the quiet hours (`now` itself when it already is). */
export function nextSendingTime(now: Date, q: QuietHours = CONTACT_POLICY_DEFAULTS): Date {
  const start = minutesOf(q.quietStart), end = minutesOf(q.quietEnd);
  return start === end ? now : nextInsideHours(now, end, start, TEHRAN);
}

/**
 * Per row: 'suppressed' when the address is on the suppression list of the channel, else 'frequency_cap' when the
 * customer already got `capCount` marketing messages in the last `capDays` days (by the callers' clock), else NULL.
 * `customerId` and `address` are SQL of the caller's row (address normalized: E.164, or an email in lower case).
 */
export function marketingBlockSql(p: ContactPolicy, now: Date, channel: 'sms' | 'email', customerId: SQL, address: SQL): SQL {
  const cap = p.capCount > 0
    ? sql`WHEN (SELECT count(*) FROM (SELECT 1 FROM messages mm WHERE mm.customer_id = ${customerId} AND mm.marketing AND mm.direction = 'out'
        AND mm.created_at > ${new Date(now.getTime() - p.capDays * DAY)} LIMIT ${p.capCount}) capped) >= ${p.capCount} THEN 'frequency_cap'`
    : sql``;
  return sql`(CASE WHEN EXISTS (SELECT 1 FROM marketing_suppressions ms WHERE ms.channel = ${channel} AND ms.address = ${address}) THEN 'suppressed' ${cap} END)`;
}

/** The same check for one message (an automation step). */
export async function marketingBlock(tx: Db, p: ContactPolicy, now: Date, m: { customerId: string; channel: 'sms' | 'email'; address: string }): Promise<MarketingSkip | null> {
  const address = m.channel === 'email' ? m.address.trim().toLowerCase() : m.address;
  const [r] = (await tx.execute(sql`SELECT ${marketingBlockSql(p, now, m.channel, sql`${m.customerId}::uuid`, sql`${address}`)} AS block`)).rows as { block: MarketingSkip | null }[];
  return r.block ?? null;
}
