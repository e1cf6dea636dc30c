/**
 * The calibration summary and RFM against pymc-marketing's fixture (../shared/anchors/rfm), and against hand
 * calculation where no anchor is needed.
 */
import { describe, expect, it } from 'vitest';
import { ANCHORS, anchorText, reportAnchorsAbsent } from '../test/anchors.ts';
import { DEFAULT_SEGMENT_CONFIG, RFM_SEGMENTS, quantileScores, rfmScores, rfmSummary, segmentOf } from './rfm.ts';
import { calibrationSummary, dayNumber, type Transaction } from './summary.ts';

reportAnchorsAbsent('RFM fixture (pymc-marketing)');

describe('calibrationSummary by hand', () => {
  it('merges same-day purchases, measures weeks as days / 7 and counts the holdout', () => {
    const txs: Transaction[] = [
      { customerId: 'a', date: '2024-01-01', amount: 10 }, { customerId: 'a', date: '20240101', amount: 5 },
      { customerId: 'a', date: '2024-01-15', amount: 20 }, { customerId: 'a', date: '2024-01-29', amount: 40 },
      { customerId: 'a', date: '2024-02-05', amount: 7 }, { customerId: 'a', date: '2024-03-01', amount: 1 },
      { customerId: 'b', date: '2024-01-22', amount: 3 },
      { customerId: 'c', date: '2024-02-02', amount: 9 },
    ];
    const s = calibrationSummary(txs, { calibrationEnd: '2024-01-29', holdoutEnd: '2024-02-26' });
    expect(s.holdoutLength).toBe(4);
    expect(s.customers).toEqual([
      { id: 'a', x: 2, tx: 4, T: 4, monetary: 30, holdout: 1, holdoutSpend: 7 },
      { id: 'b', x: 0, tx: 0, T: 1, monetary: 0, holdout: 0, holdoutSpend: 0 },
    ]);
  });
  it('reads ISO and compact dates and timestamps as UTC days', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('19700102')).toBe(1);
    expect(dayNumber('1970-01-02T23:59:59Z')).toBe(1);
    expect(() => dayNumber('yesterday')).toThrow(RangeError);
  });
});

describe('quantile scores (pandas.qcut with duplicates dropped)', () => {
  it('bins by linear quantiles, right-closed, and shrinks the labels when edges repeat', () => {
    // Edges of [1,1,2,3,3,3] at quartiles: 1, 1.25, 2.5, 3, 3 → three bins.
    expect(quantileScores([2, 1, 3, 3, 3, 1], 4)).toEqual({ scores: [2, 1, 3, 3, 3, 1], bins: 3 });
    expect(quantileScores([0, 36, 32, 1, 19, 4], 4, true).scores).toEqual([4, 1, 1, 4, 2, 3]);
    expect(quantileScores([7, 7, 7], 5).scores).toEqual([1, 1, 1]);
  });
});

describe('RFM segments', () => {
  it('every one of the 125 codes belongs to exactly one of the ten segments', () => {
    const all = Object.values(DEFAULT_SEGMENT_CONFIG).flat();
    expect(all.length).toBe(125);
    expect(new Set(all).size).toBe(125);
    expect(Object.keys(DEFAULT_SEGMENT_CONFIG)).toEqual([...RFM_SEGMENTS]);
    for (const s of RFM_SEGMENTS) expect(DEFAULT_SEGMENT_CONFIG[s].length).toBeGreaterThan(0);
  });
  it('follows the grid in docs/decisions.md', () => {
    expect(segmentOf(5, 5)).toBe('champions');
    expect(segmentOf(4, 4)).toBe('loyal');
    expect(segmentOf(5, 2)).toBe('potential_loyalists');
    expect(segmentOf(5, 1)).toBe('new');
    expect(segmentOf(4, 1)).toBe('promising');
    expect(segmentOf(3, 3)).toBe('needs_attention');
    expect(segmentOf(2, 4)).toBe('at_risk');
    expect(segmentOf(1, 5)).toBe('cant_lose');
    expect(segmentOf(2, 2)).toBe('hibernating');
    expect(segmentOf(1, 1)).toBe('lost');
  });
});

interface RfmFixture {
  transactions: Array<[number, string, number]>;
  'rfm_summary_daily_end_2015-02-07': { rows: number[][] };
  'rfm_summary_weekly_end_2015-02-07': { rows: number[][] };
  'rfm_summary_with_monetary_end_2015-02-07': { rows: number[][] };
  'rfm_summary_include_first_transaction_end_2015-02-07': { rows: number[][] };
  'rfm_segments_default_config_end_None(max date 2015-02-06)': { segment: string[]; rfm_score_derived_by_hand: string[] };
  default_segment_config: Record<string, string[]>;
}

describe('pymc-marketing RFM fixture (anchors)', () => {
  // it.runIf is used ONLY for the presence of the anchors folder (kept outside the repository); when it is absent
  // reportAnchorsAbsent above prints "anchors absent".
  const fx = (): RfmFixture => JSON.parse(anchorText('rfm/pymc_marketing_rfm_fixture.json'));
  const txs = (f: RfmFixture): Transaction[] =>
    f.transactions.map(([id, date, amount]) => ({ customerId: String(id), date, amount }));
  const rows = (cs: Array<{ id: string } & Record<string, unknown>>, cols: string[]) =>
    cs.map((c) => [Number(c.id), ...cols.map((k) => c[k] as number)]);

  it.runIf(ANCHORS !== null)('daily, weekly (calendar weeks) and monetary summaries, exactly', () => {
    const f = fx();
    const day = calibrationSummary(txs(f), { calibrationEnd: '2015-02-07', unit: 'day' });
    expect(rows(day.customers as never, ['x', 'tx', 'T'])).toEqual(f['rfm_summary_daily_end_2015-02-07'].rows);
    expect(rows(day.customers as never, ['x', 'tx', 'T', 'monetary']))
      .toEqual(f['rfm_summary_with_monetary_end_2015-02-07'].rows);
    const week = calibrationSummary(txs(f), { calibrationEnd: '2015-02-07', unit: 'week', periods: 'calendar-week' });
    expect(rows(week.customers as never, ['x', 'tx', 'T'])).toEqual(f['rfm_summary_weekly_end_2015-02-07'].rows);
  });

  it.runIf(ANCHORS !== null)('the include-first-transaction summary, exactly', () => {
    const f = fx();
    const r = rfmSummary(txs(f), { observationEnd: '2015-02-07' });
    expect(rows(r as never, ['frequency', 'recency', 'monetary']))
      .toEqual(f['rfm_summary_include_first_transaction_end_2015-02-07'].rows);
  });

  it.runIf(ANCHORS !== null)('quartile scores and segments with pymc-marketing’s default config, exactly', () => {
    const f = fx();
    const want = f['rfm_segments_default_config_end_None(max date 2015-02-06)'];
    const scored = rfmScores(rfmSummary(txs(f)), { q: 4, segments: f.default_segment_config, other: 'Other' });
    expect(scored.map((s) => s.score)).toEqual(want.rfm_score_derived_by_hand);
    expect(scored.map((s) => s.segment)).toEqual(want.segment);
  });
});
