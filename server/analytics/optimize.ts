/**
 * A derivative-free minimizer for the models' likelihoods: Nelder–Mead (adaptive coefficients, Gao & Han 2012)
 * restarted from its own best point until a restart no longer improves. The models pass log-parameters, so every
 * point of ℝⁿ is a valid parameter vector. Non-finite function values count as +Infinity (the simplex walks away).
 */

export interface MinimizeOptions {
  /** Initial simplex edge in each coordinate (log units for the models). */
  step?: number;
  /** Stop a run when the simplex's function values differ by less than this (absolute)… */
  fTol?: number;
  /** …and its vertices by less than this in every coordinate. */
  xTol?: number;
  /** Function evaluations over all runs. */
  maxEvaluations?: number;
  /** Runs after the first (each restarts from the best point with a fresh simplex). */
  maxRestarts?: number;
}

export interface MinimizeResult {
  x: number[];
  value: number;
  evaluations: number;
  restarts: number;
  converged: boolean;
}

type Fn = (x: readonly number[]) => number;

function nelderMeadRun(f: Fn, x0: readonly number[], step: number, fTol: number, xTol: number, budget: number) {
  const n = x0.length;
  const alpha = 1, beta = 1 + 2 / n, gamma = 0.75 - 1 / (2 * n), delta = 1 - 1 / n;
  let evaluations = 0;
  const ev = (x: number[]) => { evaluations++; const v = f(x); return Number.isFinite(v) ? v : Infinity; };
  const pts: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) { const p = x0.slice(); p[i] += step; pts.push(p); }
  const vals = pts.map(ev);
  const order = pts.map((_, i) => i);
  let converged = false;
  while (evaluations < budget) {
    order.sort((i, j) => vals[i] - vals[j]);
    const best = order[0], worst = order[n], second = order[n - 1];
    let spread = 0;
    for (const i of order) for (let d = 0; d < n; d++) spread = Math.max(spread, Math.abs(pts[i][d] - pts[best][d]));
    if (Math.abs(vals[worst] - vals[best]) <= fTol && spread <= xTol) { converged = true; break; }
    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) for (let d = 0; d < n; d++) centroid[d] += pts[order[k]][d] / n;
    const along = (t: number) => centroid.map((c, d) => c + t * (pts[worst][d] - c));
    const xr = along(-alpha), fr = ev(xr);
    if (fr < vals[best]) {
      const xe = along(-alpha * beta), fe = ev(xe);
      if (fe < fr) { pts[worst] = xe; vals[worst] = fe; } else { pts[worst] = xr; vals[worst] = fr; }
      continue;
    }
    if (fr < vals[second]) { pts[worst] = xr; vals[worst] = fr; continue; }
    const outside = fr < vals[worst];
    const xc = along(outside ? -alpha * gamma : gamma), fc = ev(xc);
    if (fc < (outside ? fr : vals[worst])) { pts[worst] = xc; vals[worst] = fc; continue; }
    for (let k = 1; k <= n; k++) {
      const i = order[k];
      pts[i] = pts[i].map((v, d) => pts[best][d] + delta * (v - pts[best][d]));
      vals[i] = ev(pts[i]);
    }
  }
  let b = 0;
  for (let i = 1; i <= n; i++) if (vals[i] < vals[b]) b = i;
  return { x: pts[b], value: vals[b], evaluations, converged };
}

/** Minimize f from x0: Nelder–Mead with restarts. */
export function minimize(f: Fn, x0: readonly number[], opts: MinimizeOptions = {}): MinimizeResult {
  const step = opts.step ?? 0.5, fTol = opts.fTol ?? 1e-8, xTol = opts.xTol ?? 1e-6;
  const maxEvaluations = opts.maxEvaluations ?? 20_000, maxRestarts = opts.maxRestarts ?? 8;
  let run = nelderMeadRun(f, x0, step, fTol, xTol, maxEvaluations);
  let evaluations = run.evaluations;
  let restarts = 0;
  let converged = run.converged;
  while (restarts < maxRestarts && evaluations < maxEvaluations) {
    const next = nelderMeadRun(f, run.x, Math.max(step / 4 ** (restarts + 1), 1e-3), fTol, xTol, maxEvaluations - evaluations);
    evaluations += next.evaluations;
    restarts++;
    const improved = run.value - next.value;
    if (next.value <= run.value) run = next;
    converged = next.converged;
    if (!(improved > fTol * 10)) break;
  }
  return { x: run.x, value: run.value, evaluations, restarts, converged: converged && Number.isFinite(run.value) };
}

/** A function returning its value and gradient. */
export type ValueAndGradient = (x: readonly number[]) => { value: number; gradient: number[] };

/**
 * BFGS with an Armijo backtracking line search, for smooth objectives with an analytic gradient (the BG/NBD and
 * Gamma-Gamma likelihoods). Stops when the largest gradient component is below gTol · (1 + |f|) or a step no longer
 * lowers f. On trouble (no descent, non-finite values) it hands over to Nelder–Mead from the best point.
 */
export function minimizeBfgs(fg: ValueAndGradient, x0: readonly number[], opts: MinimizeOptions & { gTol?: number; maxStep?: number } = {}): MinimizeResult {
  const n = x0.length, gTol = opts.gTol ?? 1e-9, maxStep = opts.maxStep ?? 1, maxEvaluations = opts.maxEvaluations ?? 2_000;
  let x = x0.slice();
  let { value: f, gradient: g } = fg(x);
  let evaluations = 1;
  const fallback = () => {
    const nm = minimize((v) => fg(v).value, x, opts);
    return { ...nm, evaluations: evaluations + nm.evaluations };
  };
  if (!Number.isFinite(f) || !g.every(Number.isFinite)) return fallback();
  let H: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  let first = true;
  while (evaluations < maxEvaluations) {
    if (Math.max(...g.map(Math.abs)) <= gTol * (1 + Math.abs(f))) return { x, value: f, evaluations, restarts: 0, converged: true };
    let d = H.map((row) => -row.reduce((s, h, j) => s + h * g[j], 0));
    let slope = d.reduce((s, di, i) => s + di * g[i], 0);
    if (!(slope < 0)) { H = H.map((row, i) => row.map((_, j): number => (i === j ? 1 : 0))); d = g.map((v) => -v); slope = -g.reduce((s, v) => s + v * v, 0); }
    // No coordinate moves more than maxStep (log units for the models) in one iteration.
    let step = Math.min(1, maxStep / Math.max(...d.map(Math.abs)));
    let next: { value: number; gradient: number[] } | null = null, xn = x;
    for (let k = 0; k < 60; k++) {
      xn = x.map((v, i) => v + step * d[i]);
      const r = fg(xn);
      evaluations++;
      if (Number.isFinite(r.value) && r.gradient.every(Number.isFinite) && r.value <= f + 1e-4 * step * slope) { next = r; break; }
      step /= 2;
    }
    if (!next) {
      // No decrease along the direction: converged when the gradient is already tiny relative to f, else hand over.
      if (Math.max(...g.map(Math.abs)) <= 1e-5 * (1 + Math.abs(f))) return { x, value: f, evaluations, restarts: 0, converged: true };
      return fallback();
    }
    const s = xn.map((v, i) => v - x[i]), y = next.gradient.map((v, i) => v - g[i]);
    const sy = s.reduce((acc, v, i) => acc + v * y[i], 0);
    const fPrev = f;
    x = xn; f = next.value; g = next.gradient;
    if (sy > 1e-12) {
      if (first) {
        // Shanno's scaling of the first inverse-Hessian guess: H₀ = (sᵀy / yᵀy) I.
        const yy = y.reduce((acc, v) => acc + v * v, 0);
        H = H.map((row, i) => row.map((_, j): number => (i === j ? sy / yy : 0)));
        first = false;
      }
      const Hy = H.map((row) => row.reduce((acc, h, j) => acc + h * y[j], 0));
      const yHy = y.reduce((acc, v, i) => acc + v * Hy[i], 0);
      H = H.map((row, i) => row.map((h, j) => h + ((sy + yHy) * s[i] * s[j]) / (sy * sy) - (Hy[i] * s[j] + s[i] * Hy[j]) / sy));
    }
    if (Math.abs(fPrev - f) <= 1e-15 * (1 + Math.abs(f)) && Math.max(...s.map(Math.abs)) < 1e-10) {
      return { x, value: f, evaluations, restarts: 0, converged: true };
    }
  }
  return { x, value: f, evaluations, restarts: 0, converged: false };
}
