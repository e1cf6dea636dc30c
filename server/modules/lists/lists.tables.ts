import { pgTable, uuid, text, timestamp, jsonb, index, primaryKey } from 'drizzle-orm/pg-core';
import { users } from '../auth/auth.tables.ts';

/** A user's columns of one list (which are shown, in which order). */
export const listPreferences = pgTable('list_preferences', {
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  list: text('list').notNull(),
  columns: jsonb('columns').$type<string[]>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.userId, t.list] })]);

/**
 * One bulk edit of a list's records: each record's changed fields before and after, so that the same user can undo
 * exactly those changes for a short while (undoneAt set once).
 */
export const bulkEdits = pgTable('bulk_edits', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  entity: text('entity').$type<BulkEntity>().notNull(),
  action: text('action').notNull(),
  changes: jsonb('changes').$type<BulkChange[]>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  undoneAt: timestamp('undone_at', { withTimezone: true }),
}, (t) => [index('bulk_edits_user').on(t.userId, t.createdAt.desc())]);

export type BulkChange = { id: string; before: Record<string, unknown>; after: Record<string, unknown> };
/** The lists with bulk edits (a text column: a new list needs no migration). */
export type BulkEntity = 'customer' | 'ticket' | 'deal' | 'task' | 'document' | 'contract';
