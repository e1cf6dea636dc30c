import { describe, expect, it } from 'vitest';
import { churnRisk, healthScore, thresholdCrossing, type ChurnSignals } from './churn-health.ts';

const quiet: ChurnSignals = {
  pAlive: null, daysSinceLastPurchase: null, usualGapDays: null, unresolvedTickets: 0, detractorAnswers: 0, brokenPromises: 0, daysSinceContact: null,
};

describe('churn risk', () => {
  it('is 0 with no signal', () => {
    expect(churnRisk(quiet)).toEqual({ score: 0, reasons: [] });
  });
  it('explains a gap against the customer’s own rhythm: 140 days, usually 45', () => {
    const r = churnRisk({ ...quiet, daysSinceLastPurchase: 140, usualGapDays: 45 });
    // ratio 3.11 → 0.6 × (3.11 − 1.5)/2.5 = 0.3867
    expect(r.score).toBe(39);
    expect(r.reasons[0]).toMatchObject({ code: 'purchase-gap', values: { days: 140, usual: 45 }, text: 'no purchase in 140 days; usually buys every 45' });
    expect(churnRisk({ ...quiet, daysSinceLastPurchase: 60, usualGapDays: 45 }).score).toBe(0);
  });
  it('combines signals as independent causes, strongest reason first', () => {
    const r = churnRisk({ ...quiet, pAlive: 0.5, unresolvedTickets: 2, detractorAnswers: 1, daysSinceContact: 120 });
    // 1 − 0.5 × 0.7 × 0.8 × 0.9 = 0.748
    expect(r.score).toBe(75);
    expect(r.reasons.map((x) => x.code)).toEqual(['model', 'unresolved-tickets', 'detractor', 'no-contact']);
    expect(churnRisk({ ...quiet, pAlive: 0, brokenPromises: 9 }).score).toBe(100);
  });
  it('words its English reasons to agree with the number: 1 ticket, 3 tickets', () => {
    const text = (s: Partial<ChurnSignals>) => churnRisk({ ...quiet, ...s }, { noContactDays: 1 }).reasons.map((r) => r.text);
    expect(text({ unresolvedTickets: 1, detractorAnswers: 1, brokenPromises: 1, daysSinceContact: 1 })).toEqual([
      '1 detractor answer (NPS 0–6)', '1 unresolved ticket', '1 broken promise', 'no contact in 1 day',
    ]);
    expect(text({ unresolvedTickets: 3, detractorAnswers: 3, brokenPromises: 3, daysSinceContact: 3 })).toEqual([
      '3 unresolved tickets', '3 detractor answers (NPS 0–6)', '3 broken promises', 'no contact in 3 days',
    ]);
    expect(text({ daysSinceLastPurchase: 181 })).toEqual(['no purchase in 181 days']);
  });
});

describe('health score', () => {
  it('sums the point groups: a content, active customer scores high; a silent unhappy one low', () => {
    const good = healthScore({ daysSinceContact: 10, pAlive: 0.9, unresolvedTickets: 0, lastNps: 9, lastCsat: 5 });
    // 25 + 27 + 20 + 25 × (0.9 + 1)/2 = 95.75
    expect(good.score).toBe(96);
    expect(good.parts.map((p) => p.max)).toEqual([25, 30, 20, 25]);
    const poor = healthScore({ daysSinceContact: 400, pAlive: 0.1, unresolvedTickets: 3, lastNps: 2, lastCsat: null });
    expect(poor.score).toBe(Math.round(3 + 25 * 0.2));
  });
  it('refuses point groups that do not sum to 100', () => {
    expect(() => healthScore({ daysSinceContact: 1, pAlive: 1, unresolvedTickets: 0, lastNps: null, lastCsat: null },
      { engagement: 50, purchases: 30, support: 20, satisfaction: 25 })).toThrow(RangeError);
  });
  it('raises a crossing event only when a threshold is crossed', () => {
    expect(thresholdCrossing(75, 72)).toBeNull();
    expect(thresholdCrossing(75, 65)).toEqual({ from: 2, to: 1, direction: 'down' });
    expect(thresholdCrossing(30, 40)).toEqual({ from: 0, to: 1, direction: 'up' });
  });
});
