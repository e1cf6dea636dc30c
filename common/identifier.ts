/**
 * The one display rule for identifiers (product codes, economic codes, national IDs): one made only of digits and
 * separators takes Persian digits in Persian; one with letters («FR-200», «4111-22 ABC») stays as typed, since a
 * code is searched and read back the way it was written. The PDF and the screens both use it.
 */
import { toPersianDigits } from './fa-normalize.ts';

const DIGITS_ONLY = /^[0-9\s\-\/()+.]+$/;

export function shownIdentifier(value: string, locale: 'fa' | 'en' | string): string {
  return locale === 'fa' && DIGITS_ONLY.test(value) ? toPersianDigits(value) : value;
}
