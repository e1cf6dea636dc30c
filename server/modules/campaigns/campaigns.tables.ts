import { pgTable, uuid, text, boolean, timestamp, integer, index } from 'drizzle-orm/pg-core';
import { users } from '../auth/auth.tables.ts';
import type { CampaignStatus } from '../../../common/campaigns.schemas.ts';

/** An SMS campaign to a segment. The recipients are fixed when it starts (campaign_recipients). */
export const campaigns = pgTable('campaigns', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  segmentId: uuid('segment_id').notNull(),
  channel: text('channel').$type<'sms'>().notNull().default('sms'),
  body: text('body').notNull(),
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
  status: text('status').$type<'pending' | 'queued' | 'skipped'>().notNull(),
  phone: text('phone'),
  messageId: uuid('message_id'),
  reason: text('reason'),
}, (t) => [
  index('campaign_recipients_pending').on(t.campaignId, t.status),
  index('campaign_recipients_customer').on(t.customerId),
]);
