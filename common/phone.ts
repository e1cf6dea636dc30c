/** Phone numbers: any input (Persian/Arabic digits, 09…, 98…, 0098…, +98 …, spaces, dashes) → E.164. */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { toLatinDigits } from './fa-normalize.ts';

export type PhoneResult = { ok: true; e164: string; national: string; type: string | undefined } | { ok: false; reason: string };

/** Digits and a leading + only, with Persian/Arabic digits made ASCII. */
export function phoneDigits(input: string): string {
  const latin = toLatinDigits(input).trim();
  const plus = latin.startsWith('+');
  const digits = latin.replace(/\D/g, '');
  return (plus ? '+' : '') + digits;
}

export function normalizePhone(input: string, defaultCountry: CountryCode = 'IR'): PhoneResult {
  // A trailing extension ("x 12", "ext. 12", "داخلی ۱۲") is not part of the number; a letter of any script anywhere
  // else is an error. (Persian and Arabic-Indic digits are digits, not letters.)
  const main = input.trim().replace(/^tel:/i, '').replace(/\s*(ext\.?|x|داخلی)\s*[\d\u06F0-\u06F9\u0660-\u0669]+\s*$/iu, '');
  if (/\p{L}/u.test(main)) {
    return { ok: false, reason: 'letters' };
  }
  let s = phoneDigits(main);
  if (s.startsWith('00')) s = '+' + s.slice(2);
  // A PBX or a copy-paste often drops the '+': 98912… (12 digits) is an Iranian number in international form.
  if (defaultCountry === 'IR' && !s.startsWith('+') && /^98\d{10}$/.test(s)) s = '+' + s;
  if (s.replace('+', '').length < 4) return { ok: false, reason: 'too_short' };
  const p = parsePhoneNumberFromString(s, defaultCountry);
  if (!p || !p.isValid()) return { ok: false, reason: 'invalid' };
  return { ok: true, e164: p.number, national: p.formatNational(), type: p.getType() };
}

/**
 * The digits to search for when a user types part of a phone number: country code and trunk 0 removed,
 * so "0912 123", "+98912123" and "۹۱۲۱۲۳" all become "912123". Returns null when the query is not phone-like.
 */
export function phoneSearchKey(query: string): string | null {
  const s = phoneDigits(query);
  const digits = s.replace('+', '');
  const nonDigit = toLatinDigits(query).replace(/[\d\s()+\-.]/g, '');
  if (nonDigit.length > 0 || digits.length < 3) return null;
  let d = digits;
  if (s.startsWith('+98') || s.startsWith('0098')) d = digits.replace(/^(00)?98/, '');
  else if (/^98\d{10}$/.test(d)) d = d.slice(2);
  else if (d.startsWith('0')) d = d.slice(1);
  return d.length >= 3 ? d : null;
}

/** Tokens stored in the search document for a phone in E.164: full digits, national significant number, 0-form. */
export function phoneIndexTokens(e164: string): string[] {
  const p = parsePhoneNumberFromString(e164);
  if (!p) return [e164.replace('+', '')];
  const nsn = p.nationalNumber as string;
  return [e164.replace('+', ''), nsn, '0' + nsn];
}
