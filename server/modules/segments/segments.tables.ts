import { pgTable, uuid, text, boolean, timestamp, jsonb, integer, index } from 'drizzle-orm/pg-core';
import { users } from '../auth/auth.tables.ts';
import type { SegmentNode } from '../../../common/segments.schemas.ts';

/** A saved rule over customers: dynamic (evaluated whenever used) or static (the snapshot in segment_members). */
export const segments = pgTable('segments', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  rules: jsonb('rules').$type<SegmentNode>().notNull(),
  kind: text('kind').$type<'dynamic' | 'static'>().notNull(),
  /** Seen by everyone who may read customers; otherwise only by its owner. */
  shared: boolean('shared').notNull().default(true),
  ownerId: uuid('owner_id').references(() => users.id),
  snapshotCount: integer('snapshot_count'),
  snapshotAt: timestamp('snapshot_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [index('segments_name').on(t.name)]);

/**
 * The customers of a static segment when its snapshot was taken. A row per customer (a merge moves the merged
 * record's rows to the survivor, so a survivor may hold two: lists and counts take each customer once).
 */
export const segmentMembers = pgTable('segment_members', {
  id: uuid('id').primaryKey().defaultRandom(),
  segmentId: uuid('segment_id').notNull().references(() => segments.id, { onDelete: 'cascade' }),
  customerId: uuid('customer_id').notNull(),
}, (t) => [index('segment_members_segment').on(t.segmentId, t.customerId), index('segment_members_customer').on(t.customerId)]);
