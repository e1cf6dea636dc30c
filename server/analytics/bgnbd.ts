/**
 * BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"). While alive a customer buys at a
 * Poisson rate λ ~ Gamma(r, α); after each purchase they drop out with probability p ~ Beta(a, b).
 * Formulas: docs/decisions.md, "Customer models".
 */
import { minimizeBfgs } from './optimize.ts';
import { rfData, type FitInfo, type RfData } from './rf-data.ts';
import { digamma, logAddExp, logBeta, logGamma, signedLogHyp2f1 } from './special.ts';

export interface BgNbdParams { r: number; alpha: number; a: number; b: number }

/** Total log-likelihood of the data under the parameters (the per-x gamma/beta terms computed once per x). */
export function bgnbdLogLikelihood(p: BgNbdParams, d: RfData): number {
  const { r, alpha, a, b } = p;
  if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return Number.NaN;
  const lbAB = logBeta(a, b), lgR = logGamma(r), lnAlpha = Math.log(alpha);
  const cA = new Float64Array(d.xs.length), cD = new Float64Array(d.xs.length);
  for (let k = 0; k < d.xs.length; k++) {
    const x = d.xs[k];
    const base = logGamma(r + x) - lgR + r * lnAlpha - lbAB;
    cA[k] = base + logBeta(a, b + x);
    cD[k] = x > 0 ? base + logBeta(a + 1, b + x - 1) : -Infinity;
  }
  let ll = 0;
  for (let i = 0; i < d.x.length; i++) {
    const k = d.xIndex[i], rx = r + d.x[i];
    const lnA = cA[k] - rx * Math.log(alpha + d.T[i]);
    ll += d.w[i] * (d.x[i] > 0 ? logAddExp(lnA, cD[k] - rx * Math.log(alpha + d.tx[i])) : lnA);
  }
  return ll;
}

/**
 * The log-likelihood and its gradient in (r, α, a, b). With D = a/(b+x−1) · ((α+T)/(α+t_x))^(r+x) (0 when x = 0)
 * and w = D/(1+D), each customer adds ψ(r+x) − ψ(r) + ln α − ln(α+T) + w ln((α+T)/(α+t_x)) to ∂r,
 * r/α − (r+x)/(α+T) + w (r+x)(1/(α+T) − 1/(α+t_x)) to ∂α, ψ(a+b) − ψ(a+b+x) + w/a to ∂a and
 * ψ(b+x) − ψ(b) + ψ(a+b) − ψ(a+b+x) − w/(b+x−1) to ∂b.
 */
export function bgnbdLogLikelihoodGradient(p: BgNbdParams, d: RfData): { value: number; gradient: number[] } {
  const { r, alpha, a, b } = p;
  if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return { value: Number.NaN, gradient: [Number.NaN, Number.NaN, Number.NaN, Number.NaN] };
  const m = d.xs.length;
  const lbAB = logBeta(a, b), lgR = logGamma(r), lnAlpha = Math.log(alpha);
  const psiR = digamma(r), psiB = digamma(b), psiAB = digamma(a + b);
  const base = new Float64Array(m), logOdds = new Float64Array(m), gR = new Float64Array(m), gA = new Float64Array(m), gB = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const x = d.xs[k];
    base[k] = logGamma(r + x) - lgR + r * lnAlpha - lbAB + logBeta(a, b + x);
    logOdds[k] = x > 0 ? Math.log(a / (b + x - 1)) : -Infinity;
    gR[k] = digamma(r + x) - psiR + lnAlpha;
    const psiABx = digamma(a + b + x);
    gA[k] = psiAB - psiABx;
    gB[k] = digamma(b + x) - psiB + psiAB - psiABx;
  }
  let ll = 0, dr = 0, dal = 0, da = 0, db = 0;
  for (let i = 0; i < d.x.length; i++) {
    const k = d.xIndex[i], x = d.x[i], rx = r + x, wt = d.w[i];
    const lT = Math.log(alpha + d.T[i]);
    let lp = base[k] - rx * lT, w = 0, lRatio = 0, invDiff = 0;
    if (x > 0) {
      const lTx = Math.log(alpha + d.tx[i]);
      lRatio = lT - lTx;
      const lD = logOdds[k] + rx * lRatio;
      // w = D / (1 + D) and ln(1 + D), computed without overflow for large D.
      if (lD > 0) { const e = Math.exp(-lD); w = 1 / (1 + e); lp += lD + Math.log1p(e); }
      else { const e = Math.exp(lD); w = e / (1 + e); lp += Math.log1p(e); }
      invDiff = 1 / (alpha + d.T[i]) - 1 / (alpha + d.tx[i]);
    }
    ll += wt * lp;
    dr += wt * (gR[k] - lT + w * lRatio);
    dal += wt * (r / alpha - rx / (alpha + d.T[i]) + w * rx * invDiff);
    da += wt * (gA[k] + (x > 0 ? w / a : 0));
    db += wt * (gB[k] - (x > 0 ? w / (b + x - 1) : 0));
  }
  return { value: ll, gradient: [dr, dal, da, db] };
}

export interface BgNbdFit extends FitInfo { params: BgNbdParams }

/** Maximum likelihood on log-parameters (BFGS with the analytic gradient), starting from r = α = a = b = 1. */
export function fitBgNbd(rows: Parameters<typeof rfData>[0] | RfData): BgNbdFit {
  const d = 'xIndex' in rows ? rows : rfData(rows);
  const toParams = (v: readonly number[]): BgNbdParams =>
    ({ r: Math.exp(v[0]), alpha: Math.exp(v[1]), a: Math.exp(v[2]), b: Math.exp(v[3]) });
  const res = minimizeBfgs((v) => {
    const p = toParams(v), r = bgnbdLogLikelihoodGradient(p, d);
    return { value: -r.value, gradient: [-r.gradient[0] * p.r, -r.gradient[1] * p.alpha, -r.gradient[2] * p.a, -r.gradient[3] * p.b] };
  }, [0, 0, 0, 0]);
  return { params: toParams(res.x), logLikelihood: -res.value, evaluations: res.evaluations, converged: res.converged, n: d.n };
}

/** Weight of the "still alive" branch: 1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x) for x > 0 (1 for x = 0). */
function deadOdds(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 0;
  const { r, alpha, a, b } = p;
  return Math.exp(Math.log(a / (b + x - 1)) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx)));
}

/** P(alive | x, t_x, T). */
export function bgnbdPAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  return 1 / (1 + deadOdds(p, x, tx, T));
}

/** E[X(t)]: expected purchases in (0, t] for a new customer. Needs a > 1. */
export function bgnbdExpected(p: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = p;
  if (t <= 0) return 0;
  const f = signedLogHyp2f1(r, b, a + b - 1, t / (alpha + t));
  const h = f.sign * Math.exp(r * Math.log(alpha / (alpha + t)) + f.log);
  return ((a + b - 1) / (a - 1)) * (1 - h);
}

/** E[Y(t) | x, t_x, T]: expected purchases in the next t for a customer with that history. Needs a > 1. */
export function bgnbdConditionalExpected(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  if (t <= 0) return 0;
  // ₂F₁ may be negative here (a + b + x − 1 < 0 for x = 0 when a + b < 1), so its sign is kept.
  const f = signedLogHyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
  const h = f.sign * Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + t)) + f.log);
  return ((a + b + x - 1) / (a - 1)) * (1 - h) / (1 + deadOdds(p, x, tx, T));
}
