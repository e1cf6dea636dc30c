/**
 * The manager's dashboard (GET /api/dashboard): customer-experience and sales figures for a period and the period
 * before it, a trend per week or month, the CLV distribution, best sellers, common problems and a cohort retention
 * table. Definitions of every figure: docs/decisions.md ("Dashboard figures"). Money is Rials as decimal strings.
 */
import { z } from 'zod';
import { uuid } from './api.schemas.ts';
import { reportDay } from './time.schemas.ts';
import { SOURCES } from './customer.schemas.ts';

export const DASHBOARD_PERIODS = ['month', 'season', 'year', 'custom'] as const;
export type DashboardPeriod = (typeof DASHBOARD_PERIODS)[number];

export const dashboardQuery = z.object({
  /** month, season (فصل; a quarter in the Gregorian calendar), year (the Jalali fiscal year) or custom (from–to). */
  period: z.enum(DASHBOARD_PERIODS).default('month'),
  calendar: z.enum(['jalali', 'gregorian']).default('jalali'),
  /** month/season/year: any day inside the wanted period (default today); custom: the first day. */
  from: reportDay.optional(),
  /** custom only: the last day (inclusive; default today). */
  to: reportDay.optional(),
  segmentId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  productId: z.uuid().optional(),
  /** The customer's source (how they came): walk_in, phone, website, instagram … */
  channel: z.enum(SOURCES).optional(),
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
  lang: z.enum(['fa', 'en']).default('fa'),
  /** true: compute the figures now instead of serving the kept ones (kept for 15 minutes; see computedAt). */
  refresh: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
}).superRefine((q, ctx) => {
  if (q.period === 'custom' && q.from && q.to && q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be on or after from' });
  if (q.period === 'custom' && q.from && q.to && Date.parse(q.to) - Date.parse(q.from) > 10 * 366 * 86_400_000) ctx.addIssue({ code: 'custom', path: ['to'], message: 'at most ten years' });
});
export type DashboardQuery = z.infer<typeof dashboardQuery>;

const num = z.number().nullable();
const money = z.string().nullable();
/** A figure now and in the previous period; delta = value − previous (points for rates); changePct relative to previous. */
export const metricView = z.object({ value: num, previous: num, delta: num, changePct: num });
export const moneyMetricView = z.object({ value: money, previous: money, delta: money, changePct: num });
export type MetricView = z.infer<typeof metricView>;
export type MoneyMetricView = z.infer<typeof moneyMetricView>;

export const NUMBER_METRICS = ['nps', 'csat', 'ces', 'responses', 'churnRate', 'retention', 'repeatRate', 'orders', 'buyers', 'openTickets', 'slaAttainment', 'medianFirstResponseMinutes', 'medianResolutionMinutes'] as const;
export const MONEY_METRICS = ['revenue', 'averageOrderValue'] as const;
export type NumberMetric = (typeof NUMBER_METRICS)[number];
export type MoneyMetric = (typeof MONEY_METRICS)[number];

const range = z.object({ from: z.string(), to: z.string() });
export const dashboardView = z.object({
  period: z.object({
    kind: z.enum(DASHBOARD_PERIODS), calendar: z.enum(['jalali', 'gregorian']),
    /** Inclusive Gregorian ISO days. */
    from: z.string(), to: z.string(), previous: range,
    granularity: z.enum(['week', 'month']),
  }),
  filters: z.object({ segmentId: uuid.nullable(), ownerId: uuid.nullable(), productId: uuid.nullable(), channel: z.string().nullable() }),
  metrics: z.object({
    ...Object.fromEntries(NUMBER_METRICS.map((k) => [k, metricView])) as Record<NumberMetric, typeof metricView>,
    ...Object.fromEntries(MONEY_METRICS.map((k) => [k, moneyMetricView])) as Record<MoneyMetric, typeof moneyMetricView>,
  }),
  /** One point per week (periods up to 92 days) or month; start inclusive, stop exclusive. */
  trend: z.array(z.object({
    key: z.string(), start: z.string(), stop: z.string(),
    values: z.object({
      ...Object.fromEntries(NUMBER_METRICS.map((k) => [k, num])) as Record<NumberMetric, typeof num>,
      ...Object.fromEntries(MONEY_METRICS.map((k) => [k, money])) as Record<MoneyMetric, typeof money>,
    }),
  })),
  /** Latest stored CLV (12 months, discounted) of the customers in view; a snapshot, not per period. */
  clv: z.object({
    customers: z.number(), equity: z.string(), mean: money, computedAt: z.string().nullable(),
    buckets: z.array(z.object({ from: z.string(), to: z.string().nullable(), customers: z.number(), sum: z.string() })),
  }),
  bestSellers: z.array(z.object({ productId: uuid.nullable(), code: z.string().nullable(), name: z.string(), nameEn: z.string().nullable(), quantity: z.string(), revenue: z.string() })),
  problems: z.object({
    categories: z.array(z.object({ key: z.string().nullable(), labelFa: z.string().nullable(), labelEn: z.string().nullable(), count: z.number(), previous: z.number() })),
    groups: z.array(z.object({ id: uuid, label: z.string(), count: z.number() })),
  }),
  /** Customers by the month of their first invoice (the 12 months ending with the period's last month). */
  cohorts: z.array(z.object({
    key: z.string(), start: z.string(), size: z.number(),
    /** offset 0 = the first month itself (100 %). */
    cells: z.array(z.object({ offset: z.number(), customers: z.number(), percent: num })),
  })),
  /** When these figures were computed: they are kept and served for up to 15 minutes (?refresh=true computes them now). */
  computedAt: z.string(),
}).meta({ description: 'The manager\'s dashboard for a period and the one before it. With ?format=csv or ?format=xlsx the figures come as a table (export permission).' });
export type DashboardView = z.infer<typeof dashboardView>;
