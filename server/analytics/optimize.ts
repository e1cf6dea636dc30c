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
