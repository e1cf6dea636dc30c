import { describe, expect, it } from 'vitest';
import { minimize, minimizeBfgs } from './optimize.ts';
import { digamma, hyp2f1, logAddExp, logBeta, logDiffExp, logGamma, logHyp2f1, logSumExp } from './special.ts';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('logGamma and logBeta', () => {
  it('match factorials, Γ(½) = √π and known large values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(2)).toBeCloseTo(0, 14);
    expect(rel(logGamma(10), Math.log(362880))).toBeLessThan(1e-14);
    expect(rel(logGamma(0.5), 0.5 * Math.log(Math.PI))).toBeLessThan(1e-13);
    // ln Γ(100) = ln 99! (Abramowitz & Stegun; 359.13420536957540)
    expect(rel(logGamma(100), 359.1342053695754)).toBeLessThan(1e-14);
    // Small arguments go through the reflection formula: Γ(x) ≈ 1/x − γ for tiny x.
    expect(rel(logGamma(1e-8), -Math.log(1e-8) - 0.5772156649015329 * 1e-8)).toBeLessThan(1e-12);
    expect(logGamma(0)).toBeNaN();
    expect(logGamma(-1)).toBeNaN();
  });
  it('B(a, b) = Γ(a)Γ(b)/Γ(a+b): B(2, 3) = 1/12, B(½, ½) = π', () => {
    expect(rel(logBeta(2, 3), Math.log(1 / 12))).toBeLessThan(1e-13);
    expect(rel(logBeta(0.5, 0.5), Math.log(Math.PI))).toBeLessThan(1e-13);
  });
});

describe('digamma', () => {
  it('ψ(1) = −γ, ψ(½) = −γ − 2 ln 2, ψ(x + 1) = ψ(x) + 1/x', () => {
    const euler = 0.5772156649015329;
    expect(Math.abs(digamma(1) + euler)).toBeLessThan(1e-13);
    expect(Math.abs(digamma(0.5) + euler + 2 * Math.LN2)).toBeLessThan(1e-13);
    for (const x of [0.01, 0.3, 2.5, 17, 250]) expect(Math.abs(digamma(x + 1) - digamma(x) - 1 / x)).toBeLessThan(1e-11 * (1 + 1 / x));
  });
});

describe('log-sum-exp', () => {
  it('does not overflow or underflow', () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.log(2), 12);
    expect(logSumExp([-1000, -1000, -1000])).toBeCloseTo(-1000 + Math.log(3), 12);
    expect(logSumExp([])).toBe(-Infinity);
    expect(logAddExp(-Infinity, 5)).toBe(5);
    expect(logAddExp(800, 800)).toBeCloseTo(800 + Math.log(2), 12);
    expect(logDiffExp(Math.log(5), Math.log(3))).toBeCloseTo(Math.log(2), 13);
    expect(logDiffExp(1, 1)).toBe(-Infinity);
    expect(logDiffExp(1, 2)).toBeNaN();
  });
});

describe('Gauss hypergeometric ₂F₁', () => {
  it('matches closed forms on [0, 1)', () => {
    for (const z of [0, 0.1, 0.5, 0.9, 0.99]) {
      // ₂F₁(1, 1; 2; z) = −ln(1 − z)/z
      const want = z === 0 ? 1 : -Math.log1p(-z) / z;
      expect(rel(hyp2f1(1, 1, 2, z), want)).toBeLessThan(1e-12);
      // ₂F₁(a, b; b; z) = (1 − z)^(−a)
      expect(rel(hyp2f1(2.5, 3.7, 3.7, z), (1 - z) ** -2.5)).toBeLessThan(1e-12);
    }
  });
  it('keeps huge values in logs (a = 600, the size of r + s + x for a heavy buyer)', () => {
    const z = 0.7;
    expect(rel(logHyp2f1(600, 3, 3, z), -600 * Math.log1p(-z))).toBeLessThan(1e-12);
  });
  it('uses Pfaff’s transformation for negative and large negative arguments', () => {
    for (const z of [-0.3, -1, -5, -1e4]) {
      expect(rel(hyp2f1(1, 1, 2, z), Math.log1p(-z) / -z)).toBeLessThan(1e-12);
      // ₂F₁(½, 1; 3/2; −x²) = arctan(x)/x
      const x = Math.sqrt(-z);
      expect(rel(hyp2f1(0.5, 1, 1.5, z), Math.atan(x) / x)).toBeLessThan(1e-12);
    }
  });
  it('refuses z ≥ 1', () => {
    expect(() => logHyp2f1(1, 1, 2, 1)).toThrow(RangeError);
  });
});

describe('minimize (Nelder–Mead with restarts)', () => {
  it('finds the Rosenbrock minimum (1, 1) from (−1.2, 1)', () => {
    const f = ([x, y]: readonly number[]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2;
    const res = minimize(f, [-1.2, 1], { fTol: 1e-14, xTol: 1e-9 });
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(1, 5);
    expect(res.x[1]).toBeCloseTo(1, 5);
  });
  it('BFGS with the gradient finds the Rosenbrock minimum in far fewer evaluations', () => {
    const res = minimizeBfgs(([x, y]) => ({
      value: 100 * (y - x * x) ** 2 + (1 - x) ** 2,
      gradient: [-400 * x * (y - x * x) - 2 * (1 - x), 200 * (y - x * x)],
    }), [-1.2, 1], { gTol: 1e-12 });
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(1, 6);
    expect(res.x[1]).toBeCloseTo(1, 6);
    expect(res.evaluations).toBeLessThan(200);
  });
  it('walks away from non-finite values', () => {
    const f = ([x]: readonly number[]) => (x < 0 ? Number.NaN : (x - 2) ** 2);
    expect(minimize(f, [0.5]).x[0]).toBeCloseTo(2, 5);
  });
});
