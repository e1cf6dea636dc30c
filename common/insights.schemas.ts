/** Customer insights (issue 17): the latest model fit and a customer's scores, reasons and offers. */
import { z } from 'zod';
import { isoDate, isoDateTime, uuid } from './api.schemas.ts';

export const RFM_SEGMENT_NAMES = [
  'champions', 'loyal', 'potential_loyalists', 'new', 'promising', 'needs_attention', 'cant_lose', 'at_risk', 'lost', 'hibernating',
] as const;
export const MODEL_KINDS = ['bgnbd', 'pareto', 'rules'] as const;
export const CHURN_REASON_CODES = ['model', 'purchase-gap', 'unresolved-tickets', 'detractor', 'broken-promises', 'no-contact'] as const;

const num = z.number().nullable();
export const holdoutReportView = z.object({
  byFrequency: z.array(z.object({ bin: z.string(), n: z.number(), actual: z.number(), expected: z.number() })),
  total: z.object({ actual: z.number(), expected: z.number() }),
  aggregateError: num, binError: z.number(),
});

export const modelFitView = z.object({
  id: uuid, kind: z.enum(MODEL_KINDS), params: z.record(z.string(), num), spendParams: z.record(z.string(), num).nullable(),
  logLikelihood: num, customers: z.number(), repeatBuyers: z.number(), transactions: z.number(), fitMs: z.number(), totalMs: z.number(),
  quality: z.object({
    holdout: holdoutReportView.optional(),
    candidates: z.array(z.object({ kind: z.string(), logLikelihood: num, converged: z.boolean(), binError: num.optional() })),
  }).nullable(),
  warnings: z.array(z.string()), fittedAt: isoDateTime,
});
export const modelFitAnswer = z.object({ fit: modelFitView.nullable() });

export const churnReasonView = z.object({ code: z.enum(CHURN_REASON_CODES), strength: z.number(), values: z.record(z.string(), z.number()) });
export const healthPartView = z.object({ group: z.enum(['engagement', 'purchases', 'support', 'satisfaction']), points: z.number(), max: z.number() });
/** A product's names: Persian, and English/latin when it has one. */
export const productNames = z.object({ fa: z.string(), en: z.string().nullable() });
export const offerView = z.object({
  item: z.string(), score: z.number(),
  reason: z.union([
    z.object({ kind: z.literal('rule'), because: z.array(z.string()), confidence: z.number(), lift: z.number(), support: z.number() }),
    z.object({ kind: z.literal('similar'), because: z.string(), similarity: z.number(), together: z.number() }),
    z.object({ kind: z.literal('repurchase'), cycleDays: z.number(), daysSince: z.number() }),
  ]),
  /**
   * The current names of the products this offer names (the item and the "because" items), by code as in `item`: a
   * product renamed since the refit shows its new name; a code no product answers to any more is left out (show the code).
   */
  names: z.record(z.string(), productNames),
});

export const customerInsightsView = z.object({
  customerId: uuid, model: z.enum(MODEL_KINDS).nullable(),
  rfm: z.object({ recency: z.number(), frequency: z.number(), monetary: z.number(), r: z.number(), f: z.number(), m: z.number(), segment: z.string() }),
  pAlive: z.number(), expectedPurchases90: z.number(), expectedNextPurchase: isoDate.nullable(), clv: z.number(),
  churnRisk: z.number(), health: z.number(),
  reasons: z.object({ churn: z.array(churnReasonView), health: z.array(healthPartView) }),
  offers: z.array(offerView), computedAt: isoDateTime,
  /** The scores of the last stored day before the latest refit (the health history's previous point), or null. */
  previous: z.object({ day: isoDate, pAlive: z.number(), health: z.number() }).nullable(),
});
/** The 360° section: the scores, or null when the customer has not bought yet (or no refit has run). */
export const insightsSection = z.object({ scores: customerInsightsView.nullable() });
export type CustomerInsightsView = z.infer<typeof customerInsightsView>;

/** GET /api/insights/customers/:id/history: the stored day scores of the last `days` days (from…to, both kept), oldest first. */
export const healthHistoryQuery = z.object({ days: z.coerce.number().int().min(7).max(365).default(90) });
export const healthHistoryAnswer = z.object({
  from: isoDate, to: isoDate,
  points: z.array(z.object({ day: isoDate, health: z.number(), churnRisk: z.number(), pAlive: z.number() })),
});
export type HealthHistoryAnswer = z.infer<typeof healthHistoryAnswer>;

/** GET /api/insights/slipping: high-value customers whose P(alive) or health fell since the last stored day. */
export const slippingQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  /** High value = the top `top` share of all scored customers by CLV (0.2: the top fifth). */
  top: z.coerce.number().gt(0).max(1).default(0.2),
  /** Or a CLV floor in Rials instead of the quantile. */
  minClv: z.coerce.number().min(0).optional(),
  /** Falling = P(alive) down by at least this much, or health down by at least minHealthDrop points. */
  minPAliveDrop: z.coerce.number().gt(0).max(1).default(0.05),
  minHealthDrop: z.coerce.number().int().min(1).max(100).default(5),
});
export const slippingItem = z.object({
  customer: z.object({ id: uuid, displayName: z.string(), smsConsent: z.boolean(), hasMobile: z.boolean() }),
  rfmSegment: z.string(), clv: z.number(), churnRisk: z.number(),
  pAlive: z.number(), prevPAlive: z.number().nullable(), health: z.number(), prevHealth: z.number().nullable(), prevDay: isoDate.nullable(),
  reasons: z.array(churnReasonView), topOffer: offerView.nullable(),
});
export const slippingAnswer = z.object({
  items: z.array(slippingItem), total: z.number(), limit: z.number(), offset: z.number(),
  /** The CLV floor used (Rials), null when nobody is scored. */
  clvFloor: z.number().nullable(),
});
export type SlippingItem = z.infer<typeof slippingItem>;
export type SlippingQuery = z.infer<typeof slippingQuery>;

/**
 * The health score's point groups (a business setting): whole points per group, each ≥ 0, summing to 100. The same
 * rule as healthScore's (server/analytics/churn-health.ts), checked at the edge so a wrong set is refused, not stored.
 */
export const HEALTH_GROUPS = ['engagement', 'purchases', 'support', 'satisfaction'] as const;
const points = z.number().int().min(0).max(100);
export const healthWeightsShape = z.object({ engagement: points, purchases: points, support: points, satisfaction: points }).strict();
export const healthWeightsInput = healthWeightsShape.refine(
  (w) => w.engagement + w.purchases + w.support + w.satisfaction === 100,
  { message: 'the four point groups must sum to 100', path: ['total'] },
);
export type HealthWeightsInput = z.infer<typeof healthWeightsShape>;
/** GET/PUT /api/settings/health-weights: the weights in use, whether the business set them, and the defaults. */
export const healthWeightsAnswer = z.object({ weights: healthWeightsShape, custom: z.boolean(), defaults: healthWeightsShape });

/** A refit asked for on demand (POST /api/insights/refit-jobs → 202), run as a job: queued → running → done | failed. */
export const REFIT_RUN_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export const refitRunView = z.object({
  id: uuid, status: z.enum(REFIT_RUN_STATUSES), fitId: uuid.nullable(), error: z.string().nullable(),
  requestedAt: isoDateTime, startedAt: isoDateTime.nullable(), finishedAt: isoDateTime.nullable(),
});
export const refitRunAnswer = z.object({ job: refitRunView });
export const latestRefitRunAnswer = z.object({ job: refitRunView.nullable() });
