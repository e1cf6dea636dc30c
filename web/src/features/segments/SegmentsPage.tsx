/**
 * «بخش‌بندی مشتریان»: build a rule from nested groups, see how many customers match (live, in what you may see) and a
 * sample of them, and save it as a dynamic segment (re-evaluated when used) or a static one (a snapshot now).
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Anchor, Badge, Button, Grid, Group, NavLink, Paper, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { Answer } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { ErrorState, LoadingState } from '../../components/States';
import { useSession } from '../session/session';
import type { segmentPreview, segmentView } from '../../../../common/segments.schemas';
import { fromRules, GroupEditor, toRules, type EditGroup, type FieldInfo } from './RuleEditor';

type Segment = Answer<typeof segmentView>;
type Preview = Answer<typeof segmentPreview>;
const EMPTY: EditGroup = { mode: 'all', negate: false, items: [] };

export function SegmentsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const openId = params.get('segment');
  const fields = useQuery({ queryKey: ['segments', 'fields'], queryFn: () => api.get<{ items: FieldInfo[] }>('/segments/fields') });
  const list = useQuery({ queryKey: ['segments'], queryFn: () => api.get<{ items: Segment[] }>('/segments') });
  const [group, setGroup] = useState<EditGroup>(EMPTY);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'dynamic' | 'static'>('dynamic');
  const open = list.data?.items.find((s) => s.id === openId) ?? null;
  useEffect(() => {
    if (open) { setGroup(fromRules(open.rules)); setName(open.name); setKind(open.kind); } else if (!openId) { setGroup(EMPTY); setName(''); setKind('dynamic'); }
  }, [open?.id, openId]);

  const rules = useMemo(() => toRules(group), [group]);
  const [debounced] = useDebouncedValue(JSON.stringify(rules), 300);
  const preview = useQuery({
    queryKey: ['segments', 'preview', debounced],
    queryFn: ({ signal }) => api.post<Preview>('/segments/preview', { rules: JSON.parse(debounced), sampleSize: 10 }, { signal }),
    retry: false, placeholderData: (prev) => prev,
  });
  const ruleError = preview.error instanceof ApiError ? Object.values((preview.error.details as Record<string, string>) ?? {})[0] ?? preview.error.message : null;

  const save = useMutation({
    mutationFn: () => (open
      ? api.patch<Segment>(`/segments/${open.id}`, { name, rules, kind, ...(kind === 'static' ? { refreshSnapshot: true } : {}) })
      : api.post<Segment>('/segments', { name, rules, kind })),
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: ['segments'] });
      setParams({ segment: s.id });
      notifications.show({ color: 'teal', message: t('segments.saved', { name: s.name }) });
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(t, err) }),
  });
  const remove = useMutation({
    mutationFn: (s: Segment) => api.delete(`/segments/${s.id}`),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['segments'] }); setParams({}); },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(t, err) }),
  });

  if (fields.isPending || list.isPending) return <LoadingState />;
  if (fields.isError) return <ErrorState error={fields.error} onRetry={() => void fields.refetch()} />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const mayEdit = can('customers', 'update');
  return (
    <Stack gap="md" data-testid="segments-page">
      <Group justify="space-between">
        <div>
          <Title order={1} size="h3">{t('segments.title')}</Title>
          <Text size="sm" c="dimmed">{t('segments.intro')}</Text>
        </div>
        <Button variant="default" onClick={() => setParams({})} data-testid="segment-new">{t('segments.new')}</Button>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Paper withBorder radius="md" p="xs">
            <Text size="sm" fw={600} mb={4}>{t('segments.saved_list')}</Text>
            {list.data.items.length === 0 && <Text size="sm" c="dimmed">{t('segments.none')}</Text>}
            {list.data.items.map((s) => (
              <NavLink key={s.id} active={s.id === openId} label={<bdi>{s.name}</bdi>} onClick={() => setParams({ segment: s.id })} data-testid="segment-item"
                description={s.kind === 'static' ? t('segments.staticCount', { n: f.number(s.snapshotCount ?? 0), count: s.snapshotCount ?? 0 }) : t('segments.dynamic')} />
            ))}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <Stack gap="sm">
            <GroupEditor group={group} fields={fields.data.items} onChange={setGroup} />
            <Paper withBorder radius="md" p="sm">
              <Group justify="space-between" mb="xs">
                <Group gap="xs">
                  <Text fw={600}>{t('segments.matching')}</Text>
                  <Badge size="lg" variant="light" data-testid="segment-count">{preview.data ? f.number(preview.data.count) : '…'}</Badge>
                  {preview.isFetching && <Text size="xs" c="dimmed">{t('segments.counting')}</Text>}
                </Group>
              </Group>
              {ruleError && <Alert color="red" variant="light" mb="xs" data-testid="segment-error">{ruleError}</Alert>}
              {preview.data && preview.data.sample.length > 0 && (
                <Table.ScrollContainer minWidth={420}>
                  <Table verticalSpacing={4} data-testid="segment-sample">
                    <Table.Thead><Table.Tr><Table.Th>{t('segments.name')}</Table.Th><Table.Th>{t('segments.city')}</Table.Th><Table.Th>{t('segments.stage')}</Table.Th></Table.Tr></Table.Thead>
                    <Table.Tbody>
                      {preview.data.sample.map((c) => (
                        <Table.Tr key={c.id}>
                          <Table.Td><Anchor component={Link} to={`/customers/${c.id}`} size="sm"><bdi>{c.displayName}</bdi></Anchor></Table.Td>
                          <Table.Td><Text size="sm"><bdi>{c.city ?? '—'}</bdi></Text></Table.Td>
                          <Table.Td><Text size="sm">{t(`stage.${c.lifecycleStage}`, c.lifecycleStage)}</Text></Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
            </Paper>
            {mayEdit && (
              <Paper withBorder radius="md" p="sm">
                <Group align="flex-end" wrap="wrap">
                  <TextInput label={t('segments.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} w={260} data-testid="segment-name" />
                  <SegmentedControl value={kind} onChange={(v) => setKind(v as 'dynamic' | 'static')}
                    data={[{ value: 'dynamic', label: t('segments.dynamic') }, { value: 'static', label: t('segments.static') }]} data-testid="segment-kind" />
                  <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!name.trim() || Boolean(ruleError)} data-testid="segment-save">{t('common.save')}</Button>
                  {open && <Button variant="subtle" color="red" onClick={() => { if (window.confirm(t('segments.confirmDelete'))) remove.mutate(open); }}>{t('common.delete')}</Button>}
                  {open && <Button component={Link} to={`/customers?segmentId=${open.id}`} variant="light" data-testid="segment-open-list">{t('segments.openList')}</Button>}
                </Group>
                <Text size="xs" c="dimmed" mt={6}>{t(kind === 'static' ? 'segments.staticHelp' : 'segments.dynamicHelp')}</Text>
              </Paper>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
