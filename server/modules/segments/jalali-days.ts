/**
 * Birthdays by the Jalali calendar: a person born on 1370/05/12 celebrates every 5/12, whatever Gregorian day that is.
 * SQL `jalali_md(date)` (migration 0020) gives month × 100 + day of a Gregorian date, from a table of the Gregorian
 * dates of Nowruz; the database keeps it for every customer (customers.birthday_jmd, a generated column), so a birthday
 * rule is a comparison of integers. `jalaliMonthDay` is its twin here (a test checks they agree).
 */
import jalaali from 'jalaali-js';
import { addDays } from '../../../common/jalali.ts';

/** Month × 100 + day of the Jalali date of an ISO (Gregorian) date: 1991-08-03 → 512. */
export function jalaliMonthDay(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  const j = jalaali.toJalaali(y, m, d);
  return j.jm * 100 + j.jd;
}

/**
 * The Jalali month-days of the days today+from … today+to. Someone born on Esfand 30 (a leap day) celebrates on
 * Esfand 29 in a common year: when Esfand 29 of a common year is in the window, 1230 is included too.
 */
export function birthdayWindow(today: string, from: number, to: number): number[] {
  const out = new Set<number>();
  for (let i = from; i <= to; i++) {
    const day = addDays(today, i);
    const md = jalaliMonthDay(day);
    out.add(md);
    if (md === 1229) {
      const [y, m, d] = day.split('-').map(Number);
      if (!jalaali.isLeapJalaaliYear(jalaali.toJalaali(y, m, d).jy)) out.add(1230);
    }
  }
  return [...out].sort((a, b) => a - b);
}

/** Gregorian day of March on which Farvardin 1 falls, for Gregorian years `from` … `to` (for the SQL table). */
export function nowruzMarchDays(from: number, to: number): number[] {
  const out: number[] = [];
  for (let gy = from; gy <= to; gy++) {
    const g = jalaali.toGregorian(gy - 621, 1, 1);
    if (g.gy !== gy || g.gm !== 3) throw new Error(`Nowruz of ${gy} is not in March`);
    out.push(g.gd);
  }
  return out;
}
