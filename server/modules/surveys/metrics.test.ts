import { describe, it, expect } from 'vitest';
import {
  assertScore, breakdown, comparePeriods, isUnhappy, normalQuantile, npsCategory, responseRate, saturdayOf,
  scoreRange, summarize, tQuantile, trend, wilsonInterval, type Answer,
} from './metrics.ts';

const S = (...scores: number[]) => scores.map((score) => ({ score }));
const at = (iso: string, score: number, key?: string): Answer => ({ score, at: new Date(iso), key });
const repeat = (score: number, times: number) => new Array<number>(times).fill(score);
/** Answers spread over one day (UTC noon + i minutes), so they fall inside any period containing that day. */
const onDay = (day: string, scores: number[]): Answer[] =>
  scores.map((score, i) => ({ score, at: new Date(Date.parse(day + 'T12:00:00Z') + i * 60_000) }));

describe('scales and classifiers', () => {
  it('gives each scale', () => {
    expect(scoreRange('nps')).toEqual({ min: 0, max: 10 });
    expect(scoreRange('csat')).toEqual({ min: 1, max: 5 });
    expect(scoreRange('ces')).toEqual({ min: 1, max: 7 });
  });

  it('classifies NPS answers at the 6/7 and 8/9 borders', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsCategory)).toEqual(['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
  });

  it('flags unhappy answers: NPS 0–6, CSAT 1–2, CES 1–3', () => {
    expect([isUnhappy('nps', 0), isUnhappy('nps', 6), isUnhappy('nps', 7)]).toEqual([true, true, false]);
    expect([isUnhappy('csat', 1), isUnhappy('csat', 2), isUnhappy('csat', 3)]).toEqual([true, true, false]);
    expect([isUnhappy('ces', 1), isUnhappy('ces', 3), isUnhappy('ces', 4), isUnhappy('ces', 7)]).toEqual([true, true, false, false]);
  });

  it('throws a RangeError for out-of-range or fractional scores, everywhere a score enters', () => {
    expect(() => assertScore('nps', 11)).toThrow(new RangeError('NPS score must be a whole number from 0 to 10, got 11'));
    expect(() => assertScore('nps', -1)).toThrow(RangeError);
    expect(() => assertScore('nps', 7.5)).toThrow(RangeError);
    expect(() => assertScore('nps', Number.NaN)).toThrow(RangeError);
    expect(() => assertScore('csat', 0)).toThrow('CSAT score must be a whole number from 1 to 5, got 0');
    expect(() => assertScore('ces', 8)).toThrow('CES score must be a whole number from 1 to 7, got 8');
    expect(() => npsCategory(12)).toThrow(RangeError);
    expect(() => isUnhappy('csat', 6)).toThrow(RangeError);
    expect(() => summarize('csat', S(5, 4, 0))).toThrow(RangeError);
    expect(() => assertScore('ces', 7)).not.toThrow();
  });
});

describe('distributions', () => {
  it('gives the Student t 97.5% quantiles of the tables', () => {
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.706, 3);
    expect(tQuantile(0.975, 2)).toBeCloseTo(4.303, 3);
    expect(tQuantile(0.975, 5)).toBeCloseTo(2.571, 3);
    expect(tQuantile(0.975, 9)).toBeCloseTo(2.262, 3);
    expect(tQuantile(0.975, 30)).toBeCloseTo(2.042, 3);
    expect(tQuantile(0.975, 120)).toBeCloseTo(1.980, 3);
    expect(tQuantile(0.995, 10)).toBeCloseTo(3.169, 3);
    expect(tQuantile(0.025, 5)).toBeCloseTo(-2.571, 3);
  });

  it('handles non-integer df (Welch) and very large df', () => {
    // Reference (R: qt(0.975, 1.5)) 6.016663; Hill's approximation alone gives 6.079.
    expect(tQuantile(0.975, 1.5)).toBeCloseTo(6.016663, 5);
    // R: qt(0.975, 17.932) = 2.101492
    expect(tQuantile(0.975, 17.932091487856635)).toBeCloseTo(2.101492, 5);
    expect(tQuantile(0.975, 1e6)).toBeCloseTo(1.959966, 5);
  });

  it('gives normal quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 6);
  });

  it('gives the Wilson interval of the published example: 8 of 10 → [0.490, 0.943]', () => {
    const ci = wilsonInterval(8, 10)!;
    expect(ci.low).toBeCloseTo(0.490, 3);
    expect(ci.high).toBeCloseTo(0.943, 3);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('NPS', () => {
  it('works the issue example: [10,9,9,8,7,6,5,10,3,9] → 5 promoters, 2 passives, 3 detractors, NPS 20', () => {
    // Adjusted Wald: n' = 13, p'pro = 5.75/13 = .44231, p'det = 3.75/13 = .28846, centre .15385;
    // var = .73077 − .15385² = .70710; SE = √(.70710/13) = .23322; half = 1.95996 × .23322 = .45711
    // → [15.385 − 45.711, 15.385 + 45.711] = [−30.3, 61.1], margin 45.7.
    const s = summarize('nps', S(10, 9, 9, 8, 7, 6, 5, 10, 3, 9));
    expect(s.counts).toEqual({ promoters: 5, passives: 2, detractors: 3 });
    expect(s.n).toBe(10);
    expect(s.value).toBe(20);
    expect(s.low).toBe(-30.3);
    expect(s.high).toBe(61.1);
    expect(s.marginOfError).toBe(45.7);
    expect(s.raw.low).toBeCloseTo(-30.32599, 4);
  });

  it('gives nulls, not NaN, for no answers', () => {
    const s = summarize('nps', []);
    expect(s).toMatchObject({ n: 0, value: null, low: null, high: null, marginOfError: null });
    expect(s.counts).toEqual({ promoters: 0, passives: 0, detractors: 0 });
    expect(s.raw.value).toBeNull();
  });

  it('keeps a wide interval for one answer, reaching the value itself', () => {
    // n' = 4, p'pro = 1.75/4 = .4375, p'det = .75/4 = .1875, centre .25; var = .625 − .0625 = .5625;
    // SE = √(.5625/4) = .375; half = .73499 → [−48.5, 98.5]; the high end is widened to the observed 100.
    const s = summarize('nps', S(10));
    expect(s.value).toBe(100);
    expect(s.low).toBe(-48.5);
    expect(s.high).toBe(100);
    expect(s.marginOfError).toBe(73.5);
  });

  it('gives a non-zero interval when every answer is the same (zero sample variance)', () => {
    // Ten 10s: n' = 13, p'pro = 10.75/13, p'det = .75/13, centre .76923; var = .88462 − .59172 = .29290;
    // SE = .15010; half = .29420 → [47.5, 106.3] → clamped to [47.5, 100].
    const s = summarize('nps', S(...repeat(10, 10)));
    expect([s.value, s.low, s.high, s.marginOfError]).toEqual([100, 47.5, 100, 29.4]);
    const d = summarize('nps', S(...repeat(0, 10)));
    expect([d.value, d.low, d.high]).toEqual([-100, -100, -47.5]);
  });
});

describe('CSAT', () => {
  it('is the share of 4–5 answers with a Wilson interval', () => {
    // 8 of 10 satisfied → 80.0%, Wilson [49.0, 94.3], half-width 22.7.
    const s = summarize('csat', S(5, 5, 4, 4, 4, 5, 4, 5, 3, 1));
    expect(s.counts).toEqual({ satisfied: 8, neutral: 1, dissatisfied: 1 });
    expect([s.value, s.low, s.high, s.marginOfError]).toEqual([80, 49, 94.3, 22.7]);
  });

  it('keeps an interval when all answers are 5 and handles one answer and none', () => {
    // 10 of 10: centre (1 + 3.8415/20)/1.38415 = .86123, half .13877 → [72.2, 100].
    expect(summarize('csat', S(...repeat(5, 10)))).toMatchObject({ value: 100, low: 72.2, high: 100 });
    // 1 of 1: [20.7, 100].
    expect(summarize('csat', S(4))).toMatchObject({ n: 1, value: 100, low: 20.7, high: 100 });
    expect(summarize('csat', [])).toMatchObject({ n: 0, value: null, low: null, high: null, marginOfError: null });
  });
});

describe('CES', () => {
  it('is the mean with a Student t interval and the share of hard answers', () => {
    // Sum 53 → mean 5.30; squared deviations sum to 28.1 → s² = 28.1/9 = 3.1222, s = 1.76698;
    // SE = 1.76698/√10 = .55877; t(.975, 9) = 2.26216 → half 1.26402 → [4.04, 6.56]. Hard (1–3): 3 and 2 → 20%.
    const s = summarize('ces', S(7, 6, 5, 7, 3, 6, 4, 7, 2, 6));
    expect(s.counts).toEqual({ easy: 7, neutral: 1, hard: 2 });
    expect([s.value, s.low, s.high, s.marginOfError]).toEqual([5.3, 4.04, 6.56, 1.26]);
    expect(s.hardShare).toBe(20);
  });

  it('gives no interval for one answer and a zero-width one for identical answers', () => {
    expect(summarize('ces', S(6))).toMatchObject({ n: 1, value: 6, low: null, high: null, marginOfError: null, hardShare: 0 });
    expect(summarize('ces', S(5, 5, 5))).toMatchObject({ n: 3, value: 5, low: 5, high: 5, marginOfError: 0 });
    expect(summarize('ces', [])).toMatchObject({ n: 0, value: null, hardShare: null });
  });

  it('clamps the interval to the 1–7 scale', () => {
    // [7,7,7,7,6]: mean 6.8, s = √.2 = .44721, SE .2, t(.975, 4) = 2.77645 → [6.245, 7.355] → high clamped to 7.
    const s = summarize('ces', S(7, 7, 7, 7, 6));
    expect([s.value, s.low, s.high, s.marginOfError]).toEqual([6.8, 6.24, 7, 0.56]);
  });
});

describe('response rate', () => {
  it('is responses per delivered invitation, null when nothing was delivered', () => {
    expect(responseRate(30, 120)).toMatchObject({ value: 25, responses: 30, delivered: 120 });
    expect(responseRate(0, 0)).toEqual({ responses: 0, delivered: 0, value: null, low: null, high: null });
    expect(() => responseRate(5, 4)).toThrow(RangeError);
    expect(() => responseRate(-1, 4)).toThrow(RangeError);
  });
});

describe('trends', () => {
  it('buckets by the Saturday that starts the week in Tehran, across midnight', () => {
    // 20:00Z on Fri 20 Nov is 23:30 Friday in Tehran (week of Sat 14 Nov); 21:00Z is 00:30 Saturday 21 Nov.
    const buckets = trend('nps', [at('2026-11-20T21:00:00Z', 10), at('2026-11-20T20:00:00Z', 0)], { by: 'week' });
    expect(buckets.map((b) => [b.key, b.start, b.end, b.n, b.value])).toEqual([
      ['2026-11-14', '2026-11-14', '2026-11-21', 1, -100],
      ['2026-11-21', '2026-11-21', '2026-11-28', 1, 100],
    ]);
  });

  it('keeps empty weeks between the first and the last, in order', () => {
    const buckets = trend('csat', [
      at('2026-11-27T10:00:00Z', 5), // Friday 13:30 → week of 21 Nov
      at('2026-11-07T06:00:00Z', 2), // Saturday → its own week
      at('2026-11-28T06:00:00Z', 4), // next Saturday
    ], { by: 'week' });
    expect(buckets.map((b) => [b.key, b.n, b.value])).toEqual([
      ['2026-11-07', 1, 0], ['2026-11-14', 0, null], ['2026-11-21', 1, 100], ['2026-11-28', 1, 100],
    ]);
    expect(saturdayOf('2026-11-27')).toBe('2026-11-21');
    expect(saturdayOf('2026-11-21')).toBe('2026-11-21');
    expect(trend('csat', [], { by: 'week' })).toEqual([]);
  });

  it('buckets by Jalali month in Tehran: 1 Azar 1405 is 22 Nov 2026', () => {
    // 20:29Z on 21 Nov is 23:59 on 30 Aban in Tehran; 20:30Z is 00:00 on 1 Azar.
    const buckets = trend('ces', [at('2026-11-21T20:29:00Z', 2), at('2026-11-21T20:30:00Z', 6)], { by: 'jalaliMonth' });
    expect(buckets.map((b) => [b.key, b.start, b.end, b.n, b.value])).toEqual([
      ['1405-08', '2026-10-23', '2026-11-22', 1, 2],
      ['1405-09', '2026-11-22', '2026-12-22', 1, 6],
    ]);
  });

  it('fills empty Jalali months across the new year', () => {
    // 25 Jan 2027 is 5 Bahman 1405; 25 Mar 2027 is 4 Farvardin 1406; Esfand 1405 has no answers.
    const buckets = trend('nps', [at('2027-03-25T08:00:00Z', 9), at('2027-01-25T08:00:00Z', 3)], { by: 'jalaliMonth' });
    expect(buckets.map((b) => [b.key, b.start, b.end, b.n, b.value])).toEqual([
      ['1405-11', '2027-01-21', '2027-02-20', 1, -100],
      ['1405-12', '2027-02-20', '2027-03-21', 0, null],
      ['1406-01', '2027-03-21', '2027-04-21', 1, 100],
    ]);
  });

  it('buckets by Gregorian month for a Gregorian reader, the day taken in Tehran, empty months filled', () => {
    // 31 Jan 2027 21:00Z is already 1 Feb 00:30 in Tehran; nothing in March; 25 Apr is April.
    const buckets = trend('nps', [at('2027-01-31T21:00:00Z', 9), at('2027-01-31T20:00:00Z', 3), at('2027-04-25T08:00:00Z', 10)], { by: 'gregorianMonth' });
    expect(buckets.map((b) => [b.key, b.start, b.end, b.n, b.value])).toEqual([
      ['2027-01', '2027-01-01', '2027-02-01', 1, -100],
      ['2027-02', '2027-02-01', '2027-03-01', 1, 100],
      ['2027-03', '2027-03-01', '2027-04-01', 0, null],
      ['2027-04', '2027-04-01', '2027-05-01', 1, 100],
    ]);
  });
});

describe('breakdowns', () => {
  const answers = [
    ...['A', 'A', 'A', 'A', 'A', 'A'].map((k, i) => at('2026-11-01T10:00:00Z', [5, 5, 4, 4, 2, 5][i], k)),
    ...[5, 1, 4].map((s) => at('2026-11-01T10:00:00Z', s, 'B')),
    ...[4, 4, 4, 4, 3].map((s) => at('2026-11-01T10:00:00Z', s, 'C')),
    at('2026-11-01T10:00:00Z', 1), // no key: left out
  ];

  it('gives the metric per key, most answers first, flagging small groups', () => {
    const rows = breakdown('csat', answers);
    // A: 5 of 6 satisfied = 83.3%; C: 4 of 5 = 80%; B: 2 of 3 = 66.7%.
    expect(rows.map((r) => [r.key, r.n, r.value, r.lowSample])).toEqual([
      ['A', 6, 83.3, false], ['C', 5, 80, false], ['B', 3, 66.7, true],
    ]);
    expect(rows[2].low).toBe(20.8); // Wilson 2 of 3: [.2077, .9385]
  });

  it('takes another minimum and another key', () => {
    expect(breakdown('csat', answers, { minN: 6 }).map((r) => r.lowSample)).toEqual([false, true, true]);
    const byHappiness = breakdown('csat', answers, { keyOf: (a) => (a.score >= 4 ? 'happy' : 'not') });
    expect(byHappiness.map((r) => [r.key, r.n])).toEqual([['happy', 11], ['not', 4]]);
  });
});

describe('period over period', () => {
  const period = { from: new Date('2026-11-08T00:00:00Z'), to: new Date('2026-11-15T00:00:00Z') };
  const prevDay = '2026-11-03';
  const curDay = '2026-11-10';

  it('finds a clear NPS rise significant (Welch on the +1/0/−1 scores)', () => {
    // Current 40 promoters, 10 passives: NPS 80, mean .8, s² = (40 − 50·.64)/49 = .16327.
    // Previous 10/10/30: NPS −40, mean −.4, s² = (40 − 50·.16)/49 = .65306.
    // SE = √(.16327/50 + .65306/50) = .12778; t = 1.2/.12778 = 9.39 on 72.1 df > 1.993.
    const answers = [
      ...onDay(curDay, [...repeat(10, 40), ...repeat(8, 10)]),
      ...onDay(prevDay, [...repeat(9, 10), ...repeat(7, 10), ...repeat(3, 30)]),
    ];
    const r = comparePeriods('nps', answers, period);
    expect([r.current.value, r.previous.value, r.change, r.significant]).toEqual([80, -40, 120, true]);
    expect(r.test.method).toBe('welch-t');
    expect(r.test.statistic).toBeCloseTo(9.3915, 3);
    expect(r.test.df).toBeCloseTo(72.059, 2);
  });

  it('finds a small NPS change on few answers not significant', () => {
    // Current 5/3/2 → 30; previous 4/3/3 → 10; t = .526 on 17.9 df < 2.101.
    const answers = [
      ...onDay(curDay, [10, 9, 9, 10, 9, 8, 7, 7, 2, 5]),
      ...onDay(prevDay, [9, 9, 10, 10, 8, 8, 7, 0, 6, 4]),
    ];
    const r = comparePeriods('nps', answers, period);
    expect([r.current.value, r.previous.value, r.change, r.significant]).toEqual([30, 10, 20, false]);
    expect(r.test.statistic).toBeCloseTo(0.5262, 3);
  });

  it('uses the two-proportion z-test for CSAT', () => {
    // 90/100 vs 60/100: pooled .75, SE = √(.75·.25·(2/100)) = .061237, z = .3/.061237 = 4.899 > 1.96.
    const big = comparePeriods('csat', [
      ...onDay(curDay, [...repeat(5, 90), ...repeat(2, 10)]),
      ...onDay(prevDay, [...repeat(4, 60), ...repeat(3, 40)]),
    ], period);
    expect([big.change, big.significant]).toEqual([30, true]);
    expect(big.test.statistic).toBeCloseTo(4.899, 3);
    // 8/10 vs 7/10: pooled .75, SE = .19365, z = .1/.19365 = .516 < 1.96.
    const small = comparePeriods('csat', [
      ...onDay(curDay, [...repeat(5, 8), 1, 2]),
      ...onDay(prevDay, [...repeat(4, 7), 3, 3, 1]),
    ], period);
    expect([small.change, small.significant]).toEqual([10, false]);
    expect(small.test.statistic).toBeCloseTo(0.5164, 3);
  });

  it('uses Welch t for CES', () => {
    // [6,7]×4 vs [2,3]×4: means 6.5 and 2.5, s² = 2/7 each, SE = √(2·(2/7)/8) = .26726, t = 14.97 on 14 df.
    const big = comparePeriods('ces', [...onDay(curDay, [6, 7, 6, 7, 6, 7, 6, 7]), ...onDay(prevDay, [2, 3, 2, 3, 2, 3, 2, 3])], period);
    expect([big.change, big.significant]).toEqual([4, true]);
    expect(big.test.statistic).toBeCloseTo(14.9666, 3);
    expect(big.test.df).toBeCloseTo(14, 6);
    // 4.83 vs 4.17: t = 1.174 on 8.54 df < 2.27.
    const small = comparePeriods('ces', [...onDay(curDay, [5, 4, 6, 5, 3, 6]), ...onDay(prevDay, [4, 5, 4, 3, 5, 4])], period);
    expect([small.change, small.significant]).toEqual([0.67, false]);
    expect(small.test.statistic).toBeCloseTo(1.1744, 3);
    expect(small.test.df).toBeCloseTo(8.5381, 3);
  });

  it('falls back to the pooled variance when both periods have zero variance', () => {
    // All 10s vs all 0s, 2 each: pooled scores [1,1,−1,−1], s² = 4/3, SE = √(4/3 · 1) = 1.1547, t = 1.732 < t(.975, 2) = 4.303.
    const few = comparePeriods('nps', [...onDay(curDay, [10, 10]), ...onDay(prevDay, [0, 0])], period);
    expect([few.change, few.significant, few.test.method]).toEqual([200, false, 'pooled-t']);
    expect(few.test.statistic).toBeCloseTo(1.7321, 3);
    // 30 each: s² = 60/59, SE = √(60/59 · 2/30) = .26038, t = 7.68 > 2.002.
    const many = comparePeriods('nps', [...onDay(curDay, repeat(10, 30)), ...onDay(prevDay, repeat(0, 30))], period);
    expect(many.significant).toBe(true);
    expect(many.test.statistic).toBeCloseTo(7.6811, 3);
  });

  it('takes [from, to) and the equal period before it; an empty side gives no change', () => {
    const answers = [
      at('2026-11-15T00:00:00Z', 0), // at `to`: outside
      at('2026-11-08T00:00:00Z', 10), // at `from`: current
      at('2026-11-07T23:59:59Z', 9), // previous
      at('2026-11-01T00:00:00Z', 8), // start of previous: included
      at('2026-10-31T23:59:59Z', 0), // before previous: outside
    ];
    const r = comparePeriods('nps', answers, period);
    expect([r.current.n, r.previous.n]).toEqual([1, 2]);
    expect(r.previous.counts).toEqual({ promoters: 1, passives: 1, detractors: 0 });
    const alone = comparePeriods('nps', [at('2026-11-09T00:00:00Z', 10)], period);
    expect([alone.change, alone.significant, alone.test.statistic]).toEqual([null, false, null]);
    expect(() => comparePeriods('nps', answers, { from: period.to, to: period.from })).toThrow(RangeError);
  });
});
