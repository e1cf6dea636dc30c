import { pgTable, uuid, text, timestamp, integer, index } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { customers } from '../customers/customers.tables.ts';

export const interactions = pgTable('interactions', {
  id: uuid('id').primaryKey().defaultRandom(),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  kind: text('kind').notNull(),
  channel: text('channel'),
  direction: text('direction').$type<'in' | 'out'>(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  authorId: uuid('author_id'),
  summary: text('summary').notNull(),
  body: text('body'),
  durationSec: integer('duration_sec'),
  outcome: text('outcome'),
  /** A call's recording: a URL, or the PBX's file name when no URL template is set. */
  recording: text('recording'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [
  index('interactions_customer_time').on(t.customerId, t.occurredAt.desc(), t.id.desc()),
  index('interactions_author_time').on(t.authorId, t.occurredAt.desc()),
  // The calls log: hand-logged calls newest first.
  index('interactions_calls_time').on(t.occurredAt.desc(), t.id.desc()).where(sql`kind = 'call' AND deleted_at IS NULL`),
]);
