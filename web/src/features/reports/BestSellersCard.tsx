/** Best sellers: revenue per Jalali month/season/year as columns; the chosen period's top products or categories as bars and a table. */
import { useEffect, useState } from 'react';
import { Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { usePrefs } from '../../lib/prefs';
import { BarList, ColumnChart } from './charts';
import { NoData, ReportCard } from './ReportCard';
import { useReportMoney } from './money';
import { useSalesReport, type GroupBy, type PeriodKind, type Range, type SalesPeriod } from './reports.api';
import { usePeriodLabel } from './labels';

export function BestSellersCard({ range }: { range: Range }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { prefs } = usePrefs();
  const money = useReportMoney();
  const periodLabel = usePeriodLabel();
  const [groupBy, setGroupBy] = useState<GroupBy>('product');
  const [period, setPeriod] = useState<PeriodKind>('month');
  // Periods in the reader's calendar: Jalali months and seasons, or Gregorian months and quarters.
  const calendar = prefs.calendar;
  const query = { ...range, groupBy, period, calendar, top: 10 };
  const report = useSalesReport(query);
  const periods = report.data?.periods ?? [];
  const [selected, setSelected] = useState<string | undefined>();
  // Keep the chosen period while it is in the range; otherwise show the latest period that sold something.
  useEffect(() => {
    if (!periods.length) return;
    if (!selected || !periods.some((p) => p.key === selected)) {
      setSelected([...periods].reverse().find((p) => p.items.length)?.key ?? periods[periods.length - 1].key);
    }
  }, [periods, selected]);
  const current: SalesPeriod | undefined = periods.find((p) => p.key === selected);
  const label = (p: SalesPeriod) => periodLabel(period, p.year, p.index, report.data?.calendar ?? calendar);
  const nameOf = (i: SalesPeriod['items'][number]) => (prefs.locale === 'en' && i.nameEn ? i.nameEn : i.name) || t('reports.uncategorized');

  return (
    <ReportCard
      title={t('reports.sales.title')} note={t('reports.sales.note')} report="sales" query={query} state={report} testId="report-sales"
      controls={(
        <>
          <SegmentedControl size="xs" value={groupBy} onChange={(v) => setGroupBy(v as GroupBy)} data-testid="sales-group-by"
            data={[{ value: 'product', label: t('reports.groupBy.product') }, { value: 'category', label: t('reports.groupBy.category') }]} />
          <SegmentedControl size="xs" value={period} onChange={(v) => setPeriod(v as PeriodKind)} data-testid="sales-period"
            data={(['month', 'season', 'year'] as const).map((k) => ({ value: k, label: k === 'season' && calendar === 'gregorian' ? t('reports.quarterly') : t(`reports.period.${k}`) }))} />
        </>
      )}
    >
      {report.data && (
        <Stack gap="md">
          <Group justify="space-between">
            <Text size="sm" c="dimmed">{t('reports.sales.rangeTotal')}</Text>
            <Text fw={700} data-testid="sales-total">{money.full(report.data.total.revenue)}</Text>
          </Group>
          <ColumnChart
            testId="sales-columns" selected={selected} onSelect={setSelected}
            columns={periods.map((p) => ({ key: p.key, label: label(p), value: BigInt(p.revenue), short: money.short(p.revenue), full: money.full(p.revenue) }))}
          />
          {current && (
            <Stack gap="sm">
              <Group justify="space-between" wrap="wrap">
                <Text fw={600}>{t('reports.sales.topOf', { period: label(current) })}</Text>
                <Text size="sm" c="dimmed">{t('reports.sales.periodSummary', { total: money.full(current.revenue), n: fmt.number(current.groups), count: current.groups })}</Text>
              </Group>
              {current.items.length === 0 ? <NoData /> : (
                <>
                  <BarList
                    testId="sales-bars"
                    rows={current.items.map((i) => ({
                      key: `${i.rank}`, label: nameOf(i),
                      hint: groupBy === 'product' ? [i.code && fmt.code(i.code), i.category].filter(Boolean).join(t('reports.sep')) : undefined,
                      bars: [{ key: 'revenue', color: 'cyan.6', value: BigInt(i.revenue) }],
                      value: <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>{money.short(i.revenue)}</Text>,
                    }))}
                  />
                  <Table.ScrollContainer minWidth={520}>
                    <Table verticalSpacing={6} striped data-testid="sales-table">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>{t('reports.sales.rank')}</Table.Th>
                          <Table.Th>{t(groupBy === 'product' ? 'reports.sales.name' : 'reports.sales.category')}</Table.Th>
                          {groupBy === 'product' && <Table.Th>{t('reports.sales.category')}</Table.Th>}
                          <Table.Th ta="end">{t('reports.sales.quantity')}</Table.Th>
                          <Table.Th ta="end">{t('reports.sales.revenue', { unit: money.unitLabel })}</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {current.items.map((i) => (
                          <Table.Tr key={i.rank}>
                            <Table.Td>{fmt.number(i.rank)}</Table.Td>
                            <Table.Td>{nameOf(i)}</Table.Td>
                            {groupBy === 'product' && <Table.Td c="dimmed">{i.category ?? t('reports.uncategorized')}</Table.Td>}
                            <Table.Td ta="end">{fmt.number(Number(i.quantity))}</Table.Td>
                            <Table.Td ta="end" style={{ whiteSpace: 'nowrap' }}>{money.figures(i.revenue)}</Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                </>
              )}
            </Stack>
          )}
        </Stack>
      )}
    </ReportCard>
  );
}
