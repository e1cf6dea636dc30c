/** A tier change, or a referral bonus given or taken back, on the customer's timeline. */
import type { ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { Badge, Group, Text } from '@mantine/core';
import { IconAward } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import type { Answer } from '../../api/types';
import { Link } from 'react-router-dom';
import type { loyaltyReferralTimelineData, loyaltyReviewTimelineData, loyaltyTierTimelineData } from '../../../../common/loyalty.schemas';
import { Ltr } from '../../components/Ltr';

type Data = Answer<typeof loyaltyTierTimelineData>;
type ReferralData = Answer<typeof loyaltyReferralTimelineData>;
type ReviewData = Answer<typeof loyaltyReviewTimelineData>;

function Review({ data, at }: { data: ReviewData; at: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <>
      <Group gap={6}>
        <Text size="sm" fw={600} data-testid="timeline-review">
          {t('loyalty.timeline.review', { stars: '★'.repeat(data.rating), source: t(`loyalty.review.sources.${data.source}`) })}
        </Text>
        <Badge size="xs" variant="light" color="grape">{t('loyalty.timeline.kind')}</Badge>
      </Group>
      {data.text && <Text size="sm" dir="auto">«{data.text}»</Text>}
      <Text size="xs" c="dimmed" mt={2}>
        {data.points > 0 ? `${t('loyalty.timeline.reviewBonus', { n: fmt.number(data.points), count: data.points })} · ` : ''}
        {data.link && <><a href={data.link} target="_blank" rel="noreferrer noopener"><Ltr>{t('loyalty.review.link')}</Ltr></a> · </>}
        {fmt.dateTime(at)}
      </Text>
    </>
  );
}
type AnyItem = { kind: string; at: string; data: unknown };
export const LOYALTY_TIMELINE_KINDS = ['loyalty'] as const;
export const loyaltyKindLabel = (t: TFunction, kind: string): string | null => (kind === 'loyalty' ? t('loyalty.timeline.kind') : null);

function TierChange({ data, at }: { data: Data; at: string }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const tier = data.to ? (i18n.language === 'fa' ? data.to.nameFa : data.to.nameEn) : t('loyalty.noTier');
  return (
    <>
      <Group gap={6}>
        <Text size="sm" fw={600} data-testid="timeline-tier">{t(data.direction === 'up' ? 'loyalty.timeline.up' : 'loyalty.timeline.down', { tier })}</Text>
        <Badge size="xs" variant="light" color="grape">{t('loyalty.timeline.kind')}</Badge>
      </Group>
      <Text size="xs" c="dimmed" mt={2}>{fmt.dateTime(at)}</Text>
    </>
  );
}

function Referral({ data, at }: { data: ReferralData; at: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const who = data.referred ? <Link to={`/customers/${data.referred.id}`}>{data.referred.displayName}</Link> : t('loyalty.timeline.someone');
  return (
    <>
      <Group gap={6}>
        <Text size="sm" fw={600} data-testid="timeline-referral">
          {t(data.type === 'referral' ? 'loyalty.timeline.referral' : 'loyalty.timeline.referralReversed', { n: fmt.number(data.points), count: data.points })}
        </Text>
        <Badge size="xs" variant="light" color="grape">{t('loyalty.timeline.kind')}</Badge>
      </Group>
      <Text size="xs" c="dimmed" mt={2}>{t('loyalty.timeline.referred')}: {who} · {fmt.dateTime(at)}</Text>
    </>
  );
}

export function loyaltyTimelineBody(item: AnyItem): ReactNode | null {
  if (item.kind !== 'loyalty') return null;
  const type = (item.data as { type?: string }).type;
  if (type === 'review') return <Review data={item.data as ReviewData} at={item.at} />;
  return type === 'referral' || type === 'referral_reversed'
    ? <Referral data={item.data as ReferralData} at={item.at} />
    : <TierChange data={item.data as Data} at={item.at} />;
}
export function loyaltyTimelineIcon(item: AnyItem): ReactNode | null {
  return item.kind === 'loyalty' ? <IconAward size={14} /> : null;
}
