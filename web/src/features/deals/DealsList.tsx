/**
 * The deals as a list: filter by stage, owner, status and expected close range, search, the user's columns, server
 * sort (last activity first by default), row selection with bulk owner / stage / won-lost, page.
 */
import { useEffect, useState } from 'react';
import { Button, CloseButton, Group, MultiSelect, Pagination, Paper, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DEAL_STATUSES } from '../../../../common/sales.schemas';
import { api } from '../../api/client';
import { useActiveUserOptions } from '../../api/reference';
import { DateField } from '../../components/DateFields';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useFormat } from '../../lib/format';
import { useMoney } from '../../lib/money';
import { useSession } from '../session/session';
import { BulkBar, ColumnChooser, ListViewsMenu, useListColumns, useRowSelection } from '../lists';
import type { DealPage, Pipeline } from './deals.api';
import { DEAL_COLUMNS, DEFAULT_DEAL_COLUMNS, DEFAULT_DEAL_SORT, DealsTable, dealColumnLabel } from './list/DealsTable';
import { DealBulkActions } from './list/DealBulkActions';

const PAGE_SIZE = 25;
type Filters = { stageId?: string; ownerId?: string; status: string[]; expectedFrom?: string; expectedTo?: string; sort: string };
const initial: Filters = { status: [], sort: DEFAULT_DEAL_SORT };
/** A saved view of the deals list: the filters, the search words, the sort and the columns (comma-separated keys). */
type DealView = Partial<Filters> & { q?: string; columns?: string } & Record<string, unknown>;

export function DealsList({ pipelines, onOpen }: { pipelines: Pipeline[]; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const { can } = useSession();
  const userOptions = useActiveUserOptions();
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  const [f, setF] = useState<Filters>(initial);
  const [page, setPage] = useState(1);
  const set = (patch: Partial<Filters>) => setF((x) => ({ ...x, ...patch }));
  useEffect(() => setPage(1), [debouncedQ, f]);

  const query = { q: debouncedQ || undefined, stageId: f.stageId, ownerId: f.ownerId, status: f.status, expectedFrom: f.expectedFrom, expectedTo: f.expectedTo, sort: f.sort };
  const list = useQuery({
    queryKey: ['deals', 'list', query, page],
    queryFn: ({ signal }) => api.get<DealPage>('/deals', { ...query, page, pageSize: PAGE_SIZE }, { signal }),
    placeholderData: keepPreviousData,
  });
  const cols = useListColumns('deals', DEAL_COLUMNS as unknown as string[], DEFAULT_DEAL_COLUMNS);
  const selection = useRowSelection(list.data?.items.map((d) => d.id) ?? []);
  const stageOptions = pipelines.length > 1
    ? pipelines.map((p) => ({ group: p.name, items: p.stages.map((s) => ({ value: s.id, label: s.name })) }))
    : (pipelines[0]?.stages ?? []).map((s) => ({ value: s.id, label: s.name }));
  const totalPages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  const filtered = Boolean(debouncedQ || f.stageId || f.ownerId || f.status.length || f.expectedFrom || f.expectedTo);

  return (
    <Stack gap="md" data-testid="deals-list">
      <Group justify="flex-end" gap="xs">
        <ListViewsMenu
          list="deals"
          query={{ ...f, q: q.trim() || undefined, columns: cols.columns.join(',') } as DealView}
          onApply={(v) => {
            setQ(v.q ?? '');
            setF({ ...initial, stageId: v.stageId, ownerId: v.ownerId, status: Array.isArray(v.status) ? v.status : [], expectedFrom: v.expectedFrom, expectedTo: v.expectedTo, sort: v.sort ?? DEFAULT_DEAL_SORT });
            if (v.columns) cols.setColumns(v.columns.split(','));
          }}
        />
        <ColumnChooser
          available={DEAL_COLUMNS.map((k) => ({ key: k, label: dealColumnLabel(t, k) }))}
          columns={cols.columns} onChange={cols.setColumns} onReset={() => cols.setColumns(DEFAULT_DEAL_COLUMNS)}
        />
      </Group>
      <Paper withBorder p="sm" radius="md">
        <SimpleGrid cols={{ base: 2, md: 3, lg: 6 }} spacing="xs">
          <TextInput
            label={t('sales.deals.search')}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            placeholder={t('sales.deals.searchPlaceholder')}
            leftSection={<IconSearch size={16} />}
            rightSection={q ? <CloseButton size="sm" aria-label={t('common.clear')} onClick={() => setQ('')} /> : null}
            data-testid="deal-list-search"
          />
          <Select label={t('sales.deals.stage')} placeholder={t('sales.deals.allStages')} clearable data={stageOptions} value={f.stageId ?? null} onChange={(v) => set({ stageId: v ?? undefined })} data-testid="deal-filter-stage" />
          <Select
            label={t('sales.deals.owner')}
            placeholder={t('sales.deals.allOwners')}
            clearable
            searchable
            data={[{ value: 'me', label: t('sales.deals.mine') }, { value: 'none', label: t('sales.deals.noOwner') }, ...userOptions]}
            value={f.ownerId ?? null}
            onChange={(v) => set({ ownerId: v ?? undefined })}
            data-testid="deal-filter-owner"
          />
          <MultiSelect
            label={t('sales.deals.status')}
            placeholder={f.status.length ? undefined : t('sales.deals.allStatuses')}
            data={DEAL_STATUSES.map((s) => ({ value: s, label: t(`sales.status.${s}`) }))}
            value={f.status}
            onChange={(v) => set({ status: v })}
            data-testid="deal-filter-status"
          />
          <DateField label={t('sales.deals.expectedFrom')} value={f.expectedFrom ?? null} onChange={(v) => set({ expectedFrom: v ?? undefined })} testId="deal-filter-from" />
          <DateField label={t('sales.deals.expectedTo')} value={f.expectedTo ?? null} onChange={(v) => set({ expectedTo: v ?? undefined })} testId="deal-filter-to" />
        </SimpleGrid>
      </Paper>

      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.items.length === 0 && (
        filtered
          ? <EmptyState title={t('sales.deals.noMatch')} action={<Button variant="light" onClick={() => { setQ(''); setF(initial); }}>{t('filters.clear')}</Button>} />
          : <EmptyState title={t('sales.deals.emptyTitle')} hint={t('sales.deals.emptyHint')} />
      )}
      {list.data && list.data.items.length > 0 && (
        <>
          <BulkBar count={selection.selected.size} onClear={selection.clear}>
            {can('deals', 'update') && <DealBulkActions ids={selection.ids} pipelines={pipelines} onDone={selection.clear} />}
          </BulkBar>
          <DealsTable items={list.data.items} columns={cols.columns} selection={selection} busy={list.isFetching} sort={f.sort} onSort={(sort) => set({ sort })} onOpen={onOpen} />
          <Group justify="space-between">
            <Text size="sm" c="dimmed" data-testid="deals-list-total">
              {t('sales.deals.listTotal', { n: fmt.number(list.data.total), count: list.data.total, amount: money.format(list.data.totalAmount) })}
            </Text>
            {totalPages > 1 && <Pagination total={totalPages} value={page} onChange={setPage} size="sm" getItemProps={(p) => ({ children: fmt.number(p) })} />}
          </Group>
        </>
      )}
    </Stack>
  );
}
