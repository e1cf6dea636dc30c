/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; Colombo & Jiang 1999). A customer's purchase
 * amounts are Gamma(p, ν) with ν ~ Gamma(q, γ); fitted on repeat buyers' mean repeat spend z̄ and count x.
 */
import { minimize } from './optimize.ts';
import type { FitInfo } from './rf-data.ts';
import { logGamma } from './special.ts';

export interface GammaGammaParams { p: number; q: number; gamma: number }
export interface SpendRow { x: number; monetary: number }

/** Rows grouped by x: the gamma-function terms depend on x only, so they are computed once per distinct x. */
export interface SpendData { xs: number[]; counts: number[]; sumLogM: number[]; x: Float64Array; m: Float64Array }

export function spendData(rows: readonly SpendRow[]): SpendData {
  const used = rows.filter((r) => r.x > 0 && r.monetary > 0);
  const pos = new Map<number, number>();
  const d: SpendData = { xs: [], counts: [], sumLogM: [], x: new Float64Array(used.length), m: new Float64Array(used.length) };
  used.forEach((r, i) => {
    let k = pos.get(r.x);
    if (k === undefined) { k = d.xs.length; pos.set(r.x, k); d.xs.push(r.x); d.counts.push(0); d.sumLogM.push(0); }
    d.counts[k]++; d.sumLogM[k] += Math.log(r.monetary); d.x[i] = r.x; d.m[i] = r.monetary;
  });
  return d;
}

/** Σ ln f(z̄ | p, q, γ, x) over rows with x > 0 and z̄ > 0 (the others carry no spend information). */
export function gammaGammaLogLikelihood(par: GammaGammaParams, data: readonly SpendRow[] | SpendData): number {
  const { p, q, gamma } = par;
  if (!(p > 0 && q > 0 && gamma > 0)) return Number.NaN;
  const d = 'sumLogM' in data ? data : spendData(data);
  const lgQ = logGamma(q), qLogG = q * Math.log(gamma);
  let ll = 0;
  for (let k = 0; k < d.xs.length; k++) {
    const px = p * d.xs[k];
    ll += d.counts[k] * (logGamma(px + q) - logGamma(px) - lgQ + qLogG + px * Math.log(d.xs[k])) + (px - 1) * d.sumLogM[k];
  }
  for (let i = 0; i < d.x.length; i++) ll -= (p * d.x[i] + q) * Math.log(gamma + d.x[i] * d.m[i]);
  return ll;
}

export interface GammaGammaFit extends FitInfo { params: GammaGammaParams }

export function fitGammaGamma(rows: readonly SpendRow[]): GammaGammaFit {
  const used = spendData(rows);
  const toParams = (v: readonly number[]): GammaGammaParams => ({ p: Math.exp(v[0]), q: Math.exp(v[1]), gamma: Math.exp(v[2]) });
  const res = minimize((v) => -gammaGammaLogLikelihood(toParams(v), used), [0, 0, 0]);
  return { params: toParams(res.x), logLikelihood: -res.value, evaluations: res.evaluations, converged: res.converged, n: used.x.length };
}

/** E[M | x, z̄] = p(γ + x z̄) / (p x + q − 1): the population mean pγ/(q−1) shrunk towards the customer's z̄. */
export function gammaGammaExpectedSpend(par: GammaGammaParams, x: number, monetary: number): number {
  const { p, q, gamma } = par;
  if (x <= 0) return p * gamma / (q - 1);
  return (p * (gamma + x * monetary)) / (p * x + q - 1);
}
