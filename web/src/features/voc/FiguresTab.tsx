/**
 * The figures: NPS, CSAT or CES of a period with n, the 95% interval, the counts behind it, the response rate and the
 * change against the previous period of the same length (significant or not); then the trend by Saturday week or
 * Jalali month, and a breakdown by product, agent, channel, segment or survey. All choices live in the URL.
 */
import { Badge, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { DateField } from '../../components/DateFields';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useFormat } from '../../lib/format';
import { usePrefs } from '../../lib/prefs';
import { margin, metricValue, range, signed } from './format';
import { fillPeriod, TrendChart } from './TrendChart';
import {
  addDays, BREAKDOWN_GROUPS, METRICS, SMALL_N, todayIn, TREND_GROUPS, useFigures, useSurveys,
  type BreakdownGroup, type BreakdownRow, type Figures, type Metric, type TrendBucket, type TrendGroup,
} from './voc.api';

const PERIODS = ['30', '90', '365', 'custom'] as const;
const pick = <T extends string>(v: string | null, list: readonly T[], dflt: T): T => ((list as readonly string[]).includes(v ?? '') ? (v as T) : dflt);

export function FiguresTab() {
  const { t } = useTranslation();
  const { prefs } = usePrefs();
  const [params, setParams] = useSearchParams();
  const metric = pick(params.get('metric'), METRICS, 'nps');
  const period = pick(params.get('period'), PERIODS, '90');
  const trendBy = pick(params.get('trend'), TREND_GROUPS, 'week');
  const by = pick(params.get('by'), BREAKDOWN_GROUPS, 'survey');
  const surveyId = params.get('survey') ?? undefined;
  const today = todayIn(prefs.timeZone);
  const from = period === 'custom' ? params.get('from') ?? addDays(today, -89) : addDays(today, -(Number(period) - 1));
  const to = period === 'custom' ? params.get('to') ?? today : today;
  const set = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) if (v === null) p.delete(k); else p.set(k, v);
    setParams(p, { replace: true });
  };
  const surveys = useSurveys();
  const base = { metric, from, to, ...(surveyId ? { surveyId } : {}) };
  // Months in the reader's calendar: Jalali, or Gregorian for a user who reads that one.
  const trend = useFigures({ ...base, groupBy: trendBy, calendar: prefs.calendar });
  const breakdown = useFigures({ ...base, groupBy: by });

  return (
    <Stack gap="md" data-testid="voc-figures">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <SegmentedControl value={metric} onChange={(v) => set({ metric: v })} data-testid="voc-metric"
          data={METRICS.map((m) => ({ value: m, label: t(`voc.metric.${m}`) }))} aria-label={t('voc.figures.metric')} />
        <SegmentedControl value={period} onChange={(v) => set(v === 'custom' ? { period: v, from, to } : { period: v, from: null, to: null })} data-testid="voc-period"
          data={PERIODS.map((p) => ({ value: p, label: p === 'custom' ? t('voc.figures.custom') : t('voc.figures.lastDays', { n: p }) }))} aria-label={t('voc.figures.period')} />
        {period === 'custom' && (
          <>
            <DateField label={t('voc.figures.from')} value={from} onChange={(v) => v && set({ from: v })} testId="voc-from" />
            <DateField label={t('voc.figures.to')} value={to} onChange={(v) => v && set({ to: v })} testId="voc-to" />
          </>
        )}
        <Select
          label={t('voc.figures.survey')} placeholder={t('voc.figures.allSurveys')} clearable w={240} data-testid="voc-survey"
          value={surveyId ?? null} onChange={(v) => set({ survey: v })}
          data={(surveys.data?.items ?? []).filter((s) => s.metric === metric || s.id === surveyId).map((s) => ({ value: s.id, label: s.name }))}
          comboboxProps={{ withinPortal: true }}
        />
      </Group>

      {trend.isPending && <LoadingState />}
      {trend.isError && <ErrorState error={trend.error} onRetry={() => void trend.refetch()} />}
      {trend.data && <Headline data={trend.data} />}

      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h5">{t('voc.figures.trend')}</Title>
          <SegmentedControl size="xs" value={trendBy} onChange={(v) => set({ trend: v })} data-testid="voc-trend-by"
            data={TREND_GROUPS.map((g) => ({ value: g, label: t(`voc.figures.by.${g}`) }))} />
        </Group>
        {trend.data && (trend.data.summary.n > 0
          ? <TrendChart metric={metric} by={trendBy as TrendGroup} buckets={fillPeriod(trendBy as TrendGroup, trend.data.from, trend.data.to, (trend.data.groups ?? []) as TrendBucket[], prefs.calendar)} calendar={prefs.calendar} />
          : <EmptyState title={t('voc.figures.noAnswers')} />)}
        <Text size="xs" c="dimmed" mt="xs">{t('voc.figures.trendHint')}</Text>
      </Paper>

      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h5">{t('voc.figures.breakdown')}</Title>
          <Select size="xs" w={180} value={by} onChange={(v) => v && set({ by: v })} allowDeselect={false} data-testid="voc-breakdown-by"
            data={BREAKDOWN_GROUPS.map((g) => ({ value: g, label: t(`voc.figures.by.${g}`) }))} aria-label={t('voc.figures.breakdown')} comboboxProps={{ withinPortal: true }} />
        </Group>
        {breakdown.isError && <ErrorState error={breakdown.error} onRetry={() => void breakdown.refetch()} />}
        {/* While another metric's or grouping's rows stand in (kept while the new ones load), they are labelled as what they are and dimmed. */}
        {breakdown.data && (
          <div style={{ opacity: breakdown.isPlaceholderData ? 0.5 : 1 }} aria-busy={breakdown.isPlaceholderData}>
            <Breakdown metric={breakdown.data.metric} by={(breakdown.data.groupBy ?? by) as BreakdownGroup}
              rows={(breakdown.data.groups ?? []) as BreakdownRow[]} />
          </div>
        )}
      </Paper>
    </Stack>
  );
}

function countLabels(metric: Metric): string[] {
  return metric === 'nps' ? ['promoters', 'passives', 'detractors'] : metric === 'csat' ? ['satisfied', 'neutral', 'dissatisfied'] : ['easy', 'neutral', 'hard'];
}
const COUNT_COLORS = ['teal', 'gray', 'red'];

function Headline({ data }: { data: Figures }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const s = data.summary;
  const m = data.metric;
  const ci = range(t, fmt, m, s.low, s.high);
  const rr = data.responseRate;
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
      <Paper withBorder p="md" radius="md" data-testid="voc-headline" data-metric={m}>
        <Text size="sm" c="dimmed">{t(`voc.metric.${m}Long`)}</Text>
        <Group gap="xs" align="baseline">
          <Text fw={700} fz={36} data-testid="voc-value" style={{ direction: 'ltr', unicodeBidi: 'isolate' }}>{metricValue(t, fmt, m, s.value)}</Text>
          {m === 'ces' && s.value !== null && <Text c="dimmed">{t('voc.figures.ofSeven')}</Text>}
        </Group>
        <Text size="sm" data-testid="voc-n">{t('voc.figures.n', { count: s.n, n: fmt.number(s.n) })}</Text>
        {s.marginOfError !== null && ci ? (
          <Text size="sm" c="dimmed" data-testid="voc-interval">
            {t('voc.figures.interval', { margin: margin(t, fmt, m, s.marginOfError), range: ci })}
          </Text>
        ) : s.n > 0 ? <Text size="sm" c="dimmed">{t('voc.figures.noInterval')}</Text> : null}
        {s.n === 0 && <Text size="sm" c="orange.8" data-testid="voc-small">{t('voc.figures.none')}</Text>}
        {s.n > 0 && s.n < SMALL_N && <Text size="sm" c="orange.8" data-testid="voc-small">{t('voc.figures.small', { n: fmt.number(SMALL_N) })}</Text>}
      </Paper>
      <Paper withBorder p="md" radius="md" data-testid="voc-counts">
        <Text size="sm" c="dimmed" mb={6}>{t('voc.figures.counts')}</Text>
        <Stack gap={4}>
          {countLabels(m).map((k, i) => (
            <Group key={k} justify="space-between" wrap="nowrap">
              <Group gap={6} wrap="nowrap"><Badge size="xs" circle color={COUNT_COLORS[i]}> </Badge><Text size="sm">{t(`voc.counts.${k}`)}</Text></Group>
              <Text size="sm" fw={600}>{fmt.number(s.counts[k] ?? 0)}</Text>
            </Group>
          ))}
          {m === 'ces' && s.hardShare != null && <Text size="xs" c="dimmed">{t('voc.figures.hardShare', { v: metricValue(t, fmt, 'csat', s.hardShare) })}</Text>}
        </Stack>
      </Paper>
      <Paper withBorder p="md" radius="md" data-testid="voc-rate-change">
        <Text size="sm" c="dimmed">{t('voc.figures.responseRate')}</Text>
        {rr.value === null ? <Text size="sm">{t('voc.figures.noneSent')}</Text> : (
          <>
            <Text fw={600} size="lg">{metricValue(t, fmt, 'csat', rr.value)}</Text>
            <Text size="xs" c="dimmed">
              {t('voc.figures.rateOf', { responses: fmt.number(rr.responses), delivered: fmt.number(rr.delivered) })}
              {rr.low !== null && rr.high !== null && ` · ${t('voc.figures.rateInterval', { range: `${metricValue(t, fmt, 'csat', rr.low)} – ${metricValue(t, fmt, 'csat', rr.high)}` })}`}
            </Text>
          </>
        )}
        <Text size="sm" c="dimmed" mt="sm">{t('voc.figures.change')}</Text>
        <Change data={data} t={t} />
      </Paper>
    </SimpleGrid>
  );
}

function Change({ data, t }: { data: Figures; t: TFunction }) {
  const fmt = useFormat();
  if (data.change === null) {
    return <Text size="sm" data-testid="voc-change">{t('voc.figures.noPrevious', { n: fmt.number(data.previous.n) })}</Text>;
  }
  return (
    <Group gap="xs" data-testid="voc-change">
      <Text fw={600} style={{ direction: 'ltr', unicodeBidi: 'isolate' }}>{signed(t, fmt, data.metric, data.change)}</Text>
      <Text size="xs" c="dimmed">{t('voc.figures.previousWas', { value: metricValue(t, fmt, data.metric, data.previous.value), n: fmt.number(data.previous.n) })}</Text>
      {data.significant
        ? <Badge color={data.change > 0 ? 'teal' : 'red'} variant="light" data-testid="voc-significant">{t('voc.figures.significant')}</Badge>
        : <Badge color="gray" variant="light" data-testid="voc-significant">{t('voc.figures.notSignificant')}</Badge>}
    </Group>
  );
}

function Breakdown({ metric, by, rows }: { metric: Metric; by: BreakdownGroup; rows: BreakdownRow[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (!rows.length) return <EmptyState title={t('voc.figures.noAnswers')} />;
  const keyLabel = (k: string) => (by === 'segment' ? t(`stage.${k}`, { defaultValue: k }) : by === 'channel' ? t(`voc.responseChannel.${k}`, { defaultValue: k }) : k);
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table striped data-testid="voc-breakdown" data-metric={metric} data-by={by}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t(`voc.figures.by.${by}`)}</Table.Th>
            <Table.Th>{t(`voc.metric.${metric}`)}</Table.Th>
            <Table.Th>{t('voc.figures.nCol')}</Table.Th>
            <Table.Th>{t('voc.figures.intervalCol')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Td><Text size="sm" dir="auto">{keyLabel(r.key)}</Text></Table.Td>
              <Table.Td><Text size="sm" fw={600} style={{ direction: 'ltr', unicodeBidi: 'isolate', display: 'inline-block' }}>{metricValue(t, fmt, metric, r.value)}</Text></Table.Td>
              <Table.Td>
                <Group gap={6}>{fmt.number(r.n)}{r.lowSample && <Badge size="xs" color="orange" variant="light" data-testid="voc-low-sample">{t('voc.figures.fewAnswers')}</Badge>}</Group>
              </Table.Td>
              <Table.Td><Text size="sm" c="dimmed">{range(t, fmt, metric, r.low, r.high) ?? '—'}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
