/**
 * BG/NBD with a + b < 1 (fitted on the demo business: a ≈ 0.10, b ≈ 0.16). The expectations need
 * ₂F₁(r + x, b + x; a + b + x − 1; z) whose third argument is then negative for x = 0, and the function itself can be
 * negative: keeping only its logarithm made the conditional expectation, and so the CLV, NaN for every customer
 * without a repeat purchase.
 *
 * The reference is computed another way. In BG/NBD a customer can drop out only right after a purchase, so with no
 * repeat purchase the posterior of the dropout probability p is still Beta(a, b), and λ | (x = 0, T) ~ Gamma(r, α + T).
 * Given λ and p, E[X(t)] = (1 − e^(−λpt)) / p (a geometric number of exponential lifetimes), so averaging over λ:
 *   E[Y(t) | x = 0, T] = ∫₀¹ (1 − ((α+T)/(α+T+pt))^r) / p · Beta(p; a, b) dp,
 * a one-dimensional integral done here by Simpson's rule after the substitutions p = u^(1/a) near 0 and
 * 1 − p = v^(1/b) near 1, which remove the density's singularities at both ends.
 */
import { describe, expect, it } from 'vitest';
import { bgnbdConditionalExpected, bgnbdExpected, type BgNbdParams } from './bgnbd.ts';
import { discountedClv } from './clv.ts';
import { bgnbdModel } from './purchase-model.ts';
import { logBeta, signedLogHyp2f1 } from './special.ts';

function simpson(f: (x: number) => number, lo: number, hi: number, n = 4000): number {
  const h = (hi - lo) / n;
  let s = f(lo) + f(hi);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(lo + i * h);
  return (s * h) / 3;
}

/** E[Y(t) | x = 0, T] by the integral above. */
function noRepeatExpected(p: BgNbdParams, t: number, T: number): number {
  const { r, alpha, a, b } = p;
  const g = (q: number) => (q <= 0 ? (r * t) / (alpha + T) : -Math.expm1(-r * Math.log1p((q * t) / (alpha + T))) / q);
  const lb = logBeta(a, b);
  // ∫₀^½ g(p) p^(a−1) (1−p)^(b−1) dp with p = u^(1/a): p^(a−1) dp = du / a.
  const left = simpson((u) => { const q = u ** (1 / a); return g(q) * (1 - q) ** (b - 1) / a; }, 0, 0.5 ** a);
  // ∫½^1 with 1 − p = v^(1/b): (1−p)^(b−1) dp = −dv / b.
  const right = simpson((v) => { const q = 1 - v ** (1 / b); return g(q) * q ** (a - 1) / b; }, 0, 0.5 ** b);
  return (left + right) / Math.exp(lb);
}

const demo: BgNbdParams = { r: 1.737, alpha: 56.98, a: 0.0996, b: 0.1566 };

describe('BG/NBD when a + b < 1', () => {
  it('₂F₁ with a negative third argument keeps its sign: ₂F₁(1, 1; −½; ½) < 0', () => {
    // Σ (1)ₖ(1)ₖ/((−½)ₖ k!) (½)ᵏ = 1 − 1 − 2/3 − 2/5 − …: every term after the first two is negative (plain summation).
    let term = 1, sum = 1;
    for (let k = 0; k < 200; k++) { term *= ((1 + k) * (1 + k)) / ((-0.5 + k) * (k + 1)) * 0.5; sum += term; }
    const got = signedLogHyp2f1(1, 1, -0.5, 0.5);
    expect(got.sign).toBe(Math.sign(sum));
    expect(got.sign).toBe(-1);
    expect(Math.exp(got.log)).toBeCloseTo(Math.abs(sum), 10);
  });

  it.each([4.345, 13.0, 52.14])('E[Y(%s weeks) | x = 0] matches the integral over the dropout probability', (t) => {
    const want = noRepeatExpected(demo, t, 31.57);
    const got = bgnbdConditionalExpected(demo, t, 0, 0, 31.57);
    expect(Number.isFinite(got)).toBe(true);
    expect(Math.abs(got - want) / want).toBeLessThan(1e-6);
  });

  it('E[X(t)] for a new customer is the same integral with T = 0', () => {
    expect(Math.abs(bgnbdExpected(demo, 26) - noRepeatExpected(demo, 26, 0)) / noRepeatExpected(demo, 26, 0)).toBeLessThan(1e-6);
  });

  it('the 12-month CLV of a customer without a repeat purchase is finite and positive', () => {
    const clv = discountedClv(bgnbdModel(demo), { x: 0, tx: 0, T: 31.57 }, 41_800_000, { months: 12, monthlyDiscountRate: 0.01 });
    expect(Number.isFinite(clv)).toBe(true);
    expect(clv).toBeGreaterThan(0);
    // Undiscounted it would be spend × E[Y(52.14)]; discounting at 1 %/month keeps it below that and above 88 % of it.
    const bound = 41_800_000 * noRepeatExpected(demo, 12 * 4.345, 31.57);
    expect(clv).toBeLessThan(bound);
    expect(clv).toBeGreaterThan(0.88 * bound);
  });
});
