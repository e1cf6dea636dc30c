/**
 * /calls: every call, newest first — what the PBX reported and what people logged by hand on a timeline — with a source
 * filter and filters for missed, direction and callers not yet in the CRM.
 */
import { useState } from 'react';
import { Anchor, Badge, Button, Group, SegmentedControl, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconPencil, IconPhoneIncoming, IconPhoneOff, IconPhoneOutgoing, IconPlayerPlay } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { EmptyState, QueryStates } from '../../components/States';
import { useFormat } from '../../lib/format';
import { useSession } from '../session/session';
import { PhoneLink } from './PhoneLink';
import { askNotificationPermission, notificationPermission, type NotifyPermission } from './call-alerts';
import type { CallsPage as Page, CallsQuery, CallView } from './telephony.api';

const FILTERS = ['all', 'missed', 'in', 'out', 'unknown'] as const;
type Filter = (typeof FILTERS)[number];

const SOURCES = ['all', 'pbx', 'manual'] as const;
type Source = (typeof SOURCES)[number];

const toQuery = (f: Filter): CallsQuery =>
  f === 'missed' ? { status: 'missed' } : f === 'in' || f === 'out' ? { direction: f } : f === 'unknown' ? { unknown: 'true' } : {};

function DirectionIcon({ call }: { call: CallView }) {
  const { t } = useTranslation();
  const label = `${t(`telephony.direction.${call.direction}`)} · ${t(`telephony.status.${call.status}`)}`;
  const icon = call.status === 'missed' || call.status === 'failed'
    ? <IconPhoneOff size={18} color="var(--mantine-color-red-7)" />
    : call.direction === 'in' ? <IconPhoneIncoming size={18} color="var(--mantine-color-cyan-7)" /> : <IconPhoneOutgoing size={18} color="var(--mantine-color-grape-7)" />;
  return <Tooltip label={label}><span aria-label={label} role="img">{icon}</span></Tooltip>;
}

function NotificationsButton() {
  const { t } = useTranslation();
  const [permission, setPermission] = useState<NotifyPermission>(notificationPermission);
  if (permission === 'unsupported') return null;
  if (permission === 'granted') return <Text size="xs" c="dimmed">{t('telephony.notify.on')}</Text>;
  if (permission === 'denied') return <Text size="xs" c="dimmed">{t('telephony.notify.denied')}</Text>;
  return (
    <Button size="xs" variant="light" title={t('telephony.notify.enableHint')} onClick={() => void askNotificationPermission().then(setPermission)} data-testid="calls-enable-notifications">
      {t('telephony.notify.enable')}
    </Button>
  );
}

export function CallsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useSession();
  const [filter, setFilter] = useState<Filter>('all');
  const [source, setSource] = useState<Source>('all');
  const query = { ...toQuery(filter), source };
  const calls = useInfiniteQuery({
    queryKey: ['telephony', 'calls', query],
    queryFn: ({ pageParam, signal }) => api.get<Page>('/telephony/calls', { ...query, limit: 50, cursor: pageParam ?? undefined }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: can('interactions', 'read'),
  });
  const rows = calls.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={1} size="h3">{t('telephony.calls.title')}</Title>
          <Text size="sm" c="dimmed">{t('telephony.calls.subtitle')}</Text>
        </Stack>
        <NotificationsButton />
      </Group>
      <Group gap="sm" wrap="wrap">
        <SegmentedControl
          value={filter}
          onChange={(v) => setFilter(v as Filter)}
          data={FILTERS.map((f) => ({ value: f, label: t(`telephony.calls.filter.${f}`) }))}
          data-testid="calls-filter"
        />
        <SegmentedControl
          value={source}
          onChange={(v) => setSource(v as Source)}
          aria-label={t('telephony.calls.sourceLabel')}
          data={SOURCES.map((f) => ({ value: f, label: t(`telephony.calls.source.${f}`) }))}
          data-testid="calls-source"
        />
      </Group>
      <QueryStates query={calls} isEmpty={rows.length === 0} empty={<EmptyState title={t('telephony.calls.empty')} hint={t('telephony.calls.emptyHint')} />} />
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={1040}>
          <Table verticalSpacing="xs" highlightOnHover data-testid="calls-table">
            <Table.Thead>
              <Table.Tr>
                {(['time', 'direction', 'number', 'customer', 'summary', 'agent', 'duration', 'outcome', 'recording'] as const).map((c) => <Table.Th key={c}>{t(`telephony.calls.col.${c}`)}</Table.Th>)}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((c) => (
                <Table.Tr key={c.id} data-testid="call-row" data-call-id={c.id} data-source={c.source}>
                  <Table.Td><Text size="sm">{fmt.dateTime(c.startedAt)}</Text></Table.Td>
                  <Table.Td><DirectionIcon call={c} /></Table.Td>
                  <Table.Td>{c.number ? <PhoneLink number={c.number} customerId={c.customer?.id} size="sm" /> : '—'}</Table.Td>
                  <Table.Td>
                    {c.customer
                      ? <Anchor component={Link} to={`/customers/${c.customer.id}`} size="sm">{c.customer.displayName}</Anchor>
                      : <Badge size="sm" variant="light" color="gray">{t('telephony.calls.unknown')}</Badge>}
                  </Table.Td>
                  <Table.Td maw={280}>
                    <Group gap={6} wrap="nowrap" align="flex-start">
                      {c.source === 'manual' && <Tooltip label={t('telephony.calls.source.manual')}><IconPencil size={14} aria-label={t('telephony.calls.source.manual')} style={{ flexShrink: 0, marginTop: 3 }} /></Tooltip>}
                      <Text size="sm" dir="auto" lineClamp={2}>{c.summary ?? '—'}</Text>
                    </Group>
                  </Table.Td>
                  <Table.Td><Text size="sm"><bdi>{c.agent?.name ?? '—'}</bdi></Text></Table.Td>
                  <Table.Td><Text size="sm">{c.durationSec !== null && (c.durationSec > 0 || c.outcome === 'answered') ? <bdi dir="ltr">{fmt.duration(c.durationSec)}</bdi> : '—'}</Text></Table.Td>
                  <Table.Td>
                    {c.outcome
                      ? <Badge size="sm" variant="light" color={c.outcome === 'answered' ? 'teal' : c.outcome === 'busy' ? 'yellow' : 'red'}>{t(`telephony.outcome.${c.outcome}`)}</Badge>
                      : <Badge size="sm" variant="outline" color="cyan">{t(`telephony.status.${c.status}`)}</Badge>}
                  </Table.Td>
                  <Table.Td>
                    {c.recordingUrl
                      ? <Anchor href={c.recordingUrl} target="_blank" rel="noopener noreferrer" size="sm"><Group gap={4} wrap="nowrap"><IconPlayerPlay size={14} />{t('telephony.calls.play')}</Group></Anchor>
                      : c.recordingName ? <Text size="xs" c="dimmed" dir="ltr" lineClamp={1}>{c.recordingName}</Text> : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {calls.hasNextPage && (
        <Group justify="center">
          <Button variant="default" onClick={() => void calls.fetchNextPage()} loading={calls.isFetchingNextPage}>{t('telephony.calls.more')}</Button>
        </Group>
      )}
    </Stack>
  );
}
