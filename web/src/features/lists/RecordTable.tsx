/**
 * A record list: the user's columns, sortable headers (server-side sort keys), row checkboxes with shift-click ranges,
 * and on a phone (≤ 480 px) cards instead of a wide table.
 */
import type { ReactNode } from 'react';
import { Checkbox, Group, Paper, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowsSort, IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { RowSelection } from './useRowSelection';

export type ListColumn<T> = { key: string; label: string; render: (row: T) => ReactNode; sort?: string };

type Props<T extends { id: string }> = {
  rows: T[];
  columns: ListColumn<T>[];
  sort: string;
  onSort?: (sort: string) => void;
  selection?: RowSelection;
  onOpen: (row: T) => void;
  card: (row: T) => ReactNode;
  rowLabel: (row: T) => string;
  testId: string;
  rowTestId: string;
  busy?: boolean;
  rowStyle?: (row: T) => React.CSSProperties | undefined;
  /** data-* attributes of a row (e.g. data-breached), on the table row and on the phone card. */
  rowData?: (row: T) => Record<`data-${string}`, string | undefined>;
};

export const PHONE_QUERY = '(max-width: 480px)';
const stop = (e: React.SyntheticEvent) => e.stopPropagation();

function SortHeader({ label, field, sort, onSort }: { label: string; field: string; sort: string; onSort: (s: string) => void }) {
  const { t } = useTranslation();
  const active = sort === field || sort === `-${field}`;
  const descending = sort === `-${field}`;
  const Icon = !active ? IconArrowsSort : descending ? IconChevronDown : IconChevronUp;
  return (
    <Table.Th aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}>
      <UnstyledButton onClick={() => onSort(active && !descending ? `-${field}` : field)} data-testid={`sort-${field}`} aria-label={t('lists.sortBy', { column: label })}>
        <Group gap={4} wrap="nowrap">
          <Text fw={600} size="sm" style={{ whiteSpace: 'nowrap' }}>{label}</Text>
          <Icon size={14} aria-hidden />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

export function RecordTable<T extends { id: string }>(p: Props<T>) {
  const { t } = useTranslation();
  const phone = useMediaQuery(PHONE_QUERY);
  const sel = p.selection;
  const check = (row: T) => sel && (
    <Checkbox
      aria-label={t('lists.select', { name: p.rowLabel(row) })}
      checked={sel.selected.has(row.id)}
      onClick={(e) => { stop(e); sel.toggle(row.id, e.shiftKey); }}
      onChange={() => {}}
      data-testid="row-check"
    />
  );
  if (phone) {
    return (
      <Stack gap="xs" data-testid={`${p.testId}-cards`} aria-busy={p.busy} style={{ opacity: p.busy ? 0.6 : 1 }}>
        {sel && (
          <Checkbox label={t('lists.selectPage')} checked={sel.allOnPage} indeterminate={!sel.allOnPage && sel.someOnPage} onChange={sel.toggleAll} data-testid="select-page" />
        )}
        {p.rows.map((row) => (
          <Paper key={row.id} withBorder radius="md" p="sm" className="clickable-row" onClick={() => p.onOpen(row)} data-testid={p.rowTestId} {...p.rowData?.(row)} style={{ minWidth: 0, ...p.rowStyle?.(row) }}>
            <Group align="flex-start" wrap="nowrap" gap="sm">
              {check(row)}
              <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>{p.card(row)}</Stack>
            </Group>
          </Paper>
        ))}
      </Stack>
    );
  }
  return (
    <Table.ScrollContainer minWidth={Math.max(600, p.columns.length * 130)}>
      <Table highlightOnHover verticalSpacing="xs" className="sticky-thead" data-testid={p.testId} aria-busy={p.busy} style={{ opacity: p.busy ? 0.6 : 1 }}>
        <Table.Thead>
          <Table.Tr>
            {sel && (
              <Table.Th w={36}>
                <Checkbox aria-label={t('lists.selectPage')} checked={sel.allOnPage} indeterminate={!sel.allOnPage && sel.someOnPage} onChange={sel.toggleAll} data-testid="select-page" />
              </Table.Th>
            )}
            {p.columns.map((c) => (c.sort && p.onSort
              ? <SortHeader key={c.key} label={c.label} field={c.sort} sort={p.sort} onSort={p.onSort} />
              : <Table.Th key={c.key} style={{ whiteSpace: 'nowrap' }}>{c.label}</Table.Th>))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {p.rows.map((row) => (
            <Table.Tr key={row.id} className="clickable-row" onClick={() => p.onOpen(row)} data-testid={p.rowTestId} data-selected={sel?.selected.has(row.id) ? 'true' : undefined} {...p.rowData?.(row)} style={p.rowStyle?.(row)}>
              {sel && <Table.Td onClick={stop}>{check(row)}</Table.Td>}
              {p.columns.map((c) => <Table.Td key={c.key} data-col={c.key}>{c.render(row)}</Table.Td>)}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
