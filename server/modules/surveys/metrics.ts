/**
 * Voice-of-the-customer metric definitions (NPS, CSAT, CES) as pure functions over answers: summaries with 95%
 * intervals, trends by Saturday week or Jalali month in Tehran, breakdowns, period-over-period tests.
 * No I/O; the interval choices are explained in docs/decisions.md ("Survey metrics").
 */
import jalaali from 'jalaali-js';
import { TEHRAN, addDays, todayIn } from '../../../common/jalali.ts';
import { SCALES } from '../../../common/survey.schemas.ts';

export type MetricKind = 'nps' | 'csat' | 'ces';
export type Answer = { score: number; at: Date; key?: string | null };
type Scored = { score: number };
export type NpsCategory = 'promoter' | 'passive' | 'detractor';

const LABELS = { nps: 'NPS', csat: 'CSAT', ces: 'CES' } as const;
/** Decimals shown: NPS points and CSAT percent to 0.1, CES mean to 0.01. */
const DECIMALS = { nps: 1, csat: 1, ces: 2 } as const;

// ── Scales and classifiers ───────────────────────────────────────────────────

export function scoreRange(kind: MetricKind): { min: number; max: number } {
  const range = (SCALES as Partial<Record<string, { min: number; max: number }>>)[kind];
  if (!range) throw new RangeError(`Unknown metric kind: ${String(kind)}`);
  return { min: range.min, max: range.max };
}

/** A guard, not validation: callers check input at the edge; a bad score here is a bug. */
export function assertScore(kind: MetricKind, score: number): void {
  const { min, max } = scoreRange(kind);
  if (typeof score !== 'number' || !Number.isInteger(score) || score < min || score > max) {
    throw new RangeError(`${LABELS[kind]} score must be a whole number from ${min} to ${max}, got ${String(score)}`);
  }
}

export function npsCategory(score: number): NpsCategory {
  assertScore('nps', score);
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

/** The answers a customer may be asked to review or refer for: NPS promoters (9–10), CSAT 5, CES 7. */
export function isTopScore(kind: MetricKind, score: number): boolean {
  assertScore(kind, score);
  return kind === 'nps' ? score >= 9 : score === SCALES[kind].max;
}

/** Answers the closed loop follows up: NPS detractors (0–6), CSAT 1–2, CES 1–3 (hard). */
export function isUnhappy(kind: MetricKind, score: number): boolean {
  assertScore(kind, score);
  return kind === 'nps' ? score <= 6 : kind === 'csat' ? score <= 2 : score <= 3;
}

// ── Distributions ────────────────────────────────────────────────────────────

/** Standard normal quantile, Wichura's AS 241 (PPND16), about 16 significant digits. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    throw new RangeError(`probability must be within [0, 1], got ${p}`);
  }
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return q * (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r
      + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
      + 133.14166789178437745) * r + 3.387132872796366608)
      / (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r
      + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
      + 42.313330701600911252) * r + 1);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x = (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
      + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
      + 4.6303378461565452959) * r + 1.42343711074968357734)
      / (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
      + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
      + 2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    x = (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
      + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
      + 5.4637849111641143699) * r + 6.6579046435011037772)
      / (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
      + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
      + 0.59983220655588793769) * r + 1);
  }
  return q < 0 ? -x : x;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; ~15 digits). */
function logGamma(x: number): number {
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = g[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += g[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularized incomplete beta I_x(a, b), continued fraction by modified Lentz. */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const front = Math.exp(a * Math.log(x) + b * Math.log(1 - x) + logGamma(a + b) - logGamma(a) - logGamma(b)) / a;
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let f = d;
  for (let m = 1; m <= 300; m++) {
    for (const num of [(m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)), -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))]) {
      d = 1 + num * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + num / c;
      if (Math.abs(c) < tiny) c = tiny;
      f *= c * d;
    }
    if (Math.abs(c * d - 1) < 1e-15) break;
  }
  return front * f;
}

/** P(T > t) for t ≥ 0 under Student t with df degrees of freedom. */
const tUpperTail = (t: number, df: number) => 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
const tDensity = (t: number, df: number) =>
  Math.exp(logGamma((df + 1) / 2) - logGamma(df / 2) - ((df + 1) / 2) * Math.log1p((t * t) / df)) / Math.sqrt(df * Math.PI);

/**
 * Student t quantile for df ≥ 1 (non-integer df allowed, as Welch needs): Hill (1970), ACM Algorithm 396, with the
 * exact closed forms for df = 1 and 2, then polished by Hill's (1981) two-term Taylor steps on the exact tail
 * (incomplete beta) — Hill alone is 1% off for df between 1 and 2.
 */
export function tQuantile(p: number, df: number): number {
  if (!(df >= 1)) throw new RangeError(`degrees of freedom must be at least 1, got ${df}`);
  if (!(p > 0 && p < 1)) throw new RangeError(`probability must be within (0, 1), got ${p}`);
  if (p === 0.5) return 0;
  if (df === Infinity) return normalQuantile(p);
  const sign = p > 0.5 ? 1 : -1;
  const P = 2 * Math.min(p, 1 - p); // two-tailed probability
  let t: number;
  if (df === 1) t = 1 / Math.tan((P * Math.PI) / 2);
  else if (df === 2) t = Math.sqrt(2 / (P * (2 - P)) - 2);
  else {
    const a = 1 / (df - 0.5);
    const b = 48 / (a * a);
    let c = ((20700 * a / b - 98) * a - 16) * a + 96.36;
    const d = ((94.5 / (b + c) - 3) / b + 1) * Math.sqrt((a * Math.PI) / 2) * df;
    let y = Math.pow(d * P, 2 / df);
    if (y > 0.05 + a) {
      // Asymptotic inverse expansion about the normal.
      const x = normalQuantile(P / 2);
      y = x * x;
      if (df < 5) c += 0.3 * (df - 4.5) * (x + 0.6);
      c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c;
      y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x;
      y = Math.expm1(a * y * y);
    } else {
      y = ((1 / (((df + 6) / (df * y) - 0.089 * d - 0.822) * (df + 2) * 3) + 0.5 / (df + 4)) * y - 1)
        * (df + 1) / (df + 2) + 1 / y;
    }
    t = Math.sqrt(df * y);
    for (let i = 0; i < 10; i++) {
      const step = (tUpperTail(t, df) - P / 2) / tDensity(t, df);
      if (!Number.isFinite(step)) break;
      t += step * (1 + (step * t * (df + 1)) / (2 * (t * t + df)));
      if (Math.abs(step) <= 1e-13 * t) break;
    }
  }
  return sign * t;
}

const Z95 = normalQuantile(0.975);

/** Wilson score interval for k successes in n trials (proportions, not percent); null when n = 0. */
export function wilsonInterval(k: number, n: number, z: number = Z95): { low: number; high: number } | null {
  if (n === 0) return null;
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { low: Math.max(0, center - half), high: Math.min(1, center + half) };
}

// ── Summaries ────────────────────────────────────────────────────────────────

type Interval = { value: number | null; low: number | null; high: number | null; marginOfError: number | null };
type Base<K extends MetricKind, C, X = object> = Interval & X & {
  kind: K;
  n: number;
  counts: C;
  /** The same numbers unrounded, for further arithmetic. */
  raw: Interval & X;
};
/** value: NPS points (−100..100); interval: adjusted Wald (Rocks 2016), clamped to [−100, 100]. */
export type NpsSummary = Base<'nps', { promoters: number; passives: number; detractors: number }>;
/** value: % of 4–5 answers; interval: Wilson score. */
export type CsatSummary = Base<'csat', { satisfied: number; neutral: number; dissatisfied: number }>;
/** value: mean on 1–7; interval: Student t on n − 1 df (null for n < 2); hardShare: % of 1–3 answers. */
export type CesSummary = Base<'ces', { easy: number; neutral: number; hard: number }, { hardShare: number | null }>;
export type Summary = NpsSummary | CsatSummary | CesSummary;
export type SummaryOf<K extends MetricKind> = Extract<Summary, { kind: K }>;

const EMPTY: Interval = { value: null, low: null, high: null, marginOfError: null };

export function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  // toPrecision removes binary noise (1.005 * 100 = 100.49999…) before rounding half away from zero.
  const r = (Math.sign(x) * Math.round(Number((Math.abs(x) * f).toPrecision(12)))) / f;
  return r === 0 ? 0 : r;
}
const roundAll = <T extends Record<string, number | null>>(o: T, d: number): T =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === null ? null : roundTo(v, d)])) as T;

function tally(kind: MetricKind, answers: readonly Scored[]): number[] {
  const counts = new Array<number>(scoreRange(kind).max + 1).fill(0);
  for (const a of answers) {
    assertScore(kind, a.score);
    counts[a.score]++;
  }
  return counts;
}
const sum = (counts: number[], from: number, to: number) => counts.slice(from, to + 1).reduce((s, c) => s + c, 0);

/** Mean and sample variance (n − 1) from a histogram of scores. */
function moments(counts: number[]): { n: number; mean: number; variance: number } {
  let n = 0;
  let total = 0;
  counts.forEach((c, s) => { n += c; total += c * s; });
  const mean = n ? total / n : NaN;
  let ss = 0;
  counts.forEach((c, s) => { ss += c * (s - mean) ** 2; });
  return { n, mean, variance: n > 1 ? ss / (n - 1) : NaN };
}

function npsSummary(c: number[]): NpsSummary {
  const promoters = sum(c, 9, 10);
  const passives = sum(c, 7, 8);
  const detractors = sum(c, 0, 6);
  const n = promoters + passives + detractors;
  let raw = EMPTY;
  if (n > 0) {
    // Adjusted Wald: ¾ pseudo-promoter, ¾ pseudo-detractor, 1½ pseudo-passive; trinomial variance of the difference.
    const nAdj = n + 3;
    const pPro = (promoters + 0.75) / nAdj;
    const pDet = (detractors + 0.75) / nAdj;
    const center = pPro - pDet;
    const half = Z95 * Math.sqrt((pPro + pDet - center * center) / nAdj);
    const value = (100 * (promoters - detractors)) / n;
    // The pseudo-counts pull the centre toward 0; with one answer the interval would end short of the value itself.
    raw = {
      value,
      low: Math.max(-100, Math.min(value, 100 * (center - half))),
      high: Math.min(100, Math.max(value, 100 * (center + half))),
      marginOfError: 100 * half,
    };
  }
  return { kind: 'nps', n, ...roundAll(raw, DECIMALS.nps), counts: { promoters, passives, detractors }, raw };
}

function csatSummary(c: number[]): CsatSummary {
  const satisfied = sum(c, 4, 5);
  const neutral = c[3];
  const dissatisfied = sum(c, 1, 2);
  const n = satisfied + neutral + dissatisfied;
  const ci = wilsonInterval(satisfied, n);
  const raw = ci
    ? { value: (100 * satisfied) / n, low: 100 * ci.low, high: 100 * ci.high, marginOfError: (100 * (ci.high - ci.low)) / 2 }
    : EMPTY;
  return { kind: 'csat', n, ...roundAll(raw, DECIMALS.csat), counts: { satisfied, neutral, dissatisfied }, raw };
}

function cesSummary(c: number[]): CesSummary {
  const { n, mean, variance } = moments(c);
  const hard = sum(c, 1, 3);
  const counts = { easy: sum(c, 5, 7), neutral: c[4], hard };
  let raw: Interval & { hardShare: number | null } = { ...EMPTY, hardShare: null };
  if (n === 1) raw = { ...EMPTY, value: mean, hardShare: 100 * hard };
  else if (n > 1) {
    const half = tQuantile(0.975, n - 1) * Math.sqrt(variance / n);
    raw = {
      value: mean, low: Math.max(1, mean - half), high: Math.min(7, mean + half), marginOfError: half,
      hardShare: (100 * hard) / n,
    };
  }
  const { hardShare, ...interval } = raw;
  return {
    kind: 'ces', n, ...roundAll(interval, DECIMALS.ces),
    hardShare: hardShare === null ? null : roundTo(hardShare, 1), counts, raw,
  };
}

/** The metric of a set of answers with its 95% interval. Throws RangeError on an out-of-range score. */
export function summarize<K extends MetricKind>(kind: K, answers: readonly Scored[]): SummaryOf<K> {
  const counts = tally(kind, answers);
  const summary = kind === 'nps' ? npsSummary(counts) : kind === 'csat' ? csatSummary(counts) : cesSummary(counts);
  return summary as SummaryOf<K>;
}

/** Responses per delivered invitation, in percent with a Wilson interval; null when nothing was delivered. */
export function responseRate(responses: number, delivered: number) {
  for (const [name, v] of [['responses', responses], ['delivered', delivered]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got ${v}`);
  }
  if (responses > delivered) throw new RangeError(`responses (${responses}) exceed delivered invitations (${delivered})`);
  const ci = wilsonInterval(responses, delivered);
  return {
    responses,
    delivered,
    value: delivered ? roundTo((100 * responses) / delivered, 1) : null,
    low: ci ? roundTo(100 * ci.low, 1) : null,
    high: ci ? roundTo(100 * ci.high, 1) : null,
  };
}

// ── Trends ───────────────────────────────────────────────────────────────────

export type TrendPeriod = 'week' | 'jalaliMonth' | 'gregorianMonth';
/** key: the Saturday (YYYY-MM-DD), the Jalali month or the Gregorian month (YYYY-MM); start/end: Gregorian dates, end exclusive. */
export type TrendBucket<K extends MetricKind> = SummaryOf<K> & { key: string; start: string; end: string };

const pad2 = (n: number) => String(n).padStart(2, '0');
const isoOf = (g: { gy: number; gm: number; gd: number }) => `${g.gy}-${pad2(g.gm)}-${pad2(g.gd)}`;

/** The Saturday that starts the Iranian week of a calendar day. */
export function saturdayOf(isoDate: string): string {
  const weekday = new Date(isoDate + 'T00:00:00Z').getUTCDay(); // 0 = Sunday … 6 = Saturday
  return addDays(isoDate, -((weekday + 1) % 7));
}

export function jalaliMonthKey(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const j = jalaali.toJalaali(y, m, d);
  return `${j.jy}-${pad2(j.jm)}`;
}

const nextMonthKey = (key: string) => {
  const [y, m] = key.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${pad2(m + 1)}`;
};
const monthStart = (key: string) => {
  const [y, m] = key.split('-').map(Number);
  return isoOf(jalaali.toGregorian(y, m, 1));
};

/** Buckets in chronological order, with empty buckets (n = 0, value null) between the first and the last. */
export function trend<K extends MetricKind>(
  kind: K, answers: readonly Answer[], opts: { by: TrendPeriod; timeZone?: string },
): TrendBucket<K>[] {
  const timeZone = opts.timeZone ?? TEHRAN;
  const keyOf = (at: Date) => {
    const day = todayIn(at, timeZone);
    return opts.by === 'week' ? saturdayOf(day) : opts.by === 'gregorianMonth' ? day.slice(0, 7) : jalaliMonthKey(day);
  };
  const next = opts.by === 'week' ? (k: string) => addDays(k, 7) : nextMonthKey;
  const startOf = opts.by === 'week' ? (k: string) => k : opts.by === 'gregorianMonth' ? (k: string) => `${k}-01` : monthStart;
  const groups = new Map<string, Answer[]>();
  for (const a of answers) {
    const k = keyOf(a.at);
    const group = groups.get(k);
    if (group) group.push(a);
    else groups.set(k, [a]);
  }
  if (!groups.size) return [];
  const keys = [...groups.keys()].sort(); // both key forms sort chronologically as strings
  const buckets: TrendBucket<K>[] = [];
  for (let k = keys[0]; k <= keys[keys.length - 1]; k = next(k)) {
    buckets.push({ ...summarize(kind, groups.get(k) ?? []), key: k, start: startOf(k), end: startOf(next(k)) });
  }
  return buckets;
}

// ── Breakdowns ───────────────────────────────────────────────────────────────

export type BreakdownRow<K extends MetricKind> = SummaryOf<K> & { key: string; lowSample: boolean };

/** The metric per key (product, agent, channel…), most answers first; answers without a key are left out. */
export function breakdown<K extends MetricKind, T extends Scored & { key?: string | null }>(
  kind: K, answers: readonly T[], opts: { minN?: number; keyOf?: (a: T) => string | null | undefined } = {},
): BreakdownRow<K>[] {
  const minN = opts.minN ?? 5;
  const keyOf = opts.keyOf ?? ((a: T) => a.key);
  const groups = new Map<string, T[]>();
  for (const a of answers) {
    const k = keyOf(a);
    if (k === null || k === undefined) continue;
    const group = groups.get(k);
    if (group) group.push(a);
    else groups.set(k, [a]);
  }
  return [...groups]
    .map(([key, group]) => ({ ...summarize(kind, group), key, lowSample: group.length < minN }))
    .sort((a, b) => b.n - a.n || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

// ── Period over period ───────────────────────────────────────────────────────

export type PeriodTest = {
  method: 'welch-t' | 'pooled-t' | 'two-proportion-z';
  /** (current − previous) / SE; null when the test cannot run (too few answers). */
  statistic: number | null;
  df: number | null;
  critical: number | null;
};
export type PeriodComparison<K extends MetricKind> = {
  kind: K;
  current: SummaryOf<K>;
  previous: SummaryOf<K>;
  /** current − previous in the metric's unit (NPS points, CSAT percentage points, CES scale points). */
  change: number | null;
  significant: boolean;
  test: PeriodTest;
};

type Moments = { n: number; mean: number; variance: number };

/**
 * Welch t on two means at 95%. When both variances are 0 the Welch SE is 0 (e.g. all promoters against all
 * detractors); the test then falls back to the pooled variance, which is what "no difference" would imply.
 */
function meansTest(a: Moments, b: Moments): PeriodTest {
  if (a.n < 2 || b.n < 2) return { method: 'welch-t', statistic: null, df: null, critical: null };
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const diff = a.mean - b.mean;
  if (va + vb > 0) {
    const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
    return { method: 'welch-t', statistic: diff / Math.sqrt(va + vb), df, critical: tQuantile(0.975, df) };
  }
  const n = a.n + b.n;
  const grand = (a.n * a.mean + b.n * b.mean) / n;
  const pooled = (a.n * (a.mean - grand) ** 2 + b.n * (b.mean - grand) ** 2) / (n - 1);
  const df = n - 2;
  const se = Math.sqrt(pooled * (1 / a.n + 1 / b.n));
  return { method: 'pooled-t', statistic: se > 0 ? diff / se : 0, df, critical: tQuantile(0.975, df) };
}

/** Per-answer NPS scores +1/0/−1: mean and sample variance from the counts. */
function npsMoments(s: NpsSummary): Moments {
  const { promoters: p, detractors: d } = s.counts;
  const n = s.n;
  const mean = n ? (p - d) / n : NaN;
  return { n, mean, variance: n > 1 ? (p + d - n * mean * mean) / (n - 1) : NaN };
}

function proportionsTest(a: CsatSummary, b: CsatSummary): PeriodTest {
  if (!a.n || !b.n) return { method: 'two-proportion-z', statistic: null, df: null, critical: null };
  const ka = a.counts.satisfied;
  const kb = b.counts.satisfied;
  const pooled = (ka + kb) / (a.n + b.n);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  const diff = ka / a.n - kb / b.n;
  return { method: 'two-proportion-z', statistic: se > 0 ? diff / se : 0, df: null, critical: Z95 };
}

/**
 * The metric in [from, to) against the period of equal length just before it ([from − (to − from), from)), with a
 * two-sample test at 95%: NPS and CES Welch t on the per-answer scores, CSAT the pooled two-proportion z-test.
 */
export function comparePeriods<K extends MetricKind>(
  kind: K, answers: readonly Answer[], period: { from: Date; to: Date },
): PeriodComparison<K> {
  const from = period.from.getTime();
  const to = period.to.getTime();
  if (!(to > from)) throw new RangeError('period.to must be after period.from');
  const prevFrom = from - (to - from);
  const within = (lo: number, hi: number) => answers.filter((a) => a.at.getTime() >= lo && a.at.getTime() < hi);
  const [now, before] = [within(from, to), within(prevFrom, from)];
  const current = summarize(kind, now);
  const previous = summarize(kind, before);
  const [cur, prev]: Summary[] = [current, previous]; // narrowing works on the union, not on SummaryOf<K>
  let test: PeriodTest;
  if (cur.kind === 'nps' && prev.kind === 'nps') test = meansTest(npsMoments(cur), npsMoments(prev));
  else if (cur.kind === 'csat' && prev.kind === 'csat') test = proportionsTest(cur, prev);
  else test = meansTest(moments(tally('ces', now)), moments(tally('ces', before)));
  const change = current.raw.value === null || previous.raw.value === null
    ? null
    : roundTo(current.raw.value - previous.raw.value, DECIMALS[kind]);
  const significant = test.statistic !== null && test.critical !== null && Math.abs(test.statistic) > test.critical;
  return { kind, current, previous, change, significant, test };
}
