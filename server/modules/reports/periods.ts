/**
 * Report periods in the reader's calendar — Jalali months (Farvardin … Esfand), seasons (spring = months 1–3 … winter =
 * 10–12) and years, or Gregorian months, quarters and years — as half-open Gregorian date ranges [start, stop) clipped
 * to the asked range, so SQL can group plain `date` columns.
 */
import jalaali from 'jalaali-js';

export type PeriodKind = 'month' | 'season' | 'year';
export type Period = {
  /** 1405-01 (month), 1405-S1 (season) or 1405 (year). */
  key: string;
  kind: PeriodKind;
  year: number;
  /** Month 1–12, season 1–4, or 1 for a year. */
  index: number;
  /** First day in the period and in the range (ISO). */
  start: string;
  /** The day after the last day in the period and in the range (ISO, exclusive). */
  stop: string;
};

export const MONTHS = {
  fa: ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'],
  en: ['Farvardin', 'Ordibehesht', 'Khordad', 'Tir', 'Mordad', 'Shahrivar', 'Mehr', 'Aban', 'Azar', 'Dey', 'Bahman', 'Esfand'],
} as const;
export const SEASONS = { fa: ['بهار', 'تابستان', 'پاییز', 'زمستان'], en: ['Spring', 'Summer', 'Autumn', 'Winter'] } as const;

const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const gFromJ = (jy: number, jm: number, jd: number) => { const g = jalaali.toGregorian(jy, jm, jd); return iso(g.gy, g.gm, g.gd); };
export { addDays } from '../../../common/jalali.ts';
import { addDays } from '../../../common/jalali.ts';

export type ReportCalendar = 'jalali' | 'gregorian';

/** The Jalali year and month of an ISO date. */
export function jalaliOf(isoDate: string): { jy: number; jm: number; jd: number } {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return jalaali.toJalaali(y, m, d);
}

/** The month `n` months after (or before, when negative) jy/jm — the same arithmetic in either calendar. */
export function shiftMonth(jy: number, jm: number, n: number): { jy: number; jm: number } {
  const k = jy * 12 + (jm - 1) + n;
  return { jy: Math.floor(k / 12), jm: (k % 12) + 1 };
}

/** First Gregorian day of a Jalali month. */
export const monthStart = (jy: number, jm: number) => gFromJ(jy, jm, 1);

/** The year and month of an ISO date in a calendar, and the first (Gregorian ISO) day of a month of that calendar. */
const ymOf = (cal: ReportCalendar, isoDate: string): { y: number; m: number } => {
  if (cal === 'jalali') { const j = jalaliOf(isoDate); return { y: j.jy, m: j.jm }; }
  const [y, m] = isoDate.slice(0, 10).split('-').map(Number);
  return { y, m };
};
const startOf = (cal: ReportCalendar, y: number, m: number) => (cal === 'jalali' ? monthStart(y, m) : iso(y, m, 1));

/**
 * Which period an ISO date falls in. Jalali: 1405-01, 1405-S1 (spring = Farvardin–Khordad), 1405. Gregorian (for users
 * who read that calendar): 2026-01, 2026-Q1 (January–March), 2026.
 */
export function periodOf(kind: PeriodKind, isoDate: string, cal: ReportCalendar = 'jalali'): { key: string; year: number; index: number; start: string; stop: string } {
  const { y, m } = ymOf(cal, isoDate);
  if (kind === 'year') return { key: String(y), year: y, index: 1, start: startOf(cal, y, 1), stop: startOf(cal, y + 1, 1) };
  if (kind === 'season') {
    const s = Math.floor((m - 1) / 3) + 1;
    const first = (s - 1) * 3 + 1;
    const next = shiftMonth(y, first, 3);
    return { key: `${y}-${cal === 'jalali' ? 'S' : 'Q'}${s}`, year: y, index: s, start: startOf(cal, y, first), stop: startOf(cal, next.jy, next.jm) };
  }
  const next = shiftMonth(y, m, 1);
  return { key: `${y}-${String(m).padStart(2, '0')}`, year: y, index: m, start: startOf(cal, y, m), stop: startOf(cal, next.jy, next.jm) };
}

/** Every period that overlaps [from, to] (inclusive ISO dates), in order, each clipped to the range. */
export function periodsBetween(kind: PeriodKind, from: string, to: string, cal: ReportCalendar = 'jalali'): Period[] {
  const end = addDays(to, 1);
  const out: Period[] = [];
  for (let day = from; day < end;) {
    const p = periodOf(kind, day, cal);
    out.push({ ...p, kind, start: day, stop: p.stop < end ? p.stop : end });
    day = p.stop;
  }
  return out;
}

export const GREGORIAN_MONTHS = {
  fa: ['ژانویه', 'فوریه', 'مارس', 'آوریل', 'مه', 'ژوئن', 'ژوئیه', 'اوت', 'سپتامبر', 'اکتبر', 'نوامبر', 'دسامبر'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
} as const;
export const QUARTERS = { fa: ['سه‌ماههٔ اول', 'سه‌ماههٔ دوم', 'سه‌ماههٔ سوم', 'سه‌ماههٔ چهارم'], en: ['Q1', 'Q2', 'Q3', 'Q4'] } as const;

export function periodLabel(p: Pick<Period, 'kind' | 'year' | 'index'>, lang: 'fa' | 'en', cal: ReportCalendar = 'jalali'): string {
  const year = lang === 'fa' ? p.year.toLocaleString('fa-IR', { useGrouping: false }) : String(p.year);
  if (p.kind === 'year') return year;
  const names = p.kind === 'month' ? (cal === 'jalali' ? MONTHS : GREGORIAN_MONTHS)[lang] : (cal === 'jalali' ? SEASONS : QUARTERS)[lang];
  return `${names[p.index - 1]} ${year}`;
}

/**
 * The range a report covers when none is given, ending today: the last 12 months, the last 4 seasons (quarters), or
 * the last 3 years of the calendar (each including the current, unfinished one).
 */
export function defaultRange(kind: PeriodKind, today: string, cal: ReportCalendar = 'jalali'): { from: string; to: string } {
  const { y, m } = ymOf(cal, today);
  if (kind === 'year') return { from: startOf(cal, y - 2, 1), to: today };
  if (kind === 'season') {
    const first = shiftMonth(y, Math.floor((m - 1) / 3) * 3 + 1, -9);
    return { from: startOf(cal, first.jy, first.jm), to: today };
  }
  const first = shiftMonth(y, m, -11);
  return { from: startOf(cal, first.jy, first.jm), to: today };
}
