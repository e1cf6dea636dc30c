import { pgTable, uuid, text, timestamp, boolean, jsonb, date, integer, index, uniqueIndex, bigserial, doublePrecision } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from '../auth/auth.tables.ts';
import { tasks } from '../tasks/tasks.tables.ts';
import type { TouchpointRule } from '../../../common/journeys.schemas.ts';

export type StageDef = { key: string; name: string; nameEn?: string };
export type TouchpointDef = { key: string; name: string; nameEn?: string; stageKey: string; rule: TouchpointRule };

/** A journey definition: ordered stages and touchpoints, each a rule over events that already exist. */
export const journeys = pgTable('journeys', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  stages: jsonb('stages').$type<StageDef[]>().notNull(),
  touchpoints: jsonb('touchpoints').$type<TouchpointDef[]>().notNull(),
  isDefault: boolean('is_default').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('journeys_one_default').on(t.isDefault).where(sql`is_default`)]);

/**
 * A manager's word on a computed pain point (ids are stable: kind, touchpoint, comparison, product line): confirmed or
 * dismissed, a note, and the action taken (owner, due date, task, since when) for the before/after.
 */
export const journeyPainReviews = pgTable('journey_pain_reviews', {
  id: uuid('id').primaryKey().defaultRandom(),
  journeyId: uuid('journey_id').notNull().references(() => journeys.id, { onDelete: 'cascade' }),
  painId: text('pain_id').notNull(),
  touchpointKey: text('touchpoint_key').notNull(),
  status: text('status').$type<'confirmed' | 'dismissed'>().notNull(),
  note: text('note'),
  actionOwnerId: uuid('action_owner_id').references(() => users.id),
  actionDueDate: date('action_due_date'),
  actionTaskId: uuid('action_task_id').references(() => tasks.id, { onDelete: 'set null' }),
  actionSince: date('action_since'),
  reviewedBy: uuid('reviewed_by').references(() => users.id),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true }).notNull(),
}, (t) => [uniqueIndex('journey_pain_reviews_uq').on(t.journeyId, t.painId), index('journey_pain_reviews_journey').on(t.journeyId)]);

/**
 * The analysed map of a (journey and its definition's version, period, segment's condition, reader's scope), a
 * computation like the scores (journeys.cache.ts): served while younger than MAP_FRESH_MINUTES, kept fresh by the
 * refresh job while someone has read it in the last day, dropped after a day unread. `key` hashes all of the above;
 * `userId` is the last reader, whose scope the job recomputes it in. The pain points' customer lists hold customer ids
 * inside `analysis` (no customer_id column): it is never exported, and a merged or erased customer drops out within
 * minutes when the entry is recomputed.
 */
export const journeyMapCache = pgTable('journey_map_cache', {
  key: text('key').primaryKey(),
  journeyId: uuid('journey_id').notNull().references(() => journeys.id, { onDelete: 'cascade' }),
  fromDay: date('from_day').notNull(),
  toDay: date('to_day').notNull(),
  segmentId: uuid('segment_id'),
  userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  computeMs: integer('compute_ms').notNull(),
  readAt: timestamp('read_at', { withTimezone: true }).notNull(),
  analysis: jsonb('analysis').notNull(),
}, (t) => [index('journey_map_cache_read').on(t.readAt), index('journey_map_cache_journey').on(t.journeyId)]);

/**
 * Every journey event of every customer, one row each, as journeys.events.ts reads them from the other modules' rows
 * (journeys.refresh.ts keeps it: filled once, then per changed customer). `outcome` 'pending' is a missed call or a
 * hand-over still inside its day to be answered: read as nothing until PENDING_HOURS have passed, then as 'bad'.
 * No foreign key to customers: a merged-away or erased customer's rows are deleted by the journeys mover and data
 * section, and a refresh never writes rows for a deleted customer.
 */
export const journeyEvents = pgTable('journey_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  customerId: uuid('customer_id').notNull(),
  src: text('src').notNull(),
  ev: text('ev').notNull(),
  channel: text('channel'),
  at: timestamp('at', { withTimezone: true }).notNull(),
  outcome: text('outcome'),
  line: text('line'),
  ref: text('ref'),
  waitH: doublePrecision('wait_h'),
  score: doublePrecision('score'),
}, (t) => [index('journey_events_customer').on(t.customerId, t.at), index('journey_events_at').on(t.at)]);

/** The one row saying when journey_events was filled and last refreshed (the watermark of the next refresh). */
export const journeyEventsState = pgTable('journey_events_state', {
  id: text('id').primaryKey(),
  filledAt: timestamp('filled_at', { withTimezone: true }).notNull(),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull(),
  lastMs: integer('last_ms').notNull(),
  lastCustomers: integer('last_customers').notNull(),
  /** Customers to read again at the next refresh whatever the stamps say (left by the merge mover: merge and undo). */
  stale: uuid('stale').array().notNull().default(sql`'{}'::uuid[]`),
});
