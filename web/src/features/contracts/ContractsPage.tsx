/**
 * «قراردادها»: service, maintenance, subscription and warranty contracts — by status, ending within N days, owner, one
 * customer or words; the user's columns, server sort (last activity first; ?sort=), row selection with bulk owner and
 * export selected. A contract opens in a drawer (?contract=id); ?within=30 and ?status=… link to a view. A saved view
 * keeps the filters, the sort and the columns (GET /api/saved-views?list=contracts).
 */
import { useEffect, useState } from 'react';
import { Button, CloseButton, Group, MultiSelect, Pagination, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { CONTRACT_STATUSES } from '../../../../common/support.schemas';
import { CustomerPicker, type PickedCustomer } from '../../components/CustomerPicker';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useFormat } from '../../lib/format';
import { useActiveUserOptions } from '../../api/reference';
import { useSession } from '../session/session';
import { BulkBar, ColumnChooser, ListViewsMenu, OwnerExportActions, PhoneFilters, useListColumns, useRowSelection } from '../lists';
import { ContractDrawer } from './ContractDrawer';
import { NewContractModal } from './NewContractModal';
import { useContractList, type ContractStatus } from './contracts.api';
import { CONTRACT_COLUMNS, ContractsTable, DEFAULT_CONTRACT_COLUMNS, DEFAULT_CONTRACT_SORT, contractColumnLabel } from './list/ContractsTable';

const PAGE_SIZE = 25;
/** The address parameters a filter lives in (the customer and the words are kept in the page). */
const PARAM_KEYS = ['status', 'within', 'owner', 'sort'] as const;
/** A saved view: the address filters as strings (status comma-separated, '' for any), words, customer, columns. */
type ContractView = Partial<Record<(typeof PARAM_KEYS)[number], string>> & { q?: string; customerId?: string; customerLabel?: string; columns?: string };
const WITHIN_CHOICES = [7, 30, 60, 90, 180, 365];

function statusesFrom(param: string | null): ContractStatus[] {
  if (param === null) return ['active'];
  return param.split(',').filter((s): s is ContractStatus => (CONTRACT_STATUSES as readonly string[]).includes(s));
}

export function ContractsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useSession();
  const userOptions = useActiveUserOptions();
  const [params, setParams] = useSearchParams();
  const status = statusesFrom(params.get('status'));
  const withinParam = Number(params.get('within'));
  const within = params.get('within') !== null && Number.isInteger(withinParam) && withinParam >= 0 && withinParam <= 3650 ? withinParam : undefined;
  const openId = params.get('contract');
  const [customer, setCustomer] = useState<PickedCustomer | null>(null);
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [q, setQ] = useState(params.get('q') ?? '');
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  const ownerId = params.get('owner') ?? undefined;
  const sort = params.get('sort') ?? DEFAULT_CONTRACT_SORT;
  useEffect(() => setPage(1), [params.get('status'), within, customer?.id, debouncedQ, ownerId, sort]);

  const setParam = (key: string, value: string | null) => setParams((prev) => {
    const next = new URLSearchParams(prev);
    if (value === null) next.delete(key);
    else next.set(key, value);
    return next;
  });

  const list = useContractList({ status, expiringWithinDays: within, customerId: customer?.id, q: debouncedQ || undefined, ownerId, sort }, page, PAGE_SIZE);
  const cols = useListColumns('contracts', CONTRACT_COLUMNS as unknown as string[], DEFAULT_CONTRACT_COLUMNS);
  const selection = useRowSelection(list.data?.items.map((c) => c.id) ?? []);
  const canBulk = can('contracts', 'update') || can('contracts', 'export');
  const totalPages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  const activeFilters = [within !== undefined, Boolean(customer), Boolean(ownerId), status.length !== 1 || status[0] !== 'active'].filter(Boolean).length;
  const filtered = within !== undefined || Boolean(customer) || Boolean(debouncedQ) || Boolean(ownerId) || status.length !== 1 || status[0] !== 'active';
  const clear = () => {
    setCustomer(null);
    setQ('');
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      next.delete('status');
      next.delete('within');
      next.delete('owner');
      return next;
    });
  };
  const view: ContractView = {
    status: status.join(','), within: within === undefined ? undefined : String(within), owner: ownerId, sort: params.get('sort') ?? undefined,
    q: debouncedQ || undefined, customerId: customer?.id, customerLabel: customer?.label, columns: cols.columns.join(','),
  };
  const applyView = ({ columns, q: words, customerId, customerLabel, ...p }: ContractView) => {
    setQ(typeof words === 'string' ? words : '');
    setCustomer(customerId ? { id: customerId, label: customerLabel ?? '' } : null);
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const k of PARAM_KEYS) {
        const v = p[k];
        if (typeof v === 'string' && (v || k === 'status')) next.set(k, v);
        else next.delete(k);
      }
      return next;
    });
    if (columns) cols.setColumns(columns.split(','));
  };
  const withinChoices = [...new Set([...WITHIN_CHOICES, ...(within !== undefined ? [within] : [])])].sort((a, b) => a - b);

  return (
    <Stack gap="md" data-testid="contracts-page">
      <Group justify="space-between">
        <Title order={1} size="h3">{t('contracts.title')}</Title>
        <Group gap="xs">
          <ListViewsMenu list="contracts" query={view} onApply={applyView} />
          <ColumnChooser
            available={CONTRACT_COLUMNS.map((k) => ({ key: k, label: contractColumnLabel(t, k) }))}
            columns={cols.columns} onChange={cols.setColumns} onReset={() => cols.setColumns(DEFAULT_CONTRACT_COLUMNS)}
          />
          {can('contracts', 'create') && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="new-contract">{t('contracts.new')}</Button>
          )}
        </Group>
      </Group>
      <PhoneFilters
        testId="contract-filters"
        cols={{ base: 1, sm: 2, md: 5 }}
        active={activeFilters}
        search={(
          <TextInput
            label={t('contracts.search')}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            placeholder={t('contracts.searchPlaceholder')}
            leftSection={<IconSearch size={16} />}
            rightSection={q ? <CloseButton size="sm" aria-label={t('common.clear')} onClick={() => setQ('')} /> : null}
            data-testid="contract-search"
          />
        )}
        footer={within !== undefined && <Text size="xs" c="dimmed" mt={6}>{t('contracts.withinHint')}</Text>}
      >
        <MultiSelect
          label={t('contracts.field.status')}
          placeholder={status.length ? undefined : t('contracts.anyStatus')}
          data={CONTRACT_STATUSES.map((s) => ({ value: s, label: t(`contracts.status.${s}`) }))}
          value={status}
          onChange={(v) => setParam('status', v.join(','))}
          data-testid="contract-filter-status"
        />
        <Select
          label={t('contracts.endingWithin')}
          placeholder={t('contracts.anyTime')}
          clearable
          data={withinChoices.map((n) => ({ value: String(n), label: t('contracts.withinDays', { n: fmt.number(n), count: n }) }))}
          value={within === undefined ? null : String(within)}
          onChange={(v) => setParam('within', v)}
          data-testid="contract-filter-within"
        />
        <Select
          label={t('contracts.field.owner')}
          placeholder={t('sales.deals.allOwners')}
          clearable
          searchable
          data={[{ value: 'me', label: t('sales.deals.mine') }, { value: 'none', label: t('sales.deals.noOwner') }, ...userOptions]}
          value={ownerId ?? null}
          onChange={(v) => setParam('owner', v)}
          data-testid="contract-filter-owner"
        />
        <CustomerPicker required={false} label={t('contracts.field.customer')} placeholder={t('contracts.anyCustomer')} value={customer} onChange={setCustomer} testId="contract-filter-customer" />
      </PhoneFilters>

      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.items.length === 0 && (
        filtered
          ? <EmptyState title={t('contracts.noMatch')} hint={t('contracts.noMatchHint')} action={<Button variant="light" onClick={clear}>{t('filters.clear')}</Button>} />
          : <EmptyState title={t('contracts.empty')} hint={t(can('contracts', 'create') ? 'contracts.emptyHint' : 'contracts.emptyHintRead')} />
      )}
      {list.data && list.data.items.length > 0 && (
        <>
          <BulkBar count={selection.selected.size} onClear={selection.clear}>
            <OwnerExportActions entity="contracts" ids={selection.ids} canUpdate={can('contracts', 'update')} canExport={can('contracts', 'export')} listKey="contracts" onDone={selection.clear} />
          </BulkBar>
          <ContractsTable
            items={list.data.items} columns={cols.columns} selection={canBulk ? selection : undefined} busy={list.isFetching}
            sort={sort} onSort={(next) => setParam('sort', next === DEFAULT_CONTRACT_SORT ? null : next)} onOpen={(id) => setParam('contract', id)}
          />
          <Group justify="space-between">
            <Text size="sm" c="dimmed" data-testid="contracts-total">{t('contracts.total', { n: fmt.number(list.data.total), count: list.data.total })}</Text>
            {totalPages > 1 && <Pagination total={totalPages} value={page} onChange={setPage} size="sm" getItemProps={(p) => ({ children: fmt.number(p) })} />}
          </Group>
        </>
      )}
      <ContractDrawer contractId={openId} onClose={() => setParam('contract', null)} onOpen={(id) => setParam('contract', id)} />
      <NewContractModal opened={creating} onClose={() => setCreating(false)} onCreated={(c) => setParam('contract', c.id)} />
    </Stack>
  );
}
