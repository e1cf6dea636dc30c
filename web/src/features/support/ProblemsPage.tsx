/**
 * Recurring problems (GET /api/support/problems): one card per stored problem group, with what a person can decide
 * about it — confirm, rename, split tickets off, take tickets out, merge into another problem — and the report product
 * teams read, the most common problems by product.
 */
import { useEffect, useRef, useState } from 'react';
import {
  Alert, Anchor, Badge, Box, Button, Checkbox, Group, Menu, Modal, Paper, Progress, SegmentedControl, Select, SimpleGrid, Stack, Table, Text,
  TextInput, Title, Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowMerge, IconCheck, IconChevronDown, IconDots, IconPencil, IconRefresh } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { BackIcon } from '../../components/DirectionalIcon';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { useFormSubmit } from '../../components/useFormSubmit';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { useSession } from '../session/session';
import { statusColor } from './tickets.api';
import { UserText } from '../../components/UserText';
import {
  useProblemDetail, useProblemsByProduct, useRecurringProblems, useRefreshProblems, type RecurringProblem, type RegroupResult,
} from './problems.api';

const PERIODS = [7, 30, 90] as const;

export function ProblemsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('days'));
  const days = (PERIODS as readonly number[]).includes(asked) ? asked : 30;
  const view = params.get('view') === 'products' ? 'products' : 'problems';
  const focus = params.get('group');
  const query = useRecurringProblems(days);
  const refresh = useRefreshProblems();
  const [regrouping, setRegrouping] = useState(false);
  const canDecide = can('tickets', 'update');
  // Counts inside a longer sentence, each agreeing with its own number ("1 problem", "3 tickets").
  const ticketCount = (n: number) => t('problemGroups.ticketCount', { n: fmt.number(n), count: n });
  const problemCount = (n: number) => t('problemGroups.problemCount', { n: fmt.number(n), count: n });
  const set = (next: Record<string, string>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) p.set(k, v);
    setParams(p);
  };

  async function regroup() {
    setRegrouping(true);
    try {
      const r = await api.post<RegroupResult>('/support/problems/regroup');
      notifications.show({ color: 'teal', message: t('problemGroups.regrouped', { groups: problemCount(r.groups), moved: ticketCount(r.moved) }) });
      await refresh();
    } catch (err) {
      notifications.show({ color: 'red', message: errorMessage(t, err) });
    } finally {
      setRegrouping(false);
    }
  }

  return (
    <Stack gap="md" data-testid="problems-page">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Anchor component={Link} to="/tickets" size="sm">
            <Group gap={4} wrap="nowrap"><BackIcon size={14} />{t('support.title')}</Group>
          </Anchor>
          <Title order={1} size="h3">{t('support.problems.title')}</Title>
          <Text size="sm" c="dimmed">{t('support.problems.hint')}</Text>
        </Stack>
        <Group gap="sm">
          <SegmentedControl
            aria-label={t('support.problems.period')}
            value={String(days)}
            onChange={(v) => set({ days: v })}
            data={PERIODS.map((d) => ({ value: String(d), label: t('support.problems.days', { n: fmt.number(d) }) }))}
            data-testid="problems-period"
          />
          <SegmentedControl
            value={view}
            onChange={(v) => set({ view: v })}
            data={[{ value: 'problems', label: t('problemGroups.tabs.problems') }, { value: 'products', label: t('problemGroups.tabs.byProduct') }]}
            data-testid="problems-view"
          />
        </Group>
      </Group>

      {query.data && (
        <Group justify="space-between" gap="xs">
          <Text size="sm" c="dimmed" data-testid="problems-summary">
            {query.data.groupedAt
              ? <>{t('problemGroups.summary', { tickets: ticketCount(query.data.ticketsGrouped), groups: problemCount(query.data.items.length), ungrouped: ticketCount(query.data.ungrouped) })}
                {' · '}{t('problemGroups.groupedAt', { when: fmt.dateTime(query.data.groupedAt) })}
                {' · '}{t('problemGroups.threshold', { n: fmt.number(query.data.alertThreshold) })}</>
              : t('problemGroups.never')}
          </Text>
          {canDecide && (
            <Button size="xs" variant="light" leftSection={<IconRefresh size={14} />} loading={regrouping} onClick={() => void regroup()} data-testid="problems-regroup">
              {t('problemGroups.regroup')}
            </Button>
          )}
        </Group>
      )}

      {view === 'products' ? <ByProduct days={days} /> : (
        <>
          {query.isPending && <LoadingState />}
          {query.isError && <ErrorState error={query.error} onRetry={() => void query.refetch()} />}
          {query.data && query.data.items.length === 0 && (
            <EmptyState title={t('support.problems.empty')} hint={days < 90 ? t('support.problems.emptyHint') : undefined}
              action={days < 90 ? <Button variant="light" onClick={() => set({ days: '90' })}>{t('support.problems.days', { n: fmt.number(90) })}</Button> : undefined} />
          )}
          {query.data && query.data.items.length > 0 && (
            <>
              {query.data.truncated && <Alert color="yellow" variant="light">{t('support.problems.truncated')}</Alert>}
              <Stack gap="sm" style={{ opacity: query.isFetching ? 0.6 : 1 }}>
                {query.data.items.map((p) => (
                  <ProblemCard key={p.id} problem={p} hotFrom={query.data.alertThreshold} focused={focus === p.id}
                    others={query.data.items.filter((o) => o.id !== p.id)} canDecide={canDecide} />
                ))}
              </Stack>
            </>
          )}
        </>
      )}
    </Stack>
  );
}

function ProblemCard({ problem: p, hotFrom, focused, others, canDecide }: {
  problem: RecurringProblem; hotFrom: number; focused: boolean; others: RecurringProblem[]; canDecide: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const refresh = useRefreshProblems();
  const ref = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState(focused);
  const [renaming, setRenaming] = useState(false);
  const [merging, setMerging] = useState(false);
  const hot = p.lastWeek >= hotFrom;
  const hours = p.avgResolutionHours === null ? '—'
    : t('support.problems.hours', { n: fmt.number(Math.round(p.avgResolutionHours * 10) / 10) });
  useEffect(() => { if (focused) ref.current?.scrollIntoView({ block: 'start' }); }, [focused]);

  async function confirm() {
    try {
      await api.patch(`/support/problem-groups/${p.id}`, { confirmed: true });
      notifications.show({ color: 'teal', message: t('problemGroups.confirmedToast') });
      await refresh();
    } catch (err) {
      notifications.show({ color: 'red', message: errorMessage(t, err) });
    }
  }

  return (
    <Paper ref={ref} withBorder radius="md" p="md" data-testid="problem-card" data-problem-id={p.id} data-hot={hot ? 'true' : undefined}
      style={{
        ...(hot ? { borderInlineStart: '4px solid var(--mantine-color-red-6)' } : {}),
        ...(focused ? { boxShadow: '0 0 0 2px var(--mantine-color-blue-4)' } : {}),
      }}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Group gap="xs" style={{ minWidth: 0 }}>
            <Title order={2} size="h5" dir="auto" style={{ minWidth: 0, overflowWrap: 'anywhere' }} data-testid="problem-label">{p.label}</Title>
            <Badge size="sm" variant={p.confirmed ? 'light' : 'outline'} color={p.confirmed ? 'teal' : 'gray'} data-testid="problem-confirmed">
              {p.confirmed ? t('problemGroups.confirmed') : t('problemGroups.suggested')}
            </Badge>
          </Group>
          <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
            <Badge color={hot ? 'red' : 'gray'} variant={hot ? 'filled' : 'light'} data-testid="problem-last-week">
              {t('problemGroups.lastSevenDays', { n: fmt.number(p.lastWeek) })}
            </Badge>
            {canDecide && (
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <Button size="xs" variant="subtle" px={6} aria-label={t('problemGroups.actions')} data-testid="problem-actions"><IconDots size={16} /></Button>
                </Menu.Target>
                <Menu.Dropdown>
                  {!p.confirmed && <Menu.Item leftSection={<IconCheck size={14} />} onClick={() => void confirm()} data-testid="problem-confirm">{t('problemGroups.confirm')}</Menu.Item>}
                  <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setRenaming(true)} data-testid="problem-rename">{t('problemGroups.rename')}</Menu.Item>
                  <Menu.Item leftSection={<IconArrowMerge size={14} />} disabled={!others.length} onClick={() => setMerging(true)} data-testid="problem-merge">{t('problemGroups.merge')}</Menu.Item>
                </Menu.Dropdown>
              </Menu>
            )}
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs">
          <Stat label={t('support.problems.count')} value={fmt.number(p.count)} />
          <Stat label={t('support.problems.openCount')} value={fmt.number(p.openCount)} />
          <Stat label={t('support.problems.customers')} value={fmt.number(p.customers)} />
          <Stat label={t('support.problems.avgResolution')} value={hours} />
          <Stack gap={2}>
            <Text size="xs" c="dimmed">{t('support.problems.trend')}</Text>
            <Trend trend={p.trend} hot={hot} />
          </Stack>
        </SimpleGrid>
        {p.products.length > 0 && (
          <Group gap={6}>
            <Text size="xs" c="dimmed">{t('support.problems.products')}:</Text>
            {p.products.map((pr) => <Badge key={pr.id} size="sm" variant="light" tt="none"><UserText>{pr.name}</UserText> ({fmt.number(pr.count)})</Badge>)}
          </Group>
        )}
        {expanded ? <ProblemTickets problem={p} canDecide={canDecide} /> : (
          <Stack gap={2}>
            <Text size="xs" c="dimmed">{t('support.problems.examples')}</Text>
            {p.examples.map((e) => (
              <Group key={e.id} gap="xs" wrap="nowrap">
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>#{fmt.digits(String(e.number))}</Text>
                <Anchor component={Link} to={`/tickets/${e.id}`} size="sm" lineClamp={1} dir="auto" data-testid="problem-example">{e.subject}</Anchor>
                <Badge size="xs" variant="outline" color={statusColor(e.status)} style={{ flexShrink: 0 }}>{t(`support.status.${e.status}`)}</Badge>
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{fmt.date(e.createdAt)}</Text>
              </Group>
            ))}
          </Stack>
        )}
        <Group>
          <Button size="xs" variant="subtle" rightSection={<IconChevronDown size={14} style={{ transform: expanded ? 'rotate(180deg)' : undefined }} />}
            onClick={() => setExpanded((x) => !x)} data-testid="problem-expand">
            {expanded ? t('problemGroups.hideTickets') : t('problemGroups.showTickets', { n: fmt.number(p.count) })}
          </Button>
        </Group>
      </Stack>
      <RenameModal problem={p} opened={renaming} onClose={() => setRenaming(false)} />
      <MergeModal problem={p} others={others} opened={merging} onClose={() => setMerging(false)} />
    </Paper>
  );
}

/** Every ticket of the problem, with a selection to split off or take out. */
function ProblemTickets({ problem, canDecide }: { problem: RecurringProblem; canDecide: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const refresh = useRefreshProblems();
  const detail = useProblemDetail(problem.id);
  const [selected, setSelected] = useState<string[]>([]);
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState<'split' | 'out' | null>(null);
  const form = useFormSubmit();

  const act = (kind: 'split' | 'out') => {
    setBusy(kind);
    return form.run(async () => {
      if (kind === 'split') {
        await api.post(`/support/problem-groups/${problem.id}/split`, { ticketIds: selected, ...(label.trim() ? { label: label.trim() } : {}) });
        notifications.show({ color: 'teal', message: t('problemGroups.splitDone', { n: fmt.number(selected.length), count: selected.length }) });
      } else {
        await api.post('/support/problem-groups/move', { ticketIds: selected, groupId: null });
        notifications.show({ color: 'teal', message: t('problemGroups.removed', { n: fmt.number(selected.length), count: selected.length }) });
      }
      setSelected([]);
      setLabel('');
      await refresh();
    }).finally(() => setBusy(null));
  };

  if (detail.isPending) return <LoadingState />;
  if (detail.isError) return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  return (
    <Stack gap={6} data-testid="problem-tickets">
      {canDecide && <Text size="xs" c="dimmed">{t('problemGroups.selectHint')}</Text>}
      {detail.data.tickets.map((e) => (
        <Group key={e.id} gap="xs" wrap="nowrap">
          {canDecide && <Checkbox size="xs" checked={selected.includes(e.id)} onChange={() => toggle(e.id)} aria-label={`#${e.number}`} data-testid="problem-ticket-check" />}
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>#{fmt.digits(String(e.number))}</Text>
          <Anchor component={Link} to={`/tickets/${e.id}`} size="sm" lineClamp={1} dir="auto">{e.subject}</Anchor>
          <Badge size="xs" variant="outline" color={statusColor(e.status)} style={{ flexShrink: 0 }}>{t(`support.status.${e.status}`)}</Badge>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{fmt.date(e.createdAt)}</Text>
        </Group>
      ))}
      {canDecide && selected.length > 0 && (
        <Group align="flex-end" gap="xs">
          <TextInput size="xs" label={t('problemGroups.splitLabel')} value={label} onChange={(e) => setLabel(e.currentTarget.value)} maxLength={200} data-testid="problem-split-label" />
          <Button size="xs" onClick={() => void act('split')} loading={busy === 'split'} disabled={selected.length >= detail.data.tickets.length} data-testid="problem-split">
            {t('problemGroups.split')}
          </Button>
          <Button size="xs" variant="default" onClick={() => void act('out')} loading={busy === 'out'} data-testid="problem-not-this">{t('problemGroups.notProblem')}</Button>
        </Group>
      )}
      <FormErrorAlert error={form.formError} />
    </Stack>
  );
}

function RenameModal({ problem, opened, onClose }: { problem: RecurringProblem; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefreshProblems();
  const [label, setLabel] = useState(problem.label);
  const form = useFormSubmit();
  const { reset } = form;
  useEffect(() => { if (opened) { setLabel(problem.label); reset(); } }, [opened, problem.label, reset]);
  const save = () => form.run(async () => {
    await api.patch(`/support/problem-groups/${problem.id}`, { label: label.trim() });
    notifications.show({ color: 'teal', message: t('problemGroups.renamed') });
    await refresh();
    onClose();
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('problemGroups.rename')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="sm">
        <TextInput label={t('problemGroups.renameTitle')} value={label} onChange={(e) => setLabel(e.currentTarget.value)} maxLength={200} data-autofocus
          error={form.errors.label} data-testid="problem-rename-input" />
        <FormErrorAlert error={form.formError} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={() => void save()} loading={form.busy} disabled={!label.trim()} data-testid="problem-rename-save">{t('common.save')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function MergeModal({ problem, others, opened, onClose }: { problem: RecurringProblem; others: RecurringProblem[]; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const refresh = useRefreshProblems();
  const [intoId, setIntoId] = useState<string | null>(null);
  const form = useFormSubmit();
  const { reset } = form;
  useEffect(() => { if (opened) { setIntoId(null); reset(); } }, [opened, reset]);
  const merge = () => form.run(async () => {
    if (!intoId) return;
    await api.post(`/support/problem-groups/${problem.id}/merge`, { intoId });
    notifications.show({ color: 'teal', message: t('problemGroups.merged') });
    await refresh();
    onClose();
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('problemGroups.mergeTitle', { label: problem.label })} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="sm" data-testid="problem-merge-modal">
        <Text size="sm">{t('problemGroups.mergeExplain')}</Text>
        <Select label={t('problemGroups.mergeInto')} searchable value={intoId} onChange={setIntoId} comboboxProps={{ withinPortal: true }} data-testid="problem-merge-into"
          error={form.errors.intoId} data={others.map((o) => ({ value: o.id, label: `${o.label} (${fmt.number(o.count)})` }))} />
        <FormErrorAlert error={form.formError} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={() => void merge()} disabled={!intoId} loading={form.busy} data-testid="problem-merge-confirm">{t('support.merge.confirm')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The product teams' report: per product, its tickets and its most common problems. */
function ByProduct({ days }: { days: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const query = useProblemsByProduct(days, true);
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data.items.length) return <EmptyState title={t('problemGroups.byProduct.empty')} />;
  return (
    <Paper withBorder radius="md" p="md" data-testid="problems-by-product">
      <Text size="sm" c="dimmed" mb="sm">{t('problemGroups.byProduct.hint')}</Text>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('problemGroups.byProduct.product')}</Table.Th>
              <Table.Th>{t('problemGroups.byProduct.tickets')}</Table.Th>
              <Table.Th>{t('problemGroups.byProduct.open')}</Table.Th>
              <Table.Th style={{ width: '55%' }}>{t('problemGroups.byProduct.top')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.data.items.map((p) => (
              <Table.Tr key={p.productId} data-testid="product-problems-row">
                <Table.Td fw={600}>{p.productName}</Table.Td>
                <Table.Td>{fmt.number(p.tickets)}</Table.Td>
                <Table.Td>{fmt.number(p.open)}</Table.Td>
                <Table.Td>
                  <Stack gap={6}>
                    {p.problems.map((x) => (
                      <div key={x.id}>
                        <Group justify="space-between" gap="xs" wrap="nowrap">
                          <Anchor component={Link} to={`/tickets/problems?days=${days}&group=${x.id}`} size="sm" lineClamp={1} dir="auto">{x.label}</Anchor>
                          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{fmt.number(x.count)} · {t('problemGroups.byProduct.share', { n: fmt.number(x.share) })}</Text>
                        </Group>
                        <Progress value={x.share} size="sm" aria-hidden />
                      </div>
                    ))}
                    {p.ungrouped > 0 && <Text size="xs" c="dimmed">{t('problemGroups.byProduct.ungrouped', { n: fmt.number(p.ungrouped) })}</Text>}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fw={700}>{value}</Text>
    </Stack>
  );
}

/** Tickets per week as a row of small bars, oldest first (on the reading start side), the current week last. */
function Trend({ trend, hot }: { trend: number[]; hot: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const max = Math.max(1, ...trend);
  return (
    <Group gap={2} align="flex-end" wrap="nowrap" h={28} data-testid="problem-trend">
      {trend.map((n, i) => (
        <Tooltip key={i} label={t('support.problems.weekBar', { week: fmt.number(i + 1), n: fmt.number(n), count: n })} withArrow>
          <Box
            w={8}
            h={Math.max(2, Math.round((n / max) * 28))}
            style={{
              borderRadius: 2,
              background: i === trend.length - 1 && hot ? 'var(--mantine-color-red-6)' : n ? 'var(--mantine-color-blue-5)' : 'var(--mantine-color-gray-3)',
            }}
          />
        </Tooltip>
      ))}
    </Group>
  );
}
