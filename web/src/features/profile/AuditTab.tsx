import { Button, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { AuditPage } from '../../api/types';
import { useFormat } from '../../lib/format';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function AuditTab({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const query = useInfiniteQuery({
    queryKey: ['audit', customerId],
    queryFn: ({ pageParam }) => api.get<AuditPage>(`/customers/${customerId}/audit`, { cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (items.length === 0) return <EmptyState title={t('audit.emptyTitle')} hint={t('audit.emptyHint')} />;
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={640}>
        <Table striped verticalSpacing="xs" data-testid="audit-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.when')}</Table.Th>
              <Table.Th>{t('audit.who')}</Table.Th>
              <Table.Th>{t('audit.action')}</Table.Th>
              <Table.Th>{t('audit.field')}</Table.Th>
              <Table.Th>{t('audit.old')}</Table.Th>
              <Table.Th>{t('audit.new')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{fmt.dateTime(a.at)}</Text></Table.Td>
                <Table.Td><Text size="sm">{a.actorName ?? t('audit.system')}</Text></Table.Td>
                <Table.Td><Text size="sm">{t(`auditAction.${a.action}`, { defaultValue: a.action })}</Text></Table.Td>
                <Table.Td><Text size="sm">{a.field ? t(`fieldName.${a.field}`, { defaultValue: a.field }) : '—'}</Text></Table.Td>
                <Table.Td><Text size="sm" dir="auto" lineClamp={2}>{show(a.oldValue)}</Text></Table.Td>
                <Table.Td><Text size="sm" dir="auto" lineClamp={2}>{show(a.newValue)}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {query.hasNextPage && (
        <Button variant="light" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage} style={{ alignSelf: 'center' }}>{t('timeline.loadMore')}</Button>
      )}
    </Stack>
  );
}
