/**
 * Money on screen: the API's Rial strings shown in the organization's unit (Rial or Toman), and amounts typed in that
 * unit (Persian or Latin digits) turned back into Rial strings. Only bigint, never a JS number. One module for the
 * products, deals and documents screens.
 */
import { useMemo } from 'react';
import { amountInWords, formatMoney, MoneyInputError, parseMoneyInput, type MoneyUnit } from '../../../common/money';
import { toLatinDigits, toPersianDigits } from '../../../common/fa-normalize';
import { usePrefs } from './prefs';
import { useMe } from '../features/session/session';

export type AmountParse = { ok: true; rials: string } | { ok: false; reason: 'empty' | 'invalid' | 'decimal' | 'grouping' | 'negative' | 'too_large' };

export function toBig(v: string | bigint | null | undefined): bigint | null {
  if (v === null || v === undefined || v === '') return null;
  try {
    return typeof v === 'bigint' ? v : BigInt(v);
  } catch {
    return null;
  }
}

/** Typed text in `unit` → whole Rials. A Toman amount may carry one decimal (a tenth is one Rial): «۱۲٫۵» → 125. */
export function parseAmount(text: string, unit: MoneyUnit, opts: { allowNegative?: boolean } = {}): AmountParse {
  let s = toLatinDigits(text).trim();
  if (!s) return { ok: false, reason: 'empty' };
  let sign = 1n;
  if (/^[-\u2212]/.test(s)) {
    if (!opts.allowNegative) return { ok: false, reason: 'negative' };
    sign = -1n;
    s = s.slice(1).trim();
  } else if (s.startsWith('+')) s = s.slice(1).trim();
  try {
    let rials: bigint;
    const tenth = unit === 'toman' ? /^(.*?)[.\u066B/](\d)$/.exec(s) : null;
    if (tenth) rials = parseMoneyInput(tenth[1]) * 10n + BigInt(tenth[2]);
    else rials = parseMoneyInput(s) * (unit === 'toman' ? 10n : 1n);
    return { ok: true, rials: (sign * rials).toString() };
  } catch (e) {
    if (e instanceof MoneyInputError) {
      const r = e.reason;
      return { ok: false, reason: r === 'too_long' || r === 'too_large' ? 'too_large' : r === 'invalid_characters' ? 'invalid' : r };
    }
    return { ok: false, reason: 'invalid' };
  }
}

/** Σ of Rial strings, exactly. */
export function sumRials(values: (string | null | undefined)[]): string {
  return values.reduce((acc, v) => acc + (toBig(v) ?? 0n), 0n).toString();
}

export function makeMoney(unit: MoneyUnit, locale: 'fa' | 'en') {
  return {
    unit,
    /** «۱٬۲۵۰٬۰۰۰ تومان»; an empty string for no amount. */
    format: (rials: string | bigint | null | undefined, withUnit = true) => {
      const v = toBig(rials);
      return v === null ? '' : formatMoney(v, { unit, locale, withUnit });
    },
    /** The amount in words, in the unit shown: «یک میلیون و دویست و پنجاه هزار تومان». */
    words: (rials: string | bigint | null | undefined) => {
      const v = toBig(rials);
      return v === null ? '' : amountInWords(v, { unit, locale });
    },
    /** The figures to put back into an input (no unit), so an edit round-trips through parse. */
    toInput: (rials: string | bigint | null | undefined) => {
      const v = toBig(rials);
      return v === null ? '' : formatMoney(v, { unit, locale, withUnit: false, exact: true }).replace(/[\u200E\u2212]/g, (c) => (c === '\u2212' ? '-' : ''));
    },
    parse: (text: string, opts?: { allowNegative?: boolean }) => parseAmount(text, unit, opts),
    unitLabel: locale === 'fa' ? (unit === 'toman' ? 'تومان' : 'ریال') : (unit === 'toman' ? 'Toman' : 'Rial'),
  };
}

export type Money = ReturnType<typeof makeMoney>;

/** The organization's currency setting decides the unit amounts are shown and typed in. */
export function useMoney(): Money {
  const me = useMe();
  const { prefs } = usePrefs();
  const unit: MoneyUnit = me.org.defaultCurrency === 'IRR' ? 'rial' : 'toman';
  return useMemo(() => makeMoney(unit, prefs.locale), [unit, prefs.locale]);
}

/** The server's quantity ("1.5") as the user reads and types it («۱٫۵» in Persian). */
export function quantityToInput(q: string, locale: 'fa' | 'en'): string {
  return locale === 'fa' ? toPersianDigits(q).replace('.', '\u066B') : q;
}

/** A typed quantity → the server's decimal string: Latin digits and a dot («۱٫۵» → "1.5"). */
export function normalizeQuantity(text: string): string {
  return toLatinDigits(text).trim().replace(/[\u066B/]/g, '.');
}

/** The same as AmountParse, by the name the documents screens use. */
export type MoneyParse = AmountParse;
