/**
 * Money on screen: the server's Rial strings shown in the organization's unit (Rial or Toman), and typed amounts
 * (in that same unit, Persian or Latin digits) turned back into Rial strings. Everything goes through bigint.
 */
import { useMemo } from 'react';
import { amountInWords, formatMoney, MoneyInputError, parseMoneyInput, type MoneyUnit } from '../../../../common/money';
import { toLatinDigits, toPersianDigits } from '../../../../common/fa-normalize';
import { usePrefs } from '../../lib/prefs';
import { useMe } from '../session/session';

export type MoneyParse = { ok: true; rials: string } | { ok: false; reason: 'empty' | 'invalid' | 'decimal' | 'grouping' | 'negative' | 'too_large' };

const toBig = (v: string | bigint | null | undefined): bigint | null => {
  if (v === null || v === undefined || v === '') return null;
  try {
    return typeof v === 'bigint' ? v : BigInt(v);
  } catch {
    return null;
  }
};

/** Typed text in `unit` → Rials. A Toman amount may carry one decimal (a tenth = one Rial): «۱۲٫۵» → 125. */
export function parseAmount(text: string, unit: MoneyUnit): MoneyParse {
  const s = toLatinDigits(text).trim();
  if (!s) return { ok: false, reason: 'empty' };
  try {
    if (unit === 'toman') {
      const m = /^(.*?)[.\u066B/](\d)$/.exec(s);
      if (m) return { ok: true, rials: (parseMoneyInput(m[1]) * 10n + BigInt(m[2])).toString() };
      return { ok: true, rials: (parseMoneyInput(s) * 10n).toString() };
    }
    return { ok: true, rials: parseMoneyInput(s).toString() };
  } catch (e) {
    if (e instanceof MoneyInputError) {
      const r = e.reason;
      return { ok: false, reason: r === 'too_long' || r === 'too_large' ? 'too_large' : r === 'invalid_characters' ? 'invalid' : r };
    }
    return { ok: false, reason: 'invalid' };
  }
}

export function makeMoney(unit: MoneyUnit, locale: 'fa' | 'en') {
  return {
    unit,
    /** "۱٬۲۵۰٬۰۰۰ تومان"; an empty string for no amount. */
    format: (rials: string | bigint | null | undefined, withUnit = true) => {
      const v = toBig(rials);
      return v === null ? '' : formatMoney(v, { unit, locale, withUnit });
    },
    words: (rials: string | bigint | null | undefined) => {
      const v = toBig(rials);
      return v === null ? '' : amountInWords(v, { unit, locale });
    },
    /** The figures to put back into an input (no unit), so an edit round-trips through parse. */
    toInput: (rials: string | bigint | null | undefined) => {
      const v = toBig(rials);
      return v === null ? '' : formatMoney(v, { unit, locale, withUnit: false });
    },
    parse: (text: string) => parseAmount(text, unit),
    unitLabel: locale === 'fa' ? (unit === 'toman' ? 'تومان' : 'ریال') : (unit === 'toman' ? 'Toman' : 'Rial'),
  };
}

export type Money = ReturnType<typeof makeMoney>;

/** The organization's currency setting decides the unit documents are shown and typed in (as on the PDF). */
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
