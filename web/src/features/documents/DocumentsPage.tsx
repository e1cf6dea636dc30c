/** Quotes, invoices and credit notes: by kind (tabs) and status, searched by number or customer, in a date range; paged. */
import { useEffect, useState } from 'react';
import { Anchor, Badge, Button, CloseButton, Group, Menu, Pagination, Paper, Select, SimpleGrid, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { IconChevronDown, IconPlus, IconSearch } from '@tabler/icons-react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_STATUSES } from '../../../../common/documents.schemas';
import { useFormat } from '../../lib/format';
import { DateField } from '../../components/DateFields';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { Ltr } from '../../components/Ltr';
import { useSession } from '../session/session';
import { DOCS_PAGE_SIZE, useDocuments, type DocumentFilters } from './documents.api';
import type { DocumentKind, DocumentStatus, DocumentSummary } from './documents.types';
import { useMoney } from '../../lib/money';
import { StatusBadge } from './StatusBadge';

const KIND_TABS = ['all', 'quote', 'invoice', 'credit_note'] as const;
const STATUSES_OF: Record<string, readonly DocumentStatus[]> = {
  all: DOCUMENT_STATUSES,
  quote: ['draft', 'sent', 'accepted', 'rejected', 'expired', 'cancelled'],
  invoice: ['draft', 'issued', 'partially_paid', 'paid', 'cancelled'],
  credit_note: ['issued'],
};

function useListParams() {
  const [params, setParams] = useSearchParams();
  const filters: DocumentFilters = {};
  for (const k of ['kind', 'status', 'q', 'from', 'to', 'customerId'] as const) {
    const v = params.get(k);
    if (v) filters[k] = v;
  }
  const page = Math.max(1, Number(params.get('page')) || 1);
  const update = (patch: Partial<DocumentFilters> & { page?: number }) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === null || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };
  return { filters, page, update };
}

export function DocumentsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useSession();
  const navigate = useNavigate();
  const { filters, page, update } = useListParams();
  const [q, setQ] = useState(filters.q ?? '');
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  useEffect(() => {
    if ((filters.q ?? '') !== debouncedQ) update({ q: debouncedQ || undefined });
  }, [debouncedQ]);

  const list = useDocuments(filters, page);
  const phone = useMediaQuery('(max-width: 36em)');
  const kindTab = filters.kind ?? 'all';
  const totalPages = list.data ? Math.max(1, Math.ceil(list.data.total / DOCS_PAGE_SIZE)) : 1;
  const filtered = Boolean(filters.q || filters.status || filters.from || filters.to || filters.customerId);

  const newButton = can('documents', 'create') && (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button leftSection={<IconPlus size={16} />} rightSection={<IconChevronDown size={14} />} data-testid="doc-new">{t('documents.new')}</Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => navigate('/documents/new?kind=quote')} data-testid="doc-new-quote">{t('documents.newQuote')}</Menu.Item>
        <Menu.Item onClick={() => navigate('/documents/new?kind=invoice')} data-testid="doc-new-invoice">{t('documents.newInvoice')}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );

  return (
    <Stack gap="md" data-testid="documents-page">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="xs">
          <Title order={1} size="h3">{t('documents.title')}</Title>
          {list.data && <Badge variant="light" size="lg" data-testid="documents-total">{fmt.number(list.data.total)}</Badge>}
        </Group>
        {newButton}
      </Group>

      <Tabs value={kindTab} onChange={(v) => update({ kind: v === 'all' ? undefined : v ?? undefined, status: undefined })}>
        <Tabs.List style={{ flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden' }}>
          {KIND_TABS.map((k) => (
            <Tabs.Tab key={k} value={k} data-testid={`doc-tab-${k}`} style={{ whiteSpace: 'nowrap' }}>{t(`documents.kindPlural.${k}`)}</Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>

      {filters.customerId && (
        <Group gap="xs">
          <Badge variant="light" size="lg" rightSection={<CloseButton size="xs" onClick={() => update({ customerId: undefined })} aria-label={t('filters.clear')} />} data-testid="doc-customer-filter">
            {t('documents.customer')}: {list.data?.items[0]?.customerName ?? '…'}
          </Badge>
        </Group>
      )}
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
        <TextInput
          style={{ gridColumn: phone ? 'span 2' : undefined }}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          label={t('documents.search')}
          placeholder={t('documents.searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          data-testid="doc-search"
        />
        <Select
          label={t('documents.statusLabel')}
          placeholder={t('documents.anyStatus')}
          data={STATUSES_OF[kindTab].map((s) => ({ value: s, label: t(`documents.status.${s}`) }))}
          value={filters.status ?? null}
          onChange={(v) => update({ status: v ?? undefined })}
          clearable
          data-testid="doc-status-filter"
        />
        <DateField label={t('documents.from')} value={filters.from ?? null} onChange={(v) => update({ from: v ?? undefined })} testId="doc-from" />
        <DateField label={t('documents.to')} value={filters.to ?? null} onChange={(v) => update({ to: v ?? undefined })} testId="doc-to" />
      </SimpleGrid>

      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.items.length === 0 && (
        filtered
          ? <EmptyState title={t('documents.noMatchTitle')} hint={t('documents.noMatchHint')} action={<Button variant="light" onClick={() => { setQ(''); update({ q: undefined, status: undefined, from: undefined, to: undefined, customerId: undefined }); }}>{t('filters.clear')}</Button>} />
          : <EmptyState title={t('documents.emptyTitle')} hint={t('documents.emptyHint')} action={newButton} />
      )}
      {list.data && list.data.items.length > 0 && (
        <>
          {phone
            ? <DocumentCards items={list.data.items} busy={list.isFetching} />
            : <DocumentsTable items={list.data.items} busy={list.isFetching} showKind={kindTab === 'all'} />}
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {t('customers.showing', {
                from: fmt.number((page - 1) * DOCS_PAGE_SIZE + 1),
                to: fmt.number((page - 1) * DOCS_PAGE_SIZE + list.data.items.length),
                total: fmt.number(list.data.total),
              })}
            </Text>
            {totalPages > 1 && <Pagination total={totalPages} value={page} onChange={(p) => update({ page: p })} size="sm" getItemProps={(p) => ({ children: fmt.number(p) })} data-testid="doc-pages" />}
          </Group>
        </>
      )}
    </Stack>
  );
}

export function DocumentNumber({ doc }: { doc: Pick<DocumentSummary, 'number'> }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return doc.number ? <Ltr>{fmt.digits(doc.number)}</Ltr> : <Text span c="dimmed" size="sm">{t('documents.draftNumber')}</Text>;
}

/** On a phone: one card per document, the number and status first, then who, when and how much. */
function DocumentCards({ items, busy }: { items: DocumentSummary[]; busy: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  return (
    <Stack gap="xs" data-testid="documents-table" aria-busy={busy} style={{ opacity: busy ? 0.6 : 1 }}>
      {items.map((d) => (
        <Paper key={d.id} withBorder p="sm" radius="md" component={Link} to={`/documents/${d.id}`} data-testid="doc-row" style={{ color: 'inherit', textDecoration: 'none' }}>
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Text size="sm" fw={600} c={d.number ? 'cyan.8' : 'dimmed'} style={{ whiteSpace: 'nowrap' }}><DocumentNumber doc={d} /></Text>
            <StatusBadge status={d.status} size="sm" />
          </Group>
          <Group justify="space-between" wrap="nowrap" gap="xs" mt={4}>
            <Text size="sm" lineClamp={1}>{d.customerName}</Text>
            <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>{money.format(d.grandTotal)}</Text>
          </Group>
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Text size="xs" c="dimmed">{t(`documents.kind.${d.kind as DocumentKind}`)} · {fmt.date(d.issueDate)}</Text>
            {d.kind === 'invoice' && d.balance !== '0' && (d.status === 'issued' || d.status === 'partially_paid') && (
              <Text size="xs" c="red.7" style={{ whiteSpace: 'nowrap' }}>{t('documents.balance')}: {money.format(d.balance)}</Text>
            )}
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

function DocumentsTable({ items, busy, showKind }: { items: DocumentSummary[]; busy: boolean; showKind: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const navigate = useNavigate();
  const due = (d: DocumentSummary) => (d.kind === 'quote' ? d.validUntil : d.dueDate);
  return (
    <Table.ScrollContainer minWidth={showKind ? 900 : 820}>
      <Table highlightOnHover verticalSpacing="xs" className="sticky-thead" data-testid="documents-table" aria-busy={busy} style={{ opacity: busy ? 0.6 : 1 }}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('documents.col.number')}</Table.Th>
            {showKind && <Table.Th>{t('documents.col.kind')}</Table.Th>}
            <Table.Th>{t('documents.col.customer')}</Table.Th>
            <Table.Th>{t('documents.col.issueDate')}</Table.Th>
            <Table.Th>{t('documents.col.due')}</Table.Th>
            <Table.Th ta="end">{t('documents.col.total')}</Table.Th>
            <Table.Th ta="end">{t('documents.col.balance')}</Table.Th>
            <Table.Th>{t('documents.col.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((d) => (
            <Table.Tr key={d.id} className="clickable-row" onClick={() => navigate(`/documents/${d.id}`)} data-testid="doc-row">
              <Table.Td>
                <Anchor component={Link} to={`/documents/${d.id}`} onClick={(e) => e.stopPropagation()} fw={600} size="sm" style={{ whiteSpace: 'nowrap' }}>
                  <DocumentNumber doc={d} />
                </Anchor>
              </Table.Td>
              {showKind && <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{t(`documents.kind.${d.kind as DocumentKind}`)}</Text></Table.Td>}
              <Table.Td>
                <Anchor component={Link} to={`/customers/${d.customerId}`} onClick={(e) => e.stopPropagation()} size="sm" c="inherit">{d.customerName}</Anchor>
              </Table.Td>
              <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{fmt.date(d.issueDate)}</Text></Table.Td>
              <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{due(d) ? fmt.date(due(d)) : '—'}</Text></Table.Td>
              <Table.Td ta="end"><Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>{money.format(d.grandTotal)}</Text></Table.Td>
              <Table.Td ta="end">
                <Text size="sm" style={{ whiteSpace: 'nowrap' }} c={d.kind === 'invoice' && d.balance !== '0' && d.status !== 'cancelled' ? 'red.7' : 'dimmed'}>
                  {d.kind === 'invoice' && d.status !== 'draft' && d.status !== 'cancelled' ? money.format(d.balance) : '—'}
                </Text>
              </Table.Td>
              <Table.Td><StatusBadge status={d.status} size="sm" /></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
