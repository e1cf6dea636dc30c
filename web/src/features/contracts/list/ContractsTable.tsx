/** The contracts list's columns (the user's choice, saved), sortable headers, row selection and phone cards. */
import { Anchor, Group, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../lib/format';
import { useMoney } from '../../../lib/money';
import { RecordTable, type ListColumn, type RowSelection } from '../../lists';
import { EndingBadge, StatusBadge } from '../ContractBadges';
import { ContractLevel } from '../ContractLevel';
import { endingTone, type ContractPage } from '../contracts.api';

type Item = ContractPage['items'][number];
export const CONTRACT_COLUMNS = ['number', 'title', 'customer', 'kind', 'level', 'period', 'value', 'owner', 'status', 'lastActivity'] as const;
export const DEFAULT_CONTRACT_COLUMNS = ['number', 'title', 'customer', 'kind', 'level', 'period', 'value', 'status', 'lastActivity'];
/** Without a sort chosen: the contract changed or reminded last on top. */
export const DEFAULT_CONTRACT_SORT = '-lastActivity';
export const contractColumnLabel = (t: (k: string) => string, key: string) =>
  key === 'lastActivity' ? t('lists.lastActivity') : t(`contracts.field.${key}`);

const nowrap = { whiteSpace: 'nowrap' } as const;
type Props = { items: Item[]; columns: string[]; selection?: RowSelection; busy: boolean; sort: string; onSort: (s: string) => void; onOpen: (id: string) => void };

export function ContractsTable({ items, columns, selection, busy, sort, onSort, onOpen }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const col = (key: string, render: ListColumn<Item>['render'], sortKey?: string): ListColumn<Item> => ({ key, label: contractColumnLabel(t, key), render, sort: sortKey });
  const customer = (c: Item) => <Anchor component={Link} to={`/customers/${c.customerId}`} size="sm" dir="auto" onClick={(e) => e.stopPropagation()}>{c.customerName ?? '—'}</Anchor>;
  const all: Record<string, ListColumn<Item>> = {
    number: col('number', (c) => <Text size="sm" c="dimmed" style={nowrap}>{fmt.digits(String(c.number))}</Text>, 'number'),
    title: col('title', (c) => (
      <Anchor component="button" type="button" size="sm" fw={600} lineClamp={1} dir="auto" ta="start" onClick={(e) => { e.stopPropagation(); onOpen(c.id); }} data-testid="contract-link">{c.title}</Anchor>
    ), 'title'),
    customer: col('customer', customer),
    kind: col('kind', (c) => <Text size="sm" style={nowrap}>{t(`contracts.kind.${c.kind}`)}</Text>),
    level: col('level', (c) => <Text size="sm" c={c.level ? undefined : 'dimmed'}>{c.level ? <ContractLevel level={c.level} /> : '—'}</Text>),
    period: col('period', (c) => <Text size="sm" style={nowrap} data-testid="contract-period">{t('contracts.period', { start: fmt.date(c.startDate), end: fmt.date(c.endDate) })}</Text>, 'endDate'),
    value: col('value', (c) => <Text size="sm" style={nowrap}>{c.value === '0' ? '—' : money.format(c.value)}</Text>, 'value'),
    owner: col('owner', (c) => <Text size="sm" dir="auto" data-testid="contract-owner">{c.ownerName ?? '—'}</Text>),
    status: col('status', (c) => <Group gap={4} wrap="nowrap"><StatusBadge contract={c} /><EndingBadge contract={c} /></Group>),
    lastActivity: col('lastActivity', (c) => <Text size="sm" style={nowrap}>{fmt.date(c.lastActivityAt)}</Text>, 'lastActivity'),
  };
  const card = (c: Item) => (
    <>
      <Group justify="space-between" wrap="nowrap" gap="xs" style={{ minWidth: 0 }}>
        <Text size="sm" fw={600} dir="auto" lineClamp={1}>{c.title}</Text>
        <Text size="xs" c="dimmed" style={nowrap}>{fmt.digits(String(c.number))}</Text>
      </Group>
      <Group gap={6} wrap="wrap" style={{ minWidth: 0 }}>
        <StatusBadge contract={c} />
        <EndingBadge contract={c} />
        <Text size="xs" c="dimmed" lineClamp={1}><bdi>{c.customerName ?? '—'}</bdi> · {t(`contracts.kind.${c.kind}`)}</Text>
      </Group>
      <Text size="xs" c="dimmed">{t('contracts.period', { start: fmt.date(c.startDate), end: fmt.date(c.endDate) })}</Text>
    </>
  );
  return (
    <RecordTable
      rows={items} columns={columns.map((k) => all[k]).filter(Boolean)} sort={sort} onSort={onSort} selection={selection}
      onOpen={(c) => onOpen(c.id)} card={card} rowLabel={(c) => c.title} testId="contracts-table" rowTestId="contract-row" busy={busy}
      rowData={(c) => ({ 'data-id': c.id })}
      rowStyle={(c) => { const tone = endingTone(c); return tone ? { borderInlineStart: `4px solid var(--mantine-color-${tone}-6)` } : undefined; }}
    />
  );
}
