/** Recurring problems: the period's tickets grouped by what they describe (GET /api/support/problems), one card per problem. */
import { Alert, Anchor, Badge, Box, Button, Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { BackIcon } from '../../components/DirectionalIcon';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useFormat } from '../../lib/format';
import { statusColor, useRecurringProblems, type RecurringProblem } from './tickets.api';

const PERIODS = [7, 30, 90] as const;
/** A last-week count from which the problem is flagged as hot. */
const HOT_WEEK = 5;

export function ProblemsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('days'));
  const days = (PERIODS as readonly number[]).includes(asked) ? asked : 30;
  const query = useRecurringProblems(days);

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
        <SegmentedControl
          aria-label={t('support.problems.period')}
          value={String(days)}
          onChange={(v) => setParams({ days: v })}
          data={PERIODS.map((d) => ({ value: String(d), label: t('support.problems.days', { n: fmt.number(d) }) }))}
          data-testid="problems-period"
        />
      </Group>

      {query.isPending && <LoadingState />}
      {query.isError && <ErrorState error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && query.data.items.length === 0 && (
        <EmptyState title={t('support.problems.empty')} hint={days < 90 ? t('support.problems.emptyHint') : undefined}
          action={days < 90 ? <Button variant="light" onClick={() => setParams({ days: '90' })}>{t('support.problems.days', { n: fmt.number(90) })}</Button> : undefined} />
      )}
      {query.data && query.data.items.length > 0 && (
        <>
          <Text size="sm" c="dimmed" data-testid="problems-summary">
            {t('support.problems.grouped', { n: fmt.number(query.data.ticketsGrouped), groups: fmt.number(query.data.items.length) })}
          </Text>
          {query.data.truncated && <Alert color="yellow" variant="light">{t('support.problems.truncated')}</Alert>}
          <Stack gap="sm" style={{ opacity: query.isFetching ? 0.6 : 1 }}>
            {query.data.items.map((p) => <ProblemCard key={p.key} problem={p} />)}
          </Stack>
        </>
      )}
    </Stack>
  );
}

function ProblemCard({ problem: p }: { problem: RecurringProblem }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const hot = p.lastWeek >= HOT_WEEK;
  const hours = p.avgResolutionHours === null ? '—'
    : t('support.problems.hours', { n: fmt.number(Math.round(p.avgResolutionHours * 10) / 10) });

  return (
    <Paper withBorder radius="md" p="md" data-testid="problem-card" data-hot={hot ? 'true' : undefined}
      style={hot ? { borderInlineStart: '4px solid var(--mantine-color-red-6)' } : undefined}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={2} size="h5" style={{ minWidth: 0 }}>{p.label}</Title>
          <Badge color={hot ? 'red' : 'gray'} variant={hot ? 'filled' : 'light'} style={{ flexShrink: 0 }} data-testid="problem-last-week">
            {t('support.problems.lastWeek', { n: fmt.number(p.lastWeek) })}
          </Badge>
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
            {p.products.map((pr) => <Badge key={pr.id} size="sm" variant="light">{pr.name} ({fmt.number(pr.count)})</Badge>)}
          </Group>
        )}
        <Stack gap={2}>
          <Text size="xs" c="dimmed">{t('support.problems.examples')}</Text>
          {p.examples.map((e) => (
            <Group key={e.id} gap="xs" wrap="nowrap">
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>#{fmt.digits(String(e.number))}</Text>
              <Anchor component={Link} to={`/tickets/${e.id}`} size="sm" lineClamp={1} data-testid="problem-example">{e.subject}</Anchor>
              <Badge size="xs" variant="outline" color={statusColor(e.status)} style={{ flexShrink: 0 }}>{t(`support.status.${e.status}`)}</Badge>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{fmt.date(e.createdAt)}</Text>
            </Group>
          ))}
        </Stack>
      </Stack>
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
        <Tooltip key={i} label={t('support.problems.weekBar', { week: fmt.number(i + 1), n: fmt.number(n) })} withArrow>
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
