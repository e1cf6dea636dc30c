/** Why an offer is made, in the reader's language: a rule, a co-purchase, or a consumable that is due again. */
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { Formatter } from '../../lib/format';
import type { offerView } from '../../../../common/insights.schemas';
import { dayCount } from './churn-reason';

type Offer = z.infer<typeof offerView>;

/**
 * A product an offer names, as the reader says it: the Persian name in fa, the English/latin name in en when the
 * product has one (else the Persian name), or its code when no product answers to it any more.
 */
export function offerName(fmt: Formatter, o: Offer, key: string): { text: string; isCode: boolean } {
  const n = o.names?.[key];
  if (!n) return { text: fmt.digits(key), isCode: true };
  return { text: fmt.locale === 'en' ? (n.en ?? n.fa) : n.fa, isCode: false };
}

export function offerWhy(t: TFunction, fmt: Formatter, o: Offer): string {
  const pct = (v: number) => `${fmt.number(Math.round(v * 100))}${fmt.locale === 'fa' ? '٪' : '%'}`;
  // U+2068/U+2069 isolate each name, so a latin code or name inside Persian text (or the reverse) keeps its order.
  const name = (k: string) => `\u2068${offerName(fmt, o, k).text}\u2069`;
  const r = o.reason;
  if (r.kind === 'rule') return t('insights.why.rule', { because: r.because.map(name).join(' + '), confidence: pct(r.confidence), lift: fmt.number(Math.round(r.lift * 10) / 10) });
  if (r.kind === 'similar') return t('insights.why.similar', { because: name(r.because), similarity: pct(r.similarity) });
  return t('insights.why.repurchase', { item: name(o.item), cycle: dayCount(t, fmt, r.cycleDays), days: dayCount(t, fmt, r.daysSince) });
}
