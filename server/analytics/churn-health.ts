/**
 * Churn risk (0–100) and health score (0–100) from a customer's model figures and behaviour signals, each part
 * explained. Pure: the caller gathers the signals (tickets, survey answers, promises, contacts) and words the reasons
 * in fa/en from their codes and values. Rules: docs/decisions.md, "Customer models".
 */
import { countOf } from '../../common/plural.ts';

const days = (n: number) => countOf(Math.round(n), 'day', 'days');

export interface ChurnSignals {
  /** P(alive) from the purchase model; null when there is none. */
  pAlive: number | null;
  daysSinceLastPurchase: number | null;
  /** The customer's usual days between purchases (their own rhythm); null for one purchase or none. */
  usualGapDays: number | null;
  unresolvedTickets: number;
  /** Detractor answers (NPS 0–6) in the look-back window. */
  detractorAnswers: number;
  brokenPromises: number;
  daysSinceContact: number | null;
}

export type ChurnReasonCode = 'model' | 'purchase-gap' | 'unresolved-tickets' | 'detractor' | 'broken-promises' | 'no-contact';

export interface ChurnReason {
  code: ChurnReasonCode;
  /** This signal's own risk, 0–1 (before combining). */
  strength: number;
  values: Record<string, number>;
  /** English wording for logs and tests; not stored or sent: the UI words it (fa/en) from code and values. */
  text: string;
}

export interface ChurnOptions {
  /** No contact for this many days is a signal. Default 90. */
  noContactDays?: number;
}

/**
 * Each signal is a risk in [0, 1]; they combine as independent causes (noisy-OR): risk = 1 − Π(1 − sᵢ), score =
 * round(100 · risk). Signals: the model's 1 − P(alive); a purchase gap beyond 1.5× the usual gap, rising linearly to
 * 0.6 at 4× (0.5 × … without a rhythm: more than 180 days, to 0.6 at 540); 0.15 per unresolved ticket (at most 0.4);
 * 0.2 per detractor answer (at most 0.4); 0.1 per broken promise (at most 0.3); no contact in noContactDays: 0.1.
 * Reasons come sorted by strength, strongest first; signals of strength 0 are left out.
 */
export function churnRisk(s: ChurnSignals, o: ChurnOptions = {}): { score: number; reasons: ChurnReason[] } {
  const reasons: ChurnReason[] = [];
  const add = (code: ChurnReasonCode, strength: number, values: Record<string, number>, text: string) => {
    if (strength > 0) reasons.push({ code, strength: Math.min(1, strength), values, text });
  };
  if (s.pAlive !== null) {
    add('model', 1 - s.pAlive, { pAlive: s.pAlive }, `the purchase model gives a ${Math.round(100 * s.pAlive)} % chance they are still a customer`);
  }
  if (s.daysSinceLastPurchase !== null) {
    const since = s.daysSinceLastPurchase;
    if (s.usualGapDays !== null && s.usualGapDays > 0) {
      const ratio = since / s.usualGapDays;
      add('purchase-gap', ratio <= 1.5 ? 0 : Math.min(0.6, 0.6 * (ratio - 1.5) / 2.5), { days: since, usual: s.usualGapDays },
        `no purchase in ${days(since)}; usually buys every ${Math.round(s.usualGapDays)}`);
    } else {
      add('purchase-gap', since <= 180 ? 0 : Math.min(0.6, 0.6 * (since - 180) / 360), { days: since },
        `no purchase in ${days(since)}`);
    }
  }
  add('unresolved-tickets', Math.min(0.4, 0.15 * s.unresolvedTickets), { count: s.unresolvedTickets },
    countOf(s.unresolvedTickets, 'unresolved ticket', 'unresolved tickets'));
  add('detractor', Math.min(0.4, 0.2 * s.detractorAnswers), { count: s.detractorAnswers },
    `${countOf(s.detractorAnswers, 'detractor answer', 'detractor answers')} (NPS 0–6)`);
  add('broken-promises', Math.min(0.3, 0.1 * s.brokenPromises), { count: s.brokenPromises },
    countOf(s.brokenPromises, 'broken promise', 'broken promises'));
  const noContact = o.noContactDays ?? 90;
  if (s.daysSinceContact !== null && s.daysSinceContact >= noContact) {
    add('no-contact', 0.1, { days: s.daysSinceContact }, `no contact in ${days(s.daysSinceContact)}`);
  }
  const keep = reasons.reduce((p, r) => p * (1 - r.strength), 1);
  reasons.sort((a, b) => b.strength - a.strength);
  return { score: Math.round(100 * (1 - keep)), reasons };
}

export type HealthGroup = 'engagement' | 'purchases' | 'support' | 'satisfaction';

/** Points per group; they must sum to 100. */
export type HealthWeights = Record<HealthGroup, number>;
export const DEFAULT_HEALTH_WEIGHTS: HealthWeights = { engagement: 25, purchases: 30, support: 20, satisfaction: 25 };

export interface HealthInputs {
  daysSinceContact: number | null;
  /** P(alive), or the fallback's; null without purchases. */
  pAlive: number | null;
  unresolvedTickets: number;
  /** Latest NPS answer 0–10, or null. */
  lastNps: number | null;
  /** Latest CSAT 1–5, or null. */
  lastCsat: number | null;
}

export interface HealthPart { group: HealthGroup; points: number; max: number }

/**
 * Health = Σ weight × fraction: engagement 1 within 30 days of contact, falling linearly to 0 at 180 (0 with
 * none); purchases = P(alive) (0 without purchases); support 1 − unresolved/3 (floored at 0); satisfaction the mean
 * of NPS/10 and (CSAT−1)/4 where answered, 0.5 (neutral) without answers.
 */
export function healthScore(h: HealthInputs, weights: HealthWeights = DEFAULT_HEALTH_WEIGHTS): { score: number; parts: HealthPart[] } {
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  if (Math.abs(total - 100) > 1e-9) throw new RangeError(`Health point groups must sum to 100 (got ${total})`);
  const engagement = h.daysSinceContact === null ? 0 : h.daysSinceContact <= 30 ? 1 : Math.max(0, 1 - (h.daysSinceContact - 30) / 150);
  const sat = [h.lastNps === null ? null : h.lastNps / 10, h.lastCsat === null ? null : (h.lastCsat - 1) / 4].filter((v): v is number => v !== null);
  const fractions: Record<HealthGroup, number> = {
    engagement, purchases: h.pAlive ?? 0, support: Math.max(0, 1 - h.unresolvedTickets / 3),
    satisfaction: sat.length ? sat.reduce((a, b) => a + b, 0) / sat.length : 0.5,
  };
  const parts = (Object.keys(weights) as HealthGroup[]).map((group) => ({ group, points: weights[group] * fractions[group], max: weights[group] }));
  return { score: Math.round(parts.reduce((s, p) => s + p.points, 0)), parts };
}

/** Bands between thresholds (ascending), e.g. [40, 70] → 0: below 40, 1: 40–69, 2: 70 and up. */
export const band = (score: number, thresholds: readonly number[]) => thresholds.filter((t) => score >= t).length;

/** The event a change of score across a threshold raises (for automations), or null. */
export function thresholdCrossing(before: number, after: number, thresholds: readonly number[] = [40, 70]) {
  const from = band(before, thresholds), to = band(after, thresholds);
  return from === to ? null : { from, to, direction: to > from ? ('up' as const) : ('down' as const) };
}
