/**
 * Quotes, invoices and credit notes: by kind (tabs), status and owner, searched by number or customer, in a date range;
 * the user's columns, server sort (last activity first), row selection with bulk owner / export selected; paged.
 * A saved view keeps the tab, the filters, the sort and the columns (GET /api/saved-views?list=documents).
 */
import { useEffect, useState } from 'react';
import { Badge, Button, CloseButton, Group, Menu, Pagination, Select, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronDown, IconPlus, IconSearch } from '@tabler/icons-react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_STATUSES } from '../../../../common/documents.schemas';
import { useFormat } from '../../lib/format';
import { DateField } from '../../components/DateFields';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useActiveUserOptions } from '../../api/reference';
import { useSession } from '../session/session';
import { BulkBar, ColumnChooser, ListViewsMenu, OwnerExportActions, PhoneFilters, useListColumns, useRowSelection } from '../lists';
import { DOCS_PAGE_SIZE, useDocuments, type DocumentFilters } from './documents.api';
import type { DocumentStatus } from './documents.types';
import { DEFAULT_DOCUMENT_COLUMNS, DEFAULT_DOCUMENT_SORT, DOCUMENT_COLUMNS, DocumentsTable, documentColumnLabel } from './list/DocumentsTable';

const KIND_TABS = ['all', 'quote', 'invoice', 'credit_note'] as const;
const STATUSES_OF: Record<string, readonly DocumentStatus[]> = {
  all: DOCUMENT_STATUSES,
  quote: ['draft', 'sent', 'accepted', 'rejected', 'expired', 'cancelled'],
  invoice: ['draft', 'issued', 'partially_paid', 'paid', 'cancelled'],
  credit_note: ['issued'],
};

const FILTER_KEYS = ['kind', 'status', 'q', 'from', 'to', 'customerId', 'ownerId', 'sort'] as const;
/** What a saved view of this list holds: the filters (strings, as in the address) and the columns, comma-separated. */
type DocumentView = DocumentFilters & { columns?: string };

function useListParams() {
  const [params, setParams] = useSearchParams();
  const filters: DocumentFilters = {};
  for (const k of FILTER_KEYS) {
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
  /** A saved view replaces every filter (and goes back to page 1); other parameters stay. */
  const replaceAll = (view: DocumentFilters) => {
    const next = new URLSearchParams(params);
    for (const k of [...FILTER_KEYS, 'page']) next.delete(k);
    for (const k of FILTER_KEYS) {
      const v = view[k];
      if (typeof v === 'string' && v) next.set(k, v);
    }
    setParams(next, { replace: true });
  };
  return { filters, page, update, replaceAll };
}

export function DocumentsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useSession();
  const navigate = useNavigate();
  const { filters, page, update, replaceAll } = useListParams();
  const [q, setQ] = useState(filters.q ?? '');
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  useEffect(() => {
    if ((filters.q ?? '') !== debouncedQ) update({ q: debouncedQ || undefined });
  }, [debouncedQ]);

  const sort = filters.sort ?? DEFAULT_DOCUMENT_SORT;
  const list = useDocuments({ ...filters, sort }, page);
  const userOptions = useActiveUserOptions();
  const cols = useListColumns('documents', DOCUMENT_COLUMNS as unknown as string[], DEFAULT_DOCUMENT_COLUMNS);
  const selection = useRowSelection(list.data?.items.map((d) => d.id) ?? []);
  const kindTab = filters.kind ?? 'all';
  const totalPages = list.data ? Math.max(1, Math.ceil(list.data.total / DOCS_PAGE_SIZE)) : 1;
  const filtered = Boolean(filters.q || filters.status || filters.from || filters.to || filters.customerId || filters.ownerId);
  const canBulk = can('documents', 'update') || can('documents', 'export');

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
        <Group gap="xs">
          <ListViewsMenu
            list="documents"
            query={{ ...filters, columns: cols.columns.join(',') } as DocumentView}
            onApply={({ columns, ...v }) => {
              setQ(typeof v.q === 'string' ? v.q : '');
              replaceAll(v);
              if (columns) cols.setColumns(columns.split(','));
            }}
          />
          <ColumnChooser
            available={DOCUMENT_COLUMNS.map((k) => ({ key: k, label: documentColumnLabel(t, k) }))}
            columns={cols.columns} onChange={cols.setColumns} onReset={() => cols.setColumns(DEFAULT_DOCUMENT_COLUMNS)}
          />
          {newButton}
        </Group>
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
      <PhoneFilters
        testId="doc-filters"
        cols={{ base: 2, md: 5 }}
        active={[filters.status, filters.ownerId, filters.from, filters.to].filter(Boolean).length}
        search={(
          <TextInput
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            label={t('documents.search')}
            placeholder={t('documents.searchPlaceholder')}
            leftSection={<IconSearch size={16} />}
            data-testid="doc-search"
          />
        )}
      >
        <Select
          label={t('documents.statusLabel')}
          placeholder={t('documents.anyStatus')}
          data={STATUSES_OF[kindTab].map((s) => ({ value: s, label: t(`documents.status.${s}`) }))}
          value={filters.status ?? null}
          onChange={(v) => update({ status: v ?? undefined })}
          clearable
          data-testid="doc-status-filter"
        />
        <Select
          label={t('lists.owner')}
          placeholder={t('sales.deals.allOwners')}
          clearable
          searchable
          data={[{ value: 'me', label: t('sales.deals.mine') }, { value: 'none', label: t('sales.deals.noOwner') }, ...userOptions]}
          value={filters.ownerId ?? null}
          onChange={(v) => update({ ownerId: v ?? undefined })}
          data-testid="doc-owner-filter"
        />
        <DateField label={t('documents.from')} value={filters.from ?? null} onChange={(v) => update({ from: v ?? undefined })} testId="doc-from" />
        <DateField label={t('documents.to')} value={filters.to ?? null} onChange={(v) => update({ to: v ?? undefined })} testId="doc-to" />
      </PhoneFilters>

      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.items.length === 0 && (
        filtered
          ? <EmptyState title={t('documents.noMatchTitle')} hint={t('documents.noMatchHint')} action={<Button variant="light" onClick={() => { setQ(''); update({ q: undefined, status: undefined, from: undefined, to: undefined, customerId: undefined, ownerId: undefined }); }}>{t('filters.clear')}</Button>} />
          : <EmptyState title={t('documents.emptyTitle')} hint={t('documents.emptyHint')} action={newButton} />
      )}
      {/* The table waits for the reader's saved columns, so it does not show the defaults and then change. */}
      {list.data && list.data.items.length > 0 && cols.ready && (
        <>
          <BulkBar count={selection.selected.size} onClear={selection.clear}>
            <OwnerExportActions entity="documents" ids={selection.ids} canUpdate={can('documents', 'update')} canExport={can('documents', 'export')} listKey="documents" onDone={selection.clear} />
          </BulkBar>
          <DocumentsTable
            items={list.data.items} columns={cols.columns.filter((c) => c !== 'kind' || kindTab === 'all')} selection={canBulk ? selection : undefined}
            busy={list.isFetching} sort={sort} onSort={(next) => update({ sort: next === DEFAULT_DOCUMENT_SORT ? undefined : next })}
          />
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

