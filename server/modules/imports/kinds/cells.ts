/** Cell readers the kinds share: days (also YYYYMMDD), money with decimals, quantities, yes/no. */
import { toLatinDigits } from '../../../../common/fa-normalize.ts';
import { parseImportDate, parseNumber, type DateMode } from '../values.ts';

/** As the customer import's dates, plus the compact 19970101 of transaction logs. */
export function parseDay(cell: string, mode: DateMode): { ok: true; iso: string } | { ok: false; reason: string } {
  const s = toLatinDigits(cell).trim();
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  return parseImportDate(compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : cell, mode);
}

/** "12,500,000", "۱۲٬۵۰۰٬۰۰۰ ریال", "11.77" → integer Rials (decimals rounded half up; Toman × 10). */
export function parseMoney(cell: string, unit: 'rial' | 'toman'): bigint | null {
  const s = toLatinDigits(cell).replace(/[,٬،\s]|ریال|تومان|rials?|tomans?|\$/gi, '').replace('٫', '.');
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return null;
  const factor = unit === 'toman' ? 10n : 1n;
  const whole = BigInt(m[1]) * factor;
  const frac = m[2] ? Number('0.' + m[2]) * Number(factor) : 0;
  const n = whole + BigInt(Math.floor(frac + 0.5));
  return n <= 9_000_000_000_000_000n ? n : null;
}

/** A quantity above zero with at most 3 decimals, as the documents store it ("2", "1.5"). */
export function parseQuantity(cell: string): string | null {
  const n = parseNumber(cell);
  if (n === null || !(n > 0) || n >= 1e11) return null;
  const milli = Math.round(n * 1000);
  if (milli <= 0) return null;
  const s = (milli / 1000).toFixed(3).replace(/\.?0+$/, '');
  return s;
}

const YES = new Set(['yes', 'y', 'true', '1', 'paid', 'بله', 'آره', 'بلی', 'دارد', 'پرداخت شده', 'پرداخت‌شده', 'تسویه', 'تسویه شده', '✓', 'x']);
const NO = new Set(['no', 'n', 'false', '0', 'unpaid', 'خیر', 'نه', 'ندارد', 'پرداخت نشده', 'پرداخت‌نشده', 'نسیه']);
export function parseYesNo(cell: string): boolean | undefined {
  const s = toLatinDigits(cell).trim().toLowerCase();
  if (YES.has(s)) return true;
  if (NO.has(s)) return false;
  return undefined;
}
