import { pgTable, text, timestamp, jsonb, integer, primaryKey } from 'drizzle-orm/pg-core';
import type { ScorecardItem } from '../../../common/scorecard.schemas.ts';

/**
 * A finished month's scorecard as it was measured when the month ended (the monthly job), per calendar: the history
 * reads these first, so a past month keeps the score it had then (profile completeness, duplicates pending) even
 * when old rows are edited later.
 */
export const scorecardSnapshots = pgTable('scorecard_snapshots', {
  calendar: text('calendar').$type<'jalali' | 'gregorian'>().notNull(),
  /** The month's key as the history names it: 1405-08 (Jalali) or 2026-11 (Gregorian). */
  month: text('month').notNull(),
  score: integer('score').notNull(),
  /** The five items with their scores and evidence, as measured. */
  items: jsonb('items').$type<ScorecardItem[]>().notNull(),
  /** The instant measured at: the month's end (Tehran midnight after its last day). */
  measuredAt: timestamp('measured_at', { withTimezone: true }).notNull(),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.calendar, t.month] })]);
