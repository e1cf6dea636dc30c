/** Locale-aware formatting: Persian digits and the Jalali calendar in fa, or whatever the user chose. */
import { useMemo } from 'react';
import { displayPhone } from '../../../common/phone';
import { toPersianDigits } from '../../../common/fa-normalize';
import { shownIdentifier } from '../../../common/identifier';
import { usePrefs, type Prefs } from './prefs';

export function intlLocale(prefs: Pick<Prefs, 'locale' | 'calendar'>): string {
  const base = prefs.locale === 'fa' ? 'fa-IR' : 'en-GB';
  return `${base}-u-ca-${prefs.calendar === 'jalali' ? 'persian' : 'gregory'}`;
}

export type Formatter = ReturnType<typeof makeFormatter>;

/**
 * Accepts ISO instants, plain dates (read at noon UTC so no zone moves them to another day) and Postgres' text form
 * ("2024-08-02 10:00:00.1+00"), which some endpoints pass through unchanged.
 */
export function toDate(value: string): Date {
  if (value.length === 10) return new Date(`${value}T12:00:00Z`);
  const pg = value.match(/^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(?::?(\d{2}))?$/);
  if (pg) return new Date(`${pg[1]}T${pg[2]}${pg[3]}:${pg[4] ?? '00'}`);
  return new Date(value);
}

export function makeFormatter(prefs: Prefs) {
  const locale = intlLocale(prefs);
  const numberFmt = new Intl.NumberFormat(prefs.locale === 'fa' ? 'fa-IR' : 'en-US');
  // Never dateStyle 'full': its Persian weekday/era order reads badly; explicit parts are stable.
  const dateFmt = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: prefs.timeZone });
  const dateTimeFmt = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: prefs.timeZone });
  const digits = (s: string) => (prefs.locale === 'fa' ? toPersianDigits(s) : s);

  return {
    locale: prefs.locale,
    number: (n: number) => numberFmt.format(n),
    /** Any text whose digits should follow the language (IDs, codes), without grouping. */
    digits,
    /** A product or other code, one way everywhere (common/identifier.ts); show it inside <Ltr>. */
    code: (value: string) => shownIdentifier(value, prefs.locale),
    date: (value: string | null | undefined) => (value ? dateFmt.format(toDate(value)) : ''),
    dateTime: (value: string | null | undefined) => (value ? dateTimeFmt.format(toDate(value)) : ''),
    /** The one display form of a phone (common/phone.ts displayPhone); show it inside <Ltr> (a <bdi dir="ltr">). */
    phone: (number: string) => displayPhone(number, prefs.locale),
    duration: (sec: number) => {
      const m = Math.floor(sec / 60);
      const s = sec % 60;
      return digits(`${m}:${String(s).padStart(2, '0')}`);
    },
  };
}

export function useFormat(): Formatter {
  const { prefs } = usePrefs();
  return useMemo(() => makeFormatter(prefs), [prefs]);
}
