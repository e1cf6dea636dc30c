import { pgTable, uuid, text, timestamp, boolean, index } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { customers } from '../customers/customers.tables.ts';
import { interactions } from '../interactions/interactions.tables.ts';

/** Follow-up tasks. A promise made to a customer is a task with is_promise = true, linked to its interaction. */
export const tasks = pgTable('tasks', {
  id: uuid('id').primaryKey().defaultRandom(),
  customerId: uuid('customer_id').references(() => customers.id),
  interactionId: uuid('interaction_id').references(() => interactions.id),
  isPromise: boolean('is_promise').notNull().default(false),
  title: text('title').notNull(),
  description: text('description'),
  dueAt: timestamp('due_at', { withTimezone: true }),
  assigneeId: uuid('assignee_id').notNull(),
  createdBy: uuid('created_by'),
  priority: text('priority').$type<'low' | 'normal' | 'high' | 'urgent'>().notNull().default('normal'),
  status: text('status').$type<'open' | 'done' | 'cancelled'>().notNull().default('open'),
  reminderAt: timestamp('reminder_at', { withTimezone: true }),
  remindedAt: timestamp('reminded_at', { withTimezone: true }),
  completedAt: timestamp('completed_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [
  index('tasks_assignee_open').on(t.assigneeId, t.status, t.dueAt),
  // "My tasks" (open): the list's order (due_at ASC NULLS LAST, priority DESC, id) per assignee, customer_id for the
  // deleted-customer test, so pages and capped counts are range scans of this index alone.
  index('tasks_open_by_assignee').on(t.assigneeId, t.dueAt.asc().nullsLast(), t.priority.desc().nullsFirst(), t.id, t.customerId).where(sql`status = 'open' AND deleted_at IS NULL`),
  index('tasks_customer').on(t.customerId, t.status, t.dueAt),
  index('tasks_open_promises').on(t.dueAt).where(sql`is_promise AND status = 'open'`),
  index('tasks_reminder_due').on(t.reminderAt).where(sql`reminded_at IS NULL AND status = 'open'`),
]);
