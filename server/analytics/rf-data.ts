/** Column form of the per-customer summary the purchase models fit on (x, t_x, T), with the distinct x values. */
import type { CustomerSummary } from './summary.ts';

export interface RfData {
  /** Distinct (x, t_x, T) rows: customers with the same history share a row and its weight (their count). */
  w: Float64Array;
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** Number of customers (Σ w). */
  n: number;
  /** Distinct x values, and for each row the index of its x in that list (per-x terms are computed once). */
  xs: number[];
  xIndex: Uint32Array;
}

export function rfData(rows: ReadonlyArray<Pick<CustomerSummary, 'x' | 'tx' | 'T'>>): RfData {
  const rowOf = new Map<string, number>();
  const w: number[] = [], x: number[] = [], tx: number[] = [], T: number[] = [], xIndex: number[] = [];
  const pos = new Map<number, number>();
  const xs: number[] = [];
  rows.forEach((r, i) => {
    if (!(r.x >= 0 && Number.isInteger(r.x)) || !(r.tx >= 0) || !(r.T >= r.tx)) {
      throw new RangeError(`Customer row ${i}: need integer x ≥ 0 and 0 ≤ t_x ≤ T (got ${r.x}, ${r.tx}, ${r.T})`);
    }
    const key = `${r.x}|${r.tx}|${r.T}`;
    const j = rowOf.get(key);
    if (j !== undefined) { w[j]++; return; }
    rowOf.set(key, x.length);
    let k = pos.get(r.x);
    if (k === undefined) { k = xs.length; xs.push(r.x); pos.set(r.x, k); }
    w.push(1); x.push(r.x); tx.push(r.tx); T.push(r.T); xIndex.push(k);
  });
  return {
    w: Float64Array.from(w), x: Float64Array.from(x), tx: Float64Array.from(tx), T: Float64Array.from(T),
    n: rows.length, xs, xIndex: Uint32Array.from(xIndex),
  };
}

/** Optimizer outcome stored beside the parameters: how hard it was and whether it converged. */
export interface FitInfo {
  logLikelihood: number;
  evaluations: number;
  converged: boolean;
  /** Number of customers fitted. */
  n: number;
}
