/** CLV, model choice, the rule-based fallback and parameter recovery on simulated customers (no anchors needed). */
import { describe, expect, it } from 'vitest';
import { fitBgNbd } from './bgnbd.ts';
import {
  chooseModel, discountedClv, expectedTimeToNextPurchase, fitSpend, holdoutReport, modelFigures, scoreCustomers,
} from './clv.ts';
import { fitGammaGamma } from './gamma-gamma.ts';
import { bgnbdModel, rulesModel } from './purchase-model.ts';
import { simulateBgNbd } from './simulate.ts';
import { fitParetoNbd, paretoNbdLogLikelihood } from './pareto-nbd.ts';
import { rfData } from './rf-data.ts';

describe('rule-based fallback', () => {
  // Customers: a buys every 2 weeks (x = 2 by week 4, observed for 5); b bought once, 10 weeks ago.
  const rows = [{ x: 2, tx: 4, T: 5 }, { x: 0, tx: 0, T: 10 }, { x: 3, tx: 9, T: 20 }];
  const model = rulesModel(rows);
  it('buys at the customer’s own rate while within one usual gap, then fades', () => {
    // Population rate Σx/ΣT = 5/35; gaps: 2 and 3 → median gap (upper middle) 3.
    expect(model.params).toEqual({ populationRate: 5 / 35, medianGap: 3 });
    expect(model.pAlive(rows[0])).toBe(1); // silence 1 < gap 2
    expect(model.conditionalExpected(10, rows[0])).toBeCloseTo(4, 12); // 2/5 per week × 10
    // c: gap 3, silence 11 → exp(−(11 − 3)/3).
    expect(model.pAlive(rows[2])).toBeCloseTo(Math.exp(-8 / 3), 12);
    // b: one-time buyer, population gap 3 and rate 1/7: exp(−(10 − 3)/3) · (1/7) · 7.
    expect(model.conditionalExpected(7, rows[1])).toBeCloseTo(Math.exp(-7 / 3), 12);
  });
  it('discounted CLV by hand: spend 10, 0.4 purchases a week, 2 months of 4 weeks at 10 % a month', () => {
    const clv = discountedClv(model, rows[0], 10, { months: 2, monthlyDiscountRate: 0.1, unitsPerMonth: 4 });
    expect(clv).toBeCloseTo(16 / 1.1 + 16 / 1.21, 10);
    expect(expectedTimeToNextPurchase(model, rows[0], 52)).toBeCloseTo(2.5, 2);
    expect(expectedTimeToNextPurchase(model, rows[2], 1)).toBeNull();
  });
  it('chooseModel warns and falls back under 200 repeat buyers', () => {
    const choice = chooseModel(rows.map((r) => ({ ...r, holdout: 1 })), { holdoutLength: 4 });
    expect(choice.model.model).toBe('rules');
    expect(choice.warnings).toEqual(['too-few-repeat-buyers: 2 < 200; rule-based fallback']);
    expect(choice.holdout?.total.actual).toBe(3);
    expect(fitSpend([{ id: '1', x: 2, tx: 1, T: 2, monetary: 5, holdout: 0, holdoutSpend: 0 }]).fit).toBeNull();
  });
});

describe('fitting what was simulated', () => {
  const truth = { r: 0.5, alpha: 5, a: 1.5, b: 4 };
  const spend = { p: 6, q: 4, gamma: 15 };
  const customers = simulateBgNbd(truth, { n: 20_000, seed: 42, minT: 26, maxT: 78, days: true, spend });
  it('BG/NBD and Gamma-Gamma recover the parameters from 20,000 customers', () => {
    const bg = fitBgNbd(customers);
    expect(bg.converged).toBe(true);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(Math.abs(bg.params[k] / truth[k] - 1), k).toBeLessThan(0.15);
    const gg = fitGammaGamma(customers);
    expect(gg.converged).toBe(true);
    for (const k of ['p', 'q', 'gamma'] as const) expect(Math.abs(gg.params[k] / spend[k] - 1), k).toBeLessThan(0.15);
  });
  it('scores customers: P(alive), expected purchases, spend and CLV, all finite and ordered sensibly', () => {
    const model = bgnbdModel(fitBgNbd(customers).params);
    const gg = fitGammaGamma(customers).params;
    const rows = customers.slice(0, 200).map((c) => ({ ...c, holdout: 0, holdoutSpend: 0 }));
    const scores = scoreCustomers(model, gg, rows, { horizon: 13, months: 12, monthlyDiscountRate: 0.01 });
    for (const s of scores) {
      expect(s.pAlive).toBeGreaterThanOrEqual(0);
      expect(s.pAlive).toBeLessThanOrEqual(1);
      expect(Number.isFinite(s.clv) && s.clv >= 0).toBe(true);
    }
    // Same history, more recent last purchase → more expected purchases and a higher CLV.
    const recent = { x: 5, tx: 50, T: 52 }, stale = { x: 5, tx: 10, T: 52 };
    expect(model.conditionalExpected(13, recent)).toBeGreaterThan(model.conditionalExpected(13, stale));
    const o = { months: 12, monthlyDiscountRate: 0.01 };
    expect(discountedClv(model, recent, 30, o)).toBeGreaterThan(discountedClv(model, stale, 30, o));
    // Discounting lowers CLV; a zero rate gives spend × expected purchases over the horizon.
    expect(discountedClv(model, recent, 30, { months: 12, monthlyDiscountRate: 0 }))
      .toBeCloseTo(30 * model.conditionalExpected(12 * 4.345, recent), 8);
  });
  it('under the true parameters the holdout forecast is unbiased, in total and by calibration frequency', () => {
    const sim = simulateBgNbd(truth, { n: 50_000, seed: 3, minT: 26, maxT: 52, holdoutLength: 26 });
    const report = holdoutReport(bgnbdModel(truth), sim, 26);
    expect(Math.abs(report.aggregateError)).toBeLessThan(0.03);
    for (const b of report.byFrequency.slice(0, 4)) expect(Math.abs(b.expected - b.actual) / b.actual, b.bin).toBeLessThan(0.08);
    // And E[X(t)] from birth matches the simulated mean number of repeat purchases at T = 52.
    const at52 = simulateBgNbd(truth, { n: 50_000, seed: 4, minT: 52, maxT: 52 });
    expect(Math.abs(bgnbdModel(truth).expected(52) / (at52.reduce((s, c) => s + c.x, 0) / at52.length) - 1)).toBeLessThan(0.03);
  });
});

describe('Pareto/NBD fit: a bounded amount of work', () => {
  // A business where nobody visibly drops out (BG/NBD simulated with p ≈ 0.0001): the Pareto/NBD likelihood keeps
  // improving as s → 0 with α and β in the thousands, where every Gauss series needs thousands of terms.
  const customers = simulateBgNbd({ r: 2, alpha: 60, a: 0.01, b: 100 }, { n: 800, seed: 7, minT: 20, maxT: 52 });
  it('stops at its work budget, unconverged, at the best point it saw', () => {
    const d = rfData(customers);
    const fit = fitParetoNbd(d, { workPerRow: 200 });
    expect(fit.converged).toBe(false);
    for (const v of Object.values(fit.params)) expect(Number.isFinite(v) && v > 0).toBe(true);
    expect(fit.logLikelihood).toBeCloseTo(paretoNbdLogLikelihood(fit.params, d), 6);
    // 200 terms per row is at most ~100 evaluations of two series per row; the simplex starts with 5.
    expect(fit.evaluations).toBeGreaterThanOrEqual(5);
    expect(fit.evaluations).toBeLessThanOrEqual(101);
  });
  it('with the default budget, model choice drops it with a warning and keeps BG/NBD', () => {
    const rows = customers.map((c) => ({ ...c, holdout: 0 }));
    const choice = chooseModel(rows, { minRepeatBuyers: 1, candidates: ['bgnbd', 'pareto'] });
    expect(choice.candidates.map((c) => [c.model.model, c.model.fit.converged])).toEqual([['bgnbd', true], ['pareto', false]]);
    expect(choice.warnings).toEqual(['pareto: the fit did not converge']);
    expect(choice.model.model).toBe('bgnbd');
  });
});

describe('the figures stored per buyer are always finite', () => {
  const clvOptions = { months: 12, monthlyDiscountRate: 0.01 };
  const history = [{ x: 0, tx: 0, T: 30 }, { x: 3, tx: 20, T: 30 }];
  const rules = rulesModel(history);
  it('BG/NBD exactly at a = 1 gives NaN and Infinity: those buyers get the rule-based figures, flagged', () => {
    const edge = bgnbdModel({ r: 0.24, alpha: 4.4, a: 1, b: 2.4 });
    expect(edge.conditionalExpected(12.86, history[0])).toBeNaN();
    expect(edge.conditionalExpected(12.86, history[1])).toBe(Infinity);
    for (const h of history) {
      const f = modelFigures(edge, () => rules, h, 1_000_000, 12.86, clvOptions);
      expect(f.fellBack).toBe(true);
      expect(f.pAlive).toBe(rules.pAlive(h));
      expect(f.expectedPurchases).toBe(rules.conditionalExpected(12.86, h));
      expect(f.clv).toBe(discountedClv(rules, h, 1_000_000, clvOptions));
      for (const v of [f.pAlive, f.expectedPurchases, f.clv]) expect(Number.isFinite(v)).toBe(true);
    }
  });
  it('a model with finite figures keeps its own, and the fallback is never built', () => {
    const fitted = bgnbdModel({ r: 0.2426, alpha: 4.4137, a: 0.793, b: 2.4262 });
    let built = 0;
    const f = modelFigures(fitted, () => { built++; return rules; }, history[1], 1_000_000, 12.86, clvOptions);
    expect(f).toMatchObject({ fellBack: false, pAlive: fitted.pAlive(history[1]), expectedPurchases: fitted.conditionalExpected(12.86, history[1]) });
    expect(built).toBe(0);
  });
});
