/** «فرصت‌های فروش»: the pipeline's board (drag and drop) or a filtered list; a deal opens in a drawer (?deal=id). */
import { useState } from 'react';
import { Badge, Button, CloseButton, Group, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconLayoutKanban, IconList, IconPlus, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useActiveUserOptions } from '../../api/reference';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useFormat } from '../../lib/format';
import { useMoney, sumRials } from '../../lib/money';
import { useSession } from '../session/session';
import { DealDrawer } from './DealDrawer';
import { DealsList } from './DealsList';
import { NewDealModal } from './NewDealModal';
import { DealsBoard } from './board/DealsBoard';
import { boardKey, usePipelines, type Board, type BoardFilters } from './deals.api';

export function DealsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const pipelines = usePipelines();
  const userOptions = useActiveUserOptions();
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const view = params.get('view') === 'list' ? 'list' : 'board';
  const items = pipelines.data?.items ?? [];
  const pipeline = items.find((p) => p.id === params.get('pipeline')) ?? items.find((p) => p.isDefault) ?? items[0];
  const openDeal = params.get('deal');
  const setParam = (key: string, value: string | null) => setParams((p) => {
    const next = new URLSearchParams(p);
    if (value) next.set(key, value); else next.delete(key);
    return next;
  });

  const filters: BoardFilters = { q: debouncedQ || undefined, ownerId: ownerId ?? undefined };
  const key = boardKey(pipeline?.id ?? '', filters);
  const board = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<Board>(`/pipelines/${pipeline!.id}/board`, { ...filters }, { signal }),
    enabled: Boolean(pipeline) && view === 'board',
    placeholderData: keepPreviousData,
  });
  const openStages = board.data?.stages.filter((s) => s.outcome === 'open') ?? [];
  const openCount = openStages.reduce((n, s) => n + s.count, 0);

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="xs">
          <Title order={1} size="h3">{t('sales.deals.title')}</Title>
          {view === 'board' && board.data && (
            <Badge variant="light" size="lg" data-testid="deals-open-summary">
              {t('sales.board.openSummary', { n: fmt.number(openCount), amount: money.format(sumRials(openStages.map((s) => s.amount))) })}
            </Badge>
          )}
        </Group>
        <Group gap="xs">
          <SegmentedControl
            value={view}
            onChange={(v) => setParam('view', v === 'list' ? 'list' : null)}
            data={[
              { value: 'board', label: <Group gap={4} wrap="nowrap"><IconLayoutKanban size={16} /><span>{t('sales.deals.boardView')}</span></Group> },
              { value: 'list', label: <Group gap={4} wrap="nowrap"><IconList size={16} /><span>{t('sales.deals.listView')}</span></Group> },
            ]}
            data-testid="deals-view"
          />
          {can('deals', 'create') && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="new-deal">{t('sales.deals.new')}</Button>
          )}
        </Group>
      </Group>

      {pipelines.isPending && <LoadingState />}
      {pipelines.isError && <ErrorState error={pipelines.error} onRetry={() => void pipelines.refetch()} />}

      {pipeline && view === 'board' && (
        <>
          <Group gap="xs" wrap="wrap">
            {items.length > 1 && (
              <Select
                w={180}
                aria-label={t('sales.deals.pipeline')}
                data={items.map((p) => ({ value: p.id, label: p.name }))}
                value={pipeline.id}
                onChange={(v) => setParam('pipeline', v)}
                allowDeselect={false}
                data-testid="pipeline-select"
              />
            )}
            <TextInput
              style={{ flex: '3 1 220px' }}
              value={q}
              onChange={(e) => setQ(e.currentTarget.value)}
              placeholder={t('sales.deals.searchPlaceholder')}
              leftSection={<IconSearch size={16} />}
              rightSection={q ? <CloseButton size="sm" aria-label={t('common.clear')} onClick={() => setQ('')} /> : null}
              aria-label={t('sales.deals.search')}
              data-testid="deal-search"
            />
            <Select
              style={{ flex: '1 1 160px' }}
              placeholder={t('sales.deals.allOwners')}
              aria-label={t('sales.deals.owner')}
              clearable
              searchable
              data={[{ value: 'me', label: t('sales.deals.mine') }, ...userOptions]}
              value={ownerId}
              onChange={setOwnerId}
              data-testid="board-owner"
            />
          </Group>
          {board.isPending && <LoadingState />}
          {board.isError && <ErrorState error={board.error} onRetry={() => void board.refetch()} />}
          {board.data && (
            <>
              <DealsBoard board={board.data} boardQueryKey={key} onOpen={(id) => setParam('deal', id)} canMove={can('deals', 'update')} />
              {board.data.stages.every((s) => s.count === 0) && (
                <EmptyState
                  title={filters.q || filters.ownerId ? t('sales.deals.noMatch') : t('sales.deals.emptyTitle')}
                  hint={filters.q || filters.ownerId ? undefined : t('sales.deals.emptyHint')}
                />
              )}
              <Text size="xs" c="dimmed">{t('sales.board.closedHint', { date: fmt.date(board.data.closedSince) })}</Text>
            </>
          )}
        </>
      )}

      {pipeline && view === 'list' && <DealsList pipelines={items} onOpen={(id) => setParam('deal', id)} />}

      <DealDrawer dealId={openDeal} onClose={() => setParam('deal', null)} />
      <NewDealModal opened={creating} onClose={() => setCreating(false)} pipeline={pipeline} onCreated={(id) => setParam('deal', id)} />
    </Stack>
  );
}
