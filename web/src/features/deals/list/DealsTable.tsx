/** The deals list's columns (the user's choice, saved), sortable headers, row selection and phone cards. */
import { Anchor, Badge, Group, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../lib/format';
import { useMoney } from '../../../lib/money';
import { RecordTable, type ListColumn, type RowSelection } from '../../lists';
import { outcomeColor, type DealPage } from '../deals.api';

type Item = DealPage['items'][number];
export const DEAL_COLUMNS = ['title', 'customer', 'stage', 'amount', 'owner', 'lastActivity', 'expectedClose', 'created'] as const;
export const DEFAULT_DEAL_COLUMNS = ['title', 'customer', 'stage', 'amount', 'owner', 'lastActivity', 'expectedClose'];
/** Without a sort chosen: the deal touched last on top. */
export const DEFAULT_DEAL_SORT = '-lastActivity';
export const dealColumnLabel = (t: (k: string) => string, key: string) =>
  key === 'lastActivity' ? t('lists.lastActivity') : t(`sales.deals.${({ title: 'dealTitle', created: 'createdAt' } as Record<string, string>)[key] ?? key}`);

const nowrap = { whiteSpace: 'nowrap' } as const;
type Props = { items: Item[]; columns: string[]; selection?: RowSelection; busy: boolean; sort: string; onSort: (s: string) => void; onOpen: (id: string) => void };

export function DealsTable({ items, columns, selection, busy, sort, onSort, onOpen }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const customer = (d: Item) => <Anchor component={Link} to={`/customers/${d.customerId}`} size="sm" dir="auto" onClick={(e) => e.stopPropagation()}>{d.customerName}</Anchor>;
  const stage = (d: Item) => <Badge size="sm" variant="light" color={outcomeColor(d.status)} style={{ overflow: 'visible' }} data-testid="deal-stage">{d.stageName}</Badge>;
  const col = (key: string, render: ListColumn<Item>['render'], sortKey?: string): ListColumn<Item> => ({ key, label: dealColumnLabel(t, key), render, sort: sortKey });
  const all: Record<string, ListColumn<Item>> = {
    title: col('title', (d) => <Text size="sm" fw={600} dir="auto" lineClamp={1}>{d.title}</Text>, 'title'),
    customer: col('customer', customer),
    stage: col('stage', stage),
    amount: col('amount', (d) => <Text size="sm" style={nowrap}>{money.format(d.amount)}</Text>, 'amount'),
    owner: col('owner', (d) => <Text size="sm" dir="auto" data-testid="deal-owner">{d.ownerName ?? '—'}</Text>),
    lastActivity: col('lastActivity', (d) => <Text size="sm" style={nowrap}>{fmt.date(d.lastActivityAt)}</Text>, 'lastActivity'),
    expectedClose: col('expectedClose', (d) => <Text size="sm" style={nowrap}>{d.expectedCloseDate ? fmt.date(d.expectedCloseDate) : '—'}</Text>, 'expectedClose'),
    created: col('created', (d) => <Text size="sm" style={nowrap}>{fmt.date(d.createdAt)}</Text>, 'created'),
  };
  const card = (d: Item) => (
    <>
      <Group justify="space-between" wrap="nowrap" gap="xs" style={{ minWidth: 0 }}>
        <Text size="sm" fw={600} dir="auto" lineClamp={1}>{d.title}</Text>
        <Text size="sm" style={nowrap}>{money.format(d.amount)}</Text>
      </Group>
      <Group gap={6} wrap="wrap" style={{ minWidth: 0 }}>
        {stage(d)}
        <Text size="xs" c="dimmed" lineClamp={1}><bdi>{d.customerName}</bdi> · <bdi>{d.ownerName ?? '—'}</bdi></Text>
      </Group>
      <Text size="xs" c="dimmed">{t('lists.lastActivity')}: {fmt.date(d.lastActivityAt)}</Text>
    </>
  );
  return (
    <RecordTable
      rows={items} columns={columns.map((k) => all[k]).filter(Boolean)} sort={sort} onSort={onSort} selection={selection}
      onOpen={(d) => onOpen(d.id)} card={card} rowLabel={(d) => d.title} testId="deals-table" rowTestId="deal-row" busy={busy}
    />
  );
}
