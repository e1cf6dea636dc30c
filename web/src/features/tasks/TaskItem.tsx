import { ActionIcon, Anchor, Badge, Checkbox, Group, Menu, Paper, Text } from '@mantine/core';
import { IconClock, IconPencil, IconUser, IconZzz } from '@tabler/icons-react';
import { duePresets, snoozeHour } from '../../../../common/due-presets';
import { usePrefs } from '../../lib/prefs';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Task } from '../../api/types';
import { useFormat } from '../../lib/format';
import { useUpdateTask } from './tasks.api';

type Props = { task: Task; onEdit?: (task: Task) => void; showCustomer?: boolean };

export function TaskItem({ task, onEdit, showCustomer = true }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const update = useUpdateTask();
  const done = task.status === 'done';
  const overdue = task.overdue && task.status === 'open';

  return (
    <Paper withBorder p="xs" radius="md" style={overdue ? { borderColor: 'var(--mantine-color-red-5)' } : undefined} data-testid="task-item" data-overdue={overdue || undefined}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <Group wrap="nowrap" align="flex-start" gap="sm" style={{ minWidth: 0 }}>
          <Checkbox
            mt={2}
            checked={done}
            onChange={() => update.mutate({ id: task.id, patch: { status: done ? 'open' : 'done' } })}
            aria-label={t(done ? 'tasks.reopen' : 'tasks.complete', { title: task.title })}
            disabled={update.isPending}
            data-testid="task-toggle"
          />
          <div style={{ minWidth: 0 }}>
            <Text size="sm" fw={600} td={done ? 'line-through' : undefined} c={done ? 'dimmed' : undefined} data-testid="task-title">{task.title}</Text>
            <Group gap={8} mt={2}>
              {task.isPromise && <Badge size="xs" variant="light" color="violet">{t('tasks.promise')}</Badge>}
              {task.priority !== 'normal' && <Badge size="xs" variant="light" color={task.priority === 'low' ? 'gray' : 'orange'}>{t(`priority.${task.priority}`)}</Badge>}
              <Group gap={2} wrap="nowrap">
                <IconClock size={12} aria-hidden />
                <Text size="xs" c={overdue ? 'red' : 'dimmed'} fw={overdue ? 700 : undefined} data-testid="task-due">
                  {task.dueAt ? fmt.dateTime(task.dueAt) : t('tasks.noDate')}
                  {overdue && ` · ${t('tasks.overdue')}`}
                </Text>
              </Group>
              {task.assigneeName && (
                <Group gap={2} wrap="nowrap">
                  <IconUser size={12} aria-hidden />
                  <Text size="xs" c="dimmed">{task.assigneeName}</Text>
                </Group>
              )}
              {showCustomer && task.customerId && (
                <Anchor component={Link} to={`/customers/${task.customerId}`} size="xs">{task.customerName}</Anchor>
              )}
            </Group>
          </div>
        </Group>
        <Group gap={2} wrap="nowrap">
        {task.status === 'open' && <SnoozeMenu task={task} />}
        {onEdit && (
          <ActionIcon variant="subtle" color="gray" onClick={() => onEdit(task)} aria-label={t('tasks.edit', { title: task.title })} data-testid="task-edit">
            <IconPencil size={16} />
          </ActionIcon>
        )}
        </Group>
      </Group>
    </Paper>
  );
}

/** Moves an open task's due time: an hour later, or to tomorrow 10:00 / next week / in 2 weeks (the user's zone). */
export function SnoozeMenu({ task }: { task: Task }) {
  const { t } = useTranslation();
  const { prefs } = usePrefs();
  const update = useUpdateTask();
  const move = (dueAt: string) => update.mutate({ id: task.id, patch: { dueAt } });
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={t('tasks.snooze', { title: task.title })} data-testid="task-snooze" loading={update.isPending}>
          <IconZzz size={16} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => move(snoozeHour(new Date(), task.dueAt))} data-testid="snooze-hour">{t('tasks.snoozeHour')}</Menu.Item>
        {(['tomorrow', 'nextWeek', 'twoWeeks'] as const).map((p) => (
          <Menu.Item key={p} onClick={() => move(duePresets(new Date(), prefs.timeZone)[p]!)} data-testid={`snooze-${p}`}>{t(`tasks.preset.${p}`)}</Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
