/**
 * Holdout validation, model choice, and customer value: discounted CLV over a horizon and per-customer scores.
 * Formulas and rules: docs/decisions.md, "Customer models".
 */
import { fitGammaGamma, gammaGammaExpectedSpend, type GammaGammaFit, type GammaGammaParams } from './gamma-gamma.ts';
import {
  fitPurchaseModel, rulesModel, type FittedPurchaseModel, type History, type PurchaseModel,
} from './purchase-model.ts';
import { rfData } from './rf-data.ts';
import type { CustomerSummary } from './summary.ts';

export interface HoldoutBin { bin: string; n: number; actual: number; expected: number }

export interface HoldoutReport {
  /** Per calibration frequency 0, 1, …, (maxBin−1) and "maxBin+": mean holdout purchases per customer. */
  byFrequency: HoldoutBin[];
  /** Sums over all customers (the aggregate forecast). */
  total: { actual: number; expected: number };
  /** (expected − actual) / actual for the total; NaN when nothing was bought. */
  aggregateError: number;
  /** Customer-weighted mean |expected − actual| of the bins (the model-choice score). */
  binError: number;
}

/** Expected vs actual holdout purchases, grouped by calibration frequency (the BTYD / lifetimes "conditional" plot). */
export function holdoutReport(
  model: PurchaseModel, rows: ReadonlyArray<History & { holdout: number }>, holdoutLength: number, maxBin = 7,
): HoldoutReport {
  const bins = Array.from({ length: maxBin + 1 }, (_, i) => ({
    bin: i < maxBin ? String(i) : `${maxBin}+`, n: 0, actual: 0, expected: 0,
  }));
  let actual = 0, expected = 0;
  for (const r of rows) {
    const e = model.conditionalExpected(holdoutLength, r);
    const b = bins[Math.min(r.x, maxBin)];
    b.n++; b.actual += r.holdout; b.expected += e;
    actual += r.holdout; expected += e;
  }
  let binError = 0;
  for (const b of bins) {
    binError += Math.abs(b.expected - b.actual);
    if (b.n > 0) { b.actual /= b.n; b.expected /= b.n; }
  }
  return {
    byFrequency: bins, total: { actual, expected },
    aggregateError: actual > 0 ? (expected - actual) / actual : Number.NaN,
    binError: rows.length ? binError / rows.length : 0,
  };
}

export interface ModelChoiceOptions {
  /** Holdout length in the summary's unit; without one (0) the choice falls to the log-likelihood. */
  holdoutLength?: number;
  /** Below this many repeat buyers the models are not fitted: warning + rule-based fallback. Default 200. */
  minRepeatBuyers?: number;
  /** Fit only these (default both). */
  candidates?: Array<'bgnbd' | 'pareto'>;
}

export interface ModelChoice {
  model: PurchaseModel | FittedPurchaseModel;
  warnings: string[];
  /** Every candidate fitted, with its holdout report when there was a holdout. */
  candidates: Array<{ model: FittedPurchaseModel; holdout?: HoldoutReport }>;
  holdout?: HoldoutReport;
  repeatBuyers: number;
}

/**
 * Fit the candidates on the calibration summary and keep the one whose holdout forecast is closest by frequency
 * bin (binError); without a holdout, the higher log-likelihood (both have four parameters). Under
 * `minRepeatBuyers` repeat buyers, or when no candidate converges to finite parameters, the rule-based model.
 */
export function chooseModel(rows: ReadonlyArray<History & { holdout: number }>, opts: ModelChoiceOptions = {}): ModelChoice {
  const minRepeat = opts.minRepeatBuyers ?? 200;
  const holdoutLength = opts.holdoutLength ?? 0;
  const repeatBuyers = rows.reduce((n, r) => n + (r.x > 0 ? 1 : 0), 0);
  const warnings: string[] = [];
  const fallback = (): ModelChoice => {
    const model = rulesModel(rows);
    return { model, warnings, candidates: [], repeatBuyers, holdout: holdoutLength > 0 ? holdoutReport(model, rows, holdoutLength) : undefined };
  };
  if (repeatBuyers < minRepeat) {
    warnings.push(`too-few-repeat-buyers: ${repeatBuyers} < ${minRepeat}; rule-based fallback`);
    return fallback();
  }
  const d = rfData(rows);
  // The holdout forecast is computed for converged fits only: a fit stopped at its work budget may sit where every
  // customer's forecast is expensive (pareto-nbd.ts), and it is not a candidate anyway.
  const converged = (m: FittedPurchaseModel) => m.fit.converged && Object.values(m.params).every(Number.isFinite);
  const candidates = (opts.candidates ?? ['bgnbd', 'pareto']).map((name) => {
    const model = fitPurchaseModel(name, d);
    return { model, holdout: holdoutLength > 0 && converged(model) ? holdoutReport(model, rows, holdoutLength) : undefined };
  });
  const usable = candidates.filter((c) => converged(c.model));
  for (const c of candidates) if (!usable.includes(c)) warnings.push(`${c.model.model}: the fit did not converge`);
  if (!usable.length) { warnings.push('no model converged; rule-based fallback'); return fallback(); }
  const score = (c: (typeof usable)[number]) => (c.holdout ? c.holdout.binError : -c.model.fit.logLikelihood);
  const best = usable.reduce((a, b) => (score(b) < score(a) ? b : a));
  return { model: best.model, warnings, candidates, holdout: best.holdout, repeatBuyers };
}

export interface ClvOptions {
  months: number;
  /** Per month, e.g. 0.01. */
  monthlyDiscountRate: number;
  /** Model time units in a month: 4.345 for weeks (the lifetimes convention), 30 for days. */
  unitsPerMonth?: number;
}

/**
 * Discounted CLV = Σ_{i=1..months} spend · (E[Y(i·f)] − E[Y((i−1)·f)]) / (1 + d)^i, with E the model's conditional
 * expectation and f the time units per month (lifetimes' customer_lifetime_value).
 */
export function discountedClv(model: PurchaseModel, h: History, spend: number, o: ClvOptions): number {
  const f = o.unitsPerMonth ?? 4.345;
  let clv = 0, prev = 0;
  for (let i = 1; i <= o.months; i++) {
    const cum = model.conditionalExpected(i * f, h);
    clv += (spend * (cum - prev)) / (1 + o.monthlyDiscountRate) ** i;
    prev = cum;
  }
  return clv;
}

/** The time until one purchase is expected (E[Y(t)] = 1), by bisection up to `maxT`; null if not within it. */
export function expectedTimeToNextPurchase(model: PurchaseModel, h: History, maxT: number): number | null {
  if (!(model.conditionalExpected(maxT, h) >= 1)) return null;
  let lo = 0, hi = maxT;
  for (let k = 0; k < 50 && hi - lo > 1e-3; k++) {
    const mid = (lo + hi) / 2;
    if (model.conditionalExpected(mid, h) >= 1) hi = mid; else lo = mid;
  }
  return hi;
}

/** What the refit stores per buyer from the purchase model (expected purchases over `horizon` time units). */
export interface ModelFigures { pAlive: number; expectedPurchases: number; weeksToNext: number | null; clv: number; fellBack: boolean }

/**
 * A buyer's figures from the fitted model, or, when it cannot give one (NaN or ±Infinity: BG/NBD at a = 1 or
 * a + b = 1 exactly, a ₂F₁ series that did not settle), all of them from the rule-based model instead — never a
 * non-finite number stored, which every screen that shows the scores would refuse.
 */
export function modelFigures(model: PurchaseModel, fallback: () => PurchaseModel, h: History, spend: number, horizon: number, o: ClvOptions): ModelFigures {
  const of = (m: PurchaseModel) => ({
    pAlive: m.pAlive(h), expectedPurchases: m.conditionalExpected(horizon, h),
    weeksToNext: expectedTimeToNextPurchase(m, h, 52), clv: discountedClv(m, h, spend, o),
  });
  const first = of(model);
  const finite = [first.pAlive, first.expectedPurchases, first.clv, first.weeksToNext ?? 0].every(Number.isFinite);
  return finite ? { ...first, fellBack: false } : { ...of(fallback()), fellBack: true };
}

export interface CustomerScore {
  id: string;
  pAlive: number;
  /** Expected purchases over `horizon` time units. */
  expectedPurchases: number;
  expectedSpend: number;
  clv: number;
}

export interface ScoreOptions extends ClvOptions { horizon: number }

/** Per-customer figures for the profile and the dashboard. The spend model falls back to the customer's mean. */
export function scoreCustomers(
  model: PurchaseModel, spend: GammaGammaParams | null, rows: readonly CustomerSummary[], o: ScoreOptions,
): CustomerScore[] {
  return rows.map((c) => {
    const expectedSpend = spend ? gammaGammaExpectedSpend(spend, c.x, c.monetary) : c.monetary;
    return {
      id: c.id, pAlive: model.pAlive(c), expectedPurchases: model.conditionalExpected(o.horizon, c),
      expectedSpend, clv: discountedClv(model, c, expectedSpend, o),
    };
  });
}

/** Gamma-Gamma on the repeat buyers, or null (with a reason) when it cannot be fitted. */
export function fitSpend(rows: readonly CustomerSummary[], minRepeatBuyers = 200): { fit: GammaGammaFit | null; warning?: string } {
  const buyers = rows.filter((r) => r.x > 0 && r.monetary > 0).length;
  if (buyers < minRepeatBuyers) return { fit: null, warning: `too-few-repeat-buyers for the spend model: ${buyers} < ${minRepeatBuyers}` };
  const fit = fitGammaGamma(rows);
  if (!fit.converged || !(fit.params.q > 1)) return { fit: null, warning: 'spend model: no usable fit (needs q > 1); customer means used' };
  return { fit };
}
