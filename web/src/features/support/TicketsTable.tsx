/** The tickets list: the user's columns, SLA column and order, row selection, inline priority/status, phone cards. */
import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { useSession } from '../session/session';
import { RecordTable, type ListColumn, type RowSelection } from '../lists';
import { SlaBadge } from './SlaBadge';
import { TicketInlineSelect } from './TicketInlineSelect';
import { currentClock, priorityColor, statusColor, type Ticket } from './tickets.api';

export const TICKET_COLUMNS = ['number', 'subject', 'customer', 'priority', 'status', 'assignee', 'sla', 'created'] as const;
export const DEFAULT_TICKET_COLUMNS = ['number', 'subject', 'customer', 'priority', 'status', 'assignee', 'sla'];
export const ticketColumnLabel = (t: (k: string) => string, key: string) =>
  key === 'sla' ? t('support.field.slaDue') : key === 'created' ? t('customers.col.created') : t(`support.field.${key}`);

type Props = { items: Ticket[]; columns: string[]; selection: RowSelection; busy: boolean; sort: string; onSort: (s: string) => void };

export function TicketsTable({ items, columns, selection, busy, sort, onSort }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const { can } = useSession();
  const editable = can('tickets', 'update');
  const sla = (tk: Ticket) => {
    const { which, clock } = currentClock(tk);
    return (
      <Stack gap={0}>
        <Text size="xs" c="dimmed">{t(`support.sla.${which}`)}</Text>
        <SlaBadge clock={clock} />
      </Stack>
    );
  };
  const all: Record<string, ListColumn<Ticket>> = {
    number: { key: 'number', label: ticketColumnLabel(t, 'number'), render: (tk) => <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>#{fmt.digits(String(tk.number))}</Text> },
    subject: { key: 'subject', label: ticketColumnLabel(t, 'subject'), render: (tk) => <Anchor component={Link} to={`/tickets/${tk.id}`} size="sm" fw={600} lineClamp={1} onClick={(e) => e.stopPropagation()} data-testid="ticket-link">{tk.subject}</Anchor> },
    customer: { key: 'customer', label: ticketColumnLabel(t, 'customer'), render: (tk) => <Anchor component={Link} to={`/customers/${tk.customerId}`} size="sm" onClick={(e) => e.stopPropagation()}>{tk.customerName ?? '—'}</Anchor> },
    priority: { key: 'priority', label: ticketColumnLabel(t, 'priority'), sort: 'priority', render: (tk) => <TicketInlineSelect id={tk.id} field="priority" value={tk.priority} editable={editable} /> },
    status: { key: 'status', label: ticketColumnLabel(t, 'status'), render: (tk) => <TicketInlineSelect id={tk.id} field="status" value={tk.status} editable={editable} /> },
    assignee: { key: 'assignee', label: ticketColumnLabel(t, 'assignee'), render: (tk) => <Text size="sm">{tk.assigneeName ?? t('support.unassigned')}</Text> },
    sla: { key: 'sla', label: ticketColumnLabel(t, 'sla'), sort: 'sla', render: sla },
    created: { key: 'created', label: ticketColumnLabel(t, 'created'), sort: 'created', render: (tk) => <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{fmt.date(tk.createdAt)}</Text> },
  };
  const card = (tk: Ticket) => (
    <>
      <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
        <Text size="sm" c="dimmed">#{fmt.digits(String(tk.number))}</Text>
        <Anchor component={Link} to={`/tickets/${tk.id}`} size="sm" fw={600} lineClamp={1} onClick={(e) => e.stopPropagation()}>{tk.subject}</Anchor>
      </Group>
      <Text size="xs" c="dimmed" lineClamp={1}>{tk.customerName ?? '—'} · {tk.assigneeName ?? t('support.unassigned')}</Text>
      <Group gap="xs" wrap="wrap">
        <Badge size="sm" variant="light" color={priorityColor(tk.priority)} style={{ overflow: 'visible' }}>{t(`support.priority.${tk.priority}`)}</Badge>
        <Badge size="sm" variant="outline" color={statusColor(tk.status)} style={{ overflow: 'visible' }}>{t(`support.status.${tk.status}`)}</Badge>
        <SlaBadge clock={currentClock(tk).clock} />
      </Group>
    </>
  );
  // The priority header sorts most urgent first ('-priority' is the only priority order the API has).
  const onSortKey = (s: string) => onSort(s === 'priority' || s === '-priority' ? '-priority' : s === '-sla' ? 'sla' : s);
  return (
    <RecordTable
      rows={items} columns={columns.map((k) => all[k]).filter(Boolean)} sort={sort} onSort={onSortKey} selection={selection}
      onOpen={(tk) => navigate(`/tickets/${tk.id}`)} card={card} rowLabel={(tk) => `#${tk.number} ${tk.subject}`} testId="tickets-table" rowTestId="ticket-row" busy={busy}
      rowData={(tk) => ({ 'data-breached': tk.sla.breached ? 'true' : undefined })}
      rowStyle={(tk) => (tk.sla.breached ? { background: 'var(--mantine-color-red-light)', boxShadow: 'inset -4px 0 0 var(--mantine-color-red-6)' } : undefined)}
    />
  );
}
