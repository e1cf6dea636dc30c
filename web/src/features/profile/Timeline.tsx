/** Everything that happened with the customer, newest first, filtered by kind and paged by cursor. */
import { useEffect, useState } from 'react';
import { closestEntry, onTimelineFocus, type TimelineFocus } from '../../lib/timeline-focus';
import { toDate } from '../../lib/format';
import { Anchor, Badge, Button, Chip, Group, Paper, Stack, Text, Timeline as MantineTimeline } from '@mantine/core';
import { Ltr } from '../../components/Ltr';
import { IconCalendarEvent, IconChecklist, IconHistory, IconMessage, IconPhone } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { TIMELINE_KINDS as BASE_TIMELINE_KINDS } from '../../../../common/activity.schemas';
import { api } from '../../api/client';
import type { TimelineItem, TimelinePage } from '../../api/types';
import { useFormat } from '../../lib/format';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { DEAL_TIMELINE_KINDS, dealTimelineBody, dealTimelineIcon } from '../deals/DealTimelineItem';
import { TICKET_TIMELINE_KINDS, ticketKindLabel, ticketTimelineBody, ticketTimelineIcon } from '../support/TicketTimelineItem';
import { SURVEY_TIMELINE_KINDS, surveyKindLabel, surveyTimelineBody, surveyTimelineIcon } from '../voice/SurveyTimelineItem';
import { LOYALTY_TIMELINE_KINDS, loyaltyKindLabel, loyaltyTimelineBody, loyaltyTimelineIcon } from '../loyalty/LoyaltyTimelineItem';
import { AUTOMATION_TIMELINE_KINDS, automationKindLabel, automationTimelineBody, automationTimelineIcon } from '../automations/AutomationRunTimelineItem';

/** The customer module's kinds and the sales module's deal events. */
const TIMELINE_KINDS = [...BASE_TIMELINE_KINDS, ...DEAL_TIMELINE_KINDS, ...TICKET_TIMELINE_KINDS, ...SURVEY_TIMELINE_KINDS, ...LOYALTY_TIMELINE_KINDS, ...AUTOMATION_TIMELINE_KINDS];
import { DOC_TIMELINE_KINDS, docTimelineBody, docKindLabel, docTimelineIcon } from './TimelineDocItems';
import { MetaLine, UserText } from '../../components/UserText';

function icon(item: TimelineItem) {
  const dealIcon = dealTimelineIcon(item);
  if (dealIcon) return dealIcon;
  const ticketIcon = ticketTimelineIcon(item);
  if (ticketIcon) return ticketIcon;
  const surveyIcon = surveyTimelineIcon(item);
  if (surveyIcon) return surveyIcon;
  const loyaltyIcon = loyaltyTimelineIcon(item);
  if (loyaltyIcon) return loyaltyIcon;
  const automationIcon = automationTimelineIcon(item);
  if (automationIcon) return automationIcon;
  const docIcon = docTimelineIcon(item);
  if (docIcon) return docIcon;
  if (item.kind === 'task') return <IconChecklist size={14} />;
  if (item.kind === 'audit') return <IconHistory size={14} />;
  if (item.kind === 'interaction' && item.data.kind === 'call') return <IconPhone size={14} />;
  if (item.kind === 'interaction' && (item.data.kind === 'meeting' || item.data.kind === 'visit')) return <IconCalendarEvent size={14} />;
  return <IconMessage size={14} />;
}

function ItemBody({ item }: { item: TimelineItem }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const dealBody = dealTimelineBody(item);
  if (dealBody) return dealBody;
  const ticketBody = ticketTimelineBody(item);
  if (ticketBody) return ticketBody;
  const surveyBody = surveyTimelineBody(item);
  if (surveyBody) return surveyBody;
  const loyaltyBody = loyaltyTimelineBody(item);
  if (loyaltyBody) return loyaltyBody;
  const automationBody = automationTimelineBody(item);
  if (automationBody) return automationBody;
  const docBody = docTimelineBody({ item });
  if (docBody) return docBody;
  if (item.kind === 'interaction') {
    const d = item.data;
    return (
      <>
        <Group gap={6}>
          <Text size="sm" fw={600}><UserText>{d.summary}</UserText></Text>
          <Badge size="xs" variant="light">{t(`interactionKind.${d.kind}`)}</Badge>
          {d.direction && <Badge size="xs" variant="outline" color="gray">{t(`direction.${d.direction}`)}</Badge>}
          {d.outcome && <Badge size="xs" variant="outline" color="gray">{t(`outcome.${d.outcome}`)}</Badge>}
          {d.durationSec != null && <Text size="xs" c="dimmed">{fmt.duration(d.durationSec)}</Text>}
          {d.recording && (/^https?:\/\//i.test(d.recording)
            ? <Anchor href={d.recording} target="_blank" rel="noopener noreferrer" size="xs" data-testid="timeline-recording">{t('telephony.recording')}</Anchor>
            : <Text size="xs" c="dimmed" title={d.recording}>{t('telephony.recording')}: <Ltr>{d.recording.split('/').pop()}</Ltr></Text>)}
        </Group>
        {d.body && <Text size="sm" dir="auto" className="timeline-body" mt={4}>{d.body}</Text>}
        <Text size="xs" c="dimmed" mt={2} data-testid="timeline-meta"><MetaLine items={[d.authorName && <UserText>{d.authorName}</UserText>, fmt.dateTime(d.occurredAt)]} /></Text>
      </>
    );
  }
  if (item.kind === 'task') {
    const d = item.data;
    return (
      <>
        <Group gap={6}>
          <Text size="sm" fw={600} td={d.status === 'done' ? 'line-through' : undefined}><UserText>{d.title}</UserText></Text>
          <Badge size="xs" variant="light" color={d.isPromise ? 'violet' : 'blue'}>{t(d.isPromise ? 'tasks.promise' : 'tasks.task')}</Badge>
          <Badge size="xs" variant="outline" color={d.overdue && d.status === 'open' ? 'red' : 'gray'}>{t(`taskStatus.${d.status}`)}</Badge>
        </Group>
        <Text size="xs" c="dimmed" mt={2}>
          <MetaLine items={[d.assigneeName && <UserText>{d.assigneeName}</UserText>, d.dueAt ? t('tasks.dueOn', { when: fmt.dateTime(d.dueAt) }) : t('tasks.noDate')]} />
        </Text>
      </>
    );
  }
  if (item.kind !== 'audit') return null;
  const d = item.data;
  return (
    <>
      <Text size="sm" fw={600}>{t(`auditAction.${d.action}`, { defaultValue: d.action })}</Text>
      {d.changes.length > 0 && (
        <Text size="xs" c="dimmed">{d.changes.map((c) => t(`fieldName.${c.field}`, { defaultValue: c.field })).join(t('common.listSeparator'))}</Text>
      )}
      <Text size="xs" c="dimmed" mt={2}><MetaLine items={[d.actorName && <UserText>{d.actorName}</UserText>, fmt.dateTime(item.at)]} /></Text>
    </>
  );
}

export function Timeline({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const [kinds, setKinds] = useState<string[]>([...TIMELINE_KINDS, ...DOC_TIMELINE_KINDS]);
  const query = useInfiniteQuery({
    queryKey: ['timeline', customerId, kinds],
    queryFn: ({ pageParam }) => api.get<TimelinePage>(`/customers/${customerId}/timeline`, { cursor: pageParam, limit: 20, kinds }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: kinds.length > 0,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  // A journey strip's point asks for an entry: load older pages until its moment is reached, then scroll to it and mark it.
  const [focus, setFocus] = useState<TimelineFocus | null>(null);
  const [marked, setMarked] = useState<string | null>(null);
  useEffect(() => onTimelineFocus((target) => { setKinds([...TIMELINE_KINDS, ...DOC_TIMELINE_KINDS]); setFocus(target); }), []);
  useEffect(() => {
    if (!focus || query.isPending || query.isFetchingNextPage) return;
    const oldest = items.at(-1);
    const reached = !oldest || toDate(oldest.at).getTime() < toDate(focus.at).getTime() - 60_000 || (focus.ref && items.some((i) => i.id === focus.ref));
    if (!reached && query.hasNextPage) { void query.fetchNextPage(); return; }
    const hit = closestEntry(items, focus);
    setFocus(null);
    if (!hit) return;
    const key = `${hit.kind}-${hit.id}`;
    setMarked(key);
    requestAnimationFrame(() => document.getElementById(`timeline-entry-${key}`)?.scrollIntoView({ behavior: 'smooth', block: 'center' }));
  }, [focus, items.length, query.isPending, query.isFetchingNextPage, query.hasNextPage]);

  return (
    <Stack gap="sm">
      <Chip.Group multiple value={kinds} onChange={setKinds}>
        <Group gap="xs" data-testid="timeline-filters">
          {[...TIMELINE_KINDS, ...DOC_TIMELINE_KINDS].map((k) => <Chip key={k} value={k} size="xs">{docKindLabel(t, k) ?? ticketKindLabel(t, k) ?? surveyKindLabel(t, k) ?? loyaltyKindLabel(t, k) ?? automationKindLabel(t, k) ?? t(`timelineKind.${k}`)}</Chip>)}
        </Group>
      </Chip.Group>
      {kinds.length === 0 && <Text size="sm" c="dimmed">{t('timeline.pickKind')}</Text>}
      {kinds.length > 0 && query.isPending && <LoadingState />}
      {query.isError && <ErrorState error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && items.length === 0 && <EmptyState title={t('timeline.emptyTitle')} hint={t('timeline.emptyHint')} />}
      {items.length > 0 && (
        <Paper withBorder p="md" radius="md">
          <MantineTimeline bulletSize={24} lineWidth={2} data-testid="timeline">
            {items.map((item) => (
              <MantineTimeline.Item key={`${item.kind}-${item.id}`} bullet={icon(item)} data-testid={`timeline-${item.kind}`} id={`timeline-entry-${item.kind}-${item.id}`}
                data-at={item.at} data-marked={marked === `${item.kind}-${item.id}` || undefined}
                style={marked === `${item.kind}-${item.id}` ? { background: 'var(--mantine-color-yellow-0)', borderRadius: 8, outline: '2px solid var(--mantine-color-yellow-4)', outlineOffset: 4 } : undefined}>
                <ItemBody item={item} />
              </MantineTimeline.Item>
            ))}
          </MantineTimeline>
        </Paper>
      )}
      {query.hasNextPage && (
        <Button variant="light" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage} data-testid="timeline-more" style={{ alignSelf: 'center' }}>
          {t('timeline.loadMore')}
        </Button>
      )}
    </Stack>
  );
}
