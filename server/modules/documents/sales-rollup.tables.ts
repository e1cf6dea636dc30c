/**
 * The sales rollup: per customer and period, the counted documents (issued invoices, non-draft credit notes) summed —
 * orders (issued invoices not cancelled), gross (their grand totals) and net (invoices less credit notes). One row per
 * (grain, calendar, start, customer): grain 'day' (calendar 'gregorian'), and 'month' / 'year' in the Jalali and the
 * Gregorian calendar (start = the period's first day, a Gregorian ISO date). Kept by database triggers on documents
 * in the writing transaction (every path: issue, pay, cancel, credit notes, imports, merges, erasure); rebuilt by
 * sales_rollup_rebuild(). Read by the dashboard. Formulas and choices: docs/decisions.md ("Sales rollup").
 */
import { pgTable, uuid, text, bigint, integer, date, index, primaryKey } from 'drizzle-orm/pg-core';

export const salesRollup = pgTable('sales_rollup', {
  grain: text('grain').$type<'day' | 'month' | 'year'>().notNull(),
  calendar: text('calendar').$type<'jalali' | 'gregorian'>().notNull(),
  start: date('start').notNull(),
  customerId: uuid('customer_id').notNull(),
  /** Counted documents in the period (the row is deleted when it falls to 0). */
  docs: integer('docs').notNull(),
  orders: integer('orders').notNull(),
  gross: bigint('gross', { mode: 'bigint' }).notNull(),
  net: bigint('net', { mode: 'bigint' }).notNull(),
}, (t) => [
  primaryKey({ columns: [t.grain, t.calendar, t.start, t.customerId] }),
  index('sales_rollup_customer').on(t.customerId, t.grain, t.start),
]);

/** Each buyer's first order day (issued invoice not cancelled, ever): the cohort of the dashboard. */
export const salesFirstOrders = pgTable('sales_first_orders', {
  customerId: uuid('customer_id').primaryKey(),
  firstDay: date('first_day').notNull(),
}, (t) => [index('sales_first_orders_day').on(t.firstDay)]);

/** Month and year boundaries of both calendars (Gregorian ISO days), for the rollup's triggers. */
export const salesCalendar = pgTable('sales_calendar', {
  calendar: text('calendar').$type<'jalali' | 'gregorian'>().notNull(),
  grain: text('grain').$type<'month' | 'year'>().notNull(),
  start: date('start').notNull(),
  stop: date('stop').notNull(),
}, (t) => [primaryKey({ columns: [t.calendar, t.grain, t.start] })]);
