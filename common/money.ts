/**
 * Money: integer Rials as bigint everywhere, shown in Rial or Toman (1 Toman = 10 Rials), in Persian or English,
 * in figures or in words. Nothing here goes through a JS number, so amounts up to the bigint column's maximum
 * (9,223,372,036,854,775,807) stay exact.
 */
import { toLatinDigits, toPersianDigits } from './fa-normalize.ts';

export type MoneyUnit = 'rial' | 'toman';
export type MoneyLocale = 'fa' | 'en';

/** The largest amount a Postgres bigint column holds. */
export const MAX_RIALS = 9_223_372_036_854_775_807n;

const FA_GROUP = '\u066C'; // ٬ Arabic thousands separator
const FA_DECIMAL = '\u066B'; // ٫ Arabic decimal separator
const MINUS = '\u2212'; // − (a real minus sign, not a hyphen)
const LRM = '\u200E';

const UNIT_LABEL: Record<MoneyLocale, Record<MoneyUnit, string>> = {
  fa: { rial: 'ریال', toman: 'تومان' },
  en: { rial: 'Rial', toman: 'Toman' },
};

/** Whole Tomans of a non-negative Rial amount, half away from zero (5 Rials → 1 Toman). */
function roundedTomans(absRials: bigint): bigint {
  return (absRials + 5n) / 10n;
}

/** A Rial amount as the Tomans shown on screen (signed, rounded half away from zero): what a display total adds up. */
export function tomansShown(rials: bigint): bigint {
  return rials < 0n ? -roundedTomans(-rials) : roundedTomans(rials);
}

function groupThousands(digits: string, sep: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/**
 * 1250000n Rials → «۱٬۲۵۰٬۰۰۰ ریال» / «۱۲۵٬۰۰۰ تومان» / "125,000 Toman".
 * Toman amounts are shown in whole Tomans: the Rials are rounded half away from zero (125 Rials → «۱۳ تومان»,
 * −125 → «−۱۳ تومان», 124 → «۱۲ تومان»), the one display rule (docs/decisions.md, "Toman on screen"). Only an input
 * that must round-trip what was typed asks for `exact`, which keeps the odd Rial as a tenth («۱۲٫۵»). Exports never
 * come here: they carry the exact Rials.
 * Negative amounts (credit notes) carry U+2212 before the digits; in Persian it is preceded by a left-to-right mark
 * (as CLDR's fa pattern does), so that inside right-to-left text the sign stays on the left of the number,
 * where a reader of figures expects it: «‎−۱۲٬۵۰۰ تومان» displays as "−۱۲٬۵۰۰" followed (to the left) by the unit.
 */
export function formatMoney(rials: bigint, opts: { unit: MoneyUnit; locale: MoneyLocale; withUnit?: boolean; exact?: boolean }): string {
  const abs = rials < 0n ? -rials : rials;
  const fa = opts.locale === 'fa';
  let whole: bigint;
  let fraction = '';
  if (opts.unit === 'toman' && opts.exact) {
    whole = abs / 10n;
    const tenth = abs % 10n;
    if (tenth !== 0n) fraction = (fa ? FA_DECIMAL : '.') + tenth.toString();
  } else if (opts.unit === 'toman') {
    whole = roundedTomans(abs);
  } else {
    whole = abs;
  }
  // −4 Rials shows as «۰ تومان», not «−۰».
  const negative = rials < 0n && (whole !== 0n || fraction !== '');
  let figures = groupThousands(whole.toString(), fa ? FA_GROUP : ',') + fraction;
  if (fa) figures = toPersianDigits(figures);
  const sign = negative ? (fa ? LRM + MINUS : MINUS) : '';
  const text = sign + figures;
  return opts.withUnit === false ? text : `${text} ${UNIT_LABEL[opts.locale][opts.unit]}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Amounts in words

const FA_ONES = ['', 'یک', 'دو', 'سه', 'چهار', 'پنج', 'شش', 'هفت', 'هشت', 'نه'];
const FA_TEENS = ['ده', 'یازده', 'دوازده', 'سیزده', 'چهارده', 'پانزده', 'شانزده', 'هفده', 'هجده', 'نوزده'];
const FA_TENS = ['', '', 'بیست', 'سی', 'چهل', 'پنجاه', 'شصت', 'هفتاد', 'هشتاد', 'نود'];
const FA_HUNDREDS = ['', 'صد', 'دویست', 'سیصد', 'چهارصد', 'پانصد', 'ششصد', 'هفتصد', 'هشتصد', 'نهصد'];
/** Short scale, as used in Iran: 10^3 … 10^18. */
const FA_SCALES = ['', 'هزار', 'میلیون', 'میلیارد', 'تریلیون', 'کوادریلیون', 'کوینتیلیون'];

const EN_ONES = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const EN_TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const EN_SCALES = ['', 'thousand', 'million', 'billion', 'trillion', 'quadrillion', 'quintillion'];

/** 1..999 in Persian words, parts joined with « و ». */
function faBelowThousand(n: number): string {
  const parts: string[] = [];
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (h) parts.push(FA_HUNDREDS[h]);
  if (rest >= 10 && rest < 20) parts.push(FA_TEENS[rest - 10]);
  else {
    const t = Math.floor(rest / 10);
    const o = rest % 10;
    if (t) parts.push(FA_TENS[t]);
    if (o) parts.push(FA_ONES[o]);
  }
  return parts.join(' و ');
}

/** 1..999 in English words: "two hundred fifty-three". */
function enBelowThousand(n: number): string {
  const parts: string[] = [];
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (h) parts.push(`${EN_ONES[h]} hundred`);
  if (rest >= 10 && rest < 20) parts.push(EN_TEENS[rest - 10]);
  else if (rest > 0) {
    const t = Math.floor(rest / 10);
    const o = rest % 10;
    parts.push(t ? (o ? `${EN_TENS[t]}-${EN_ONES[o]}` : EN_TENS[t]) : EN_ONES[o]);
  }
  return parts.join(' ');
}

/** A non-negative bigint in words («یک میلیون و دویست و پنجاه هزار», "one million two hundred fifty thousand"). */
export function integerInWords(value: bigint, locale: MoneyLocale): string {
  if (value < 0n) return (locale === 'fa' ? 'منفی ' : 'minus ') + integerInWords(-value, locale);
  if (value === 0n) return locale === 'fa' ? 'صفر' : 'zero';
  const groups: number[] = [];
  for (let v = value; v > 0n; v /= 1000n) groups.push(Number(v % 1000n));
  if (groups.length > FA_SCALES.length) throw new RangeError('Amount too large to write in words');
  const parts: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i];
    if (g === 0) continue;
    const words = locale === 'fa' ? faBelowThousand(g) : enBelowThousand(g);
    const scale = locale === 'fa' ? FA_SCALES[i] : EN_SCALES[i];
    parts.push(scale ? `${words} ${scale}` : words);
  }
  return parts.join(locale === 'fa' ? ' و ' : ' ');
}

const UNIT_WORD: Record<MoneyLocale, Record<MoneyUnit, string>> = {
  fa: { rial: 'ریال', toman: 'تومان' },
  en: { rial: 'rial', toman: 'toman' },
};

/**
 * «یک میلیون و دویست و پنجاه هزار تومان» / "one million two hundred fifty thousand toman".
 * In Toman, whole Tomans as on screen (12,505 Rials → «یک هزار و دویست و پنجاه و یک تومان»); with `exact`, the remainder
 * of Rials is spelled out: «یک هزار و دویست و پنجاه تومان و پنج ریال».
 */
export function amountInWords(rials: bigint, opts: { unit: MoneyUnit; locale: MoneyLocale; exact?: boolean }): string {
  const { locale, unit } = opts;
  const abs = rials < 0n ? -rials : rials;
  const and = locale === 'fa' ? ' و ' : ' and ';
  const sign = (v: bigint) => (rials < 0n && v !== 0n ? (locale === 'fa' ? 'منفی ' : 'minus ') : '');
  if (unit === 'rial') return `${sign(abs)}${integerInWords(abs, locale)} ${UNIT_WORD[locale].rial}`;
  // As in the figures: whole Tomans unless the exact Rials are asked for.
  if (!opts.exact) {
    const t = roundedTomans(abs);
    return `${sign(t)}${integerInWords(t, locale)} ${UNIT_WORD[locale].toman}`;
  }
  const prefix = sign(abs);
  const tomans = abs / 10n;
  const rest = abs % 10n;
  if (rest === 0n) return `${prefix}${integerInWords(tomans, locale)} ${UNIT_WORD[locale].toman}`;
  const restWords = `${integerInWords(rest, locale)} ${UNIT_WORD[locale].rial}`;
  if (tomans === 0n) return prefix + restWords;
  return `${prefix}${integerInWords(tomans, locale)} ${UNIT_WORD[locale].toman}${and}${restWords}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Input

export type MoneyInputErrorReason = 'empty' | 'invalid_characters' | 'decimal' | 'grouping' | 'negative' | 'too_long' | 'too_large';

export class MoneyInputError extends Error {
  constructor(readonly reason: MoneyInputErrorReason, message: string) {
    super(message);
    this.name = 'MoneyInputError';
  }
}

/** Characters people use between thousands: , ٬ ، ' and the various spaces. */
const GROUP_SEPARATORS = /[,\u066C\u060C'\u00A0\u202F\u2009 ]/;

/**
 * A typed amount of Rials → bigint. Accepts ASCII, Persian and Arabic-Indic digits, with or without thousands
 * separators («۱٬۲۵۰٬۰۰۰», "1,250,000", "۱۲۵۰۰۰۰"); when separators are used they must group by three, so
 * "1,5" (a European decimal) is refused rather than read as 15. A leading minus is accepted only with
 * `allowNegative`. Anything else (letters, a decimal point, more than 19 digits, more than a bigint holds) throws
 * a MoneyInputError saying what was wrong.
 */
export function parseMoneyInput(text: string, opts: { allowNegative?: boolean } = {}): bigint {
  let s = toLatinDigits(text.replace(/[\u200E\u200F\u061C]/g, '')).trim();
  if (s === '') throw new MoneyInputError('empty', 'Enter an amount');
  let negative = false;
  if (/^[-\u2212]/.test(s)) {
    if (!opts.allowNegative) throw new MoneyInputError('negative', 'The amount cannot be negative');
    negative = true;
    s = s.slice(1).trimStart();
  }
  if (/[.\u066B\u06D4]/.test(s)) throw new MoneyInputError('decimal', 'Rial amounts are whole numbers: remove the decimal part');
  if (!/^[0-9]/.test(s) || !/[0-9]$/.test(s)) throw new MoneyInputError('invalid_characters', 'Enter digits only');
  for (const ch of s) {
    if (!/[0-9]/.test(ch) && !GROUP_SEPARATORS.test(ch)) {
      throw new MoneyInputError('invalid_characters', `Unexpected character "${ch}": enter digits only`);
    }
  }
  const groups = s.split(new RegExp(GROUP_SEPARATORS.source + '+'));
  if (groups.length > 1 && (groups[0].length > 3 || groups.slice(1).some((g) => g.length !== 3))) {
    throw new MoneyInputError('grouping', 'Thousands separators must group the digits by three');
  }
  const digits = groups.join('');
  if (digits.length > 19) throw new MoneyInputError('too_long', 'The amount has more than 19 digits');
  const value = BigInt(digits);
  if (value > MAX_RIALS) throw new MoneyInputError('too_large', `The amount is larger than ${MAX_RIALS.toLocaleString('en')} Rials`);
  return negative ? -value : value;
}
