/** Property tests (fast-check): the likelihoods stay finite, the predictions move the way the theory says, apriori
 * agrees with a brute-force count, the analytic gradients agree with finite differences. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apriori, associationRules, itemsetKey } from './basket.ts';
import {
  bgnbdConditionalExpected, bgnbdLogLikelihood, bgnbdLogLikelihoodGradient, bgnbdPAlive, type BgNbdParams,
} from './bgnbd.ts';
import { gammaGammaExpectedSpend, gammaGammaLogLikelihood, gammaGammaLogLikelihoodGradient, spendData } from './gamma-gamma.ts';
import { paretoNbdConditionalExpected, paretoNbdLogLikelihood, paretoNbdPAlive, type ParetoNbdParams } from './pareto-nbd.ts';
import { rfData } from './rf-data.ts';
import { hyp2f1 } from './special.ts';

const positive = (min = 0.05, max = 20) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const bg = fc.record({ r: positive(), alpha: positive(), a: positive(), b: positive() });
const pareto = fc.record({ r: positive(), alpha: positive(), s: positive(), beta: positive() });
/** A history: x repeat purchases, 0 ≤ t_x ≤ T (t_x > 0 when x > 0). */
const history = fc.record({ x: fc.integer({ min: 0, max: 60 }), T: positive(0.5, 200), share: fc.double({ min: 0.01, max: 1, noNaN: true }) })
  .map(({ x, T, share }) => ({ x, T, tx: x > 0 ? T * share : 0 }));
const histories = fc.array(history, { minLength: 1, maxLength: 30 });

describe('likelihoods', () => {
  it('BG/NBD and Pareto/NBD log-likelihoods are finite for any positive parameters and valid histories', () => {
    fc.assert(fc.property(bg, pareto, histories, (p: BgNbdParams, q: ParetoNbdParams, hs) => {
      const d = rfData(hs);
      expect(Number.isFinite(bgnbdLogLikelihood(p, d))).toBe(true);
      expect(Number.isFinite(paretoNbdLogLikelihood(q, d))).toBe(true);
    }), { numRuns: 150 });
  });
  it('Gamma-Gamma log-likelihood is finite and its gradient matches finite differences', () => {
    const rows = fc.array(fc.record({ x: fc.integer({ min: 1, max: 40 }), monetary: positive(0.5, 500) }), { minLength: 1, maxLength: 20 });
    fc.assert(fc.property(fc.record({ p: positive(0.2, 20), q: positive(0.2, 20), gamma: positive(0.2, 50) }), rows, (par, rs) => {
      const d = spendData(rs);
      const { value, gradient } = gammaGammaLogLikelihoodGradient(par, d);
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeCloseTo(gammaGammaLogLikelihood(par, rs), 6);
      (['p', 'q', 'gamma'] as const).forEach((k, j) => {
        const h = 1e-6 * par[k];
        const fd = (gammaGammaLogLikelihood({ ...par, [k]: par[k] + h }, d) - gammaGammaLogLikelihood({ ...par, [k]: par[k] - h }, d)) / (2 * h);
        expect(Math.abs(fd - gradient[j])).toBeLessThan(1e-4 * (1 + Math.abs(fd)));
      });
    }), { numRuns: 100 });
  });
  it('the BG/NBD gradient matches finite differences', () => {
    fc.assert(fc.property(fc.record({ r: positive(0.1, 5), alpha: positive(0.5, 20), a: positive(0.2, 5), b: positive(0.2, 5) }), histories, (p, hs) => {
      const d = rfData(hs);
      const { value, gradient } = bgnbdLogLikelihoodGradient(p, d);
      expect(value).toBeCloseTo(bgnbdLogLikelihood(p, d), 6);
      (['r', 'alpha', 'a', 'b'] as const).forEach((k, j) => {
        const h = 1e-6 * p[k];
        const fd = (bgnbdLogLikelihood({ ...p, [k]: p[k] + h }, d) - bgnbdLogLikelihood({ ...p, [k]: p[k] - h }, d)) / (2 * h);
        expect(Math.abs(fd - gradient[j])).toBeLessThan(1e-4 * (1 + Math.abs(fd)));
      });
    }), { numRuns: 100 });
  });
});

describe('predictions move the right way', () => {
  const aboveOne = fc.record({ r: positive(), alpha: positive(), a: positive(1.05, 20), b: positive() });
  it('P(alive) falls with a longer silence (larger T, same t_x) and rises with a later last purchase', () => {
    fc.assert(fc.property(bg, pareto, history, positive(0.1, 50), (p, q, h, more) => {
      for (const alive of [(x: number, tx: number, T: number) => bgnbdPAlive(p, x, tx, T), (x: number, tx: number, T: number) => paretoNbdPAlive(q, x, tx, T)]) {
        const base = alive(h.x, h.tx, h.T);
        expect(base).toBeGreaterThanOrEqual(0);
        expect(base).toBeLessThanOrEqual(1);
        expect(alive(h.x, h.tx, h.T + more)).toBeLessThanOrEqual(base + 1e-12);
        if (h.x > 0) expect(alive(h.x, Math.min(h.T, h.tx + more), h.T)).toBeGreaterThanOrEqual(base - 1e-12);
      }
      // BG/NBD: a customer who never repeated cannot have dropped out.
      expect(bgnbdPAlive(p, 0, 0, h.T)).toBe(1);
    }), { numRuns: 200 });
  });
  it('expected purchases grow with the horizon and stay non-negative', () => {
    fc.assert(fc.property(aboveOne, pareto, history, positive(0.1, 100), positive(0.1, 100), (p, q, h, t, more) => {
      const e1 = bgnbdConditionalExpected(p, t, h.x, h.tx, h.T), e2 = bgnbdConditionalExpected(p, t + more, h.x, h.tx, h.T);
      expect(e1).toBeGreaterThanOrEqual(0);
      expect(e2).toBeGreaterThanOrEqual(e1 - 1e-9 * (1 + e1));
      const f1 = paretoNbdConditionalExpected(q, t, h.x, h.tx, h.T), f2 = paretoNbdConditionalExpected(q, t + more, h.x, h.tx, h.T);
      expect(f1).toBeGreaterThanOrEqual(0);
      expect(f2).toBeGreaterThanOrEqual(f1 - 1e-9 * (1 + f1));
    }), { numRuns: 200 });
  });
  it('Gamma-Gamma expected spend lies between the population mean and the customer’s own mean', () => {
    fc.assert(fc.property(positive(0.2, 20), positive(1.1, 20), positive(0.2, 50), fc.integer({ min: 1, max: 50 }), positive(0.5, 500), (p, q, gamma, x, m) => {
      const e = gammaGammaExpectedSpend({ p, q, gamma }, x, m), pop = p * gamma / (q - 1);
      expect(e).toBeGreaterThanOrEqual(Math.min(pop, m) * (1 - 1e-12));
      expect(e).toBeLessThanOrEqual(Math.max(pop, m) * (1 + 1e-12));
    }), { numRuns: 200 });
  });
  it('₂F₁ agrees with the other Pfaff form for negative arguments', () => {
    fc.assert(fc.property(positive(0.1, 10), positive(0.1, 10), positive(0.1, 10), fc.double({ min: -50, max: -0.01, noNaN: true }), (a, b, extra, z) => {
      const c = a + extra; // c − a > 0, so both transformed series have positive parameters
      const direct = hyp2f1(a, b, c, z), other = (1 - z) ** -b * hyp2f1(c - a, b, c, z / (z - 1));
      expect(Math.abs(direct - other)).toBeLessThan(1e-9 * Math.abs(other) + 1e-300);
    }), { numRuns: 200 });
  });
});

describe('apriori against brute force', () => {
  const ITEMS = ['a', 'b', 'c', 'd', 'e', 'f'];
  const baskets = fc.array(fc.subarray(ITEMS, { minLength: 1 }), { minLength: 1, maxLength: 25 });
  it('finds exactly the itemsets whose brute-force count reaches the minimum, and every rule over the confidence', () => {
    fc.assert(fc.property(baskets, fc.double({ min: 0.04, max: 0.9, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (bs, minSupport, minConfidence) => {
      const n = bs.length;
      const count = (set: string[]) => bs.filter((b) => set.every((i) => b.includes(i))).length;
      const want = new Map<string, number>();
      for (let mask = 1; mask < 1 << ITEMS.length; mask++) {
        const set = ITEMS.filter((_, j) => mask & (1 << j));
        const c = count(set);
        if (c / n >= minSupport) want.set(itemsetKey(set), c);
      }
      const f = apriori(bs, { minSupport });
      expect(new Map(f.itemsets.map((s) => [itemsetKey(s.items), s.count]))).toEqual(want);
      let rules = 0;
      for (const [key, c] of want) {
        const set = key.split('\u0001');
        for (let mask = 1; mask < (1 << set.length) - 1; mask++) {
          const A = set.filter((_, j) => !(mask & (1 << j)));
          if (c / count(A) >= minConfidence - 1e-12) rules++;
        }
      }
      expect(associationRules(f, { minConfidence }).length).toBe(rules);
    }), { numRuns: 200 });
  });
});
