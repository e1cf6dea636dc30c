import { pgTable, uuid, text, timestamp, integer, jsonb, index, uniqueIndex } from 'drizzle-orm/pg-core';

export const notifications = pgTable('notifications', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  body: text('body'),
  link: text('link'),
  /** Makes a notification exactly-once even when the job that creates it runs twice. */
  dedupeKey: text('dedupe_key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  readAt: timestamp('read_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('notifications_dedupe_uq').on(t.dedupeKey),
  index('notifications_user').on(t.userId, t.createdAt.desc()),
]);

/** Outgoing messages, written in the transaction that causes them and delivered by a job. */
export const outbox = pgTable('outbox', {
  id: uuid('id').primaryKey().defaultRandom(),
  channel: text('channel').$type<'email' | 'sms'>().notNull(),
  recipient: text('recipient').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  /** pending → sending (claimed by one worker) → sent | failed; a crash leaves 'sending', which the sweep returns to pending. */
  status: text('status').$type<'pending' | 'sending' | 'sent' | 'failed'>().notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  dedupeKey: text('dedupe_key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  claimedAt: timestamp('claimed_at', { withTimezone: true }),
  /** When the next attempt may run (backoff after a failure). */
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
}, (t) => [uniqueIndex('outbox_dedupe_uq').on(t.dedupeKey), index('outbox_pending').on(t.status, t.createdAt)]);
