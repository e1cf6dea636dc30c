/** A deal on the customer timeline: created, moved from → to, won, lost (with the reason), or reopened. */
import { Anchor, Badge, Group, Text } from '@mantine/core';
import { IconTargetArrow } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { useMoney } from '../../lib/money';
import { outcomeColor } from './deals.api';
import { Joined } from './Joined';
import type { Answer } from '../../api/types';
import type { dealTimelineData } from '../../../../common/profile.schemas';

export type DealTimelineData = Answer<typeof dealTimelineData>;

export const DealTimelineIcon = () => <IconTargetArrow size={14} />;

export function DealTimelineBody({ data, at }: { data: DealTimelineData; at: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const stage = (s: { name: string | null } | null) => s?.name ?? t('sales.history.removedStage');
  const line = data.event === 'created'
    ? t('sales.timeline.created', { stage: stage(data.toStage) })
    : data.event === 'won'
      ? t('sales.timeline.won')
      : data.event === 'lost'
        ? t('sales.timeline.lost')
        : t(data.event === 'reopened' ? 'sales.timeline.reopened' : 'sales.timeline.moved', { from: stage(data.fromStage), to: stage(data.toStage) });
  return (
    <>
      <Group gap={6}>
        <Anchor component={Link} to={`/deals?deal=${data.dealId}`} size="sm" fw={600}>{data.title}</Anchor>
        <Badge size="xs" variant="light" color={outcomeColor(data.event === 'won' ? 'won' : data.event === 'lost' ? 'lost' : 'open')}>{t('sales.timeline.kind')}</Badge>
        <Text size="xs" c="dimmed">{money.format(data.amount)}</Text>
      </Group>
      <Text size="sm" mt={2} data-testid="deal-event">{line}</Text>
      {data.event === 'lost' && data.lostReason && <Text size="sm" c="red.7">{t('sales.history.reason', { reason: data.lostReason })}</Text>}
      <Text size="xs" c="dimmed" mt={2}><Joined parts={[data.actorName, fmt.dateTime(at)]} /></Text>
    </>
  );
}

/** The deal kind for the timeline's filter chips. */
export const DEAL_TIMELINE_KINDS = ['deal'] as const;

type AnyItem = { kind: string; at: string; data: unknown };
/** The body of a `deal` timeline item, or null for any other kind. */
export function dealTimelineBody(item: AnyItem) {
  return item.kind === 'deal' ? <DealTimelineBody data={item.data as DealTimelineData} at={item.at} /> : null;
}
export const dealTimelineIcon = (item: AnyItem) => (item.kind === 'deal' ? <DealTimelineIcon /> : null);
