/** The trend charts (ECharts): sales, the customer's voice, keeping customers, support; and the CLV histogram. */
import { useMemo } from 'react';
import { Paper, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from './dashboard.api';
import { EChart, type ChartOption } from './EChart';
import { monthLabel } from './periods';
import type { Formatter } from '../../lib/format';
import type { ReportMoney } from '../reports/money';

export const COLORS = ['#1098ad', '#f59f00', '#7048e8', '#e64980', '#37b24d'];

export function ChartCard({ title, testId, children, hint }: { title: string; testId: string; children: React.ReactNode; hint?: React.ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId} style={{ minWidth: 0 }}>
      <Title order={2} size="h5" mb={4}>{title}</Title>
      {hint && <Text size="xs" c="dimmed" mb="xs">{hint}</Text>}
      {children}
    </Paper>
  );
}

type Series = { name: string; values: (number | null)[]; type: 'line' | 'bar'; axis?: 0 | 1 };

/** A time chart over the trend's points: the first axis at the reading start, time running in the reading direction. */
function trendOption(labels: string[], series: Series[], rtl: boolean, axes: ((v: number) => string)[]): ChartOption {
  return {
    color: COLORS,
    tooltip: { trigger: 'axis', valueFormatter: undefined },
    legend: { top: 0, right: rtl ? 0 : undefined, left: rtl ? undefined : 0, itemWidth: 14, textStyle: { fontSize: 11 } },
    grid: { left: 8, right: 8, top: 34, bottom: 4, containLabel: true },
    xAxis: { type: 'category', inverse: rtl, data: labels, axisLabel: { fontSize: 10, hideOverlap: true } },
    yAxis: axes.map((f, i) => ({
      type: 'value', position: (i === 0) === rtl ? 'right' : 'left', scale: i > 0,
      axisLabel: { fontSize: 10, formatter: f }, splitLine: { show: i === 0 },
    })),
    series: series.map((s) => ({
      name: s.name, type: s.type, yAxisIndex: s.axis ?? 0, data: s.values, connectNulls: true, smooth: s.type === 'line',
      barMaxWidth: 28, symbolSize: 6,
      tooltip: { valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : axes[s.axis ?? 0](Number(v))) },
    })),
  };
}

export function TrendCharts({ data, fmt, money }: { data: Dashboard; fmt: Formatter; money: ReportMoney }) {
  const { t, i18n } = useTranslation();
  const rtl = i18n.language === 'fa';
  const lang = rtl ? 'fa' : 'en';
  const cal = data.period.calendar;
  const day = useMemo(() => new Intl.DateTimeFormat(`${lang === 'fa' ? 'fa-IR' : 'en-GB'}-u-ca-${cal === 'jalali' ? 'persian' : 'gregory'}`, { day: 'numeric', month: 'short', timeZone: 'UTC' }), [lang, cal]);
  const labels = data.trend.map((p) => (data.period.granularity === 'month' ? monthLabel(p.start, cal, lang, fmt.digits) : day.format(new Date(`${p.start}T12:00:00Z`))));
  const v = (k: keyof Dashboard['trend'][number]['values']) => data.trend.map((p) => (p.values[k] === null ? null : Number(p.values[k])));
  const num = (n: number) => fmt.number(n);
  const pct = (n: number) => `${fmt.number(Math.round(n * 10) / 10)}${rtl ? '٪' : '%'}`;
  const m = (k: string) => t(`dashboard.metric.${k}`);
  const unit = money.unitLabel;
  const charts = [
    { key: 'sales', series: [{ name: `${m('revenue')} (${unit})`, values: v('revenue'), type: 'bar' as const }, { name: m('orders'), values: v('orders'), type: 'line' as const, axis: 1 as const }], axes: [(n: number) => money.short(BigInt(Math.round(n))), num] },
    { key: 'voice', series: [{ name: m('nps'), values: v('nps'), type: 'line' as const }, { name: m('csat'), values: v('csat'), type: 'line' as const }, { name: m('ces'), values: v('ces'), type: 'line' as const, axis: 1 as const }], axes: [num, num] },
    { key: 'customers', series: [{ name: m('retention'), values: v('retention'), type: 'line' as const }, { name: m('churnRate'), values: v('churnRate'), type: 'line' as const }, { name: m('repeatRate'), values: v('repeatRate'), type: 'line' as const }], axes: [pct] },
    { key: 'support', series: [{ name: m('openTickets'), values: v('openTickets'), type: 'bar' as const }, { name: m('slaAttainment'), values: v('slaAttainment'), type: 'line' as const, axis: 1 as const }], axes: [num, pct] },
  ];
  return (
    <>
      {charts.map((c) => (
        <ChartCard key={c.key} title={t(`dashboard.charts.${c.key}`)} testId={`chart-${c.key}`}>
          <EChart height={230} option={trendOption(labels, c.series, rtl, c.axes)} label={t(`dashboard.charts.${c.key}`)} />
        </ChartCard>
      ))}
    </>
  );
}

export function ClvChart({ data, fmt, money }: { data: Dashboard; fmt: Formatter; money: ReportMoney }) {
  const { t, i18n } = useTranslation();
  const rtl = i18n.language === 'fa';
  const clv = data.clv;
  const option: ChartOption = {
    color: [COLORS[2]],
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 8, top: 10, bottom: 4, containLabel: true },
    xAxis: { type: 'category', inverse: rtl, data: clv.buckets.map((b) => `${money.short(b.from)}–${b.to ? money.short(b.to) : ''}`), axisLabel: { fontSize: 10, hideOverlap: true } },
    yAxis: { type: 'value', position: rtl ? 'right' : 'left', minInterval: 1, axisLabel: { fontSize: 10, formatter: (n: number) => fmt.number(n) } },
    series: [{ type: 'bar', name: t('dashboard.charts.clv'), data: clv.buckets.map((b) => b.customers), barMaxWidth: 36, tooltip: { valueFormatter: (n: number) => fmt.number(n) } }],
  };
  return (
    <ChartCard title={t('dashboard.charts.clv')} testId="chart-clv"
      hint={clv.customers ? `${t('dashboard.charts.equity')}: ${money.full(clv.equity)} · ${t('dashboard.charts.scored', { n: fmt.number(clv.customers), count: clv.customers, mean: clv.mean ? money.full(clv.mean) : '—' })}${clv.computedAt ? ` · ${t('dashboard.charts.clvFresh', { at: fmt.dateTime(clv.computedAt) })}` : ''}` : t('dashboard.charts.clvNone')}>
      <Text fw={700} size="xl" data-testid="clv-equity">{money.full(clv.equity)}</Text>
      <EChart height={200} option={option} label={t('dashboard.charts.clv')} />
    </ChartCard>
  );
}
