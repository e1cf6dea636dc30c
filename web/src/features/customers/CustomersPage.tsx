import { useEffect, useState } from 'react';
import { Badge, Button, Group, Pagination, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCopy, IconDownload, IconFileImport, IconFilter, IconPlus, IconSearch } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, buildUrl } from '../../api/client';
import type { CustomerPage } from '../../api/types';
import { useFormat } from '../../lib/format';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useSession } from '../session/session';
import { CustomerFilters } from './list/CustomerFilters';
import { CUSTOMER_COLUMNS, CustomersTable, DEFAULT_CUSTOMER_COLUMNS, customerColumnLabel } from './list/CustomersTable';
import { CustomerBulkActions } from './list/CustomerBulkActions';
import { BulkBar, ColumnChooser, useListColumns, useRowSelection } from '../lists';
import { SavedViewsMenu } from './list/SavedViewsMenu';
import { PAGE_SIZE, useCustomerQuery } from './list/useCustomerQuery';
import { NewCustomerModal } from './form/NewCustomerModal';

export function CustomersPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useSession();
  const query = useCustomerQuery();
  const { filters, page, update, setPage, replaceAll, activeFilterCount } = query;
  const [showFilters, setShowFilters] = useState(activeFilterCount > 0);
  const [creating, setCreating] = useState(false);
  const [q, setQ] = useState(filters.q ?? '');
  const [debouncedQ] = useDebouncedValue(q, 300);

  useEffect(() => {
    if ((filters.q ?? '') !== debouncedQ.trim()) update({ q: debouncedQ.trim() || undefined });
    // Only the debounced text drives the URL; reacting to `filters` too would undo a saved view's q.
  }, [debouncedQ]);

  const list = useQuery({
    queryKey: ['customers', filters, page],
    queryFn: ({ signal }) => api.get<CustomerPage>('/customers', { ...filters, page, pageSize: PAGE_SIZE }, { signal }),
    placeholderData: keepPreviousData,
  });
  const cols = useListColumns('customers', CUSTOMER_COLUMNS as unknown as string[], DEFAULT_CUSTOMER_COLUMNS);
  const selection = useRowSelection(list.data?.items.map((c) => c.id) ?? []);
  const totalPages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  const filtered = Boolean(filters.q) || activeFilterCount > 0;

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="xs">
          <Title order={1} size="h3">{t('customers.title')}</Title>
          {list.data && <Badge variant="light" size="lg" data-testid="customers-total">{fmt.number(list.data.total)}</Badge>}
        </Group>
        <Group gap="xs">
          <SavedViewsMenu filters={{ ...filters, columns: cols.columns.join(',') }} onApply={({ columns, ...v }) => { setQ(v.q ?? ''); replaceAll(v); if (columns) cols.setColumns(columns.split(',')); }} />
          <ColumnChooser
            available={CUSTOMER_COLUMNS.map((k) => ({ key: k, label: customerColumnLabel(t, k) }))}
            columns={cols.columns} onChange={cols.setColumns} onReset={() => cols.setColumns(DEFAULT_CUSTOMER_COLUMNS)}
          />
          <Button component={Link} to="/customers/duplicates" variant="default" leftSection={<IconCopy size={16} />} data-testid="open-duplicates">
            {t('merge.listTitle')}
          </Button>
          {can('customers', 'export') && (
            <Button component="a" href={buildUrl('/customers/export', filters)} download variant="default" leftSection={<IconDownload size={16} />} data-testid="export-csv">
              {t('customers.export')}
            </Button>
          )}
          {can('customers', 'create') && (
            <Button component={Link} to="/customers/import" variant="default" leftSection={<IconFileImport size={16} />} data-testid="import-customers">{t('imports.open')}</Button>
          )}
          {can('customers', 'create') && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="new-customer">{t('customer.new')}</Button>
          )}
        </Group>
      </Group>

      <Group gap="xs" wrap="nowrap">
        <TextInput
          style={{ flex: 1 }}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          placeholder={t('customers.searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          aria-label={t('customers.search')}
          data-testid="customer-search"
        />
        <Button
          variant={showFilters ? 'light' : 'default'}
          leftSection={<IconFilter size={16} />}
          onClick={() => setShowFilters((s) => !s)}
          rightSection={activeFilterCount ? <Badge size="xs" circle>{fmt.number(activeFilterCount)}</Badge> : null}
          aria-expanded={showFilters}
          data-testid="toggle-filters"
        >
          <Text size="sm" visibleFrom="xs">{t('filters.title')}</Text>
        </Button>
      </Group>

      {showFilters && <CustomerFilters {...query} />}

      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.items.length === 0 && (
        filtered
          ? <EmptyState title={t('customers.noMatchTitle')} hint={t('customers.noMatchHint')} action={<Button variant="light" onClick={() => { setQ(''); replaceAll({}); }}>{t('filters.clear')}</Button>} />
          : <EmptyState title={t('customers.emptyTitle')} hint={t('customers.emptyHint')} action={can('customers', 'create') && (
            <Group gap="xs">
              <Button onClick={() => setCreating(true)}>{t('customer.new')}</Button>
              <Button component={Link} to="/customers/import" variant="light" leftSection={<IconFileImport size={16} />} data-testid="empty-import">{t('imports.open')}</Button>
            </Group>
          )} />
      )}
      {list.data && list.data.items.length > 0 && (
        <>
          <BulkBar count={selection.selected.size} onClear={selection.clear}>
            <CustomerBulkActions ids={selection.ids} onDone={selection.clear} />
          </BulkBar>
          <CustomersTable busy={list.isFetching} items={list.data.items} sort={filters.sort ?? ''} onSort={(sort) => update({ sort })} columns={cols.columns} selection={selection} />
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {t('customers.showing', {
                from: fmt.number((page - 1) * PAGE_SIZE + 1),
                to: fmt.number((page - 1) * PAGE_SIZE + list.data.items.length),
                total: fmt.number(list.data.total),
              })}
            </Text>
            {totalPages > 1 && <Pagination total={totalPages} value={page} onChange={setPage} size="sm" getItemProps={(p) => ({ children: fmt.number(p) })} />}
          </Group>
        </>
      )}
      <NewCustomerModal opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}
