/**
 * The dashboard's windows: the chosen period, the one before it (the previous calendar month/season/year, or as many
 * days just before a custom range), and the trend's buckets (weeks for periods up to 92 days, else months), each with
 * the window its retention compares with. Half-open Gregorian ISO days [start, stop).
 */
import type { DashboardPeriod } from '../../../common/dashboard.schemas.ts';
import { addDays, periodOf, periodsBetween, type ReportCalendar } from './periods.ts';

export type Window = { key: string; start: string; stop: string; prior: { start: string; stop: string } };
export type DashboardWindows = {
  kind: DashboardPeriod; calendar: ReportCalendar; granularity: 'week' | 'month';
  current: Window; previous: Window; buckets: Window[];
};

const DAY = 86_400_000;
export const daysBetween = (start: string, stop: string) => Math.round((Date.parse(stop) - Date.parse(start)) / DAY);
/** The same number of days just before. */
const before = (w: { start: string; stop: string }) => ({ start: addDays(w.start, -daysBetween(w.start, w.stop)), stop: w.start });

/** The window just before `w`: the previous calendar period when `w` is one whole period of `kind`, else equal days. */
function priorOf(w: { start: string; stop: string }, kind: 'month' | 'season' | 'year' | null, cal: ReportCalendar) {
  if (kind) {
    const p = periodOf(kind, w.start, cal);
    if (p.start === w.start && p.stop === w.stop) {
      const q = periodOf(kind, addDays(w.start, -1), cal);
      return { start: q.start, stop: q.stop };
    }
  }
  return before(w);
}

/** Weeks start on Saturday in the Jalali calendar and on Monday in the Gregorian one; the first and last are clipped. */
export function weeksBetween(start: string, stop: string, cal: ReportCalendar): { start: string; stop: string }[] {
  const first = cal === 'jalali' ? 6 : 1;
  const out: { start: string; stop: string }[] = [];
  let s = start;
  for (let d = addDays(start, 1); d < stop; d = addDays(d, 1)) {
    if (new Date(`${d}T00:00:00Z`).getUTCDay() === first) { out.push({ start: s, stop: d }); s = d; }
  }
  out.push({ start: s, stop });
  return out;
}

export function dashboardWindows(q: { period: DashboardPeriod; calendar: ReportCalendar; from?: string; to?: string }, today: string): DashboardWindows {
  const cal = q.calendar;
  let cur: { start: string; stop: string };
  if (q.period === 'custom') {
    const to = q.to ?? (q.from && q.from > today ? q.from : today);
    cur = { start: q.from ?? addDays(to, -29), stop: addDays(to, 1) };
  } else {
    const p = periodOf(q.period, q.from ?? today, cal);
    cur = { start: p.start, stop: p.stop };
  }
  const kind = q.period === 'custom' ? null : q.period;
  const prevRange = priorOf(cur, kind, cal);
  const current: Window = { key: 'current', ...cur, prior: prevRange };
  const previous: Window = { key: 'previous', ...prevRange, prior: priorOf(prevRange, kind, cal) };
  const granularity = daysBetween(cur.start, cur.stop) <= 92 ? 'week' : 'month';
  const ranges = granularity === 'week'
    ? weeksBetween(cur.start, cur.stop, cal)
    : periodsBetween('month', cur.start, addDays(cur.stop, -1), cal).map((p) => ({ start: p.start, stop: p.stop }));
  const buckets = ranges.map((r) => ({ key: r.start, ...r, prior: priorOf(r, granularity === 'month' ? 'month' : null, cal) }));
  return { kind: q.period, calendar: cal, granularity, current, previous, buckets };
}

/** The 12 months (of the calendar) ending with the month of `lastDay`, for the cohort table. */
export function cohortMonths(lastDay: string, cal: ReportCalendar): { key: string; start: string; stop: string }[] {
  const last = periodOf('month', lastDay, cal);
  const out: { key: string; start: string; stop: string }[] = [];
  let p = last;
  for (let i = 0; i < 12; i++) {
    out.unshift({ key: p.key, start: p.start, stop: p.stop });
    p = periodOf('month', addDays(p.start, -1), cal);
  }
  return out;
}
