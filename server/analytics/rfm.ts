/**
 * RFM: recency, frequency and monetary value per customer, scored by quantile bins, and named segments from the
 * scores. The conventions are pymc-marketing's (rfm_summary with include_first_transaction, rfm_segments), which
 * the tests reproduce exactly; the product's defaults are quintiles and the ten segments of docs/decisions.md
 * ("Customer models", RFM).
 */
import { calendarWeek, dayNumber, periodTotals, type Transaction } from './summary.ts';

export interface RfmValues {
  id: string;
  /** Distinct purchase periods (days, or calendar weeks). */
  frequency: number;
  /** Periods from the last purchase to the observation end. */
  recency: number;
  /** Mean spend per purchase period (amounts of one period summed). */
  monetary: number;
}

export interface RfmSummaryOptions {
  /** Default: the last transaction date in the log. Later purchases are left out. */
  observationEnd?: string | Date;
  periods?: 'day' | 'calendar-week';
}

/** Recency, frequency and monetary value of every customer who bought on or before the observation end. */
export function rfmSummary(txs: readonly Transaction[], o: RfmSummaryOptions = {}): RfmValues[] {
  const period = o.periods === 'calendar-week' ? calendarWeek : (d: number) => d;
  const endDay = o.observationEnd !== undefined
    ? dayNumber(o.observationEnd) : txs.reduce((m, t) => Math.max(m, dayNumber(t.date)), -Infinity);
  const end = period(endDay);
  const out: RfmValues[] = [];
  for (const [id, { periods, amounts }] of periodTotals(txs, period)) {
    let n = 0, total = 0, last = -Infinity;
    for (let i = 0; i < periods.length && periods[i] <= end; i++) { n++; total += amounts[i]; last = periods[i]; }
    if (n > 0) out.push({ id, frequency: n, recency: end - last, monetary: total / n });
  }
  return out;
}

/** Linear-interpolation quantile of sorted values (numpy's default; pandas Series.quantile). */
export function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p, lo = Math.floor(h);
  return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
}

/**
 * Quantile bin (1 = lowest) of each value, as pandas.qcut(values, q, duplicates='drop'): edges at the i/q
 * quantiles, repeated edges dropped (so ties can leave fewer than q bins), right-closed bins, the lowest edge
 * included. `reverse` numbers the bins from the top (recency: the most recent scores highest). All-equal values
 * score 1.
 */
export function quantileScores(values: readonly number[], q: number, reverse = false): { scores: number[]; bins: number } {
  if (!values.length) return { scores: [], bins: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const edges: number[] = [];
  for (let i = 0; i <= q; i++) {
    const e = quantile(sorted, i / q);
    if (!edges.length || e !== edges[edges.length - 1]) edges.push(e);
  }
  const bins = Math.max(edges.length - 1, 1);
  const scores = values.map((v) => {
    let i = 1;
    while (i < edges.length - 1 && v > edges[i]) i++;
    return reverse ? bins + 1 - i : i;
  });
  return { scores, bins };
}

/** Segment name → the "RFM" score codes it holds (pymc-marketing's segment_config shape). */
export type SegmentConfig = Record<string, readonly string[]>;

export const RFM_SEGMENTS = [
  'champions', 'loyal', 'potential_loyalists', 'new', 'promising', 'needs_attention', 'at_risk', 'cant_lose',
  'hibernating', 'lost',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/**
 * The product's segment of an R score and an FM score (both 1–5; FM = ⌊(F + M + 1) / 2⌋, F and M averaged,
 * halves up). The grid covers all 25 cells; the order of the checks is the priority.
 */
export function segmentOf(r: number, fm: number): RfmSegment {
  if (r === 5 && fm >= 4) return 'champions';
  if (r >= 3 && fm >= 4) return 'loyal';
  if (r >= 4 && fm >= 2) return 'potential_loyalists';
  if (r === 5) return 'new';
  if (r === 4) return 'promising';
  if (r === 3) return 'needs_attention';
  if (fm === 5) return 'cant_lose';
  if (fm >= 3) return 'at_risk';
  if (r === 1 && fm === 1) return 'lost';
  return 'hibernating';
}

/** The default segment config: every code of 1–5 scores, by segmentOf. */
export const DEFAULT_SEGMENT_CONFIG: SegmentConfig = (() => {
  const cfg: Record<string, string[]> = Object.fromEntries(RFM_SEGMENTS.map((s) => [s, []]));
  for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) {
    cfg[segmentOf(r, Math.floor((f + m + 1) / 2))].push(`${r}${f}${m}`);
  }
  return cfg;
})();

export interface RfmScored extends RfmValues {
  r: number; f: number; m: number;
  /** "RFM" digits, e.g. "534". */
  score: string;
  segment: string;
}

export interface RfmScoreOptions {
  /** Bins per variable: 5 (quintiles, the default) or 4 (pymc-marketing's quartiles). */
  q?: number;
  segments?: SegmentConfig;
  /** Segment name for codes no segment holds. */
  other?: string;
}

/** Quantile scores for R, F and M and each customer's segment. */
export function rfmScores(rows: readonly RfmValues[], o: RfmScoreOptions = {}): RfmScored[] {
  const q = o.q ?? 5, segments = o.segments ?? DEFAULT_SEGMENT_CONFIG, other = o.other ?? 'other';
  const r = quantileScores(rows.map((x) => x.recency), q, true).scores;
  const f = quantileScores(rows.map((x) => x.frequency), q).scores;
  const m = quantileScores(rows.map((x) => x.monetary), q).scores;
  const byCode = new Map<string, string>();
  for (const [name, codes] of Object.entries(segments)) for (const c of codes) if (!byCode.has(c)) byCode.set(c, name);
  return rows.map((row, i) => {
    const score = `${r[i]}${f[i]}${m[i]}`;
    return { ...row, r: r[i], f: f[i], m: m[i], score, segment: byCode.get(score) ?? other };
  });
}
