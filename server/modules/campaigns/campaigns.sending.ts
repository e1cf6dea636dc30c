/**
 * Sending a campaign: batches queue their messages through the outbox, each batch one transaction with its
 * recipients' status, so a crash or restart never loses or doubles one (the outbox's dedupe key backs this up).
 * Throttling: a gateway takes at most `rates[channel]` campaign messages a minute (all campaigns of the channel
 * together), and a campaign at most its own `ratePerMinute`; counted over the last 60 s of queued recipients, under a
 * lock per channel so two ticks cannot both spend the same minute. Advertising SMS wait outside the contact policy's
 * quiet hours (21:00–09:00 Tehran by default) and go out from the advertising line when one is set; a recipient on the
 * suppression list or at the policy's frequency cap is skipped (reason `suppressed` / `frequency_cap`), decided for the
 * whole batch in its one SELECT; a recipient with preferred contact hours waits for them.
 * An A/B test's winner is chosen when its test group is all queued and `abHours` have passed since the start.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';
import { withTx } from '../../db/tx.ts';
import type { Clock } from '../../clock.ts';
import { queueMessages, type NewMessage } from '../messaging/index.ts';
import { campaigns, campaignRecipients } from './campaigns.tables.ts';
import { CAMPAIGN_BATCH, type CampaignRecipientRow } from './campaigns.service.ts';
import { personalKeysIn, renderCampaignText, type PersonalValues } from './template.ts';
import { campaignEmail } from './email.ts';
import { recipientLinks, type LinkContext } from './links.ts';
import type { CampaignLanguage, SendChannel } from '../../../common/campaigns.schemas.ts';
import { loadPersonal } from './campaigns.personal.ts';
import { languageOf, pickChannel, textFor, allTexts } from './campaigns.texts.ts';
import { wallTimeIn } from '../../../common/zoned-time.ts';
import { TEHRAN } from '../../../common/jalali.ts';
import { readContactPolicy, isQuiet, marketingBlockSql } from '../contact-policy/index.ts';
import type { ContactPolicy, MarketingSkip } from '../../../common/contact-policy.schemas.ts';
/** Messages a minute a gateway takes from campaigns, by default (configurable: MEHVAR_CAMPAIGN_SMS_PER_MINUTE / _EMAIL_). */
export const DEFAULT_RATES: GatewayRates = { sms: 300, email: 600 };
export type GatewayRates = Record<SendChannel, number>;
export type CampaignDeps = { database: Database; clock: Clock; links: LinkContext; rates: GatewayRates };
type CampaignRow = typeof campaigns.$inferSelect;

/**
 * Recipients whose preferred contact hours (Tehran time) hold `now`, or who have none: the others stay pending and
 * are sent by a later tick inside their hours — deferred, never dropped.
 */
function insidePreferredHours(now: Date) {
  const w = wallTimeIn(now, TEHRAN);
  const m = w.hour * 60 + w.minute;
  return sql`(cu.contact_from IS NULL OR cu.contact_to IS NULL OR CASE WHEN cu.contact_from < cu.contact_to
    THEN ${m} >= cu.contact_from AND ${m} < cu.contact_to ELSE ${m} >= cu.contact_from OR ${m} < cu.contact_to END)`;
}

/**
 * A `preferred` advertising campaign in the SMS quiet hours: only the recipients whose message goes by email now are
 * taken (SQL twin of pickChannel); the SMS ones stay pending for the morning.
 */
function preferredQuiet(c: CampaignRow, policy: ContactPolicy, now: Date) {
  if (c.channel !== 'preferred' || !c.advertising || !isQuiet(policy, now)) return sql`true`;
  return sql`(CASE WHEN cu.preferred_channel = 'email' AND cu.email_consent AND r.email IS NOT NULL THEN true
    WHEN cu.sms_consent AND r.phone IS NOT NULL THEN false ELSE cu.email_consent AND r.email IS NOT NULL END)`;
}

async function remaining(tx: Db, id: string) {
  const [r] = (await tx.execute(sql`SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'waiting')::int AS waiting
    FROM campaign_recipients WHERE campaign_id = ${id} AND grp = 'send' AND status IN ('pending', 'waiting')`)).rows as { pending: number; waiting: number }[];
  return r;
}

/**
 * How many more this campaign may queue now: the gateway's minute and the campaign's own, less what went in the last
 * 60 s. A `preferred` campaign uses both gateways: it takes the smaller of the two budgets.
 */
async function budget(tx: Db, c: CampaignRow, rates: GatewayRates, now: Date): Promise<number> {
  const gateways: SendChannel[] = c.channel === 'preferred' ? ['email', 'sms'] : [c.channel];
  // One lock per channel for the rest of this transaction: concurrent batches take turns at the same minute's budget
  // (always taken in the order email, sms).
  for (const g of gateways) await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${'campaign-rate:' + g}))`);
  const since = new Date(now.getTime() - 60_000);
  // A recipient's message went by its own channel (set when queued; rows from before it existed: the campaign's).
  const [r] = (await tx.execute(sql`
    SELECT count(*) FILTER (WHERE coalesce(r.channel, k.channel) = 'sms')::int AS sms, count(*) FILTER (WHERE coalesce(r.channel, k.channel) = 'email')::int AS email,
           count(*) FILTER (WHERE r.campaign_id = ${c.id})::int AS own
    FROM campaign_recipients r JOIN campaigns k ON k.id = r.campaign_id
    WHERE r.queued_at > ${since}`)).rows as { sms: number; email: number; own: number }[];
  const left = Math.min(...gateways.map((g) => rates[g] - r[g]));
  return Math.max(0, c.ratePerMinute ? Math.min(left, c.ratePerMinute - r.own) : left);
}

/** The A/B rule: the variant with the higher share of its queued recipients who clicked (or opened); a tie goes to A. */
export async function abScores(db: Db, c: Pick<CampaignRow, 'id' | 'abRule' | 'abPercent'>) {
  // The test group is the one the start drew (the same hash), so the rest, sent the winner later, does not count.
  const hit = c.abRule === 'opens' ? sql`opened_at IS NOT NULL` : sql`clicked_at IS NOT NULL`;
  const rows = (await db.execute(sql`
    SELECT variant, count(*) FILTER (WHERE status = 'queued')::int AS queued, count(*) FILTER (WHERE status = 'queued' AND opened_at IS NOT NULL)::int AS opened,
           count(*) FILTER (WHERE status = 'queued' AND clicked_at IS NOT NULL)::int AS clicked, count(*) FILTER (WHERE status = 'queued' AND ${hit})::int AS hits
    FROM campaign_recipients WHERE campaign_id = ${c.id} AND grp = 'send' AND variant IS NOT NULL
      AND abs(hashtext('ab:' || ${c.id} || customer_id::text)) % 100 < ${c.abPercent}
    GROUP BY variant ORDER BY variant`)).rows as { variant: 'a' | 'b'; queued: number; opened: number; clicked: number; hits: number }[];
  return (['a', 'b'] as const).map((v) => {
    const r = rows.find((x) => x.variant === v) ?? { queued: 0, opened: 0, clicked: 0, hits: 0 };
    return { variant: v, queued: r.queued, opened: r.opened, clicked: r.clicked, rate: r.queued ? r.hits / r.queued : 0 };
  });
}

async function decideAbTest(tx: Db, c: CampaignRow, now: Date, left: { pending: number; waiting: number }): Promise<boolean> {
  if (c.abPercent === 0 || c.abWinner || !c.startedAt) return false;
  if (left.pending > 0 || now.getTime() < c.startedAt.getTime() + c.abHours * 3_600_000) return false;
  // Scores are taken before the rest get a variant (they are waiting, so not counted either way).
  const [a, b] = await abScores(tx, c);
  const winner = b.rate > a.rate ? 'b' : 'a';
  await tx.update(campaigns).set({ abWinner: winner, abDecidedAt: now, updatedAt: now }).where(eq(campaigns.id, c.id));
  await tx.update(campaignRecipients).set({ status: 'pending', variant: winner })
    .where(and(eq(campaignRecipients.campaignId, c.id), eq(campaignRecipients.status, 'waiting')));
  return true;
}

/**
 * One recipient's message by `channel`: the text (variant A or B, in their language) made personal, with their
 * tracked links; email with its unsubscribe headers (the page in English for an English text).
 */
export function campaignMessage(ctx: LinkContext, c: CampaignRow, r: CampaignRecipientRow & { variant: 'a' | 'b' | null }, address: string,
  channel: SendChannel, lang: CampaignLanguage, personal?: PersonalValues): NewMessage & { language: CampaignLanguage } {
  // The links are MACs (three a recipient): made only when the message carries them.
  const links = c.linkUrl || channel === 'email' ? recipientLinks(ctx, r.id) : undefined;
  const click = c.linkUrl ? links!.click : undefined;
  const t = textFor(c, channel, lang, r.variant);
  const text = renderCampaignText(t.body, r, click, personal, t.language);
  const common = { customerId: r.customer_id, address, subjectType: 'campaign', subjectId: c.id, dedupeKey: `campaign:${c.id}:${r.customer_id}`, createdBy: c.createdBy, language: t.language };
  if (channel !== 'email') return { ...common, channel: 'sms', body: text };
  const unsubscribe = links!.unsubscribe + (t.language === 'en' ? '?lang=en' : '');
  const e = campaignEmail({ subject: renderCampaignText(t.subject ?? c.name, r, undefined, personal, t.language), text, links: { click, open: links!.open, unsubscribe } });
  return { ...common, channel: 'email', subject: e.subject, body: e.text, html: e.html, headers: e.headers };
}

/**
 * One batch of a sending campaign, in one transaction: up to `limit` pending recipients (within the rate) get their
 * message queued (dedupe key campaign:<id>:<customer>) and become queued; with none left the campaign is sent.
 */
export async function runCampaignBatch(deps: CampaignDeps, id: string, limit = CAMPAIGN_BATCH): Promise<{ queued: number; remaining: number; quiet: boolean; throttled: boolean }> {
  return withTx(deps.database, async (tx) => {
    const [c] = await tx.select().from(campaigns).where(eq(campaigns.id, id)).for('update');
    if (!c || c.status !== 'sending') return { queued: 0, remaining: 0, quiet: false, throttled: false };
    const now = deps.clock.now();
    let left = await remaining(tx, id);
    if (await decideAbTest(tx, c, now, left)) left = await remaining(tx, id);
    const policy = await readContactPolicy(tx);
    if (c.channel === 'sms' && c.advertising && isQuiet(policy, now)) return { queued: 0, remaining: left.pending + left.waiting, quiet: true, throttled: false };
    const take = Math.min(limit, await budget(tx, c, deps.rates, now));
    if (take <= 0 && left.pending > 0) return { queued: 0, remaining: left.pending + left.waiting, quiet: false, throttled: true };
    const batch = take <= 0 ? [] : (await tx.execute(sql`
      SELECT r.id, r.customer_id, r.phone, r.email, r.variant, cu.display_name, cu.first_name, cu.last_name, cu.gender, cu.sms_consent, cu.email_consent,
             cu.preferred_channel, cu.preferred_language,
             ${c.channel === 'email' ? sql`NULL` : marketingBlockSql(policy, now, 'sms', sql`r.customer_id`, sql`r.phone`)} AS block_sms,
             ${c.channel === 'sms' ? sql`NULL` : marketingBlockSql(policy, now, 'email', sql`r.customer_id`, sql`lower(r.email)`)} AS block_email
      FROM campaign_recipients r JOIN customers cu ON cu.id = r.customer_id
      WHERE r.campaign_id = ${id} AND r.status = 'pending' AND ${insidePreferredHours(now)} AND ${preferredQuiet(c, policy, now)} ORDER BY r.id LIMIT ${take} FOR UPDATE OF r SKIP LOCKED`)).rows as (CampaignRecipientRow & {
      phone: string | null; email: string | null; variant: 'a' | 'b' | null; sms_consent: boolean; email_consent: boolean; preferred_channel: string | null; preferred_language: string | null;
      block_sms: MarketingSkip | null; block_email: MarketingSkip | null })[];
    const personal = await loadPersonal(tx, batch.map((r) => r.customer_id), personalKeysIn(allTexts(c)), { fa: c.offerText, en: c.offerTextEn }, c.id);
    // The batch is rendered here and written in a few statements whatever its size: skipped rows in one update,
    // the messages through queueMessages (one outbox insert, one log insert), the queued rows in one update.
    const skipped: { id: string; reason: string }[] = [];
    const sending: { r: (typeof batch)[number]; m: ReturnType<typeof campaignMessage> }[] = [];
    for (const r of batch) {
      // A `preferred` campaign picks the channel now, by the consents of this moment.
      const channel = c.channel === 'preferred' ? pickChannel(r.preferred_channel, r.sms_consent && Boolean(r.phone), r.email_consent && Boolean(r.email)) ?? 'sms' : c.channel;
      const address = channel === 'email' ? r.email : r.phone;
      const consent = c.channel === 'preferred' ? r.sms_consent || r.email_consent : channel === 'email' ? r.email_consent : r.sms_consent;
      // Consent is checked again at sending: someone may have opted out (or unsubscribed) since the start.
      if (!consent || !address) {
        skipped.push({ id: r.id, reason: consent ? 'no address' : 'opted out' });
        continue;
      }
      // Suppression is by the address of the channel it goes by; the cap counts every marketing message.
      const block = channel === 'email' ? r.block_email : r.block_sms;
      if (block) {
        skipped.push({ id: r.id, reason: block });
        continue;
      }
      const lang = languageOf(r.preferred_language);
      const m = campaignMessage(deps.links, c, r, address, channel, lang, personal(r.customer_id, textFor(c, channel, lang, r.variant).language));
      // Every campaign message is marketing (counted by the frequency cap at the clock's time).
      sending.push({ r, m: { ...m, marketing: true, at: now, ...(channel === 'sms' && c.advertising ? { line: 'advertising' as const } : {}) } });
    }
    if (skipped.length) {
      await tx.execute(sql`UPDATE campaign_recipients r SET status = 'skipped', reason = v.reason
        FROM unnest(${sql.param(skipped.map((x) => x.id))}::uuid[], ${sql.param(skipped.map((x) => x.reason))}::text[]) AS v(id, reason) WHERE r.id = v.id`);
    }
    const made = sending.length ? await queueMessages(tx, sending.map((x) => x.m)) : [];
    if (sending.length) {
      await tx.execute(sql`UPDATE campaign_recipients r SET status = 'queued', queued_at = ${now}, message_id = v.message_id,
          reason = CASE WHEN v.message_id IS NULL THEN 'already sent' END, channel = v.channel, language = v.language
        FROM unnest(${sql.param(sending.map((x) => x.r.id))}::uuid[], ${sql.param(made.map((m) => m?.messageId ?? null))}::uuid[],
          ${sql.param(sending.map((x) => x.m.channel))}::text[], ${sql.param(sending.map((x) => x.m.language))}::text[]) AS v(id, message_id, channel, language)
        WHERE r.id = v.id`);
    }
    const queued = sending.length;
    left = await remaining(tx, id);
    if (left.pending + left.waiting === 0) await tx.update(campaigns).set({ status: 'sent', finishedAt: now, updatedAt: now }).where(eq(campaigns.id, id));
    return { queued, remaining: left.pending + left.waiting, quiet: false, throttled: queued > 0 && queued === take && take < limit };
  });
}

/**
 * Every minute (and at once when a campaign starts or resumes): scheduled campaigns whose time has come start sending;
 * each sending campaign sends batches until its pending recipients or the minute's budget run out.
 */
export async function campaignTick(deps: CampaignDeps): Promise<void> {
  const now = deps.clock.now();
  await deps.database.db.update(campaigns).set({ status: 'sending', updatedAt: now }).where(and(eq(campaigns.status, 'scheduled'), sql`${campaigns.scheduledAt} <= ${now}`));
  const due = await deps.database.db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.status, 'sending'));
  for (const c of due) {
    for (;;) {
      const r = await runCampaignBatch(deps, c.id);
      if (r.queued < CAMPAIGN_BATCH || r.throttled || r.remaining === 0) break;
    }
  }
}
