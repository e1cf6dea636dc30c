/**
 * The statistics of customer journeys (pain points and moments of truth), pure and without a database:
 * two-proportion comparisons with a Newcombe (Wilson hybrid) 95 % interval, a continuity-corrected z test for the decision, Bonferroni over
 * every test of one map, minimum sample sizes and a minimum effect. The thresholds are chosen so that a journey with
 * nothing planted reports nothing (docs/decisions.md, "Customer journeys").
 */

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 on erf, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Wilson score interval (95 %) of k successes in n trials; [0, 1] when n = 0. */
export function wilson(k: number, n: number, z = 1.959964): { low: number; high: number } {
  if (n <= 0) return { low: 0, high: 1 };
  const p = k / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export type Comparison = {
  /** p1 − p2. */
  effect: number;
  /** Newcombe's 95 % interval of p1 − p2. */
  low: number;
  high: number;
  p1: number;
  p2: number;
  n1: number;
  n2: number;
  z: number;
  /** Two-sided p-value of the pooled z test with continuity correction. */
  pTwoSided: number;
  /** One-sided p-value for p1 > p2. */
  pGreater: number;
};

/** Compares k1/n1 with k2/n2 (both n > 0). */
export function compareProportions(k1: number, n1: number, k2: number, n2: number): Comparison {
  const p1 = k1 / n1, p2 = k2 / n2;
  const w1 = wilson(k1, n1), w2 = wilson(k2, n2);
  const effect = p1 - p2;
  const low = effect - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2);
  const high = effect + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2);
  const pooled = (k1 + k2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  // Yates' continuity correction: the plain z test is liberal for small groups and rare outcomes.
  const cc = 0.5 * (1 / n1 + 1 / n2);
  const z = se > 0 ? Math.sign(effect) * Math.max(0, Math.abs(effect) - cc) / se : 0;
  return { effect, low, high, p1, p2, n1, n2, z, pTwoSided: se > 0 ? 2 * (1 - normalCdf(Math.abs(z))) : 1, pGreater: se > 0 ? 1 - normalCdf(z) : 1 };
}

/** The decision rule every journey finding passes (one place, so the docs and the tests name the same numbers). */
export const JOURNEY_RULES = {
  /** Family-wise error of one map, split over its tests by Bonferroni. */
  familyAlpha: 0.001,
  /** Each compared group needs this many observations. */
  minGroup: 30,
  /** A difference of proportions smaller than this is not reported, however significant. */
  minEffect: 0.1,
} as const;

/** Whether a comparison is a finding among `tests` tests: enough data, a large enough effect, significant after Bonferroni. */
export function isFinding(c: Comparison, tests: number, side: 'greater' | 'two-sided', rules = JOURNEY_RULES): boolean {
  if (c.n1 < rules.minGroup || c.n2 < rules.minGroup) return false;
  const alpha = rules.familyAlpha / Math.max(1, tests);
  if (side === 'greater') return c.effect >= rules.minEffect && c.pGreater < alpha;
  return Math.abs(c.effect) >= rules.minEffect && c.pTwoSided < alpha;
}

/** Whether a comparison has enough data to be tested at all (those are the tests Bonferroni counts). */
export function isTestable(n1: number, n2: number, rules = JOURNEY_RULES): boolean {
  return n1 >= rules.minGroup && n2 >= rules.minGroup;
}

/** Median of a list (null when empty). */
export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
