/** Phone numbers: any input (Persian/Arabic digits, 09…, 98…, 0098…, +98 …, spaces, dashes) → E.164. */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { toLatinDigits, toPersianDigits } from './fa-normalize.ts';

export type PhoneResult = { ok: true; e164: string; national: string; type: string | undefined } | { ok: false; reason: string };

/** Digits and a leading + only, with Persian/Arabic digits made ASCII. */
export function phoneDigits(input: string): string {
  const latin = toLatinDigits(input).trim();
  const plus = latin.startsWith('+');
  const digits = latin.replace(/\D/g, '');
  return (plus ? '+' : '') + digits;
}

/**
 * Recent answers of normalizePhone (a pure function): an import parses each number in its cell, then the customer
 * schema, the erased-contacts check and the search document see the same E.164 again. Bounded; emptied when full.
 */
const recent = new Map<string, PhoneResult>();
const RECENT_MAX = 4096;

export function normalizePhone(input: string, defaultCountry: CountryCode = 'IR'): PhoneResult {
  const key = defaultCountry + '|' + input;
  const hit = recent.get(key);
  if (hit) return { ...hit };
  const r = parsePhone(input, defaultCountry);
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(key, r);
  // A valid number's E.164 form normalizes to itself: the next parse of it is a hit too.
  if (r.ok && r.e164 !== input) recent.set(defaultCountry + '|' + r.e164, r);
  return { ...r };
}

function parsePhone(input: string, defaultCountry: CountryCode): PhoneResult {
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
  const nine = defaultCountry === 'IR' ? IR_NINE.exec(s) : null;
  if (nine) return byPrefix(nine[1]);
  return fullParse(s, defaultCountry);
}

function fullParse(s: string, defaultCountry: CountryCode): PhoneResult {
  const p = parsePhoneNumberFromString(s, defaultCountry);
  if (!p || !p.isValid()) return { ok: false, reason: 'invalid' };
  return { ok: true, e164: p.number, national: p.formatNational(), type: p.getType() };
}

/**
 * An Iranian number of ten national digits beginning with 9 (every mobile): in libphonenumber's metadata for Iran,
 * whether such a number is valid, its type and its national layout ("0912 345 6789") depend on its first six national
 * digits only (each pattern that can match one is a prefix of at most six digits and then \d{4} or more). So one
 * full parse per prefix is kept, and another number with that prefix is filled into its layout: an import of a
 * million distinct mobiles pays ~13 µs a number for libphonenumber otherwise (docs/benchmarks.md, "Import", third
 * pass). phone.test.ts compares the two ways on a sweep of every prefix, so a metadata update that breaks the rule fails there.
 */
const IR_NINE = /^(?:\+98|0)?(9\d{9})$/;
type PrefixAnswer = { ok: false } | { ok: true; layout: string; type: string | undefined } | null;
const byNinePrefix = new Map<string, PrefixAnswer>(); // at most 100,000 six-digit prefixes: bounded

function byPrefix(nsn: string): PhoneResult {
  const prefix = nsn.slice(0, 6);
  const known = byNinePrefix.get(prefix);
  if (known === undefined) {
    const r = fullParse('+98' + nsn, 'IR');
    // The layout keeps the national form's separators; its digits must be exactly 0 + the national number.
    const layout = r.ok && r.national.replace(/\D/g, '') === '0' + nsn ? r.national.replace(/\d/g, '#') : null;
    byNinePrefix.set(prefix, !r.ok ? { ok: false } : layout ? { ok: true, layout, type: r.type } : null);
    return r;
  }
  if (known === null) return fullParse('+98' + nsn, 'IR');
  if (!known.ok) return { ok: false, reason: 'invalid' };
  let k = 0;
  const digits = '0' + nsn;
  const national = known.layout.replace(/#/g, () => digits[k++]);
  return { ok: true, e164: '+98' + nsn, national, type: known.type };
}

/** The full parse, bypassing the per-prefix answers (for the test that compares both ways). */
export function parsePhoneSlowly(input: string): PhoneResult {
  return fullParse(input, 'IR');
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
  // An Iranian number (the common case): the national significant number is what follows +98.
  if (/^\+98[1-9]\d{9}$/.test(e164)) return [e164.slice(1), e164.slice(3), '0' + e164.slice(3)];
  const p = parsePhoneNumberFromString(e164);
  if (!p) return [e164.replace('+', '')];
  const nsn = p.nationalNumber as string;
  return [e164.replace('+', ''), nsn, '0' + nsn];
}

/**
 * The one display form of a phone, wherever the app shows one: an Iranian number as dialled at home ("0912 345 6789",
 * Persian digits in fa), a foreign one with its country code ("+44 20 7946 0958"). Accepts E.164 or any form
 * normalizePhone reads; text that is not a phone number comes back as it was (digits still follow the language).
 * The caller isolates it as a left-to-right island (<bdi dir="ltr">), e.g. web/src/components/Ltr.tsx.
 */
export function displayPhone(input: string, locale: 'fa' | 'en'): string {
  const p = validPhone(input);
  const text = p ? (p.countryCallingCode === '98' ? p.formatNational() : p.formatInternational()) : input;
  return locale === 'fa' ? toPersianDigits(text) : toLatinDigits(text);
}

/** A tel: link always dials the E.164 form (a softphone or a phone abroad dials it right); not a number: the digits. */
export function telHref(input: string): string {
  const p = validPhone(input);
  return `tel:${p ? p.number : phoneDigits(input)}`;
}

function validPhone(input: string) {
  const p = parsePhoneNumberFromString(toLatinDigits(input), 'IR');
  return p?.isValid() ? p : undefined;
}
