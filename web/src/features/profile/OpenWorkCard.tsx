import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Task } from '../../api/types';
import { TaskItem } from '../tasks/TaskItem';

/** Open promises first (what we owe the customer), then other open tasks; overdue ones show in red. */
export function OpenWorkCard({ promises, tasks, onEdit }: { promises: Task[]; tasks: Task[]; onEdit: (t: Task) => void }) {
  const { t } = useTranslation();
  const otherTasks = tasks.filter((task) => !promises.some((p) => p.id === task.id));
  return (
    <Paper withBorder p="md" radius="md" data-testid="open-promises">
      <Title order={2} size="h5" mb="xs">{t('profile.openPromises')}</Title>
      {promises.length === 0 ? <Text size="sm" c="dimmed">{t('profile.noPromises')}</Text> : (
        <Stack gap={6}>{promises.map((p) => <TaskItem key={p.id} task={p} onEdit={onEdit} showCustomer={false} />)}</Stack>
      )}
      <Title order={2} size="h5" mt="md" mb="xs">{t('profile.openTasks')}</Title>
      {otherTasks.length === 0 ? <Text size="sm" c="dimmed">{t('profile.noTasks')}</Text> : (
        <Stack gap={6}>{otherTasks.map((task) => <TaskItem key={task.id} task={task} onEdit={onEdit} showCustomer={false} />)}</Stack>
      )}
    </Paper>
  );
}
