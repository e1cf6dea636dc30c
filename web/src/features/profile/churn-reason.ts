/** Why a customer's churn risk is what it is, one reason at a time, in the reader's language (insights card, slipping list). */
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { Formatter } from '../../lib/format';
import type { churnReasonView } from '../../../../common/insights.schemas';

type ChurnReason = z.infer<typeof churnReasonView>;

/** "12 days", "1 day": a span inside a reason, agreeing with its number. */
export function dayCount(t: TFunction, fmt: Formatter, days: number): string {
  const n = Math.round(days);
  return t('insights.days', { n: fmt.number(n), count: n });
}

export function churnReason(t: TFunction, fmt: Formatter, r: ChurnReason): string {
  const count = r.values.count ?? 0;
  // Every code gets every value: the counted ones (tickets, answers, promises) have _one/_other forms picked by
  // `count`; the others ignore it and fall back to their one string.
  return t(`insights.reason.${r.code}`, {
    pAlive: `${fmt.number(Math.round((r.values.pAlive ?? 0) * 100))}${fmt.locale === 'fa' ? '٪' : '%'}`,
    days: dayCount(t, fmt, r.values.days ?? 0),
    usual: dayCount(t, fmt, r.values.usual ?? 0),
    n: fmt.number(count),
    count,
  });
}
