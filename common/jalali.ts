/** Jalali (Persian calendar) helpers: display via Intl, arithmetic and parsing via jalaali-js. */
import jalaali from 'jalaali-js';
import { toLatinDigits } from './fa-normalize.ts';

export const TEHRAN = 'Asia/Tehran';

/** The calendar day (YYYY-MM-DD) an instant falls on in a time zone. */
export const todayIn = (now: Date, timeZone: string = TEHRAN): string => dayFormatter(timeZone).format(now);

/** One formatter per time zone: building an Intl.DateTimeFormat costs ~20–50 µs, and todayIn runs on hot paths (the 360° view). */
const dayFormatters = new Map<string, Intl.DateTimeFormat>();
function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = dayFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    // Zones are few (Tehran and the users' own); a bound keeps a stream of invalid-zone attempts from growing it.
    if (dayFormatters.size < 100) dayFormatters.set(timeZone, f);
  }
  return f;
}

/** An ISO date moved by whole days. */
export const addDays = (isoDate: string, days: number): string =>
  new Date(Date.parse(isoDate + 'T00:00:00Z') + days * 86_400_000).toISOString().slice(0, 10);

/** Parses "1403/05/12", "۱۴۰۳-۵-۱۲" (Jalali) or "2024-08-02" (Gregorian, year > 1700) to an ISO date string. */
export function parseDateInput(input: string): string | null {
  const m = toLatinDigits(input).trim().match(/^(\d{4})[\/\-.](\d{1,2})[\/\-.](\d{1,2})$/);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y > 1700) {
    const dt = new Date(Date.UTC(y, mo - 1, d));
    if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
    return dt.toISOString().slice(0, 10);
  }
  if (!jalaali.isValidJalaaliDate(y, mo, d)) return null;
  const g = jalaali.toGregorian(y, mo, d);
  return `${g.gy}-${String(g.gm).padStart(2, '0')}-${String(g.gd).padStart(2, '0')}`;
}

/** ISO date (YYYY-MM-DD) → Jalali "1403/05/12" with ASCII digits. */
export function toJalaliString(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  const j = jalaali.toJalaali(y, m, d);
  return `${j.jy}/${String(j.jm).padStart(2, '0')}/${String(j.jd).padStart(2, '0')}`;
}

export function formatDate(value: string | Date, locale: 'fa' | 'en', timeZone = TEHRAN): string {
  const d = typeof value === 'string' ? new Date(value.length === 10 ? value + 'T12:00:00Z' : value) : value;
  return new Intl.DateTimeFormat(locale === 'fa' ? 'fa-IR-u-ca-persian' : 'en-GB', {
    year: 'numeric', month: 'short', day: 'numeric', timeZone,
  }).format(d);
}

export function formatDateTime(value: string | Date, locale: 'fa' | 'en', timeZone = TEHRAN): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  return new Intl.DateTimeFormat(locale === 'fa' ? 'fa-IR-u-ca-persian' : 'en-GB', {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone,
  }).format(d);
}
