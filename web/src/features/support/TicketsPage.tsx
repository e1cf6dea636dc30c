/** The support queues: all open, mine, my team's, unassigned, breaching soon — filtered, searched and paged. */
import { useEffect, useState } from 'react';
import { Button, CloseButton, Group, MultiSelect, Pagination, Paper, SimpleGrid, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconRepeat, IconSearch } from '@tabler/icons-react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { TICKET_PRIORITIES, TICKET_QUEUES, TICKET_STATUSES } from '../../../../common/support.schemas';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useFormat } from '../../lib/format';
import { useSession } from '../session/session';
import { NewTicketModal } from './NewTicketModal';
import { useTicketList, type TicketPriority, type TicketQueue, type TicketStatus } from './tickets.api';
import { BulkBar, ColumnChooser, useListColumns, useRowSelection } from '../lists';
import { DEFAULT_TICKET_COLUMNS, TICKET_COLUMNS, TicketsTable, ticketColumnLabel } from './TicketsTable';
import { TicketBulkActions } from './TicketBulkActions';

const PAGE_SIZE = 25;

export function TicketsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const queue = (TICKET_QUEUES as readonly string[]).includes(params.get('queue') ?? '') ? params.get('queue') as TicketQueue : 'all';
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  const [status, setStatus] = useState<TicketStatus[]>([]);
  const [priority, setPriority] = useState<TicketPriority[]>([]);
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  // Overdue first: the SLA order (breached on top, then the next deadline) unless the user sorts otherwise.
  const [sort, setSort] = useState('sla');
  useEffect(() => setPage(1), [debouncedQ, status, priority, queue, sort]);

  // "All open": the all queue shows every status only when the user asks for some.
  const effectiveStatus = queue === 'all' && status.length === 0 ? ['new', 'open', 'waiting_customer', 'waiting_third_party'] as TicketStatus[] : status;
  const list = useTicketList({ queue, status: effectiveStatus, priority, q: debouncedQ || undefined, sort }, page, PAGE_SIZE);
  const cols = useListColumns('tickets', TICKET_COLUMNS as unknown as string[], DEFAULT_TICKET_COLUMNS);
  const selection = useRowSelection(list.data?.items.map((tk) => tk.id) ?? []);
  const filtered = Boolean(debouncedQ || status.length || priority.length);
  const totalPages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  const clear = () => { setQ(''); setStatus([]); setPriority([]); };

  return (
    <Stack gap="md" data-testid="tickets-page">
      <Group justify="space-between">
        <Title order={1} size="h3">{t('support.title')}</Title>
        <Group gap="xs">
          <ColumnChooser
            available={TICKET_COLUMNS.map((k) => ({ key: k, label: ticketColumnLabel(t, k) }))}
            columns={cols.columns} onChange={cols.setColumns} onReset={() => cols.setColumns(DEFAULT_TICKET_COLUMNS)}
          />
          <Button component={Link} to="/tickets/problems" variant="default" leftSection={<IconRepeat size={16} />} data-testid="open-problems">{t('support.problems.open')}</Button>
          {can('tickets', 'create') && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="new-ticket">{t('support.new')}</Button>
          )}
        </Group>
      </Group>
      <Tabs value={queue} onChange={(v) => setParams(v && v !== 'all' ? { queue: v } : {})} keepMounted={false}>
        <Tabs.List>
          {TICKET_QUEUES.map((k) => <Tabs.Tab key={k} value={k} data-testid={`queue-${k}`}>{t(`support.queue.${k}`)}</Tabs.Tab>)}
        </Tabs.List>
      </Tabs>
      <Paper withBorder p="sm" radius="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
          <TextInput
            label={t('support.search')}
            placeholder={t('support.searchPlaceholder')}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            leftSection={<IconSearch size={16} />}
            rightSection={q ? <CloseButton size="sm" aria-label={t('common.clear')} onClick={() => setQ('')} /> : null}
            data-testid="ticket-search"
          />
          <MultiSelect
            label={t('support.field.status')}
            placeholder={status.length ? undefined : t(queue === 'all' ? 'support.allOpen' : 'support.anyStatus')}
            data={TICKET_STATUSES.map((s) => ({ value: s, label: t(`support.status.${s}`) }))}
            value={status}
            onChange={(v) => setStatus(v as TicketStatus[])}
            data-testid="ticket-filter-status"
          />
          <MultiSelect
            label={t('support.field.priority')}
            placeholder={priority.length ? undefined : t('support.anyPriority')}
            data={TICKET_PRIORITIES.map((p) => ({ value: p, label: t(`support.priority.${p}`) }))}
            value={priority}
            onChange={(v) => setPriority(v as TicketPriority[])}
            data-testid="ticket-filter-priority"
          />
        </SimpleGrid>
      </Paper>

      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.items.length === 0 && (
        filtered
          ? <EmptyState title={t('support.noMatch')} hint={t('support.noMatchHint')} action={<Button variant="light" onClick={clear}>{t('filters.clear')}</Button>} />
          : <EmptyState title={t(`support.empty.${queue}`)} hint={t(can('tickets', 'create') ? 'support.emptyHint' : 'support.emptyHintRead')} />
      )}
      {list.data && list.data.items.length > 0 && (
        <>
          <BulkBar count={selection.selected.size} onClear={selection.clear}>
            {can('tickets', 'update') && <TicketBulkActions ids={selection.ids} onDone={selection.clear} />}
          </BulkBar>
          <TicketsTable items={list.data.items} columns={cols.columns} selection={selection} busy={list.isFetching} sort={sort} onSort={setSort} />
          <Group justify="space-between">
            <Text size="sm" c="dimmed" data-testid="tickets-total">{t('support.total', { n: fmt.number(list.data.total), count: list.data.total })}</Text>
            {totalPages > 1 && <Pagination total={totalPages} value={page} onChange={setPage} size="sm" getItemProps={(p) => ({ children: fmt.number(p) })} />}
          </Group>
        </>
      )}
      <NewTicketModal opened={creating} onClose={() => setCreating(false)} onCreated={(id) => navigate(`/tickets/${id}`)} />
    </Stack>
  );
}
