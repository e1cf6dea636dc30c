/** Customer journeys (issue 19): the definitions, the map, a customer's path and the review of a pain point. */
import { z } from 'zod';

/** Where a touchpoint's events come from (rows that already exist; nothing is placed by hand). */
/** 'campaign': a campaign's message sent to the customer; 'campaign_click': the customer clicked its tracked link (first click). */
export const JOURNEY_SOURCES = ['interaction', 'lead', 'call', 'quote', 'invoice', 'ticket', 'handover', 'survey', 'campaign', 'campaign_click', 'contract'] as const;
export type JourneySource = (typeof JOURNEY_SOURCES)[number];
export const PAIN_STATUSES = ['confirmed', 'dismissed'] as const;

/** A touchpoint's rule over existing events. `events` narrows the source's event (e.g. quote: sent/viewed/accepted/expired). */
export const touchpointRule = z.object({
  source: z.enum(JOURNEY_SOURCES),
  events: z.array(z.string().max(40)).max(20).optional(),
  channels: z.array(z.string().max(40)).max(20).optional(),
  /** Survey answers only: the metric (nps, csat, ces) and the survey trigger (invoice_paid, ticket_resolved, periodic, manual). */
  metric: z.enum(['nps', 'csat', 'ces']).optional(),
  triggers: z.array(z.string().max(40)).max(10).optional(),
  /** Invoices and interactions: only the customer's first purchase, only after it, or only before it. */
  phase: z.enum(['first', 'repeat', 'before_purchase', 'after_purchase']).optional(),
  /** Survey answers: the key of the touchpoint this answer measures (its satisfaction shows there). */
  measures: z.string().max(60).optional(),
  /**
   * Only events of these product lines (product categories: an invoice's first line, a ticket's or an answer's product),
   * so a business can keep one journey per product line. Events without a product line do not match.
   */
  lines: z.array(z.string().trim().min(1).max(120)).min(1).max(20).optional(),
}).strict();
export type TouchpointRule = z.infer<typeof touchpointRule>;

const key = z.string().regex(/^[a-z][a-z0-9_]{0,59}$/);
export const journeyStage = z.object({ key, name: z.string().min(1).max(80), nameEn: z.string().max(80).optional() });
export const journeyTouchpoint = z.object({ key, name: z.string().min(1).max(80), nameEn: z.string().max(80).optional(), stageKey: key, rule: touchpointRule });
export const journeyInput = z.object({
  name: z.string().trim().min(1).max(120),
  stages: z.array(journeyStage).min(2).max(20),
  touchpoints: z.array(journeyTouchpoint).min(1).max(80),
}).strict();
export type JourneyInput = z.infer<typeof journeyInput>;

export const journeyView = z.object({
  id: z.string(), name: z.string(), isDefault: z.boolean(),
  stages: z.array(z.object({ key: z.string(), name: z.string(), nameEn: z.string().optional() })),
  touchpoints: z.array(z.object({ key: z.string(), name: z.string(), nameEn: z.string().optional(), stageKey: z.string(), rule: touchpointRule })),
});
export type JourneyView = z.infer<typeof journeyView>;
export const journeyList = z.object({ items: z.array(journeyView) });

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const mapQuery = z.object({ from: isoDate, to: isoDate, segmentId: z.uuid().optional() });

const num = z.number();
export const beforeAfter = z.object({
  since: z.string(),
  before: z.object({ n: num, bad: num, rate: num.nullable() }),
  after: z.object({ n: num, bad: num, rate: num.nullable() }),
  /** after − before with its 95 % interval, null while either side has no data. */
  change: z.object({ effect: num, low: num, high: num }).nullable(),
});
export const painReviewView = z.object({
  status: z.enum(PAIN_STATUSES), note: z.string().nullable(),
  action: z.object({ ownerId: z.string().nullable(), dueDate: z.string().nullable(), taskId: z.string().nullable(), since: z.string().nullable() }).nullable(),
  reviewedAt: z.string(), beforeAfter: beforeAfter.nullable(),
});
export const painPointView = z.object({
  id: z.string(), touchpointKey: z.string(), stageKey: z.string(), kind: z.string(), severity: num, customers: num,
  evidence: z.object({
    text: z.object({ fa: z.string(), en: z.string() }),
    comparison: z.enum(['touchpoints', 'product_line', 'earlier_period']),
    rate: num, baseline: num, n: num, baselineN: num, low: num, high: num, p: num, productLine: z.string().nullable().optional(),
  }),
  review: painReviewView.nullable(),
});
export const momentView = z.object({
  touchpointKey: z.string(), stageKey: z.string(), outcome: z.string(), effect: num, low: num, high: num, n: num,
  good: z.object({ n: num, retained: num }), bad: z.object({ n: num, retained: num }),
  explanation: z.object({ fa: z.string(), en: z.string() }),
});
export const journeyMap = z.object({
  journeyId: z.string(), from: z.string(), to: z.string(),
  stages: z.array(z.object({ key: z.string(), customers: num, medianDays: num.nullable(), conversion: num.nullable(), dropOff: num.nullable() })),
  flows: z.array(z.object({ from: z.string(), to: z.string(), customers: num })),
  touchpoints: z.array(z.object({
    key: z.string(), stageKey: z.string(), customers: num, events: num, medianWaitHours: num.nullable(),
    satisfaction: z.object({ metric: z.string(), n: num, unhappyShare: num, mean: num }).nullable(),
  })),
  painPoints: z.array(painPointView),
  momentsOfTruth: z.array(momentView),
});
export type JourneyMap = z.infer<typeof journeyMap>;

export const customerJourney = z.object({
  journeyId: z.string(), currentStage: z.string().nullable(),
  path: z.array(z.object({
    stageKey: z.string(), enteredAt: z.string(), leftAt: z.string().nullable(), days: num.nullable(),
    touchpoints: z.array(z.object({ key: z.string(), at: z.string(), source: z.string(), ref: z.string().nullable() })),
  })),
});

export const painCustomers = z.object({ items: z.array(z.object({ id: z.string(), displayName: z.string(), at: z.string() })), total: num });

export const painReviewInput = z.object({
  status: z.enum(PAIN_STATUSES),
  note: z.string().trim().max(2000).optional(),
  action: z.object({
    ownerId: z.uuid().optional(), dueDate: isoDate.optional(), taskId: z.uuid().optional(),
    /** The day the redesign started: before/after compares the touchpoint before and since it (default: today). */
    since: isoDate.optional(),
  }).strict().optional(),
}).strict();
export type PainReviewInput = z.infer<typeof painReviewInput>;
