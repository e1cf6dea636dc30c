/**
 * A list's filter bar. On a phone (≤480 px) only the search box and a "Filters" button (with how many filters are in
 * use) show; the other filters open below it, one per row. Wider screens show every filter in one grid, as before.
 */
import { useState, type ReactNode } from 'react';
import { Badge, Button, Group, Paper, SimpleGrid, Stack, type SimpleGridProps } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconFilter } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { PHONE_QUERY } from './RecordTable';

type Props = {
  /** The search box: always visible. */
  search: ReactNode;
  /** The other filters: folded on a phone. */
  children: ReactNode;
  /** Shown under the grid (a hint about a filter in use). */
  footer?: ReactNode;
  /** How many of the folded filters differ from the list's default. */
  active: number;
  cols: SimpleGridProps['cols'];
  testId: string;
};

export function PhoneFilters({ search, children, footer, active, cols, testId }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const phone = useMediaQuery(PHONE_QUERY);
  const [open, setOpen] = useState(false);
  if (!phone) {
    return (
      <Paper withBorder p="sm" radius="md" data-testid={testId}>
        <SimpleGrid cols={cols} spacing="xs">{search}{children}</SimpleGrid>
        {footer}
      </Paper>
    );
  }
  return (
    <Stack gap="xs" data-testid={testId}>
      <Group gap="xs" wrap="nowrap" align="flex-end">
        <div style={{ flex: 1, minWidth: 0 }}>{search}</div>
        <Button
          variant={open ? 'light' : 'default'}
          leftSection={<IconFilter size={16} />}
          rightSection={active ? <Badge size="xs" circle data-testid={`${testId}-count`}>{fmt.number(active)}</Badge> : null}
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          data-testid={`${testId}-toggle`}
        >
          {t('filters.title')}
        </Button>
      </Group>
      {open && (
        <Paper withBorder p="sm" radius="md" data-testid={`${testId}-panel`}>
          <Stack gap="xs">{children}</Stack>
          {footer}
        </Paper>
      )}
    </Stack>
  );
}
