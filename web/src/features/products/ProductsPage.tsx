/** «کالاها و خدمات»: the catalog (search, filters, paging, create/edit, bulk edit of chosen rows) and price lists. */
import { useEffect, useState } from 'react';
import { Alert, Badge, Button, CloseButton, Group, Pagination, Paper, Select, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconEdit, IconPlus, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { PRODUCT_KINDS } from '../../../../common/sales.schemas';
import { api } from '../../api/client';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useFormat } from '../../lib/format';
import { useSession } from '../session/session';
import { BulkEditModal } from './BulkEditModal';
import { PriceListsTab } from './PriceListsTab';
import { ProductDrawer } from './ProductDrawer';
import { ProductsTable } from './ProductsTable';
import { useCategories, type BulkResult, type Product, type ProductFilters, type ProductPage } from './products.api';

const PAGE_SIZE = 25;

export function ProductsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useSession();
  const categories = useCategories();
  // ?q= opens the catalog searched (the search box links a product by its code).
  const [params] = useSearchParams();
  const [q, setQ] = useState(() => params.get('q') ?? '');
  useEffect(() => { const linked = params.get('q'); if (linked !== null) setQ(linked); }, [params]);
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  const [filters, setFilters] = useState<ProductFilters>({});
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<Product | null>(null);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [bulkResult, setBulkResult] = useState<BulkResult | null>(null);

  const query = { ...filters, q: debouncedQ || undefined };
  useEffect(() => setPage(1), [debouncedQ, filters]);

  const list = useQuery({
    queryKey: ['products', 'list', query, page],
    queryFn: ({ signal }) => api.get<ProductPage>('/products', { ...query, page, pageSize: PAGE_SIZE }, { signal }),
    placeholderData: keepPreviousData,
  });
  const totalPages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  const filtered = Boolean(debouncedQ || filters.category || filters.kind || filters.active);
  const canEdit = can('products', 'update');

  const toggle = (id: string) => setSelected((s) => {
    const next = new Set(s);
    if (next.has(id)) next.delete(id); else next.add(id);
    return next;
  });
  const toggleAll = (select: boolean) => setSelected((s) => {
    const next = new Set(s);
    for (const p of list.data?.items ?? []) if (select) next.add(p.id); else next.delete(p.id);
    return next;
  });
  const openEditor = (p: Product | null) => { setEditing(p); setDrawerOpen(true); };

  const catalog = (
    <Stack gap="md">
      <Group gap="xs" wrap="wrap">
        <TextInput
          style={{ flex: '3 1 260px' }}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          placeholder={t('sales.products.searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          rightSection={q ? <CloseButton size="sm" aria-label={t('common.clear')} onClick={() => setQ('')} /> : null}
          aria-label={t('sales.products.search')}
          data-testid="product-search"
        />
        <Select
          style={{ flex: '1 1 150px' }}
          placeholder={t('sales.products.allCategories')}
          aria-label={t('sales.products.category')}
          clearable
          searchable
          data={(categories.data?.items ?? []).map((c) => ({ value: c.name, label: `${c.name} (${fmt.number(c.count)})` }))}
          value={filters.category ?? null}
          onChange={(v) => setFilters((f) => ({ ...f, category: v ?? undefined }))}
          data-testid="product-filter-category"
        />
        <Select
          style={{ flex: '1 1 130px' }}
          placeholder={t('sales.products.allKinds')}
          aria-label={t('sales.products.kind')}
          clearable
          data={PRODUCT_KINDS.map((k) => ({ value: k, label: t(`sales.productKind.${k}`) }))}
          value={filters.kind ?? null}
          onChange={(v) => setFilters((f) => ({ ...f, kind: (v as ProductFilters['kind']) ?? undefined }))}
          data-testid="product-filter-kind"
        />
        <Select
          style={{ flex: '1 1 130px' }}
          placeholder={t('sales.products.allStatuses')}
          aria-label={t('sales.products.status')}
          clearable
          data={[{ value: 'true', label: t('sales.products.activeYes') }, { value: 'false', label: t('sales.products.activeNo') }]}
          value={filters.active ?? null}
          onChange={(v) => setFilters((f) => ({ ...f, active: (v as ProductFilters['active']) ?? undefined }))}
          data-testid="product-filter-active"
        />
      </Group>

      {bulkResult && (
        <Alert color="teal" variant="light" withCloseButton onClose={() => setBulkResult(null)} closeButtonLabel={t('common.close')} data-testid="bulk-result">
          {t('sales.bulk.result', { changed: fmt.number(bulkResult.changed), n: fmt.number(bulkResult.matched), count: bulkResult.matched })}
        </Alert>
      )}

      {selected.size > 0 && (
        <Paper withBorder p="xs" radius="md" bg="var(--mantine-color-cyan-light)" data-testid="bulk-bar">
          <Group justify="space-between" gap="xs">
            <Text size="sm" fw={600}>{t('sales.bulk.selected', { n: fmt.number(selected.size) })}</Text>
            <Group gap="xs">
              <Button size="xs" variant="subtle" onClick={() => setSelected(new Set())} data-testid="bulk-clear">{t('sales.bulk.clear')}</Button>
              {canEdit && <Button size="xs" leftSection={<IconEdit size={14} />} onClick={() => setBulkOpen(true)} data-testid="bulk-edit">{t('sales.bulk.open')}</Button>}
            </Group>
          </Group>
        </Paper>
      )}

      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.items.length === 0 && (
        filtered
          ? <EmptyState title={t('sales.products.noMatch')} action={<Button variant="light" onClick={() => { setQ(''); setFilters({}); }}>{t('filters.clear')}</Button>} />
          : <EmptyState title={t('sales.products.emptyTitle')} hint={t('sales.products.emptyHint')} action={can('products', 'create') && <Button onClick={() => openEditor(null)}>{t('sales.products.new')}</Button>} />
      )}
      {list.data && list.data.items.length > 0 && (
        <>
          <ProductsTable
            items={list.data.items}
            selected={selected}
            onToggle={toggle}
            onToggleAll={toggleAll}
            sort={filters.sort ?? (debouncedQ ? '' : 'code')}
            onSort={(sort) => setFilters((f) => ({ ...f, sort }))}
            onEdit={canEdit ? (p) => openEditor(p) : undefined}
            busy={list.isFetching}
          />
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {t('sales.showing', {
                from: fmt.number((page - 1) * PAGE_SIZE + 1),
                to: fmt.number((page - 1) * PAGE_SIZE + list.data.items.length),
                total: fmt.number(list.data.total),
              })}
            </Text>
            {totalPages > 1 && <Pagination total={totalPages} value={page} onChange={setPage} size="sm" getItemProps={(p) => ({ children: fmt.number(p) })} data-testid="products-pages" />}
          </Group>
        </>
      )}
    </Stack>
  );

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="xs">
          <Title order={1} size="h3">{t('sales.products.title')}</Title>
          {list.data && <Badge variant="light" size="lg" data-testid="products-total">{fmt.number(list.data.total)}</Badge>}
        </Group>
        {can('products', 'create') && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => openEditor(null)} data-testid="new-product">{t('sales.products.new')}</Button>
        )}
      </Group>
      <Tabs defaultValue="catalog" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="catalog" data-testid="tab-catalog">{t('sales.products.catalog')}</Tabs.Tab>
          <Tabs.Tab value="price-lists" data-testid="tab-price-lists">{t('sales.priceLists.title')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="catalog">{catalog}</Tabs.Panel>
        <Tabs.Panel value="price-lists"><PriceListsTab /></Tabs.Panel>
      </Tabs>
      <ProductDrawer product={editing} opened={drawerOpen} onClose={() => setDrawerOpen(false)} />
      <BulkEditModal
        ids={[...selected]}
        opened={bulkOpen}
        onClose={() => setBulkOpen(false)}
        onDone={(r) => { setBulkResult(r); setSelected(new Set()); }}
      />
    </Stack>
  );
}
