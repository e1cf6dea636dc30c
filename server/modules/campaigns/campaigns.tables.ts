import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, boolean, timestamp, integer, index } from 'drizzle-orm/pg-core';
import { users } from '../auth/auth.tables.ts';
import type { CampaignStatus, CampaignChannel, AbRule, SendChannel, CampaignLanguage } from '../../../common/campaigns.schemas.ts';

/**
 * An SMS or email campaign to a segment. The recipients are fixed when it starts (campaign_recipients). `linkUrl` is
 * the one address its tracked links lead to ({link} in the text). With `abPercent` > 0, that share of the recipients
 * gets variant A or B at random; the rest wait until the winner is chosen by `abRule` after `abHours`.
 */
export const campaigns = pgTable('campaigns', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  segmentId: uuid('segment_id').notNull(),
  channel: text('channel').$type<CampaignChannel>().notNull().default('sms'),
  subject: text('subject'),
  body: text('body').notNull(),
  linkUrl: text('link_url'),
  /** Messages a minute for this campaign (below the gateway's limit); null: the gateway's limit. */
  ratePerMinute: integer('rate_per_minute'),
  bodyB: text('body_b'),
  subjectB: text('subject_b'),
  abPercent: integer('ab_percent').notNull().default(0),
  abRule: text('ab_rule').$type<AbRule>().notNull().default('clicks'),
  abHours: integer('ab_hours').notNull().default(4),
  abWinner: text('ab_winner').$type<'a' | 'b'>(),
  abDecidedAt: timestamp('ab_decided_at', { withTimezone: true }),
  /** A `preferred` campaign's email text (`body` is its SMS text; `subject` the email's subject). */
  emailBody: text('email_body'),
  /** English texts for customers whose language is English; null: they get the Persian. */
  bodyEn: text('body_en'),
  subjectEn: text('subject_en'),
  emailBodyEn: text('email_body_en'),
  /** {offer} when no co-purchase suggests a product. */
  offerText: text('offer_text'),
  offerTextEn: text('offer_text_en'),
  holdoutPercent: integer('holdout_percent').notNull().default(10),
  advertising: boolean('advertising').notNull().default(true),
  conversionDays: integer('conversion_days').notNull().default(14),
  status: text('status').$type<CampaignStatus>().notNull().default('draft'),
  scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
  startedAt: timestamp('started_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('campaigns_status').on(t.status, t.scheduledAt)]);

/**
 * Who a campaign goes to, fixed when it starts: `send` (pending → queued, with its message) or `holdout` (kept out,
 * to compare). One row per customer (a merge may leave a survivor two; the outbox's dedupe key still sends once); a batch turns pending rows into queued ones in the same transaction as their
 * outbox rows, so a crash neither loses nor doubles a message.
 */
export const campaignRecipients = pgTable('campaign_recipients', {
  id: uuid('id').primaryKey().defaultRandom(),
  campaignId: uuid('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
  customerId: uuid('customer_id').notNull(),
  grp: text('grp').$type<'send' | 'holdout'>().notNull(),
  /** waiting: an A/B test's rest, until the winner is known. */
  status: text('status').$type<'pending' | 'waiting' | 'queued' | 'skipped'>().notNull(),
  phone: text('phone'),
  email: text('email'),
  variant: text('variant').$type<'a' | 'b'>(),
  /** The channel the message went by (set when queued; a `preferred` campaign picks it per recipient). */
  channel: text('channel').$type<SendChannel>(),
  /** The language of the text it got. */
  language: text('language').$type<CampaignLanguage>(),
  messageId: uuid('message_id'),
  reason: text('reason'),
  queuedAt: timestamp('queued_at', { withTimezone: true }),
  openedAt: timestamp('opened_at', { withTimezone: true }),
  clickedAt: timestamp('clicked_at', { withTimezone: true }),
  clicks: integer('clicks').notNull().default(0),
  unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
}, (t) => [
  // A batch takes the next pending rows in id order straight from here (no pass over the ones already queued).
  index('campaign_recipients_pending').on(t.campaignId, t.status, t.id),
  index('campaign_recipients_customer').on(t.customerId),
  // The rate budget counts the last minute's queued rows by campaign: an index-only scan.
  index('campaign_recipients_queued_at').on(t.queuedAt, t.campaignId),
  // Customer journeys read the clicks changed since their last refresh (journeys.refresh.ts).
  index('campaign_recipients_clicked_at').on(t.clickedAt).where(sql`clicked_at IS NOT NULL`),
]);
