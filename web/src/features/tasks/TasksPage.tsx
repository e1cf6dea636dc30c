import { useEffect, useState } from 'react';
import { Badge, Group, Pagination, SegmentedControl, Stack, Tabs, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Task, TaskPage } from '../../api/types';
import { useFormat } from '../../lib/format';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useSession } from '../session/session';
import { EditTaskModal } from './EditTaskModal';
import { BulkBar, ColumnChooser, ListViewsMenu, useListColumns, useRowSelection } from '../lists';
import { DEFAULT_TASK_COLUMNS, TASK_COLUMNS, TasksTable, taskColumnLabel } from './TasksTable';
import { TaskBulkActions } from './TaskBulkActions';

const BUCKETS = ['today', 'overdue', 'upcoming', 'no_date'] as const;
type Bucket = (typeof BUCKETS)[number];
type View = 'mine' | 'team' | 'broken_promises';
const COUNT_KEY: Record<Bucket, 'today' | 'overdue' | 'upcoming' | 'noDate'> = { today: 'today', overdue: 'overdue', upcoming: 'upcoming', no_date: 'noDate' };
const PAGE_SIZE = 50;
/** A saved view of the tasks list: whose tasks, the bucket, the sort and the columns (comma-separated keys). */
type TaskView = { view?: View; bucket?: Bucket; sort?: string; columns?: string } & Record<string, unknown>;

export function TasksPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { isManager, can } = useSession();
  const [params, setParams] = useSearchParams();
  const view = (isManager ? params.get('view') ?? 'mine' : 'mine') as View;
  const bucket = (params.get('bucket') ?? 'today') as Bucket;
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Task | null>(null);
  // Without a chosen sort the server's: soonest due first (then the more urgent).
  const [sort, setSort] = useState('');
  useEffect(() => setPage(1), [sort]);

  const set = (patch: Record<string, string>) => {
    setPage(1);
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(patch)) next.set(k, v);
      return next;
    }, { replace: true });
  };

  // Broken promises are overdue by definition, so that view ignores the buckets.
  const effectiveBucket = view === 'broken_promises' ? 'all' : bucket;
  const list = useQuery({
    queryKey: ['tasks', view, effectiveBucket, page, sort],
    queryFn: () => api.get<TaskPage>('/tasks', { view, bucket: effectiveBucket, status: 'open', page, pageSize: PAGE_SIZE, sort: sort || undefined }),
    placeholderData: keepPreviousData,
  });
  const counts = list.data?.counts;
  const cols = useListColumns('tasks', TASK_COLUMNS as unknown as string[], DEFAULT_TASK_COLUMNS);
  const selection = useRowSelection(list.data?.items.map((k) => k.id) ?? []);
  // Opened without a chosen bucket and nothing is due today: open the first bucket that has something.
  const chosen = params.get('bucket');
  useEffect(() => {
    if (chosen || !counts || counts.today > 0 || view === 'broken_promises') return;
    const first = (['overdue', 'upcoming', 'no_date'] as const).find((b) => counts[COUNT_KEY[b]] > 0);
    if (first) set({ bucket: first });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chosen, counts, view]);

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h3">{t(`tasks.pageTitle.${view}`)}</Title>
        <Group gap="xs" wrap="wrap">
        <ListViewsMenu
          list="tasks"
          query={{ view, bucket, sort: sort || undefined, columns: cols.columns.join(',') } as TaskView}
          onApply={(v) => {
            set({ ...(v.view && (isManager || v.view === 'mine') ? { view: v.view } : {}), ...(v.bucket ? { bucket: v.bucket } : {}) });
            setSort(v.sort ?? '');
            if (v.columns) cols.setColumns(v.columns.split(','));
          }}
        />
        <ColumnChooser
          available={TASK_COLUMNS.map((k) => ({ key: k, label: taskColumnLabel(t, k) }))}
          columns={cols.columns} onChange={cols.setColumns} onReset={() => cols.setColumns(DEFAULT_TASK_COLUMNS)}
        />
        {isManager && (
          <SegmentedControl
            value={view}
            onChange={(v) => set({ view: v })}
            data={[
              { value: 'mine', label: t('tasks.viewMine') },
              { value: 'team', label: t('tasks.viewTeam') },
              { value: 'broken_promises', label: t('tasks.viewBroken') },
            ]}
            data-testid="tasks-view"
          />
        )}
        </Group>
      </Group>

      {view !== 'broken_promises' && (
        <Tabs value={bucket} onChange={(v) => v && set({ bucket: v })}>
          <Tabs.List>
            {BUCKETS.map((b) => (
              <Tabs.Tab
                key={b}
                value={b}
                data-testid={`bucket-${b}`}
                rightSection={counts ? <Badge size="xs" variant={b === 'overdue' && counts.overdue ? 'filled' : 'light'} color={b === 'overdue' && counts.overdue ? 'red' : undefined}>{fmt.number(counts[COUNT_KEY[b]])}</Badge> : null}
              >
                {t(`tasks.bucket.${b}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
      )}

      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.items.length === 0 && (
        <EmptyState
          title={t(view === 'broken_promises' ? 'tasks.emptyBrokenTitle' : `tasks.empty.${bucket}`)}
          hint={t(view === 'broken_promises' ? 'tasks.emptyBrokenHint' : 'tasks.emptyHint')}
        />
      )}
      {list.data && list.data.items.length > 0 && (
        <>
          <BulkBar count={selection.selected.size} onClear={selection.clear}>
            {can('tasks', 'update') && <TaskBulkActions ids={selection.ids} status="open" onDone={selection.clear} />}
          </BulkBar>
          <TasksTable items={list.data.items} columns={cols.columns} selection={selection} busy={list.isFetching} sort={sort} onSort={setSort} onOpen={setEditing} />
        </>
      )}
      {list.data && list.data.total > PAGE_SIZE && (
        <Pagination total={Math.ceil(list.data.total / PAGE_SIZE)} value={page} onChange={setPage} size="sm" getItemProps={(p) => ({ children: fmt.number(p) })} />
      )}
      <EditTaskModal task={editing} onClose={() => setEditing(null)} />
    </Stack>
  );
}
