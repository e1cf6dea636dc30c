/** One ticket: header with status, priority and assignee, the SLA clocks, the conversation and the customer beside it. */
import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Grid, Group, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowMerge, IconCheck, IconLock, IconRefresh } from '@tabler/icons-react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../../../../common/support.schemas';
import { api } from '../../api/client';
import { useActiveUserOptions } from '../../api/reference';
import { BackIcon } from '../../components/DirectionalIcon';
import { ErrorState, LoadingState } from '../../components/States';
import { useFormat } from '../../lib/format';
import { useSession } from '../session/session';
import { MergeTicketModal } from './MergeTicketModal';
import { SlaBadge } from './SlaBadge';
import { SourceAnswer } from '../voice/SourceAnswer';
import { TicketSidePanel } from './TicketSidePanel';
import { TicketThread } from './TicketThread';
import { useCategoryLabel } from './ticket-categories';
import { isOpen, priorityColor, ticketErrorMessage, useRefreshTickets, useTicket, type SlaClock, type Ticket, type TicketUpdateBody } from './tickets.api';

function Clock({ label, clock, doneAt, testId }: { label: string; clock: SlaClock; doneAt: string | null; testId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Paper withBorder p="sm" radius="md" data-testid={testId}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Group gap={6} mt={4} wrap="wrap">
        <SlaBadge clock={clock} testId={`${testId}-badge`} withDue={false} />
      </Group>
      <Text size="sm" mt={4}>
        {clock.dueAt ? t('support.sla.dueAt', { when: fmt.dateTime(clock.dueAt) }) : t('support.sla.noPolicy')}
      </Text>
      {doneAt && <Text size="xs" c="dimmed">{t('support.sla.doneAt', { when: fmt.dateTime(doneAt) })}</Text>}
    </Paper>
  );
}

function Header({ ticket, canUpdate }: { ticket: Ticket; canUpdate: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const users = useActiveUserOptions();
  const categoryName = useCategoryLabel();
  const refresh = useRefreshTickets();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ field: string; message: string } | null>(null);
  const [merging, setMerging] = useState(false);
  const closed = ticket.status === 'closed';
  const frozen = !canUpdate || Boolean(ticket.mergedIntoId);

  async function change(field: string, body: TicketUpdateBody) {
    setBusy(field);
    setError(null);
    try {
      await api.patch(`/tickets/${ticket.id}`, body);
      notifications.show({ color: 'teal', message: t('support.saved') });
      await refresh(ticket.customerId);
    } catch (err) {
      setError({ field, message: ticketErrorMessage(t, err) });
    } finally {
      setBusy(null);
    }
  }
  const statusButton = (status: Ticket['status'], label: string, Icon: typeof IconCheck, testId: string, variant = 'light') => (
    <Button size="sm" variant={variant} leftSection={<Icon size={16} />} loading={busy === status} onClick={() => void change(status, { status })} data-testid={testId}>{label}</Button>
  );

  return (
    <Paper withBorder p="md" radius="md" data-testid="ticket-header">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <div style={{ minWidth: 0, flex: 1 }}>
          <Group gap={8} wrap="nowrap">
            <Text c="dimmed" fw={600} data-testid="ticket-number">#{fmt.digits(String(ticket.number))}</Text>
            <Title order={1} size="h3" dir="auto" style={{ overflowWrap: 'anywhere' }} data-testid="ticket-subject-title">{ticket.subject}</Title>
          </Group>
          <Group gap={6} mt={6}>
            <Badge variant="light" color={priorityColor(ticket.priority)}>{t(`support.priority.${ticket.priority}`)}</Badge>
            <Badge variant="outline" color="gray">{t(`support.channel.${ticket.channel}`)}</Badge>
            {ticket.category && categoryName(ticket.category) && <Badge variant="outline" color="grape" tt="none" data-testid="ticket-category-badge"><bdi>{categoryName(ticket.category)}</bdi></Badge>}
            {ticket.productName && <Badge variant="outline" color="teal" tt="none"><bdi>{ticket.productName}</bdi></Badge>}
            {ticket.tags.map((tag) => <Badge key={tag} variant="dot" color="gray" tt="none"><bdi>{tag}</bdi></Badge>)}
          </Group>
          {ticket.problemGroupId && ticket.problemLabel && (
            <Anchor component={Link} to={`/tickets/problems?days=90&group=${ticket.problemGroupId}`} size="sm" mt={6} display="inline-block" data-testid="ticket-problem">
              {t('problemGroups.ticketProblem', { label: ticket.problemLabel })}
            </Anchor>
          )}
        </div>
        {!frozen && (
          <Group gap="xs">
            {isOpen(ticket.status) && statusButton('resolved', t('support.action.resolve'), IconCheck, 'ticket-resolve', 'filled')}
            {ticket.status === 'resolved' && statusButton('closed', t('support.action.close'), IconLock, 'ticket-close')}
            {(ticket.status === 'resolved' || closed) && statusButton('open', t('support.action.reopen'), IconRefresh, 'ticket-reopen', 'default')}
            {!closed && (
              <Button size="sm" variant="subtle" leftSection={<IconArrowMerge size={16} />} onClick={() => setMerging(true)} data-testid="ticket-merge">{t('support.merge.button')}</Button>
            )}
          </Group>
        )}
      </Group>
      {ticket.mergedIntoId && (
        <Alert color="gray" mt="sm" data-testid="ticket-merged">
          {t('support.merge.mergedInto')} <Anchor component={Link} to={`/tickets/${ticket.mergedIntoId}`}>{t('support.merge.openKept')}</Anchor>
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" mt="md">
        <Select
          label={t('support.field.status')}
          data={TICKET_STATUSES.map((s) => ({ value: s, label: t(`support.status.${s}`), disabled: closed && s !== 'open' && s !== 'closed' }))}
          value={ticket.status}
          onChange={(v) => v && v !== ticket.status && void change('status', { status: v as Ticket['status'] })}
          allowDeselect={false}
          disabled={frozen || busy !== null}
          error={error?.field === 'status' ? error.message : undefined}
          data-testid="ticket-status"
        />
        <Select
          label={t('support.field.priority')}
          data={TICKET_PRIORITIES.map((p) => ({ value: p, label: t(`support.priority.${p}`) }))}
          value={ticket.priority}
          onChange={(v) => v && v !== ticket.priority && void change('priority', { priority: v as Ticket['priority'] })}
          allowDeselect={false}
          disabled={frozen || closed || busy !== null}
          error={error?.field === 'priority' ? error.message : undefined}
          data-testid="ticket-priority-select"
        />
        <Select
          label={t('support.field.assignee')}
          placeholder={t('support.unassigned')}
          data={users}
          value={ticket.assigneeId}
          searchable
          clearable
          onChange={(v) => v !== ticket.assigneeId && void change('assigneeId', { assigneeId: v })}
          disabled={frozen || closed || busy !== null}
          error={error?.field === 'assigneeId' ? error.message : undefined}
          data-testid="ticket-assignee-select"
        />
      </SimpleGrid>
      {error && !['status', 'priority', 'assigneeId'].includes(error.field) && <Alert color="red" variant="light" mt="sm" data-testid="ticket-error">{error.message}</Alert>}
      <MergeTicketModal ticket={ticket} opened={merging} onClose={() => setMerging(false)} />
    </Paper>
  );
}

export function TicketPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { can } = useSession();
  const query = useTicket(id);
  const back = (
    <Anchor component={Link} to="/tickets" size="sm" data-testid="back-to-tickets">
      <Group gap={4}><BackIcon size={16} />{t('support.back')}</Group>
    </Anchor>
  );
  if (query.isPending) return <Stack>{back}<LoadingState /></Stack>;
  if (query.isError) return <Stack>{back}<ErrorState error={query.error} onRetry={() => void query.refetch()} /></Stack>;
  const { ticket, messages } = query.data;
  const canUpdate = can('tickets', 'update');

  return (
    <Stack gap="md" data-testid="ticket-page">
      {back}
      <Header ticket={ticket} canUpdate={canUpdate} />
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <Clock label={t('support.sla.firstResponse')} clock={ticket.sla.firstResponse} doneAt={ticket.firstResponseAt} testId="sla-first-response" />
              <Clock label={t('support.sla.resolution')} clock={ticket.sla.resolution} doneAt={ticket.resolvedAt} testId="sla-resolution" />
            </SimpleGrid>
            <SourceAnswer sourceType="ticket" sourceId={ticket.id} />
            <TicketThread ticket={ticket} messages={messages} canWrite={canUpdate} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <TicketSidePanel customerId={ticket.customerId} ticketId={ticket.id} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
