/**
 * Names of stages, touchpoints, pain point kinds and outcomes in the reader's language: a journey's stages and
 * touchpoints carry a Persian name and, when given, an English one (the default journey has both).
 */
import type { TFunction } from 'i18next';
import { toPersianDigits } from '../../../../common/fa-normalize';
import type { Bilingual, Journey } from './journeys.api';

export function makeLabels(t: TFunction, journey: Journey | undefined, locale: string) {
  const en = locale === 'en';
  const pick = (item: { key: string; name: string; nameEn?: string } | undefined, key: string) => (item ? (en && item.nameEn ? item.nameEn : item.name) : key);
  const stages = new Map(journey?.stages.map((s) => [s.key, s]) ?? []);
  const touchpoints = new Map(journey?.touchpoints.map((p) => [p.key, p]) ?? []);
  return {
    stage: (key: string | null | undefined) => (key ? pick(stages.get(key), key) : '—'),
    touchpoint: (key: string | null | undefined) => (key ? pick(touchpoints.get(key), key) : '—'),
    kind: (kind: string) => t(`journeys.painKind.${kind}`, { defaultValue: kind }),
    /** What a kind of pain point means, in one sentence (empty for a kind the web app does not know yet). */
    kindHint: (kind: string) => t(`journeys.painKindHint.${kind}`, { defaultValue: '' }),
    /** The date shown beside each affected customer: what it is the date of. */
    affectedAt: (kind: string) => t(`journeys.affectedAt.${kind}`, { defaultValue: t('journeys.affectedAt.default') }),
    outcome: (outcome: string) => t(`journeys.outcome.${outcome}`, { defaultValue: outcome }),
    outcomeHint: (outcome: string) => t(`journeys.outcomeHint.${outcome}`, { defaultValue: '' }),
    /** The server's sentences: in Persian with Persian digits and the Persian percent sign. */
    text: (b: Bilingual | undefined) => (b ? (en ? b.en : toPersianDigits(b.fa).replace(/%/g, '٪')) : ''),
    journey: (j: Journey | undefined) => (!j ? '' : en && j.isDefault ? t('journeys.defaultName') : j.name),
  };
}
export type Labels = ReturnType<typeof makeLabels>;

/** The percent sign of the reader's language. */
export const pc = (fmt: { locale: string }) => (fmt.locale === 'fa' ? '٪' : '%');
