import { pgTable, uuid, text, timestamp, integer, jsonb, boolean, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { customers } from '../customers/customers.tables.ts';

/**
 * Every email and SMS sent to or received from a customer, with its delivery status: the customer's message history
 * (on the timeline) and the record each provider callback updates. Sending itself goes through the outbox.
 */
export const messages = pgTable('messages', {
  id: uuid('id').primaryKey().defaultRandom(),
  customerId: uuid('customer_id').references(() => customers.id),
  channel: text('channel').$type<'email' | 'sms'>().notNull(),
  direction: text('direction').$type<'out' | 'in'>().notNull(),
  address: text('address').notNull(),
  subject: text('subject'),
  body: text('body').notNull(),
  status: text('status').$type<'queued' | 'sent' | 'delivered' | 'failed' | 'undelivered' | 'received'>().notNull(),
  provider: text('provider'),
  providerId: text('provider_id'),
  providerStatus: text('provider_status'),
  error: text('error'),
  attempts: integer('attempts').notNull().default(0),
  outboxId: uuid('outbox_id'),
  /** What the message is about (a document, a ticket …), for showing it there too. */
  subjectType: text('subject_type'),
  subjectId: uuid('subject_id'),
  meta: jsonb('meta').$type<Record<string, unknown>>().notNull().default({}),
  /** A marketing message (a campaign's, an automation's advertising step): counted by the contact policy's frequency cap. */
  marketing: boolean('marketing').notNull().default(false),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('messages_customer').on(t.customerId, t.createdAt.desc()),
  index('messages_subject').on(t.subjectType, t.subjectId),
  uniqueIndex('messages_provider_uq').on(t.provider, t.providerId),
  uniqueIndex('messages_outbox_uq').on(t.outboxId),
  index('messages_marketing').on(t.customerId, t.createdAt).where(sql`marketing`),
]);
