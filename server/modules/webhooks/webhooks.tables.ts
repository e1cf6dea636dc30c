import { pgTable, uuid, text, timestamp, integer, boolean, jsonb, index } from 'drizzle-orm/pg-core';

/** Where an admin wants events sent. The secret signs every delivery; it is shown once, when the endpoint is made or its secret rotated. */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: uuid('id').primaryKey().defaultRandom(),
  url: text('url').notNull(),
  events: text('events').array().notNull(),
  secret: text('secret').notNull(),
  /** After a rotation, the secret before it: deliveries are signed with both until `previousSecretUntil`. */
  previousSecret: text('previous_secret'),
  previousSecretUntil: timestamp('previous_secret_until', { withTimezone: true }),
  secretRotatedAt: timestamp('secret_rotated_at', { withTimezone: true }),
  active: boolean('active').notNull().default(true),
  description: text('description').notNull().default(''),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
});

/**
 * The outbox: one row per event × endpoint, written in the transaction of the change it reports (a rolled-back change
 * leaves none). pending → delivering (claimed by one worker) → delivered | failed; a crash leaves 'delivering', which
 * the sweep returns to pending. `eventId` is the same for every endpoint of one event (receivers de-duplicate on it).
 */
export const webhookEvents = pgTable('webhook_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  eventId: uuid('event_id').notNull(),
  endpointId: uuid('endpoint_id').notNull(),
  type: text('type').notNull(),
  payload: jsonb('payload').$type<unknown>().notNull(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  status: text('status').$type<'pending' | 'delivering' | 'delivered' | 'failed'>().notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
  claimedAt: timestamp('claimed_at', { withTimezone: true }),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('webhook_events_endpoint').on(t.endpointId, t.createdAt.desc()),
  index('webhook_events_pending').on(t.status, t.nextAttemptAt),
]);

/** Each attempt to deliver an event: what the receiver answered (an excerpt) or why nothing was sent. */
export const webhookDeliveries = pgTable('webhook_deliveries', {
  id: uuid('id').primaryKey().defaultRandom(),
  webhookEventId: uuid('webhook_event_id').notNull(),
  endpointId: uuid('endpoint_id').notNull(),
  attempt: integer('attempt').notNull(),
  statusCode: integer('status_code'),
  responseExcerpt: text('response_excerpt'),
  error: text('error'),
  durationMs: integer('duration_ms').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
}, (t) => [
  index('webhook_deliveries_endpoint').on(t.endpointId, t.at.desc(), t.id),
  index('webhook_deliveries_event').on(t.webhookEventId),
]);
