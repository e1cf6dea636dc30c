/** Show, hide and reorder a list's columns (saved for the user by useListColumns). */
import { ActionIcon, Button, Checkbox, Group, Popover, Stack, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconColumns } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

type Props = { available: { key: string; label: string }[]; columns: string[]; onChange: (columns: string[]) => void; onReset: () => void };

export function ColumnChooser({ available, columns, onChange, onReset }: Props) {
  const { t } = useTranslation();
  // Shown columns first in their order, then the hidden ones.
  const ordered = [...columns.map((k) => available.find((a) => a.key === k)!).filter(Boolean), ...available.filter((a) => !columns.includes(a.key))];
  const move = (key: string, by: -1 | 1) => {
    const i = columns.indexOf(key);
    const j = i + by;
    if (i < 0 || j < 0 || j >= columns.length) return;
    const next = [...columns];
    [next[i], next[j]] = [next[j], next[i]];
    onChange(next);
  };
  return (
    <Popover position="bottom-end" shadow="md" withinPortal>
      <Popover.Target>
        <Button variant="default" leftSection={<IconColumns size={16} />} aria-label={t('lists.columns')} data-testid="column-chooser">
          <Text size="sm" visibleFrom="xs">{t('lists.columns')}</Text>
        </Button>
      </Popover.Target>
      <Popover.Dropdown data-testid="column-chooser-panel">
        <Stack gap={6} miw={220}>
          {ordered.map((c) => {
            const shown = columns.includes(c.key);
            return (
              <Group key={c.key} justify="space-between" wrap="nowrap" gap="xs">
                <Checkbox
                  label={c.label}
                  checked={shown}
                  disabled={shown && columns.length === 1}
                  onChange={() => onChange(shown ? columns.filter((k) => k !== c.key) : [...columns, c.key])}
                  data-testid={`column-toggle-${c.key}`}
                />
                {shown && (
                  <Group gap={2} wrap="nowrap">
                    <ActionIcon size="sm" variant="subtle" aria-label={t('lists.moveUp', { column: c.label })} onClick={() => move(c.key, -1)} disabled={columns[0] === c.key} data-testid={`column-up-${c.key}`}><IconArrowUp size={14} /></ActionIcon>
                    <ActionIcon size="sm" variant="subtle" aria-label={t('lists.moveDown', { column: c.label })} onClick={() => move(c.key, 1)} disabled={columns.at(-1) === c.key}><IconArrowDown size={14} /></ActionIcon>
                  </Group>
                )}
              </Group>
            );
          })}
          <Button variant="subtle" size="compact-sm" onClick={onReset}>{t('lists.resetColumns')}</Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
