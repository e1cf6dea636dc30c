/** Cell values of Iranian files: dates (Jalali or Gregorian), several phones in one cell, amounts, genders, kinds. */
import jalaali from 'jalaali-js';
import { toLatinDigits } from '../../../common/fa-normalize.ts';
import { normalizePhone } from '../../../common/phone.ts';
import type { DATE_MODES } from '../../../common/imports.schemas.ts';

export type DateMode = (typeof DATE_MODES)[number];

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * "1370/05/12", "۱۳۷۰-۰۵-۱۲", "1991-08-03", "1991/8/3" → ISO date. In `auto` a year below 1700 is Jalali; `jalali`
 * refuses a Gregorian year and `gregorian` a Jalali one (a file in one calendar with a typo is caught, not shifted).
 */
export function parseImportDate(input: string, mode: DateMode): { ok: true; iso: string } | { ok: false; reason: string } {
  const m = toLatinDigits(input).trim().match(/^(\d{4})\s*[\/\-.]\s*(\d{1,2})\s*[\/\-.]\s*(\d{1,2})(?:[ T].*)?$/);
  if (!m) return { ok: false, reason: `"${input}" is not a date (use 1370/05/12 or 1991-08-03)` };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const jalali = y < 1700;
  if (mode === 'jalali' && !jalali) return { ok: false, reason: `"${input}" is not a Jalali date` };
  if (mode === 'gregorian' && jalali) return { ok: false, reason: `"${input}" is not a Gregorian date` };
  if (jalali) {
    if (!jalaali.isValidJalaaliDate(y, mo, d)) return { ok: false, reason: `"${input}" is not a valid Jalali date` };
    const g = jalaali.toGregorian(y, mo, d);
    return { ok: true, iso: `${g.gy}-${pad(g.gm)}-${pad(g.gd)}` };
  }
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return { ok: false, reason: `"${input}" is not a valid date` };
  return { ok: true, iso: dt.toISOString().slice(0, 10) };
}

/** Splits a cell holding several values: , ، ; / newline, or " - " (a dash with spaces; a dash inside a number stays). */
export function splitMulti(cell: string): string[] {
  return cell.split(/[,،;؛\/\n\r|]| - /).map((s) => s.trim()).filter(Boolean);
}

export type PhoneCell = { numbers: { e164: string; mobile: boolean }[]; invalid: string[] };

export function parsePhones(cell: string): PhoneCell {
  const out: PhoneCell = { numbers: [], invalid: [] };
  for (const part of splitMulti(cell)) {
    // A number that lost its leading 0 in a spreadsheet (9121234567) is still an Iranian mobile.
    const candidate = /^9\d{9}$/.test(toLatinDigits(part).replace(/\D/g, '')) && !/^\+/.test(part) ? '0' + toLatinDigits(part).replace(/\D/g, '') : part;
    const r = normalizePhone(candidate);
    if (r.ok) out.numbers.push({ e164: r.e164, mobile: r.type === 'MOBILE' || r.type === 'FIXED_LINE_OR_MOBILE' });
    else out.invalid.push(part);
  }
  return out;
}

/** "12,500,000" / "۱۲٬۵۰۰٬۰۰۰" / "12500000.00" → integer; in Toman × 10 (stored in Rials). */
export function parseAmount(cell: string, unit: 'rial' | 'toman'): number | null {
  const s = toLatinDigits(cell).replace(/[,٬،\s]|ریال|تومان|rials?|tomans?/gi, '').replace(/\.0*$/, '');
  if (!/^-?\d+$/.test(s)) return null;
  const n = Number(s) * (unit === 'toman' ? 10 : 1);
  return Number.isSafeInteger(n) ? n : null;
}

export function parseNumber(cell: string): number | null {
  const s = toLatinDigits(cell).replace(/[,٬\s]/g, '').replace('٫', '.');
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : null;
}

const MALE = new Set(['male', 'm', 'man', 'مرد', 'آقا', 'اقا', 'مذکر']);
const FEMALE = new Set(['female', 'f', 'woman', 'زن', 'خانم', 'مونث', 'مؤنث']);
export function parseGender(cell: string): 'male' | 'female' | null | undefined {
  const s = cell.trim().toLowerCase();
  if (MALE.has(s)) return 'male';
  if (FEMALE.has(s)) return 'female';
  return s ? undefined : null;
}

const ORG = new Set(['organization', 'organisation', 'company', 'legal', 'حقوقی', 'شرکت', 'سازمان']);
const PERSON = new Set(['person', 'individual', 'natural', 'حقیقی', 'شخص', 'فرد']);
export function parseKind(cell: string): 'person' | 'organization' | undefined {
  const s = cell.trim().toLowerCase();
  if (ORG.has(s)) return 'organization';
  if (PERSON.has(s)) return 'person';
  return undefined;
}

/** A national ID that a spreadsheet stored as a number lost its leading zeros: 12345678 → 0012345678. */
export function padNationalId(cell: string): string {
  const s = toLatinDigits(cell).replace(/[\s\-_.]/g, '');
  return /^\d{8,9}$/.test(s) ? s.padStart(10, '0') : s;
}
