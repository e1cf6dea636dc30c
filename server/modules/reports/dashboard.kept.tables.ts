/** The kept dashboards (dashboard.kept.ts): one row per reader's view of a query, with when it was computed. */
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/auth.tables.ts';

export const dashboardCache = pgTable('dashboard_cache', {
  /** dashboardKey(): the query, today, and the reader's scopes and filters. */
  key: text('key').primaryKey(),
  /** The query as asked (without format and lang): what the refresh job computes again. */
  query: jsonb('query').notNull(),
  /** The last reader: the refresh job computes in their current scope. */
  userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  computeMs: integer('compute_ms').notNull(),
  readAt: timestamp('read_at', { withTimezone: true }).notNull(),
  view: jsonb('view').notNull(),
}, (t) => [index('dashboard_cache_read').on(t.readAt), index('dashboard_cache_computed').on(t.computedAt)]);
