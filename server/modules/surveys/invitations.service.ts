/**
 * Asking: a survey is scheduled for a customer by a trigger (an invoice paid, a ticket resolved, the periodic
 * relationship survey) or by hand (customers or a segment), then sent when due — through the outbox, with a
 * single-customer link whose token only this message carries (the database keeps its hash). Sending respects consent,
 * the fatigue rule (one survey per customer in N days) and quiet hours (the message waits for the morning).
 */
import { createHash, randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { toIso } from '../../db/values.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, customerScopeSql, type Actor } from '../auth/index.ts';
import { queueMessage } from '../messaging/index.ts';
import { savedSegmentWhere } from '../segments/index.ts';
import { TEHRAN, addDays, todayIn } from '../../../common/jalali.ts';
import { toPersianDigits } from '../../../common/fa-normalize.ts';
import { SCALES } from '../../../common/survey.schemas.ts';
import { headline, readVocSettings, type SurveyRow } from './surveys.service.ts';
import { surveys } from './surveys.tables.ts';

let linkBase = 'http://localhost:3000';
/** Set at start: the address customers open links at (MEHVAR_PUBLIC_URL). */
export function setSurveyLinkBase(url: string) { linkBase = url.replace(/\/$/, ''); }
export const surveyLink = (token: string) => `${linkBase}/s/${token}`;

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');
/** 144 random bits: unguessable, and short enough for an SMS. */
const newToken = () => randomBytes(18).toString('base64url');

type Source = { type: 'ticket' | 'document'; id: string };

/**
 * Schedules `survey` for a customer (in the caller's transaction); a source gets one invitation per survey. When it
 * is already due, it is sent right away in the same transaction. Returns the invitation id, or null if it existed.
 */
export async function scheduleInvitation(tx: Db, now: Date, survey: SurveyRow, customerId: string, opts: { trigger: string; source?: Source; at?: Date; createdBy?: string | null }) {
  const at = opts.at ?? now;
  const res = await tx.execute(sql`INSERT INTO survey_invitations (survey_id, customer_id, channel, trigger, source_type, source_id, scheduled_at, created_by, created_at)
    VALUES (${survey.id}, ${customerId}, ${survey.channel}, ${opts.trigger}, ${opts.source?.type ?? null}, ${opts.source?.id ?? null}, ${at}, ${opts.createdBy ?? null}, ${now})
    ON CONFLICT DO NOTHING RETURNING id`);
  const id = (res.rows[0] as { id: string } | undefined)?.id ?? null;
  if (id && at <= now) await dispatchInvitation(tx, now, id);
  return id;
}

/** Active surveys of a trigger type. */
export async function surveysFor(db: Db, trigger: string): Promise<SurveyRow[]> {
  return db.select().from(surveys).where(sql`${surveys.status} = 'active' AND ${surveys.trigger}->>'type' = ${trigger}`);
}

/** Schedules every active survey of `trigger` for the customer, `delayMinutes` after now. */
export async function triggerSurveys(tx: Db, now: Date, trigger: 'invoice_paid' | 'ticket_resolved', customerId: string, source: Source) {
  for (const s of await surveysFor(tx, trigger)) {
    await scheduleInvitation(tx, now, s, customerId, { trigger, source, at: new Date(now.getTime() + s.trigger.delayMinutes * 60_000) });
  }
}

/** Made once: building an Intl formatter costs far more than using it. */
const TEHRAN_CLOCK = new Intl.DateTimeFormat('en-GB', { timeZone: TEHRAN, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/** The end of the quiet hours `now` falls in (Tehran wall clock), or null when it is not quiet. */
export function quietUntil(now: Date, quietStart: string, quietEnd: string): Date | null {
  const start = minutesOf(quietStart), end = minutesOf(quietEnd);
  if (start === end) return null;
  const parts = TEHRAN_CLOCK.formatToParts(now);
  const local = Number(parts.find((p) => p.type === 'hour')!.value) * 60 + Number(parts.find((p) => p.type === 'minute')!.value);
  const quiet = start < end ? local >= start && local < end : local >= start || local < end;
  if (!quiet) return null;
  // Today's (or tomorrow's) quiet end in Tehran, as an instant: Tehran has no daylight saving since 2022 (UTC+03:30).
  const today = todayIn(now, TEHRAN);
  const day = local < end ? today : addDays(today, 1);
  return new Date(`${day}T${quietEnd}:00+03:30`);
}

type Due = { id: string; survey_id: string; customer_id: string; channel: 'sms' | 'email'; status: string; source_type: string | null; source_id: string | null };

/**
 * Sends one scheduled invitation now, or decides it will not go: the customer has no consent or address for the
 * channel, or had a survey within the fatigue window (skipped); quiet hours move it to the morning.
 */
export async function dispatchInvitation(tx: Db, now: Date, id: string): Promise<'sent' | 'skipped' | 'postponed' | 'gone'> {
  const [inv] = (await tx.execute(sql`SELECT * FROM survey_invitations WHERE id = ${id} AND status = 'scheduled' FOR UPDATE SKIP LOCKED`)).rows as Due[];
  if (!inv) return 'gone';
  const settings = await readVocSettings(tx);
  const skip = async (reason: string) => {
    await tx.execute(sql`UPDATE survey_invitations SET status = 'skipped', skip_reason = ${reason} WHERE id = ${id}`);
    return 'skipped' as const;
  };
  const [survey] = await tx.select().from(surveys).where(eq(surveys.id, inv.survey_id));
  if (!survey || survey.status !== 'active') return skip('survey not active');
  const [c] = (await tx.execute(sql`SELECT id, display_name, first_name, phones, emails, sms_consent, email_consent, deleted_at FROM customers WHERE id = ${inv.customer_id}`)).rows as {
    display_name: string; first_name: string | null; phones: unknown; emails: unknown; sms_consent: boolean; email_consent: boolean; deleted_at: unknown }[];
  if (!c || c.deleted_at) return skip('customer deleted');
  const parse = <T>(v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  const phones = parse<{ number: string; primary?: boolean }[]>(c.phones);
  const emails = parse<{ address: string }[]>(c.emails);
  const address = inv.channel === 'sms' ? (phones.find((p) => p.primary)?.number ?? phones[0]?.number) : emails[0]?.address;
  if (!address) return skip(inv.channel === 'sms' ? 'no phone' : 'no email');
  if (inv.channel === 'sms' ? !c.sms_consent : !c.email_consent) return skip('no consent');
  if (settings.fatigueDays > 0) {
    const since = new Date(now.getTime() - settings.fatigueDays * 86_400_000);
    const [recent] = (await tx.execute(sql`SELECT 1 FROM survey_invitations WHERE customer_id = ${inv.customer_id} AND id <> ${id}
      AND status IN ('sent', 'answered') AND sent_at > ${since} LIMIT 1`)).rows;
    if (recent) return skip('fatigue');
  }
  const quiet = quietUntil(now, settings.quietStart, settings.quietEnd);
  if (quiet) {
    await tx.execute(sql`UPDATE survey_invitations SET scheduled_at = ${quiet} WHERE id = ${id}`);
    return 'postponed';
  }
  const token = newToken();
  const link = surveyLink(token);
  const name = c.first_name || c.display_name;
  const q = headline(survey.questions);
  const scale = q && (q.type === 'nps' || q.type === 'csat' || q.type === 'ces') ? SCALES[q.type] : null;
  const body = inv.channel === 'sms'
    ? [`${name} عزیز، نظر شما برای ما مهم است. لطفاً به این پرسش کوتاه پاسخ دهید:`, link,
      ...(scale ? [`یا فقط عددی از ${toPersianDigits(scale.min)} تا ${toPersianDigits(scale.max)} را در پاسخ همین پیامک بفرستید.`] : [])].join('\n')
    : `${name} عزیز،\n\nنظر شما برای ما مهم است. لطفاً به این نظرسنجی کوتاه پاسخ دهید:\n${link}\n\nسپاسگزاریم.`;
  const queued = await queueMessage(tx, {
    customerId: inv.customer_id, channel: inv.channel, address, body, subject: inv.channel === 'email' ? survey.name : undefined,
    subjectType: 'survey_invitation', subjectId: id, dedupeKey: `survey-invitation:${id}`,
  });
  await tx.execute(sql`UPDATE survey_invitations SET status = 'sent', sent_at = ${now}, token_hash = ${tokenHash(token)},
    expires_at = ${new Date(now.getTime() + settings.linkDays * 86_400_000)}, message_id = ${queued?.messageId ?? null} WHERE id = ${id}`);
  return 'sent';
}

/** The job: every due invitation, each in its own transaction via `each`. */
export async function dispatchDue(db: Db, clock: Clock, each: <T>(fn: (tx: Db) => Promise<T>) => Promise<T>) {
  const now = clock.now();
  const due = (await db.execute(sql`SELECT id FROM survey_invitations WHERE status = 'scheduled' AND scheduled_at <= ${now} ORDER BY scheduled_at LIMIT 500`)).rows as { id: string }[];
  const out = { sent: 0, skipped: 0, postponed: 0 };
  for (const d of due) {
    const r = await each((tx) => dispatchInvitation(tx, now, String(d.id)));
    if (r !== 'gone') out[r]++;
  }
  return out;
}

/**
 * The periodic (relationship) surveys: customers with consent for the channel who were not asked this survey within
 * its period are scheduled, at most `limit` a run (the daily job spreads a large base over days).
 */
export async function schedulePeriodic(tx: Db, clock: Clock, limit = 200) {
  const now = clock.now();
  let scheduled = 0;
  for (const s of await surveysFor(tx, 'periodic')) {
    const since = new Date(now.getTime() - s.trigger.everyMonths * 30 * 86_400_000);
    const consent = s.channel === 'sms' ? sql`c.sms_consent AND jsonb_array_length(c.phones) > 0` : sql`c.email_consent AND jsonb_array_length(c.emails) > 0`;
    const rows = (await tx.execute(sql`SELECT c.id FROM customers c WHERE c.deleted_at IS NULL AND ${consent}
      AND NOT EXISTS (SELECT 1 FROM survey_invitations i WHERE i.survey_id = ${s.id} AND i.customer_id = c.id AND i.created_at > ${since})
      ORDER BY c.created_at, c.id LIMIT ${limit - scheduled}`)).rows as { id: string }[];
    for (const r of rows) if (await scheduleInvitation(tx, now, s, String(r.id), { trigger: 'periodic' })) scheduled++;
    if (scheduled >= limit) break;
  }
  return { scheduled };
}

/** Sends a survey by hand to chosen customers or a segment (lifecycle stage or tag) the actor may see. */
export async function sendSurvey(tx: Db, actor: Actor, clock: Clock, surveyId: string, input: { customerIds: string[]; segment?: { lifecycleStage?: string; tag?: string; segmentId?: string } }) {
  assertCan(actor, 'surveys', 'create');
  const [survey] = await tx.select().from(surveys).where(eq(surveys.id, surveyId));
  if (!survey) throw notFound('Survey');
  if (survey.status !== 'active') throw new AppError('UNPROCESSABLE', 'Activate the survey before sending it', { status: survey.status });
  const scope = customerScopeSql(actor, 'c');
  const conds = [sql`c.deleted_at IS NULL`, ...(scope ? [scope] : [])];
  if (input.customerIds.length) conds.push(sql`c.id IN (${sql.join(input.customerIds.map((i) => sql`${i}`), sql`, `)})`);
  if (input.segment?.lifecycleStage) conds.push(sql`c.lifecycle_stage = ${input.segment.lifecycleStage}`);
  if (input.segment?.tag) conds.push(sql`${input.segment.tag} = ANY(c.tags)`);
  if (input.segment?.segmentId) conds.push(sql`(${await savedSegmentWhere(tx, actor, clock, input.segment.segmentId)})`);
  const rows = (await tx.execute(sql`SELECT c.id FROM customers c WHERE ${sql.join(conds, sql` AND `)} ORDER BY c.id LIMIT 5001`)).rows as { id: string }[];
  if (rows.length > 5000) throw new AppError('UNPROCESSABLE', 'At most 5,000 customers at once; narrow the segment', { segment: 'too many customers' });
  if (input.customerIds.length && rows.length !== new Set(input.customerIds).size) throw notFound('Customer');
  const now = clock.now();
  const ids: string[] = [];
  for (const r of rows) {
    const id = await scheduleInvitation(tx, now, survey, String(r.id), { trigger: 'manual', createdBy: actor.userId });
    if (id) ids.push(id);
  }
  const res = ids.length
    ? (await tx.execute(sql`SELECT status, coalesce(skip_reason, '') AS reason, count(*)::int AS n FROM survey_invitations
        WHERE id IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) GROUP BY status, skip_reason`)).rows as { status: string; reason: string; n: number }[]
    : [];
  const count = (status: string) => res.filter((r) => r.status === status).reduce((a, r) => a + r.n, 0);
  return {
    customers: rows.length, sent: count('sent'), scheduled: count('scheduled'), skipped: count('skipped'),
    skippedBy: Object.fromEntries(res.filter((r) => r.status === 'skipped').map((r) => [r.reason, r.n])),
  };
}

export type InvitationRow = { id: string; survey_id: string; customer_id: string; status: string; expires_at: unknown; source_type: string | null; source_id: string | null; sent_at: unknown };

/** The invitation a link's token opens: unknown, malformed or expired tokens are all "not found". */
export async function invitationByToken(db: Db, now: Date, token: string): Promise<InvitationRow> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) throw new AppError('NOT_FOUND', 'This link does not exist or has expired');
  const [inv] = (await db.execute(sql`SELECT id, survey_id, customer_id, status, expires_at, source_type, source_id, sent_at FROM survey_invitations WHERE token_hash = ${tokenHash(token)}`)).rows as InvitationRow[];
  if (!inv || inv.expires_at == null || new Date(toIso(inv.expires_at)) < now) throw new AppError('NOT_FOUND', 'This link does not exist or has expired');
  return inv;
}
