/**
 * One face for the purchase models: BG/NBD, Pareto/NBD, and the rule-based fallback used when the data are too
 * few to fit either. Each answers P(alive) and expected purchases for a customer history (x, t_x, T).
 */
import {
  bgnbdConditionalExpected, bgnbdExpected, bgnbdPAlive, fitBgNbd, type BgNbdParams,
} from './bgnbd.ts';
import {
  fitParetoNbd, paretoNbdConditionalExpected, paretoNbdExpected, paretoNbdPAlive, type ParetoNbdParams,
} from './pareto-nbd.ts';
import { rfData, type FitInfo, type RfData } from './rf-data.ts';

export type ModelName = 'bgnbd' | 'pareto' | 'rules';

export interface History { x: number; tx: number; T: number }

export interface PurchaseModel {
  model: ModelName;
  params: Record<string, number>;
  /** Expected purchases in the next t for this history. */
  conditionalExpected(t: number, h: History): number;
  pAlive(h: History): number;
  /** Expected purchases in (0, t] for a new customer (NaN for the rule-based fallback). */
  expected(t: number): number;
}

export interface FittedPurchaseModel extends PurchaseModel { fit: FitInfo }

export function bgnbdModel(p: BgNbdParams): PurchaseModel {
  return {
    model: 'bgnbd', params: { ...p },
    conditionalExpected: (t, h) => bgnbdConditionalExpected(p, t, h.x, h.tx, h.T),
    pAlive: (h) => bgnbdPAlive(p, h.x, h.tx, h.T),
    expected: (t) => bgnbdExpected(p, t),
  };
}

export function paretoModel(p: ParetoNbdParams): PurchaseModel {
  return {
    model: 'pareto', params: { ...p },
    conditionalExpected: (t, h) => paretoNbdConditionalExpected(p, t, h.x, h.tx, h.T),
    pAlive: (h) => paretoNbdPAlive(p, h.x, h.tx, h.T),
    expected: (t) => paretoNbdExpected(p, t),
  };
}

/**
 * Rule-based fallback (no fitting): a customer buys at their own observed rate — x/T, or for one-time buyers the
 * population's repeat rate Σx/ΣT — while alive; "alive" decays with the silence since the last purchase measured
 * in their usual gap between purchases (t_x/x; the population's median gap for one-time buyers):
 * P(alive) = exp(−max(0, T − t_x − gap) / gap), i.e. 1 within one usual gap, then falling.
 */
export function rulesModel(rows: readonly History[]): PurchaseModel {
  let sumX = 0, sumT = 0;
  const gaps: number[] = [];
  for (const r of rows) { sumX += r.x; sumT += r.T; if (r.x > 0 && r.tx > 0) gaps.push(r.tx / r.x); }
  gaps.sort((a, b) => a - b);
  const medianGap = gaps.length ? gaps[Math.floor(gaps.length / 2)] : Math.max(sumT / Math.max(rows.length, 1), 1);
  const popRate = sumT > 0 ? sumX / sumT : 0;
  const gapOf = (h: History) => (h.x > 0 && h.tx > 0 ? h.tx / h.x : medianGap);
  const pAlive = (h: History) => { const g = gapOf(h); return Math.exp(-Math.max(0, h.T - h.tx - g) / g); };
  const rate = (h: History) => (h.x > 0 && h.T > 0 ? h.x / h.T : popRate);
  return {
    model: 'rules', params: { populationRate: popRate, medianGap },
    conditionalExpected: (t, h) => (t <= 0 ? 0 : pAlive(h) * rate(h) * t),
    pAlive,
    expected: () => Number.NaN,
  };
}

export function fitPurchaseModel(name: Exclude<ModelName, 'rules'>, rows: readonly History[] | RfData): FittedPurchaseModel {
  const d = 'xIndex' in rows ? rows : rfData(rows);
  if (name === 'bgnbd') {
    const f = fitBgNbd(d);
    return { ...bgnbdModel(f.params), fit: { logLikelihood: f.logLikelihood, evaluations: f.evaluations, converged: f.converged, n: f.n } };
  }
  const f = fitParetoNbd(d);
  return { ...paretoModel(f.params), fit: { logLikelihood: f.logLikelihood, evaluations: f.evaluations, converged: f.converged, n: f.n } };
}
