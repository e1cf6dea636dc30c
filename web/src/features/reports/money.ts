/** Report amounts: full figures in the organization's unit, and short ones («۲٫۴ میلیارد») for chart labels. */
import { useMemo } from 'react';
import { formatMoney, type MoneyUnit } from '../../../../common/money';
import { toPersianDigits } from '../../../../common/fa-normalize';
import { usePrefs } from '../../lib/prefs';
import { useMe } from '../session/session';

const SCALES: [bigint, { fa: string; en: string }][] = [
  [1_000_000_000_000n, { fa: 'هزار میلیارد', en: 'T' }], [1_000_000_000n, { fa: 'میلیارد', en: 'B' }], [1_000_000n, { fa: 'میلیون', en: 'M' }], [1_000n, { fa: 'هزار', en: 'K' }],
];

export function makeReportMoney(unit: MoneyUnit, locale: 'fa' | 'en') {
  const inUnit = (rials: bigint) => (unit === 'toman' ? rials / 10n : rials);
  return {
    unitLabel: locale === 'fa' ? (unit === 'toman' ? 'تومان' : 'ریال') : (unit === 'toman' ? 'Toman' : 'Rial'),
    full: (rials: string | bigint) => formatMoney(BigInt(rials), { unit, locale, withUnit: true }),
    /** The figures alone, for a column whose header names the unit. */
    figures: (rials: string | bigint) => formatMoney(BigInt(rials), { unit, locale, withUnit: false }),
    /** One decimal of the largest fitting scale, without the unit: «۲٫۴ میلیارد», "2.4B". */
    short: (rials: string | bigint) => {
      const v = inUnit(BigInt(rials));
      const abs = v < 0n ? -v : v;
      const found = SCALES.find(([s]) => abs >= s);
      const sign = v < 0n ? '\u2212' : '';
      if (!found) return sign + (locale === 'fa' ? toPersianDigits(abs.toString()) : abs.toString());
      const [scale, name] = found;
      const tenths = (abs * 10n + scale / 2n) / scale;
      const text = tenths % 10n === 0n ? (tenths / 10n).toString() : `${tenths / 10n}.${tenths % 10n}`;
      return locale === 'fa' ? `${sign}${toPersianDigits(text).replace('.', '\u066B')} ${name.fa}` : `${sign}${text}${name.en}`;
    },
  };
}
export type ReportMoney = ReturnType<typeof makeReportMoney>;

export function useReportMoney(): ReportMoney {
  const me = useMe();
  const { prefs } = usePrefs();
  const unit: MoneyUnit = me.org.defaultCurrency === 'IRR' ? 'rial' : 'toman';
  return useMemo(() => makeReportMoney(unit, prefs.locale), [unit, prefs.locale]);
}
