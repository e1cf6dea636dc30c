/**
 * Jalali report periods: months (Farvardin … Esfand), seasons (spring = months 1–3 … winter = 10–12) and years,
 * as half-open Gregorian date ranges [start, stop) clipped to the asked range, so SQL can group plain `date` columns.
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

/** The Jalali year and month of an ISO date. */
export function jalaliOf(isoDate: string): { jy: number; jm: number; jd: number } {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return jalaali.toJalaali(y, m, d);
}

/** The Jalali month `n` months after (or before, when negative) jy/jm. */
export function shiftMonth(jy: number, jm: number, n: number): { jy: number; jm: number } {
  const k = jy * 12 + (jm - 1) + n;
  return { jy: Math.floor(k / 12), jm: (k % 12) + 1 };
}

/** First Gregorian day of a Jalali month. */
export const monthStart = (jy: number, jm: number) => gFromJ(jy, jm, 1);

/** Which period an ISO date falls in. */
export function periodOf(kind: PeriodKind, isoDate: string): { key: string; year: number; index: number; start: string; stop: string } {
  const { jy, jm } = jalaliOf(isoDate);
  if (kind === 'year') return { key: String(jy), year: jy, index: 1, start: monthStart(jy, 1), stop: monthStart(jy + 1, 1) };
  if (kind === 'season') {
    const s = Math.floor((jm - 1) / 3) + 1;
    const first = (s - 1) * 3 + 1;
    const next = shiftMonth(jy, first, 3);
    return { key: `${jy}-S${s}`, year: jy, index: s, start: monthStart(jy, first), stop: monthStart(next.jy, next.jm) };
  }
  const next = shiftMonth(jy, jm, 1);
  return { key: `${jy}-${String(jm).padStart(2, '0')}`, year: jy, index: jm, start: monthStart(jy, jm), stop: monthStart(next.jy, next.jm) };
}

/** Every period that overlaps [from, to] (inclusive ISO dates), in order, each clipped to the range. */
export function periodsBetween(kind: PeriodKind, from: string, to: string): Period[] {
  const end = addDays(to, 1);
  const out: Period[] = [];
  for (let day = from; day < end;) {
    const p = periodOf(kind, day);
    out.push({ ...p, kind, start: day, stop: p.stop < end ? p.stop : end });
    day = p.stop;
  }
  return out;
}

export function periodLabel(p: Pick<Period, 'kind' | 'year' | 'index'>, lang: 'fa' | 'en'): string {
  const year = lang === 'fa' ? p.year.toLocaleString('fa-IR', { useGrouping: false }) : String(p.year);
  if (p.kind === 'year') return year;
  const names = p.kind === 'month' ? MONTHS[lang] : SEASONS[lang];
  return `${names[p.index - 1]} ${year}`;
}

/**
 * The range a report covers when none is given, ending today: the last 12 Jalali months, the last 4 seasons, or the
 * last 3 Jalali years (each including the current, unfinished one).
 */
export function defaultRange(kind: PeriodKind, today: string): { from: string; to: string } {
  const { jy, jm } = jalaliOf(today);
  if (kind === 'year') return { from: monthStart(jy - 2, 1), to: today };
  if (kind === 'season') {
    const first = shiftMonth(jy, Math.floor((jm - 1) / 3) * 3 + 1, -9);
    return { from: monthStart(first.jy, first.jm), to: today };
  }
  const first = shiftMonth(jy, jm, -11);
  return { from: monthStart(first.jy, first.jm), to: today };
}
