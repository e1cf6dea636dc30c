/** The documents list's columns (the user's choice, saved), sortable headers, row selection and phone cards. */
import { Anchor, Group, Text } from '@mantine/core';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../lib/format';
import { useMoney } from '../../../lib/money';
import { Ltr } from '../../../components/Ltr';
import { RecordTable, type ListColumn, type RowSelection } from '../../lists';
import { StatusBadge } from '../StatusBadge';
import type { DocumentKind, DocumentPage } from '../documents.types';

type Item = DocumentPage['items'][number];
export const DOCUMENT_COLUMNS = ['number', 'kind', 'customer', 'owner', 'issueDate', 'due', 'total', 'balance', 'status', 'lastActivity'] as const;
export const DEFAULT_DOCUMENT_COLUMNS = ['number', 'kind', 'customer', 'issueDate', 'total', 'balance', 'status', 'lastActivity'];
/** Without a sort chosen: the document touched last (sent, viewed, paid, edited) on top. */
export const DEFAULT_DOCUMENT_SORT = '-lastActivity';
export const documentColumnLabel = (t: (k: string) => string, key: string) =>
  key === 'lastActivity' ? t('lists.lastActivity') : key === 'owner' ? t('lists.owner') : t(`documents.col.${key}`);

const nowrap = { whiteSpace: 'nowrap' } as const;
const hasBalance = (d: Item) => d.kind === 'invoice' && d.status !== 'draft' && d.status !== 'cancelled';

export function DocumentNumberText({ number }: { number: string | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return number ? <Ltr>{fmt.digits(number)}</Ltr> : <Text span c="dimmed" size="sm">{t('documents.draftNumber')}</Text>;
}

type Props = { items: Item[]; columns: string[]; selection?: RowSelection; busy: boolean; sort: string; onSort: (s: string) => void };

export function DocumentsTable({ items, columns, selection, busy, sort, onSort }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const navigate = useNavigate();
  const due = (d: Item) => (d.kind === 'quote' ? d.validUntil : d.dueDate);
  const stop = (e: React.MouseEvent) => e.stopPropagation();
  const col = (key: string, render: ListColumn<Item>['render'], sortKey?: string): ListColumn<Item> => ({ key, label: documentColumnLabel(t, key), render, sort: sortKey });
  const all: Record<string, ListColumn<Item>> = {
    number: col('number', (d) => (
      <Anchor component={Link} to={`/documents/${d.id}`} onClick={stop} fw={600} size="sm" style={nowrap}><DocumentNumberText number={d.number} /></Anchor>
    ), 'number'),
    kind: col('kind', (d) => <Text size="sm" style={nowrap}>{t(`documents.kind.${d.kind as DocumentKind}`)}</Text>),
    customer: col('customer', (d) => <Anchor component={Link} to={`/customers/${d.customerId}`} onClick={stop} size="sm" c="inherit" dir="auto">{d.customerName}</Anchor>),
    owner: col('owner', (d) => <Text size="sm" dir="auto" data-testid="doc-owner">{d.ownerName ?? '—'}</Text>),
    issueDate: col('issueDate', (d) => <Text size="sm" style={nowrap}>{fmt.date(d.issueDate)}</Text>, 'issueDate'),
    due: col('due', (d) => <Text size="sm" style={nowrap}>{due(d) ? fmt.date(due(d)) : '—'}</Text>, 'due'),
    total: col('total', (d) => <Text size="sm" fw={500} style={nowrap}>{money.format(d.grandTotal)}</Text>, 'total'),
    balance: col('balance', (d) => (
      <Text size="sm" style={nowrap} c={hasBalance(d) && d.balance !== '0' ? 'red.7' : 'dimmed'}>{hasBalance(d) ? money.format(d.balance) : '—'}</Text>
    ), 'balance'),
    status: col('status', (d) => <StatusBadge status={d.status} size="sm" />),
    lastActivity: col('lastActivity', (d) => <Text size="sm" style={nowrap}>{fmt.date(d.lastActivityAt)}</Text>, 'lastActivity'),
  };
  const card = (d: Item) => (
    <>
      <Group justify="space-between" wrap="nowrap" gap="xs" style={{ minWidth: 0 }}>
        <Text size="sm" fw={600} c={d.number ? 'cyan.8' : 'dimmed'} style={nowrap}><DocumentNumberText number={d.number} /></Text>
        <StatusBadge status={d.status} size="sm" />
      </Group>
      <Group justify="space-between" wrap="nowrap" gap="xs" style={{ minWidth: 0 }}>
        <Text size="sm" lineClamp={1} dir="auto">{d.customerName}</Text>
        <Text size="sm" fw={600} style={nowrap}>{money.format(d.grandTotal)}</Text>
      </Group>
      <Group justify="space-between" wrap="wrap" gap="xs" style={{ minWidth: 0 }}>
        <Text size="xs" c="dimmed">{t(`documents.kind.${d.kind as DocumentKind}`)} · {fmt.date(d.issueDate)}</Text>
        {hasBalance(d) && d.balance !== '0' && <Text size="xs" c="red.7" style={nowrap}>{t('documents.balance')}: {money.format(d.balance)}</Text>}
      </Group>
      <Text size="xs" c="dimmed">{t('lists.lastActivity')}: {fmt.date(d.lastActivityAt)}{d.ownerName ? <> · <bdi>{d.ownerName}</bdi></> : null}</Text>
    </>
  );
  return (
    <RecordTable
      rows={items} columns={columns.map((k) => all[k]).filter(Boolean)} sort={sort} onSort={onSort} selection={selection}
      onOpen={(d) => navigate(`/documents/${d.id}`)} card={card} rowLabel={(d) => d.number ?? d.customerName} testId="documents-table" rowTestId="doc-row" busy={busy}
    />
  );
}
