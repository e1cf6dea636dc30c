/**
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987; likelihood as in Fader & Hardie's 2005 note and lifetimes).
 * While alive a customer buys at a Poisson rate λ ~ Gamma(r, α) and has an exponential lifetime with rate
 * μ ~ Gamma(s, β). The likelihood needs Gauss's ₂F₁ (special.ts). Formulas: docs/decisions.md, "Customer models".
 */
import { minimize } from './optimize.ts';
import { rfData, type FitInfo, type RfData } from './rf-data.ts';
import { logAddExp, logDiffExp, logGamma, logHyp2f1 } from './special.ts';

export interface ParetoNbdParams { r: number; alpha: number; s: number; beta: number }

/**
 * ln A₀ = ln[₂F₁(r+s+x, b'; r+s+x+1; |α−β|/(m+t_x)) / (m+t_x)^(r+s+x) − ₂F₁(…; |α−β|/(m+T)) / (m+T)^(r+s+x)]
 * with m = max(α, β) and b' = s + 1 when α ≥ β, r + x otherwise (both arguments then lie in [0, 1)).
 */
function logA0(p: ParetoNbdParams, x: number, tx: number, T: number, terms?: number, meter?: { terms: number }): number {
  const { r, alpha, s, beta } = p;
  const m = Math.max(alpha, beta), diff = Math.abs(alpha - beta), b2 = alpha >= beta ? s + 1 : r + x;
  const rsx = r + s + x;
  const u = logHyp2f1(rsx, b2, rsx + 1, diff / (m + tx), terms, meter) - rsx * Math.log(m + tx);
  const v = logHyp2f1(rsx, b2, rsx + 1, diff / (m + T), terms, meter) - rsx * Math.log(m + T);
  return v >= u ? -Infinity : logDiffExp(u, v);
}

function customerLL(p: ParetoNbdParams, x: number, tx: number, T: number, lgRatio: number, terms?: number, meter?: { terms: number }): number {
  const { r, alpha, s, beta } = p;
  const a1 = lgRatio + r * Math.log(alpha) + s * Math.log(beta);
  const stay = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  return a1 + logAddExp(stay, Math.log(s) - Math.log(r + s + x) + logA0(p, x, tx, T, terms, meter));
}

/** `terms` caps the Gauss series per evaluation (the fit's search: a point that needs more is refused, see below). */
export function paretoNbdLogLikelihood(p: ParetoNbdParams, d: RfData, terms?: number, meter?: { terms: number }): number {
  const { r, alpha, s, beta } = p;
  if (!(r > 0 && alpha > 0 && s > 0 && beta > 0)) return Number.NaN;
  const lgR = logGamma(r);
  const lg = d.xs.map((x) => logGamma(r + x) - lgR);
  let ll = 0;
  for (let i = 0; i < d.x.length; i++) ll += d.w[i] * customerLL(p, d.x[i], d.tx[i], d.T[i], lg[d.xIndex[i]], terms, meter);
  return ll;
}

export interface ParetoNbdFit extends FitInfo { params: ParetoNbdParams }

const FIT_TERMS = 20_000;
/**
 * The fit's total work, in Gauss-series terms per distinct (x, t_x, T) row. The published CDNOW fit (1,016 rows)
 * uses about 32 terms per row-evaluation (two series of ~16) over ~700 evaluations: 22.5M terms, about a fifth of its
 * budget. Data whose likelihood surface leads the simplex to parameters where every series needs thousands of terms
 * (a business with no visible dropout: s → 0, α in the thousands) would otherwise run for many minutes. Past this
 * budget the fit stops, not converged, with the best point seen, and the caller falls back to another model. The
 * bound is counted, not timed, so it is the same on every machine.
 */
const FIT_WORK_PER_ROW = 100_000;

class WorkBudgetSpent extends Error {}

/** Maximum likelihood on log-parameters (Nelder–Mead with restarts), starting from r = α = s = β = 1. */
export function fitParetoNbd(rows: Parameters<typeof rfData>[0] | RfData, opts: { workPerRow?: number } = {}): ParetoNbdFit {
  const d = 'xIndex' in rows ? rows : rfData(rows);
  const toParams = (v: readonly number[]): ParetoNbdParams =>
    ({ r: Math.exp(v[0]), alpha: Math.exp(v[1]), s: Math.exp(v[2]), beta: Math.exp(v[3]) });
  const meter = { terms: 0 };
  const budget = (opts.workPerRow ?? FIT_WORK_PER_ROW) * Math.max(1, d.x.length);
  let best = { v: [0, 0, 0, 0] as readonly number[], value: Infinity }, evaluations = 0;
  // While searching, a point whose series needs more than FIT_TERMS terms (its argument next to 1, parameters far from
  // any plausible fit) counts as worse than anything instead of costing seconds: the simplex walks away from it.
  const objective = (v: readonly number[]) => {
    if (meter.terms > budget) throw new WorkBudgetSpent();
    evaluations++;
    let value: number;
    try { value = -paretoNbdLogLikelihood(toParams(v), d, FIT_TERMS, meter); } catch (e) { if (e instanceof RangeError) return Infinity; throw e; }
    if (value < best.value) best = { v: v.slice(), value };
    return value;
  };
  try {
    const res = minimize(objective, [0, 0, 0, 0]);
    return { params: toParams(res.x), logLikelihood: -res.value, evaluations: res.evaluations, converged: res.converged, n: d.n };
  } catch (e) {
    if (!(e instanceof WorkBudgetSpent)) throw e;
    return { params: toParams(best.v), logLikelihood: -best.value, evaluations, converged: false, n: d.n };
  }
}

/** P(alive | x, t_x, T) = 1 / (1 + s/(r+s+x) · (α+T)^(r+x) (β+T)^s · A₀). */
export function paretoNbdPAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const l = Math.log(s) - Math.log(r + s + x) + (r + x) * Math.log(alpha + T) + s * Math.log(beta + T) + logA0(p, x, tx, T);
  return 1 / (1 + Math.exp(l));
}

/** (1 − (1 + t/c)^(−(s−1))) / (s − 1), with its limit ln(1 + t/c) at s = 1. */
function tailIntegral(s: number, c: number, t: number): number {
  const L = Math.log1p(t / c);
  return Math.abs(s - 1) < 1e-10 ? L : -Math.expm1(-(s - 1) * L) / (s - 1);
}

/** E[X(t)] for a new customer: rβ/α · (1 − (β/(β+t))^(s−1)) / (s − 1). */
export function paretoNbdExpected(p: ParetoNbdParams, t: number): number {
  if (t <= 0) return 0;
  return (p.r * p.beta / p.alpha) * tailIntegral(p.s, p.beta, t);
}

/** E[Y(t) | x, t_x, T] = P(alive) · (r+x)(β+T)/(α+T) · (1 − ((β+T)/(β+T+t))^(s−1)) / (s − 1). */
export function paretoNbdConditionalExpected(p: ParetoNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, s, beta } = p;
  return paretoNbdPAlive(p, x, tx, T) * ((r + x) * (beta + T) / (alpha + T)) * tailIntegral(s, beta + T, t);
}
