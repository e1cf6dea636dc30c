/** A ticket on the customer timeline: its opening, or an agent's summary of their part of the conversation. */
import type { ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { Anchor, Badge, Group, Text } from '@mantine/core';
import { IconLifebuoy, IconNotes } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { priorityColor } from './tickets.api';
import type { Answer } from '../../api/types';
import type { ticketTimelineData } from '../../../../common/profile.schemas';
import { UserText } from '../../components/UserText';

export type TicketTimelineData = Answer<typeof ticketTimelineData>;

/** The timeline kind this file draws; the server registers it with the support module. */
export const TICKET_TIMELINE_KINDS = ['ticket'] as const;

type AnyItem = { kind: string; at: string; data: unknown };

export const ticketKindLabel = (t: TFunction, kind: string): string | null => (kind === 'ticket' ? t('support.timeline.kind') : null);

function TicketTimelineBody({ data, at }: { data: TicketTimelineData; at: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <>
      <Group gap={6}>
        <Anchor component={Link} to={`/tickets/${data.ticketId}`} size="sm" fw={600}>#{fmt.digits(String(data.number))} <UserText>{data.subject}</UserText></Anchor>
        <Badge size="xs" variant="light" color={data.event === 'summary' ? 'grape' : priorityColor(data.priority)}>
          {t(data.event === 'summary' ? 'support.timeline.summary' : 'support.timeline.opened')}
        </Badge>
      </Group>
      {data.event === 'summary' && data.body && <Text size="sm" mt={2} dir="auto" className="timeline-body" style={{ whiteSpace: 'pre-wrap' }} data-testid="ticket-summary-body">{data.body}</Text>}
      <Text size="xs" c="dimmed" mt={2}>{[data.authorName, fmt.dateTime(at)].filter(Boolean).join(fmt.locale === 'fa' ? '، ' : ' · ')}</Text>
    </>
  );
}

/** The body of a `ticket` timeline item, or null for any other kind. */
export function ticketTimelineBody(item: AnyItem): ReactNode | null {
  return item.kind === 'ticket' ? <TicketTimelineBody data={item.data as TicketTimelineData} at={item.at} /> : null;
}
export function ticketTimelineIcon(item: AnyItem): ReactNode | null {
  if (item.kind !== 'ticket') return null;
  return (item.data as TicketTimelineData).event === 'summary' ? <IconNotes size={14} /> : <IconLifebuoy size={14} />;
}
