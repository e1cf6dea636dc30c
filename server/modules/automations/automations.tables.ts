import { pgTable, uuid, text, boolean, timestamp, integer, jsonb, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../auth/auth.tables.ts';
import type { AutomationAction, AutomationRunStatus, AutomationTrigger } from '../../../common/automations.schemas.ts';
import type { SegmentNode } from '../../../common/segments.schemas.ts';

/** A rule: trigger → optional condition (segment language) → ordered actions. `version` grows when the definition changes. */
export const automations = pgTable('automations', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  trigger: jsonb('trigger').$type<AutomationTrigger>().notNull(),
  conditions: jsonb('conditions').$type<SegmentNode | null>(),
  actions: jsonb('actions').$type<AutomationAction[]>().notNull(),
  enabled: boolean('enabled').notNull().default(false),
  version: integer('version').notNull().default(1),
  template: text('template'),
  /** The Tehran day a daily schedule last picked its customers (so a day is picked once). */
  scheduledOn: text('scheduled_on'),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [index('automations_enabled').on(t.enabled)]);

export type RunLogEntry = { step: number; action: string; outcome: string; detail: string | null; at: string };

/**
 * One customer going through one automation for one occurrence of its trigger (an event id, a birthday's Jalali year,
 * a lapse's last purchase day, a manual start). `dedupe_key` (customer id at creation + occurrence) is unique per
 * automation, so an occurrence runs at most once; it is not moved by a merge (customer_id is). The run keeps the
 * definition it started with (`definition`), and `step` is its cursor: each step's action and the cursor's advance
 * commit together, so a run stopped midway goes on from the next step without repeating one.
 */
export const automationRuns = pgTable('automation_runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  automationId: uuid('automation_id').notNull().references(() => automations.id, { onDelete: 'cascade' }),
  version: integer('version').notNull(),
  customerId: uuid('customer_id').notNull(),
  occurrence: text('occurrence').notNull(),
  dedupeKey: text('dedupe_key').notNull(),
  definition: jsonb('definition').$type<{ conditions: SegmentNode | null; actions: AutomationAction[] }>().notNull(),
  context: jsonb('context').$type<Record<string, unknown>>().notNull().default({}),
  status: text('status').$type<AutomationRunStatus>().notNull().default('pending'),
  step: integer('step').notNull().default(0),
  attempts: integer('attempts').notNull().default(0),
  dueAt: timestamp('due_at', { withTimezone: true }),
  log: jsonb('log').$type<RunLogEntry[]>().notNull().default([]),
  error: text('error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('automation_runs_once').on(t.automationId, t.dedupeKey),
  index('automation_runs_due').on(t.status, t.dueAt),
  index('automation_runs_customer').on(t.customerId),
]);
