import { Paper, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Profile } from '../../api/types';
import { useFormat } from '../../lib/format';

export function ProfileCounters({ counters }: { counters: Profile['counters'] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const items = [
    { label: t('counters.interactions'), value: fmt.number(counters.interactions) },
    { label: t('counters.openTasks'), value: fmt.number(counters.openTasks) },
    { label: t('counters.openPromises'), value: fmt.number(counters.openPromises) },
    { label: t('counters.brokenPromises'), value: fmt.number(counters.brokenPromises), alert: counters.brokenPromises > 0 },
    { label: t('counters.lastInteraction'), value: counters.lastInteractionAt ? fmt.date(counters.lastInteractionAt) : '—' },
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, md: 5 }} spacing="sm" data-testid="profile-counters">
      {items.map((i) => (
        <Paper key={i.label} withBorder p="sm" radius="md">
          <Text size="xs" c="dimmed">{i.label}</Text>
          <Text fw={700} size="lg" c={i.alert ? 'red' : undefined}>{i.value}</Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
