/** Small helpers the call screens share: a number as people dial it, and "3 hours ago" in the user's language. */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** An Iranian number as dialled at home (0912 …), a foreign one with its country code: what the customer form expects. */
export function dialable(number: string): string {
  const p = parsePhoneNumberFromString(number);
  if (!p) return number;
  return p.countryCallingCode === '98' ? p.formatNational() : p.formatInternational();
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [['year', 31_536_000], ['month', 2_592_000], ['week', 604_800], ['day', 86_400], ['hour', 3600], ['minute', 60]];

export function relativeTime(iso: string, locale: 'fa' | 'en', now = Date.now()): string {
  const sec = Math.round((new Date(iso).getTime() - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale === 'fa' ? 'fa-IR' : 'en', { numeric: 'auto' });
  for (const [unit, size] of UNITS) if (Math.abs(sec) >= size) return rtf.format(Math.round(sec / size), unit);
  return rtf.format(0, 'minute');
}
