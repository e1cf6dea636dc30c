/**
 * SMS and email campaigns: a segment, a personalized text, a random hold-out, optionally an A/B test. Starting fixes
 * the recipients (those in the segment, in the starter's scope, with consent for the channel and a mobile or an email
 * address); batches then queue their messages through the outbox (campaigns.sending.ts). Results compare purchases of
 * the recipients with the hold-out's over the following days.
 */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { savedSegmentWhere, segments } from '../segments/index.ts';
import { smsParts } from '../../../common/sms.ts';
import type { CampaignInput, CampaignChannel, SendChannel } from '../../../common/campaigns.schemas.ts';
import { campaigns, campaignRecipients } from './campaigns.tables.ts';
import { personalKeysIn, renderCampaignText } from './template.ts';
import { allTexts, languageOf, pickChannelSql, textFor } from './campaigns.texts.ts';
import { loadPersonal } from './campaigns.personal.ts';

type CampaignRow = typeof campaigns.$inferSelect;
export type CampaignRecipientRow = { id: string; customer_id: string; display_name: string; first_name: string | null; last_name: string | null; gender: string | null };
/** Messages a campaign queues per batch at most, whatever the rate (one transaction, a few statements however many). */
export const CAMPAIGN_BATCH = 2000;

export const MOBILE = sql`(SELECT p ->> 'number' FROM jsonb_array_elements(c.phones) p WHERE p ->> 'number' LIKE '+989%' LIMIT 1)`;
export const EMAIL = sql`(SELECT e ->> 'address' FROM jsonb_array_elements(c.emails) e WHERE e ->> 'address' LIKE '%_@_%' LIMIT 1)`;
const SMS_OK = sql`(c.sms_consent AND ${MOBILE} IS NOT NULL)`;
const EMAIL_OK = sql`(c.email_consent AND ${EMAIL} IS NOT NULL)`;
/** Who may get a campaign of this channel: consent for it and an address for it (a `preferred` one: for either). */
export const eligible = (channel: CampaignChannel): SQL => (channel === 'email' ? EMAIL_OK : channel === 'sms' ? SMS_OK : sql`(${SMS_OK} OR ${EMAIL_OK})`);
/** The channel a customer `c` gets the campaign by now (null: none). */
const channelNow = (channel: CampaignChannel): SQL => (channel === 'preferred' ? pickChannelSql(SMS_OK, EMAIL_OK)
  : sql`(CASE WHEN ${eligible(channel)} THEN ${channel} END)`);

async function counts(db: Db, id: string) {
  const [r] = (await db.execute(sql`
    SELECT count(*) FILTER (WHERE grp = 'send')::int AS recipients, count(*) FILTER (WHERE grp = 'holdout')::int AS holdout,
           count(*) FILTER (WHERE grp = 'send' AND status = 'queued')::int AS queued, count(*) FILTER (WHERE grp = 'send' AND status IN ('pending', 'waiting'))::int AS remaining,
           count(*) FILTER (WHERE grp = 'send' AND status = 'waiting')::int AS waiting
    FROM campaign_recipients WHERE campaign_id = ${id}`)).rows as { recipients: number; holdout: number; queued: number; remaining: number; waiting: number }[];
  return r;
}

export async function presentCampaign(db: Db, c: CampaignRow) {
  const [seg] = await db.select({ name: segments.name }).from(segments).where(eq(segments.id, c.segmentId));
  return {
    id: c.id, name: c.name, segmentId: c.segmentId, segmentName: seg?.name ?? null, channel: c.channel, body: c.body, holdoutPercent: c.holdoutPercent,
    subject: c.subject, linkUrl: c.linkUrl, ratePerMinute: c.ratePerMinute, bodyB: c.bodyB, subjectB: c.subjectB, abPercent: c.abPercent, abRule: c.abRule,
    abHours: c.abHours, abWinner: c.abWinner, abDecidedAt: c.abDecidedAt,
    emailBody: c.emailBody, bodyEn: c.bodyEn, subjectEn: c.subjectEn, emailBodyEn: c.emailBodyEn, offerText: c.offerText, offerTextEn: c.offerTextEn,
    advertising: c.advertising, conversionDays: c.conversionDays, status: c.status, scheduledAt: c.scheduledAt, startedAt: c.startedAt, finishedAt: c.finishedAt,
    ...(await counts(db, c.id)), createdAt: c.createdAt, updatedAt: c.updatedAt,
  };
}

export async function loadCampaign(db: Db, actor: Actor, id: string, forUpdate = false): Promise<CampaignRow> {
  assertCan(actor, 'customers', 'read');
  const q = db.select().from(campaigns).where(eq(campaigns.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('Campaign');
  return row;
}

export async function listCampaigns(db: Db, actor: Actor) {
  assertCan(actor, 'customers', 'read');
  const rows = await db.select().from(campaigns).orderBy(desc(campaigns.createdAt)).limit(200);
  return Promise.all(rows.map((r) => presentCampaign(db, r)));
}

export async function getCampaign(db: Db, actor: Actor, id: string) {
  return presentCampaign(db, await loadCampaign(db, actor, id));
}

type Shape = Pick<CampaignRow, 'channel' | 'subject' | 'body' | 'bodyB' | 'subjectB' | 'linkUrl' | 'abPercent' | 'abRule' | 'emailBody' | 'bodyEn' | 'subjectEn' | 'emailBodyEn' | 'offerText' | 'name'>;
/**
 * What the fields must agree on: an email has a subject; an SMS fits 10 parts; a test has a B; {link} has a link;
 * {offer} has a text to fall back on; a `preferred` campaign has both texts; an A/B test is of one channel and language.
 */
function checkShape(c: Shape) {
  const bad: Record<string, string> = {};
  const texts = allTexts({ ...c, bodyB: c.abPercent > 0 ? c.bodyB : null, subjectB: c.abPercent > 0 ? c.subjectB : null }).filter((t): t is string => Boolean(t));
  const smsTexts = c.channel === 'email' ? [] : [c.body, c.bodyEn, ...(c.abPercent > 0 ? [c.bodyB] : [])].filter((t): t is string => Boolean(t));
  const mails = c.channel !== 'sms';
  if (mails && !c.subject) bad.subject = 'an email needs a subject';
  if (c.channel === 'preferred' && !c.emailBody) bad.emailBody = 'a campaign by preferred channel needs the email text too';
  if (mails && (c.channel === 'email' ? c.bodyEn : c.emailBodyEn) && !c.subjectEn) bad.subjectEn = 'the English email needs an English subject';
  if (c.channel === 'preferred' && c.abPercent > 0) bad.abPercent = 'an A/B test is for an SMS or an email campaign';
  if (c.abPercent > 0 && (c.bodyEn || c.emailBodyEn)) bad.bodyEn = 'an A/B test compares two Persian texts: leave the English text empty';
  if (c.channel === 'email' && c.abPercent > 0 && !c.subjectB) bad.subjectB = 'variant B needs a subject';
  if (smsTexts.some((t) => smsParts(t).parts > 10)) bad.body = 'at most 10 SMS parts';
  if (!c.offerText && personalKeysIn(texts).has('offer')) bad.offerText = 'the text uses {offer}: give the offer to send when no product is suggested';
  if (c.abPercent > 0 && !c.bodyB) bad.bodyB = 'an A/B test needs the text of variant B';
  if (c.abRule === 'opens' && c.channel !== 'email') bad.abRule = 'opens are only known for email';
  if (c.abRule === 'clicks' && c.abPercent > 0 && !c.linkUrl) bad.linkUrl = 'a test decided by clicks needs a tracked link';
  if (!c.linkUrl && texts.some((t) => /\{(link|لینک)\}/.test(t))) bad.linkUrl = 'the text uses {link}: give the address it leads to';
  if (Object.keys(bad).length) throw new AppError('VALIDATION_FAILED', 'The campaign does not fit together', bad);
}

export async function createCampaign(tx: Db, actor: Actor, clock: Clock, input: CampaignInput) {
  assertCan(actor, 'customers', 'update');
  await savedSegmentWhere(tx, actor, clock, input.segmentId); // the segment exists and the actor sees it
  checkShape(input);
  const now = clock.now();
  const [row] = await tx.insert(campaigns).values({
    name: input.name, segmentId: input.segmentId, body: input.body, holdoutPercent: input.holdoutPercent, advertising: input.advertising,
    channel: input.channel, subject: input.subject, linkUrl: input.linkUrl, ratePerMinute: input.ratePerMinute, bodyB: input.bodyB, subjectB: input.subjectB,
    abPercent: input.abPercent, abRule: input.abRule, abHours: input.abHours,
    emailBody: input.emailBody, bodyEn: input.bodyEn, subjectEn: input.subjectEn, emailBodyEn: input.emailBodyEn, offerText: input.offerText, offerTextEn: input.offerTextEn,
    conversionDays: input.conversionDays, scheduledAt: input.scheduledAt ? new Date(input.scheduledAt) : null, createdBy: actor.userId, createdAt: now, updatedAt: now,
  }).returning();
  return presentCampaign(tx, row);
}

export async function updateCampaign(tx: Db, actor: Actor, clock: Clock, id: string, input: Partial<CampaignInput>) {
  assertCan(actor, 'customers', 'update');
  const c = await loadCampaign(tx, actor, id, true);
  if (c.status !== 'draft') throw new AppError('CONFLICT', 'A campaign that has started cannot change', { status: c.status });
  if (input.segmentId) await savedSegmentWhere(tx, actor, clock, input.segmentId);
  const { scheduledAt, ...rest } = input;
  checkShape({ ...c, ...rest } as Shape);
  const [row] = await tx.update(campaigns).set({ ...rest, ...(scheduledAt !== undefined ? { scheduledAt: scheduledAt ? new Date(scheduledAt) : null } : {}), updatedAt: clock.now() })
    .where(eq(campaigns.id, id)).returning();
  return presentCampaign(tx, row);
}

/** Who it would reach now, and the text each of a few would get. */
export async function previewCampaign(db: Db, actor: Actor, clock: Clock, id: string) {
  const c = await loadCampaign(db, actor, id);
  const where = await savedSegmentWhere(db, actor, clock, c.segmentId);
  const ok = eligible(c.channel);
  const [n] = (await db.execute(sql`
    SELECT count(*)::int AS in_segment, count(*) FILTER (WHERE ${ok})::int AS eligible,
           count(*) FILTER (WHERE ${ok} AND abs(hashtext(${c.id} || c.id::text)) % 100 < ${c.holdoutPercent})::int AS holdout,
           count(*) FILTER (WHERE ${channelNow(c.channel)} = 'sms')::int AS by_sms, count(*) FILTER (WHERE ${channelNow(c.channel)} = 'email')::int AS by_email
    FROM customers c WHERE ${where}`)).rows as { in_segment: number; eligible: number; holdout: number; by_sms: number; by_email: number }[];
  const rows = (await db.execute(sql`
    SELECT c.id, c.display_name, c.first_name, c.last_name, c.gender, c.preferred_language, t.channel,
           CASE t.channel WHEN 'email' THEN ${EMAIL} ELSE ${MOBILE} END AS address
    FROM customers c CROSS JOIN LATERAL (SELECT ${channelNow(c.channel)} AS channel) t
    WHERE ${where} AND ${ok} ORDER BY c.updated_at DESC LIMIT 5`)).rows as (CampaignRecipientRow & { preferred_language: string | null; channel: SendChannel; address: string })[];
  const samples = await renderSamples(db, c, rows);
  return {
    inSegment: n.in_segment, eligible: n.eligible, holdout: n.holdout, recipients: n.eligible - n.holdout, byChannel: { sms: n.by_sms, email: n.by_email },
    parts: c.channel === 'email' ? 0 : Math.max(smsParts(c.body).parts, ...samples.filter((s) => s.channel === 'sms').map((s) => smsParts(s.text).parts)), samples,
  };
}

/** The texts a few customers would get: their channel, language and personal values (one look-up for all of them). */
export async function renderSamples(db: Db, c: CampaignRow, rows: (CampaignRecipientRow & { preferred_language: string | null; channel: SendChannel; address: string })[]) {
  const personal = await loadPersonal(db, rows.map((r) => r.id), personalKeysIn(allTexts(c)), { fa: c.offerText, en: c.offerTextEn });
  // The preview shows where the personal link goes; each recipient's own short link is made at sending.
  return rows.map((r) => {
    const t = textFor(c, r.channel, languageOf(r.preferred_language));
    const values = personal(r.id, t.language);
    return {
      customerId: r.id, name: r.display_name, phone: r.address, channel: r.channel, language: t.language,
      // The subject as written (in the recipient's language); each email's own is made personal at sending.
      subject: t.subject,
      text: renderCampaignText(t.body, r, c.linkUrl ?? undefined, values, t.language),
    };
  });
}

/** Fixes the recipients and starts (or schedules) the sending. */
export async function startCampaign(tx: Db, actor: Actor, clock: Clock, id: string) {
  assertCan(actor, 'customers', 'update');
  const c = await loadCampaign(tx, actor, id, true);
  if (c.status !== 'draft') throw new AppError('CONFLICT', `The campaign is ${c.status}`, { status: c.status });
  const where = await savedSegmentWhere(tx, actor, clock, c.segmentId);
  // The hold-out by one hash, the A/B test's share by another: independent, random, and the same answer if the start
  // is ever run again for this campaign. Within the test share's sent group, A and B alternate in the order of a third
  // hash, so the two variants differ in size by at most one (a coin flip per customer could leave one side empty).
  const inTest = sql`abs(hashtext('ab:' || ${c.id} || c.id::text)) % 100 < ${c.abPercent}`;
  const variant = c.abPercent > 0
    ? sql`CASE WHEN NOT t.in_test OR t.grp <> 'send' THEN NULL
        WHEN row_number() OVER (PARTITION BY t.in_test AND t.grp = 'send' ORDER BY t.vkey, t.id) % 2 = 1 THEN 'a' ELSE 'b' END`
    : sql`'a'`;
  const firstStatus = c.abPercent > 0 ? sql`CASE WHEN t.in_test THEN 'pending' ELSE 'waiting' END` : sql`'pending'`;
  await tx.execute(sql`
    INSERT INTO campaign_recipients (campaign_id, customer_id, grp, status, phone, email, variant)
    SELECT ${c.id}::uuid, t.id, t.grp, ${firstStatus}, t.phone, t.email, ${variant}
    FROM (
      SELECT c.id, CASE WHEN abs(hashtext(${c.id} || c.id::text)) % 100 < ${c.holdoutPercent} THEN 'holdout' ELSE 'send' END AS grp,
             ${inTest} AS in_test, hashtext('v:' || ${c.id} || c.id::text) AS vkey,
             ${c.channel !== 'email' ? MOBILE : sql`NULL`} AS phone, ${c.channel !== 'sms' ? EMAIL : sql`NULL`} AS email
      FROM customers c WHERE ${where} AND ${eligible(c.channel)}
    ) t`);
  await tx.update(campaignRecipients).set({ status: 'skipped', reason: 'holdout', variant: null }).where(and(eq(campaignRecipients.campaignId, id), eq(campaignRecipients.grp, 'holdout')));
  const now = clock.now();
  const status = c.scheduledAt && c.scheduledAt > now ? 'scheduled' : 'sending';
  const [row] = await tx.update(campaigns).set({ status, startedAt: now, updatedAt: now }).where(eq(campaigns.id, id)).returning();
  return presentCampaign(tx, row);
}

export async function setCampaignState(tx: Db, actor: Actor, clock: Clock, id: string, action: 'pause' | 'resume' | 'cancel') {
  assertCan(actor, 'customers', 'update');
  const c = await loadCampaign(tx, actor, id, true);
  const allowed: Record<typeof action, string[]> = { pause: ['sending', 'scheduled'], resume: ['paused'], cancel: ['draft', 'scheduled', 'sending', 'paused'] };
  if (!allowed[action].includes(c.status)) throw new AppError('CONFLICT', `A ${c.status} campaign cannot ${action}`, { status: c.status });
  const status = action === 'pause' ? 'paused' : action === 'resume' ? 'sending' : 'cancelled';
  const now = clock.now();
  const [row] = await tx.update(campaigns).set({ status, updatedAt: now, ...(action === 'cancel' ? { finishedAt: now } : {}) }).where(eq(campaigns.id, id)).returning();
  return presentCampaign(tx, row);
}

