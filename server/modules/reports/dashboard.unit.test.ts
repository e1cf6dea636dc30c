/** The dashboard's windows: calendar periods and the one before, custom ranges, Saturday/Monday weeks, cohort months. */
import { describe, it, expect } from 'vitest';
import { cohortMonths, dashboardWindows, weeksBetween } from './dashboard.periods.ts';

describe('dashboard windows', () => {
  it('takes the Jalali season around a day, compared with the season before', () => {
    // Summer 1405: 1 Tir (2026-06-22) to the end of Shahrivar (2026-09-22); spring: 1 Farvardin (2026-03-21) to 31 Khordad.
    const w = dashboardWindows({ period: 'season', calendar: 'jalali', from: '2026-08-01' }, '2026-12-01');
    expect([w.current.start, w.current.stop]).toEqual(['2026-06-22', '2026-09-23']);
    expect([w.previous.start, w.previous.stop]).toEqual(['2026-03-21', '2026-06-22']);
    expect(w.granularity).toBe('month'); // 93 days
    expect(w.buckets.map((b) => b.start)).toEqual(['2026-06-22', '2026-07-23', '2026-08-23']);
    // Mordad's retention compares with Tir.
    expect(w.buckets[1].prior).toEqual({ start: '2026-06-22', stop: '2026-07-23' });
  });

  it('compares a custom range with as many days just before', () => {
    const w = dashboardWindows({ period: 'custom', calendar: 'gregorian', from: '2026-05-10', to: '2026-05-19' }, '2026-12-01');
    expect(w.current).toMatchObject({ start: '2026-05-10', stop: '2026-05-20' });
    expect(w.previous).toMatchObject({ start: '2026-04-30', stop: '2026-05-10', prior: { start: '2026-04-20', stop: '2026-04-30' } });
  });

  it('cuts weeks on Saturdays (Jalali) or Mondays (Gregorian)', () => {
    // 2026-05-01 is a Friday; 2026-05-02 a Saturday; 2026-05-04 a Monday.
    expect(weeksBetween('2026-05-01', '2026-05-10', 'jalali')).toEqual([{ start: '2026-05-01', stop: '2026-05-02' }, { start: '2026-05-02', stop: '2026-05-09' }, { start: '2026-05-09', stop: '2026-05-10' }]);
    expect(weeksBetween('2026-05-01', '2026-05-10', 'gregorian')).toEqual([{ start: '2026-05-01', stop: '2026-05-04' }, { start: '2026-05-04', stop: '2026-05-10' }]);
  });

  it('lists the 12 cohort months ending with the period', () => {
    const m = cohortMonths('2026-04-25', 'jalali');
    expect(m).toHaveLength(12);
    expect(m[0]).toEqual({ key: '1404-03', start: '2025-05-22', stop: '2025-06-22' });
    expect(m[11]).toEqual({ key: '1405-02', start: '2026-04-21', stop: '2026-05-22' });
  });
});
