import { pgTable, uuid, text, timestamp, integer, doublePrecision, jsonb, date, index, primaryKey } from 'drizzle-orm/pg-core';
import { customers } from '../customers/customers.tables.ts';

/** One row per refit: which purchase model was used (bgnbd, pareto, or the rule-based fallback), on how much data, how well. */
export const modelFits = pgTable('model_fits', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').$type<'bgnbd' | 'pareto' | 'rules'>().notNull(),
  params: jsonb('params').$type<Record<string, number>>().notNull(),
  /** Gamma-Gamma spend parameters, or null when the customers' own means were used. */
  spendParams: jsonb('spend_params').$type<Record<string, number> | null>(),
  logLikelihood: doublePrecision('log_likelihood'),
  customers: integer('customers').notNull(),
  repeatBuyers: integer('repeat_buyers').notNull(),
  transactions: integer('transactions').notNull(),
  fitMs: integer('fit_ms').notNull(),
  totalMs: integer('total_ms').notNull(),
  quality: jsonb('quality').$type<unknown>(),
  warnings: jsonb('warnings').$type<string[]>().notNull().default([]),
  fittedAt: timestamp('fitted_at', { withTimezone: true }).notNull(),
}, (t) => [index('model_fits_at').on(t.fittedAt.desc())]);

/** The latest scores of each customer who has bought (replaced at every refit). */
export const customerScores = pgTable('customer_scores', {
  customerId: uuid('customer_id').primaryKey().references(() => customers.id, { onDelete: 'cascade' }),
  fitId: uuid('fit_id').references(() => modelFits.id, { onDelete: 'set null' }),
  recency: integer('recency').notNull(),
  frequency: integer('frequency').notNull(),
  monetary: doublePrecision('monetary').notNull(),
  rScore: integer('r_score').notNull(),
  fScore: integer('f_score').notNull(),
  mScore: integer('m_score').notNull(),
  rfmSegment: text('rfm_segment').notNull(),
  pAlive: doublePrecision('p_alive').notNull(),
  expectedPurchases90: doublePrecision('expected_purchases_90').notNull(),
  expectedNextPurchase: date('expected_next_purchase'),
  /** Rials, 12 months, discounted. */
  clv: doublePrecision('clv').notNull(),
  churnRisk: integer('churn_risk').notNull(),
  health: integer('health').notNull(),
  reasons: jsonb('reasons').$type<unknown>().notNull(),
  offers: jsonb('offers').$type<unknown>().notNull(),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  /** The last stored day before this refit's (from customer_score_history): what "falling" is measured against. */
  prevDay: date('prev_day'),
  prevPAlive: doublePrecision('prev_p_alive'),
  prevHealth: integer('prev_health'),
}, (t) => [index('customer_scores_churn').on(t.churnRisk), index('customer_scores_clv').on(t.clv.desc()), index('customer_scores_segment').on(t.rfmSegment)]);

/**
 * Each customer's scores, one row per scored day (a second refit on the same day overwrites that day's row): the
 * health history the profile and the "slipping away" list compare against.
 */
export const customerScoreHistory = pgTable('customer_score_history', {
  customerId: uuid('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  day: date('day').notNull(),
  fitId: uuid('fit_id').references(() => modelFits.id, { onDelete: 'set null' }),
  pAlive: doublePrecision('p_alive').notNull(),
  health: integer('health').notNull(),
  churnRisk: integer('churn_risk').notNull(),
  clv: doublePrecision('clv').notNull(),
}, (t) => [primaryKey({ columns: [t.customerId, t.day] })]);

/**
 * A refit asked for on demand (POST /api/insights/refit-jobs), run as the job `insights.refit-run`: queued → running →
 * done (with the fit it stored) or failed (with why). The nightly refit leaves no row here: its fit is in model_fits.
 */
export const insightRefitRuns = pgTable('insight_refit_runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  status: text('status').$type<'queued' | 'running' | 'done' | 'failed'>().notNull().default('queued'),
  requestedBy: uuid('requested_by'),
  fitId: uuid('fit_id').references(() => modelFits.id, { onDelete: 'set null' }),
  error: text('error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [index('insight_refit_runs_at').on(t.createdAt.desc())]);
