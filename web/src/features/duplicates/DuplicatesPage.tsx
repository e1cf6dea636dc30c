/** The duplicate finder: pairs of records that look like one customer, with why, each opening the merge screen. */
import { useState } from 'react';
import { Anchor, Badge, Button, Group, Pagination, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowsJoin } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { DuplicatePair, DuplicatePairsPage } from '../../api/types';
import { DUPLICATE_REASONS, type DuplicateReason } from '../../../../common/merge.schemas';
import { useFormat } from '../../lib/format';
import { BackIcon } from '../../components/DirectionalIcon';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { Ltr } from '../../components/Ltr';
import { RecentMerges } from './RecentMerges';

const PAGE_SIZE = 25;

export function DuplicatesPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [page, setPage] = useState(1);
  const [reason, setReason] = useState<DuplicateReason | null>(null);
  const list = useQuery({
    queryKey: ['duplicates', 'pairs', page, reason],
    queryFn: ({ signal }) => api.get<DuplicatePairsPage>('/customers/duplicates', { page, pageSize: PAGE_SIZE, reason: reason ?? undefined }, { signal }),
    placeholderData: keepPreviousData,
  });
  const totalPages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;

  const side = (c: DuplicatePair['a']) => (
    <Stack gap={0}>
      <Anchor component={Link} to={`/customers/${c.id}`} size="sm" fw={600}>{c.displayName || '—'}</Anchor>
      <Text size="xs" c="dimmed">
        {[c.phone && <Ltr>{fmt.phone(c.phone)}</Ltr>, c.email && <Ltr>{c.email}</Ltr>, c.city, c.nationalId && <Ltr>{c.nationalId}</Ltr>]
          .filter(Boolean).map((v, i) => <span key={i}>{i > 0 && ' · '}{v}</span>)}
      </Text>
    </Stack>
  );

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/customers" size="sm"><Group gap={4}><BackIcon size={16} />{t('profile.back')}</Group></Anchor>
      <Group justify="space-between" wrap="wrap">
        <Group gap="xs">
          <Title order={1} size="h3">{t('merge.listTitle')}</Title>
          {list.data && <Badge variant="light" size="lg" data-testid="duplicates-total">{fmt.number(list.data.total)}</Badge>}
        </Group>
        <Select
          w={240} clearable placeholder={t('merge.allReasons')} aria-label={t('merge.reason')}
          data={DUPLICATE_REASONS.map((r) => ({ value: r, label: t(`merge.reasons.${r}`) }))}
          value={reason} onChange={(v) => { setReason(v as DuplicateReason | null); setPage(1); }}
          data-testid="duplicates-reason"
        />
      </Group>
      <Text size="sm" c="dimmed">{t('merge.listHint')}</Text>

      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.items.length === 0 && <EmptyState title={t('merge.emptyTitle')} hint={t('merge.emptyHint')} />}
      {list.data && list.data.items.length > 0 && (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" data-testid="duplicates-table" style={{ opacity: list.isFetching ? 0.6 : 1 }}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('merge.recordA')}</Table.Th>
                  <Table.Th>{t('merge.recordB')}</Table.Th>
                  <Table.Th>{t('merge.reason')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((p) => (
                  <Table.Tr key={`${p.a.id}:${p.b.id}`} data-testid="duplicate-pair">
                    <Table.Td>{side(p.a)}</Table.Td>
                    <Table.Td>{side(p.b)}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {p.reasons.map((r) => <Badge key={r} variant="light" color={r.startsWith('name') ? 'yellow' : 'orange'}>{t(`merge.reasons.${r}`)}</Badge>)}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Button component={Link} to={`/customers/duplicates/${p.a.id}/${p.b.id}`} size="xs" variant="light" leftSection={<IconArrowsJoin size={14} />} data-testid="review-pair">
                        {t('merge.review')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {totalPages > 1 && <Pagination total={totalPages} value={page} onChange={setPage} size="sm" getItemProps={(n) => ({ children: fmt.number(n) })} />}
      <RecentMerges />
    </Stack>
  );
}
