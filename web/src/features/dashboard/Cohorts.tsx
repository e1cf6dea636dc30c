/** The cohort retention heatmap (ECharts), best sellers and the most common problems (bars in the page's direction). */
import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from './dashboard.api';
import { EChart, type ChartOption } from './EChart';
import { ChartCard } from './Charts';
import { monthLabel } from './periods';
import { BarList } from '../reports/charts';
import type { Formatter } from '../../lib/format';
import type { ReportMoney } from '../reports/money';

export function CohortHeatmap({ data, fmt }: { data: Dashboard; fmt: Formatter }) {
  const { t, i18n } = useTranslation();
  const rtl = i18n.language === 'fa';
  const lang = rtl ? 'fa' : 'en';
  const rows = data.cohorts;
  const pct = rtl ? '٪' : '%';
  const cells = rows.flatMap((c, y) => c.cells.map((cell) => [cell.offset, y, cell.percent ?? '-', cell.customers, c.size]));
  const option: ChartOption = {
    tooltip: {
      formatter: (p: { value: [number, number, number | string, number, number] }) => {
        const [x, y, v, n, size] = p.value;
        return `${monthLabel(rows[y].start, data.period.calendar, lang, fmt.digits)} +${fmt.number(x)}: ${v === '-' ? '—' : `${fmt.number(Number(v))}${pct}`} (${fmt.number(n)}/${fmt.number(size)})`;
      },
    },
    grid: { left: 8, right: 8, top: 8, bottom: 30, containLabel: true },
    xAxis: { type: 'category', inverse: rtl, data: rows.map((_, i) => fmt.number(i)), name: t('dashboard.charts.monthsAfter'), nameLocation: 'middle', nameGap: 22, splitArea: { show: true }, axisLabel: { fontSize: 10 } },
    yAxis: {
      type: 'category', inverse: true, position: rtl ? 'right' : 'left', splitArea: { show: true },
      data: rows.map((c) => `${monthLabel(c.start, data.period.calendar, lang, fmt.digits)} (${fmt.number(c.size)})`), axisLabel: { fontSize: 10 },
    },
    visualMap: { min: 0, max: 100, dimension: 2, show: false, inRange: { color: ['#e3fafc', '#0b7285'] } },
    series: [{
      type: 'heatmap', data: cells,
      label: { show: true, fontSize: 9, formatter: (p: { value: [number, number, number | string] }) => (p.value[2] === '-' ? '' : fmt.number(Math.round(Number(p.value[2])))) },
    }],
  };
  return (
    <ChartCard title={t('dashboard.charts.cohorts')} testId="chart-cohorts" hint={t('dashboard.charts.cohortHint')}>
      <EChart height={360} option={option} label={t('dashboard.charts.cohorts')} />
    </ChartCard>
  );
}

export function BestSellers({ data, money }: { data: Dashboard; money: ReportMoney }) {
  const { t, i18n } = useTranslation();
  return (
    <ChartCard title={t('dashboard.charts.best')} testId="dashboard-best">
      {data.bestSellers.length === 0 ? <Text size="sm" c="dimmed">{t('dashboard.charts.none')}</Text> : (
        <BarList testId="best-list" rows={data.bestSellers.map((b, i) => ({
          key: b.productId ?? `free-${i}`, label: <bdi>{i18n.language === 'en' && b.nameEn ? b.nameEn : b.name}</bdi>,
          bars: [{ key: 'r', color: 'cyan.6', value: BigInt(b.revenue) }], value: <Text size="sm">{money.short(b.revenue)}</Text>,
        }))} />
      )}
    </ChartCard>
  );
}

export function Problems({ data, fmt }: { data: Dashboard; fmt: Formatter }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { categories, groups } = data.problems;
  return (
    <ChartCard title={t('dashboard.charts.problems')} testId="dashboard-problems">
      {categories.length === 0 && groups.length === 0 ? <Text size="sm" c="dimmed">{t('dashboard.charts.none')}</Text> : (
        <Stack gap="sm">
          {categories.length > 0 && <Text size="xs" fw={600} c="dimmed">{t('dashboard.charts.categories')}</Text>}
          <BarList rows={categories.map((c) => ({
            key: c.key ?? 'none', label: <bdi>{(en ? c.labelEn : c.labelFa) ?? c.key ?? t('dashboard.charts.uncategorized')}</bdi>,
            hint: t('dashboard.charts.previousCount', { n: fmt.number(c.previous) }),
            bars: [{ key: 'n', color: 'orange.6', value: BigInt(c.count) }], value: <Text size="sm">{fmt.number(c.count)}</Text>,
          }))} />
          {groups.length > 0 && <Text size="xs" fw={600} c="dimmed">{t('dashboard.charts.groups')}</Text>}
          <BarList rows={groups.map((g) => ({
            key: g.id, label: <bdi>{g.label}</bdi>, bars: [{ key: 'n', color: 'grape.6', value: BigInt(g.count) }], value: <Text size="sm">{fmt.number(g.count)}</Text>,
          }))} />
        </Stack>
      )}
    </ChartCard>
  );
}
