/**
 * SMS campaigns: a segment, a personalized text, a random hold-out. Starting fixes the recipients (those in the
 * segment, in the starter's scope, with SMS consent and a mobile); batches then queue their messages through the
 * outbox, each batch one transaction with its recipients' status, so a crash or restart never loses or doubles one.
 * Advertising SMS are sent only between 09:00 and 21:00 Tehran time. Results compare purchases of the recipients with
 * the hold-out's over the following days.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';
import { withTx } from '../../db/tx.ts';
import type { Clock } from '../../clock.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { queueMessage } from '../messaging/index.ts';
import { savedSegmentWhere, segments } from '../segments/index.ts';
import { smsParts } from '../../../common/sms.ts';
import type { CampaignInput } from '../../../common/campaigns.schemas.ts';
import { campaigns, campaignRecipients } from './campaigns.tables.ts';
import { renderCampaignText } from './template.ts';

type CampaignRow = typeof campaigns.$inferSelect;
export const QUIET_START_HOUR = 21;
export const QUIET_END_HOUR = 9;
/** Messages a campaign queues per minute (a gateway's usual limit for one line). */
export const CAMPAIGN_BATCH = 300;

const MOBILE = sql`(SELECT p ->> 'number' FROM jsonb_array_elements(c.phones) p WHERE p ->> 'number' LIKE '+989%' LIMIT 1)`;

async function counts(db: Db, id: string) {
  const [r] = (await db.execute(sql`
    SELECT count(*) FILTER (WHERE grp = 'send')::int AS recipients, count(*) FILTER (WHERE grp = 'holdout')::int AS holdout,
           count(*) FILTER (WHERE grp = 'send' AND status = 'queued')::int AS queued, count(*) FILTER (WHERE grp = 'send' AND status = 'pending')::int AS remaining
    FROM campaign_recipients WHERE campaign_id = ${id}`)).rows as { recipients: number; holdout: number; queued: number; remaining: number }[];
  return r;
}

export async function presentCampaign(db: Db, c: CampaignRow) {
  const [seg] = await db.select({ name: segments.name }).from(segments).where(eq(segments.id, c.segmentId));
  return {
    id: c.id, name: c.name, segmentId: c.segmentId, segmentName: seg?.name ?? null, channel: c.channel, body: c.body, holdoutPercent: c.holdoutPercent,
    advertising: c.advertising, conversionDays: c.conversionDays, status: c.status, scheduledAt: c.scheduledAt, startedAt: c.startedAt, finishedAt: c.finishedAt,
    ...(await counts(db, c.id)), createdAt: c.createdAt, updatedAt: c.updatedAt,
  };
}

async function load(db: Db, actor: Actor, id: string, forUpdate = false): Promise<CampaignRow> {
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
  return presentCampaign(db, await load(db, actor, id));
}

export async function createCampaign(tx: Db, actor: Actor, clock: Clock, input: CampaignInput) {
  assertCan(actor, 'customers', 'update');
  await savedSegmentWhere(tx, actor, clock, input.segmentId); // the segment exists and the actor sees it
  if (smsParts(input.body).parts > 10) throw new AppError('VALIDATION_FAILED', 'The text is too long for an SMS', { body: 'at most 10 parts' });
  const now = clock.now();
  const [row] = await tx.insert(campaigns).values({
    name: input.name, segmentId: input.segmentId, body: input.body, holdoutPercent: input.holdoutPercent, advertising: input.advertising,
    conversionDays: input.conversionDays, scheduledAt: input.scheduledAt ? new Date(input.scheduledAt) : null, createdBy: actor.userId, createdAt: now, updatedAt: now,
  }).returning();
  return presentCampaign(tx, row);
}

export async function updateCampaign(tx: Db, actor: Actor, clock: Clock, id: string, input: Partial<CampaignInput>) {
  assertCan(actor, 'customers', 'update');
  const c = await load(tx, actor, id, true);
  if (c.status !== 'draft') throw new AppError('CONFLICT', 'A campaign that has started cannot change', { status: c.status });
  if (input.segmentId) await savedSegmentWhere(tx, actor, clock, input.segmentId);
  if (input.body && smsParts(input.body).parts > 10) throw new AppError('VALIDATION_FAILED', 'The text is too long for an SMS', { body: 'at most 10 parts' });
  const { scheduledAt, ...rest } = input;
  const [row] = await tx.update(campaigns).set({ ...rest, ...(scheduledAt !== undefined ? { scheduledAt: scheduledAt ? new Date(scheduledAt) : null } : {}), updatedAt: clock.now() })
    .where(eq(campaigns.id, id)).returning();
  return presentCampaign(tx, row);
}

/** Who it would reach now, and the text each of a few would get. */
export async function previewCampaign(db: Db, actor: Actor, clock: Clock, id: string) {
  const c = await load(db, actor, id);
  const where = await savedSegmentWhere(db, actor, clock, c.segmentId);
  const [n] = (await db.execute(sql`
    SELECT count(*)::int AS in_segment, count(*) FILTER (WHERE c.sms_consent AND ${MOBILE} IS NOT NULL)::int AS eligible,
           count(*) FILTER (WHERE c.sms_consent AND ${MOBILE} IS NOT NULL AND abs(hashtext(${c.id} || c.id::text)) % 100 < ${c.holdoutPercent})::int AS holdout
    FROM customers c WHERE ${where}`)).rows as { in_segment: number; eligible: number; holdout: number }[];
  const rows = (await db.execute(sql`
    SELECT c.id, c.display_name, c.first_name, c.last_name, c.gender, ${MOBILE} AS phone FROM customers c
    WHERE ${where} AND c.sms_consent AND ${MOBILE} IS NOT NULL ORDER BY c.updated_at DESC LIMIT 5`)).rows as { id: string; display_name: string; first_name: string | null; last_name: string | null; gender: string | null; phone: string }[];
  const samples = rows.map((r) => ({ customerId: r.id, name: r.display_name, phone: r.phone, text: renderCampaignText(c.body, r) }));
  return {
    inSegment: n.in_segment, eligible: n.eligible, holdout: n.holdout, recipients: n.eligible - n.holdout,
    parts: Math.max(smsParts(c.body).parts, ...samples.map((s) => smsParts(s.text).parts)), samples,
  };
}

/** Fixes the recipients and starts (or schedules) the sending. */
export async function startCampaign(tx: Db, actor: Actor, clock: Clock, id: string) {
  assertCan(actor, 'customers', 'update');
  const c = await load(tx, actor, id, true);
  if (c.status !== 'draft') throw new AppError('CONFLICT', `The campaign is ${c.status}`, { status: c.status });
  const where = await savedSegmentWhere(tx, actor, clock, c.segmentId);
  await tx.execute(sql`
    INSERT INTO campaign_recipients (campaign_id, customer_id, grp, status, phone)
    SELECT ${c.id}::uuid, c.id, CASE WHEN abs(hashtext(${c.id} || c.id::text)) % 100 < ${c.holdoutPercent} THEN 'holdout' ELSE 'send' END, 'pending', ${MOBILE}
    FROM customers c WHERE ${where} AND c.sms_consent AND ${MOBILE} IS NOT NULL`);
  await tx.update(campaignRecipients).set({ status: 'skipped', reason: 'holdout' }).where(and(eq(campaignRecipients.campaignId, id), eq(campaignRecipients.grp, 'holdout')));
  const now = clock.now();
  const status = c.scheduledAt && c.scheduledAt > now ? 'scheduled' : 'sending';
  const [row] = await tx.update(campaigns).set({ status, startedAt: now, updatedAt: now }).where(eq(campaigns.id, id)).returning();
  return presentCampaign(tx, row);
}

export async function setCampaignState(tx: Db, actor: Actor, clock: Clock, id: string, action: 'pause' | 'resume' | 'cancel') {
  assertCan(actor, 'customers', 'update');
  const c = await load(tx, actor, id, true);
  const allowed: Record<typeof action, string[]> = { pause: ['sending', 'scheduled'], resume: ['paused'], cancel: ['draft', 'scheduled', 'sending', 'paused'] };
  if (!allowed[action].includes(c.status)) throw new AppError('CONFLICT', `A ${c.status} campaign cannot ${action}`, { status: c.status });
  const status = action === 'pause' ? 'paused' : action === 'resume' ? 'sending' : 'cancelled';
  const now = clock.now();
  const [row] = await tx.update(campaigns).set({ status, updatedAt: now, ...(action === 'cancel' ? { finishedAt: now } : {}) }).where(eq(campaigns.id, id)).returning();
  return presentCampaign(tx, row);
}

/** Hour of day in Tehran. */
const tehranHour = (now: Date) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tehran', hour: '2-digit', hourCycle: 'h23' }).format(now));

/**
 * One batch of a sending campaign, in one transaction: up to `limit` pending recipients get their message queued
 * (dedupe key campaign:<id>:<customer>) and become queued; with none left the campaign is sent. Quiet hours: nothing.
 */
export async function runCampaignBatch(database: Database, clock: Clock, id: string, limit = CAMPAIGN_BATCH): Promise<{ queued: number; remaining: number; quiet: boolean }> {
  return withTx(database, async (tx) => {
    const [c] = await tx.select().from(campaigns).where(eq(campaigns.id, id)).for('update');
    if (!c || c.status !== 'sending') return { queued: 0, remaining: 0, quiet: false };
    const now = clock.now();
    const h = tehranHour(now);
    if (c.advertising && (h >= QUIET_START_HOUR || h < QUIET_END_HOUR)) return { queued: 0, remaining: (await counts(tx, id)).remaining, quiet: true };
    const batch = (await tx.execute(sql`
      SELECT r.id, r.customer_id, r.phone, cu.display_name, cu.first_name, cu.last_name, cu.gender, cu.sms_consent
      FROM campaign_recipients r JOIN customers cu ON cu.id = r.customer_id
      WHERE r.campaign_id = ${id} AND r.status = 'pending' ORDER BY r.id LIMIT ${limit} FOR UPDATE OF r SKIP LOCKED`)).rows as {
      id: string; customer_id: string; phone: string | null; display_name: string; first_name: string | null; last_name: string | null; gender: string | null; sms_consent: boolean }[];
    let queued = 0;
    for (const r of batch) {
      // Consent is checked again at sending: someone may have opted out since the start.
      if (!r.sms_consent || !r.phone) {
        await tx.update(campaignRecipients).set({ status: 'skipped', reason: r.sms_consent ? 'no mobile' : 'opted out' }).where(eq(campaignRecipients.id, r.id));
        continue;
      }
      const m = await queueMessage(tx, {
        customerId: r.customer_id, channel: 'sms', address: r.phone, body: renderCampaignText(c.body, r), subjectType: 'campaign', subjectId: c.id,
        dedupeKey: `campaign:${c.id}:${r.customer_id}`, createdBy: c.createdBy,
      });
      await tx.update(campaignRecipients).set({ status: 'queued', messageId: m?.messageId ?? null, reason: m ? null : 'already sent' }).where(eq(campaignRecipients.id, r.id));
      queued++;
    }
    const left = (await counts(tx, id)).remaining;
    if (left === 0) await tx.update(campaigns).set({ status: 'sent', finishedAt: now, updatedAt: now }).where(eq(campaigns.id, id));
    return { queued, remaining: left, quiet: false };
  });
}

/** Every minute: scheduled campaigns whose time has come start sending; each sending campaign sends one batch. */
export async function campaignTick(database: Database, clock: Clock): Promise<void> {
  const now = clock.now();
  await database.db.update(campaigns).set({ status: 'sending', updatedAt: now }).where(and(eq(campaigns.status, 'scheduled'), sql`${campaigns.scheduledAt} <= ${now}`));
  const due = await database.db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.status, 'sending'));
  for (const c of due) await runCampaignBatch(database, clock, c.id);
}
