/** Money is integer Rials (bigint); shown in Rial or Toman (1 Toman = 10 Rials). */
export type Currency = 'IRR' | 'IRT';

export function formatMoney(rials: bigint | number | string, currency: Currency, locale: 'fa' | 'en'): string {
  const r = BigInt(rials);
  const amount = currency === 'IRT' ? r / 10n : r;
  const n = new Intl.NumberFormat(locale === 'fa' ? 'fa-IR' : 'en-US').format(amount);
  const unit = currency === 'IRT' ? (locale === 'fa' ? 'تومان' : 'Toman') : (locale === 'fa' ? 'ریال' : 'Rial');
  return `${n} ${unit}`;
}
