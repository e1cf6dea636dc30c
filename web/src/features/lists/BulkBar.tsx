/** The bar shown while rows are selected: the count, the list's actions, and clear. */
import type { ReactNode } from 'react';
import { Button, Group, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';

export function BulkBar({ count, onClear, children }: { count: number; onClear: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (!count) return null;
  return (
    <Paper withBorder radius="md" p="xs" bg="var(--mantine-color-blue-light)" data-testid="bulk-bar" style={{ position: 'sticky', top: 0, zIndex: 3 }}>
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600} data-testid="bulk-count">{t('lists.selected', { n: fmt.number(count) })}</Text>
        {children}
        <Button size="compact-sm" variant="subtle" onClick={onClear}>{t('lists.clearSelection')}</Button>
      </Group>
    </Paper>
  );
}
