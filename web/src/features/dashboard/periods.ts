/**
 * The period picker's choices in the reader's calendar: the last 24 months, 8 seasons (quarters) or 5 (fiscal)
 * years, newest first, each as the ISO day it starts on (the API takes any day inside the period).
 */
import jalaali from 'jalaali-js';
import type { Calendar } from '../../api/types';

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const startOf = (cal: Calendar, y: number, m: number) => {
  if (cal === 'gregorian') return iso(y, m, 1);
  const g = jalaali.toGregorian(y, m, 1);
  return iso(g.gy, g.gm, g.gd);
};
const shift = (y: number, m: number, n: number) => { const k = y * 12 + m - 1 + n; return { y: Math.floor(k / 12), m: (k % 12) + 1 }; };

export type PeriodChoice = { start: string; year: number; index: number };

export function periodChoices(kind: 'month' | 'season' | 'year', today: string, cal: Calendar): PeriodChoice[] {
  const [gy, gm, gd] = today.split('-').map(Number);
  const { y, m } = cal === 'jalali' ? (({ jy, jm }) => ({ y: jy, m: jm }))(jalaali.toJalaali(gy, gm, gd)) : { y: gy, m: gm };
  const out: PeriodChoice[] = [];
  if (kind === 'month') for (let i = 0; i < 24; i++) { const p = shift(y, m, -i); out.push({ start: startOf(cal, p.y, p.m), year: p.y, index: p.m }); }
  if (kind === 'season') {
    const first = Math.floor((m - 1) / 3) * 3 + 1;
    for (let i = 0; i < 8; i++) { const p = shift(y, first, -3 * i); out.push({ start: startOf(cal, p.y, p.m), year: p.y, index: Math.floor((p.m - 1) / 3) + 1 }); }
  }
  if (kind === 'year') for (let i = 0; i < 5; i++) out.push({ start: startOf(cal, y - i, 1), year: y - i, index: 1 });
  return out;
}

export const MONTHS = {
  jalali: {
    fa: ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'],
    en: ['Farvardin', 'Ordibehesht', 'Khordad', 'Tir', 'Mordad', 'Shahrivar', 'Mehr', 'Aban', 'Azar', 'Dey', 'Bahman', 'Esfand'],
  },
  gregorian: {
    fa: ['ژانویه', 'فوریه', 'مارس', 'آوریل', 'مه', 'ژوئن', 'ژوئیه', 'اوت', 'سپتامبر', 'اکتبر', 'نوامبر', 'دسامبر'],
    en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  },
} as const;
export const SEASONS = {
  jalali: { fa: ['بهار', 'تابستان', 'پاییز', 'زمستان'], en: ['Spring', 'Summer', 'Autumn', 'Winter'] },
  gregorian: { fa: ['سه‌ماههٔ اول', 'سه‌ماههٔ دوم', 'سه‌ماههٔ سوم', 'سه‌ماههٔ چهارم'], en: ['Q1', 'Q2', 'Q3', 'Q4'] },
} as const;

/** The month of an ISO day in the calendar: "اردیبهشت ۱۴۰۵" / "Ordibehesht 1405" (years through `digits`). */
export function monthLabel(isoDay: string, cal: Calendar, lang: 'fa' | 'en', digits: (s: string) => string): string {
  const [gy, gm, gd] = isoDay.split('-').map(Number);
  const { y, m } = cal === 'jalali' ? (({ jy, jm }) => ({ y: jy, m: jm }))(jalaali.toJalaali(gy, gm, gd)) : { y: gy, m: gm };
  return `${MONTHS[cal][lang][m - 1]} ${digits(String(y))}`;
}
