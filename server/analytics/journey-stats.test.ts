/** The journey statistics against hand calculations and textbook values. */
import { describe, it, expect } from 'vitest';
import { compareProportions, isFinding, median, normalCdf, wilson, JOURNEY_RULES } from './journey-stats.ts';
import { seededRandom } from './simulate.ts';

describe('journey statistics', () => {
  it('normal CDF matches the table', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1.644854)).toBeCloseTo(0.05, 6);
    expect(normalCdf(3.090232)).toBeCloseTo(0.999, 6);
  });

  it('Wilson interval: 81 of 263 is 0.2553 to 0.3662 (Newcombe 1998, example)', () => {
    const w = wilson(81, 263);
    expect(w.low).toBeCloseTo(0.2553, 3);
    expect(w.high).toBeCloseTo(0.3662, 3);
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
  });

  it('difference of proportions: Newcombe hybrid interval and the pooled z test (Newcombe 1998 example: 56/70 vs 48/80)', () => {
    const c = compareProportions(56, 70, 48, 80);
    expect(c.effect).toBeCloseTo(0.2, 9);
    // Newcombe (1998), method 10: 0.0524 to 0.3339.
    expect(c.low).toBeCloseTo(0.0524, 3);
    expect(c.high).toBeCloseTo(0.3339, 3);
    // Pooled p = 104/150; se = sqrt(p(1−p)(1/70 + 1/80)) = 0.07547; continuity 0.5(1/70 + 1/80) = 0.013393;
    // z = (0.2 − 0.013393) / 0.07547 = 2.4726: two-sided p = 0.01341 (the chi-square with Yates' correction, 6.114).
    expect(c.z).toBeCloseTo(2.4726, 3);
    expect(c.z ** 2).toBeCloseTo(6.114, 2);
    expect(c.pTwoSided).toBeCloseTo(0.01341, 4);
    expect(c.pGreater).toBeCloseTo(0.006705, 4);
  });

  it('a finding needs both groups of 30, an effect of 10 points and Bonferroni significance at 0.1 %', () => {
    expect(isFinding(compareProportions(20, 29, 5, 100), 1, 'greater')).toBe(false); // 29 < 30
    expect(isFinding(compareProportions(480, 1000, 400, 1000), 1, 'greater')).toBe(false); // 8 points
    const strong = compareProportions(60, 100, 15, 100);
    expect(isFinding(strong, 1, 'greater')).toBe(true);
    expect(isFinding(strong, 1, 'two-sided')).toBe(true);
    expect(isFinding(compareProportions(15, 100, 60, 100), 1, 'greater')).toBe(false); // wrong direction
    // z ≈ 3.4, p ≈ 4e-4: significant alone, not among 10 tests (alpha 1e-4).
    const mid = compareProportions(45, 100, 21, 100);
    expect(mid.pGreater).toBeLessThan(JOURNEY_RULES.familyAlpha);
    expect(isFinding(mid, 1, 'greater')).toBe(true);
    expect(isFinding(mid, 10, 'greater')).toBe(false);
  });

  it('under the null, findings are rarer than the family-wise rate (10,000 simulated comparisons)', () => {
    const rnd = seededRandom(5);
    let found = 0;
    for (let i = 0; i < 10_000; i++) {
      const n1 = 30 + Math.floor(rnd() * 200), n2 = 30 + Math.floor(rnd() * 200), p = 0.05 + rnd() * 0.5;
      let k1 = 0, k2 = 0;
      for (let j = 0; j < n1; j++) if (rnd() < p) k1++;
      for (let j = 0; j < n2; j++) if (rnd() < p) k2++;
      if (isFinding(compareProportions(k1, n1, k2, n2), 1, 'two-sided')) found++;
    }
    expect(found / 10_000).toBeLessThanOrEqual(JOURNEY_RULES.familyAlpha);
  });

  it('median', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
