/**
 * The scorecard's arithmetic, apart from the database: the signals measured over a 90-day window become five item
 * scores (0–100) with their evidence. Each item is the weighted mean of its parts (each 0–1); a part without data
 * (nothing to count) is left out of the mean, and an item with no part at all scores 0. The formulas are in
 * docs/decisions.md ("The customer-centricity scorecard").
 */
import type { ScorecardEvidence, ScorecardFact, ScorecardItem, ScorecardItemKey } from '../../../common/scorecard.schemas.ts';

export type Nps = { n: number; promoters: number; detractors: number };
export type Signals = {
  /** Of the window's three 30-day slices, how many had a survey answer or a feedback item. */
  answerMonths: number;
  /** Customers with an interaction, ticket, invoice, survey answer or feedback in the window. */
  active: number;
  /** Of them, those with a survey answer or feedback. */
  heard: number;
  /** Customers on record (not deleted) at the window's end, and those with a complete profile. */
  live: number;
  complete: number;
  /** Duplicate pairs waiting (now: the finder has no history). */
  duplicatePairs: number;
  interactions: number;
  /** Promises (is_promise tasks, not cancelled) due in the window before its end, and those done by their due time. */
  promisesDue: number;
  promisesKept: number;
  /** Tickets resolved in the window, and of them: at most one reply and no customer message after it; never re-assigned; within SLA. */
  resolved: number;
  firstContact: number;
  notEscalated: number;
  withinSla: number;
  /** Of the six 30-day slices ending at the window's end, how many had at least 5 NPS or CSAT answers. */
  measuredMonths: number;
  npsNow: Nps;
  npsBefore: Nps;
  /** Pain points reviewed (confirmed or dismissed) in the last 12 months, those given an action, and days since the last review. */
  painReviewed: number;
  painActed: number;
  lastReviewDays: number | null;
};

export const HEARD_TARGET = 0.25;
export const INTERACTIONS_PER_ACTIVE = 2;
export const DUPLICATES_ZERO_AT = 0.02;
export const MIN_MONTHLY_ANSWERS = 5;
export const MIN_NPS_ANSWERS = 5;

export const ITEM_LINKS: Record<ScorecardItemKey, string> = {
  voc: '/surveys',
  central_record: '/duplicates',
  empowered_staff: '/tickets',
  cx_measured: '/voc',
  processes_reviewed: '/journeys',
};

type Part = { fact: ScorecardFact; value: number | null; total: number | null; part: number | null; weight?: number };

const share = (value: number, total: number): number | null => (total > 0 ? value / total : null);
const capped = (x: number | null) => (x === null ? null : Math.min(1, Math.max(0, x)));

/** NPS −100…100 (rounded) of answers, or null under MIN_NPS_ANSWERS. */
export function npsOf(x: Nps): number | null {
  return x.n >= MIN_NPS_ANSWERS ? Math.round((100 * (x.promoters - x.detractors)) / x.n) : null;
}

function item(key: ScorecardItemKey, parts: Part[]): ScorecardItem {
  let sum = 0, weights = 0;
  for (const p of parts) {
    if (p.part === null) continue;
    const w = p.weight ?? 1;
    sum += w * p.part; weights += w;
  }
  const score = weights ? Math.round((100 * sum) / weights) : 0;
  const evidence: ScorecardEvidence[] = parts.map((p) => ({ key: p.fact, value: p.value, total: p.total, part: p.part === null ? null : Math.round(p.part * 1000) / 1000 }));
  return { key, score, evidence, link: ITEM_LINKS[key] };
}

export function scoreItems(s: Signals): ScorecardItem[] {
  const promises: Part = { fact: 'promisesKept', value: s.promisesKept, total: s.promisesDue, part: share(s.promisesKept, s.promisesDue) };
  const nowNps = npsOf(s.npsNow), beforeNps = npsOf(s.npsBefore);
  const trend = nowNps === null || beforeNps === null ? null : nowNps >= beforeNps ? 1 : nowNps >= beforeNps - 5 ? 0.5 : 0;
  const reviewedThisYear = s.lastReviewDays !== null && s.lastReviewDays <= 365;
  return [
    item('voc', [
      { fact: 'answerMonths', value: s.answerMonths, total: 3, part: s.answerMonths / 3 },
      { fact: 'heardCustomers', value: s.heard, total: s.active, part: capped(s.active ? s.heard / (HEARD_TARGET * s.active) : null) },
      { fact: 'activeCustomers', value: s.active, total: null, part: null },
    ]),
    item('central_record', [
      { fact: 'completeProfiles', value: s.complete, total: s.live, part: share(s.complete, s.live) },
      { fact: 'duplicatePairs', value: s.duplicatePairs, total: s.live, part: capped(s.live ? 1 - s.duplicatePairs / (DUPLICATES_ZERO_AT * s.live) : null) },
      { fact: 'interactionsLogged', value: s.interactions, total: s.active, part: capped(s.active ? s.interactions / (INTERACTIONS_PER_ACTIVE * s.active) : null) },
      promises,
    ]),
    item('empowered_staff', [
      { fact: 'firstContactResolved', value: s.firstContact, total: s.resolved, part: share(s.firstContact, s.resolved) },
      { fact: 'notEscalated', value: s.notEscalated, total: s.resolved, part: share(s.notEscalated, s.resolved) },
      { fact: 'withinSla', value: s.withinSla, total: s.resolved, part: share(s.withinSla, s.resolved) },
      promises,
    ]),
    item('cx_measured', [
      { fact: 'measuredMonths', value: s.measuredMonths, total: 6, part: s.measuredMonths / 6, weight: 0.7 },
      { fact: 'npsNow', value: nowNps, total: s.npsNow.n, part: trend, weight: 0.3 },
      { fact: 'npsBefore', value: beforeNps, total: s.npsBefore.n, part: null },
    ]),
    item('processes_reviewed', [
      { fact: 'lastReviewDays', value: s.lastReviewDays, total: null, part: reviewedThisYear ? 1 : 0 },
      { fact: 'painPointsReviewed', value: s.painReviewed, total: null, part: null },
      { fact: 'painPointsActed', value: s.painActed, total: s.painReviewed, part: s.painReviewed ? s.painActed / s.painReviewed : 0 },
    ]),
  ];
}

/** The overall score: the plain mean of the five items, rounded. */
export function overall(items: ScorecardItem[]): number {
  return items.length ? Math.round(items.reduce((a, i) => a + i.score, 0) / items.length) : 0;
}
