/** The tasks list: done toggle, the user's columns, sortable headers, row selection, snooze; cards on a phone. */
import { ActionIcon, Anchor, Badge, Group, Text } from '@mantine/core';
import { IconCircle, IconCircleCheck } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Task } from '../../api/types';
import { useFormat } from '../../lib/format';
import { RecordTable, type ListColumn, type RowSelection } from '../lists';
import { SnoozeMenu } from './TaskItem';
import { useUpdateTask } from './tasks.api';

export const TASK_COLUMNS = ['title', 'customer', 'due', 'priority', 'assignee', 'created'] as const;
export const DEFAULT_TASK_COLUMNS = ['title', 'customer', 'due', 'priority', 'assignee'];
export const taskColumnLabel = (t: (k: string) => string, key: string) =>
  key === 'due' ? t('tasks.dueAt') : key === 'customer' ? t('sales.deals.customer') : key === 'created' ? t('customers.col.created') : t(`tasks.${key}`);

const nowrap = { whiteSpace: 'nowrap' } as const;
const stop = (e: React.SyntheticEvent) => e.stopPropagation();

function DoneToggle({ task }: { task: Task }) {
  const { t } = useTranslation();
  const update = useUpdateTask();
  const done = task.status === 'done';
  return (
    <ActionIcon
      variant="subtle" radius="xl" color={done ? 'teal' : 'gray'} loading={update.isPending}
      onClick={(e) => { stop(e); update.mutate({ id: task.id, patch: { status: done ? 'open' : 'done' } }); }}
      aria-label={t(done ? 'tasks.reopen' : 'tasks.complete', { title: task.title })} data-testid="task-toggle"
    >
      {done ? <IconCircleCheck size={18} /> : <IconCircle size={18} />}
    </ActionIcon>
  );
}

type Props = { items: Task[]; columns: string[]; selection?: RowSelection; busy: boolean; sort: string; onSort: (s: string) => void; onOpen: (task: Task) => void };

export function TasksTable({ items, columns, selection, busy, sort, onSort, onOpen }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const overdue = (k: Task) => k.overdue && k.status === 'open';
  const title = (k: Task) => (
    <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
      <DoneToggle task={k} />
      <Text size="sm" fw={600} dir="auto" lineClamp={1} td={k.status === 'done' ? 'line-through' : undefined} data-testid="task-title">{k.title}</Text>
      {k.isPromise && <Badge size="xs" variant="light" color="violet" style={{ overflow: 'visible', flexShrink: 0 }}>{t('tasks.promise')}</Badge>}
    </Group>
  );
  const due = (k: Task) => (
    <Group gap={2} wrap="nowrap" onClick={stop}>
      <Text size="sm" style={nowrap} c={overdue(k) ? 'red' : k.dueAt ? undefined : 'dimmed'} fw={overdue(k) ? 700 : undefined} data-testid="task-due">
        {k.dueAt ? fmt.dateTime(k.dueAt) : t('tasks.noDate')}
      </Text>
      {k.status === 'open' && <SnoozeMenu task={k} />}
    </Group>
  );
  const customer = (k: Task) => (k.customerId
    ? <Anchor component={Link} to={`/customers/${k.customerId}`} size="sm" dir="auto" onClick={stop}>{k.customerName}</Anchor>
    : <Text size="sm" c="dimmed">—</Text>);
  const priority = (k: Task) => <Badge size="sm" variant="light" color={k.priority === 'urgent' ? 'red' : k.priority === 'high' ? 'orange' : 'gray'} style={{ overflow: 'visible' }}>{t(`priority.${k.priority}`)}</Badge>;
  const col = (key: string, render: ListColumn<Task>['render'], sortKey?: string): ListColumn<Task> => ({ key, label: taskColumnLabel(t, key), render, sort: sortKey });
  const all: Record<string, ListColumn<Task>> = {
    title: col('title', title, 'title'),
    customer: col('customer', customer),
    due: col('due', due, 'due'),
    priority: col('priority', priority, 'priority'),
    assignee: col('assignee', (k) => <Text size="sm" dir="auto">{k.assigneeName ?? '—'}</Text>),
    created: col('created', (k) => <Text size="sm" style={nowrap}>{fmt.date(k.createdAt)}</Text>, 'created'),
  };
  const card = (k: Task) => (
    <>
      {title(k)}
      <Group gap={6} wrap="wrap">
        {due(k)}
        {k.priority !== 'normal' && priority(k)}
      </Group>
      <Text size="xs" c="dimmed" lineClamp={1}>{k.customerName && <><bdi>{k.customerName}</bdi> · </>}<bdi>{k.assigneeName ?? '—'}</bdi></Text>
    </>
  );
  // The priority header sorts most urgent first on its first click, then flips as any other.
  const onSortKey = (s: string) => onSort(s === 'priority' && sort !== '-priority' ? '-priority' : s);
  return (
    <RecordTable
      rows={items} columns={columns.map((k) => all[k]).filter(Boolean)} sort={sort} onSort={onSortKey} selection={selection}
      onOpen={onOpen} card={card} rowLabel={(k) => k.title} testId="task-list" rowTestId="task-item" busy={busy}
      rowData={(k) => ({ 'data-overdue': overdue(k) ? 'true' : undefined })}
    />
  );
}
