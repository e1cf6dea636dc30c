/** Why an offer is made, in the reader's language: a rule, a co-purchase, or a consumable that is due again. */
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { Formatter } from '../../lib/format';
import type { offerView } from '../../../../common/insights.schemas';

export function offerWhy(t: TFunction, fmt: Formatter, o: z.infer<typeof offerView>): string {
  const pct = (v: number) => `${fmt.number(Math.round(v * 100))}${fmt.locale === 'fa' ? '٪' : '%'}`;
  const r = o.reason;
  if (r.kind === 'rule') return t('insights.why.rule', { because: r.because.map(fmt.digits).join(' + '), confidence: pct(r.confidence), lift: fmt.number(Math.round(r.lift * 10) / 10) });
  if (r.kind === 'similar') return t('insights.why.similar', { because: fmt.digits(r.because), similarity: pct(r.similarity) });
  return t('insights.why.repurchase', { item: fmt.digits(o.item), cycle: fmt.number(r.cycleDays), days: fmt.number(Math.round(r.daysSince)) });
}
