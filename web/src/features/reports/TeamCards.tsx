/** The sales people: what each invoiced and collected, and how many of their closed deals they won. */
import { Badge, Box, Group, Progress, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { BarList } from './charts';
import { NoData, ReportCard } from './ReportCard';
import { useReportMoney } from './money';
import { useRevenueReport, useWinRateReport, type Range } from './reports.api';
import { usePercent } from './labels';

function Legend({ items }: { items: { color: string; label: string }[] }) {
  return (
    <Group gap="md">
      {items.map((i) => (
        <Group key={i.label} gap={6}>
          <Box w={12} h={12} bg={i.color} style={{ borderRadius: 3 }} />
          <Text size="xs" c="dimmed">{i.label}</Text>
        </Group>
      ))}
    </Group>
  );
}

export function RevenueByOwnerCard({ range }: { range: Range }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useReportMoney();
  const report = useRevenueReport(range);
  const d = report.data;
  return (
    <ReportCard title={t('reports.revenue.title')} note={t('reports.revenue.note')} report="revenue" query={range} state={report} testId="report-revenue">
      {d && (d.owners.length === 0 ? <NoData /> : (
        <Stack gap="sm">
          <Legend items={[{ color: 'cyan.6', label: t('reports.revenue.invoiced') }, { color: 'teal.4', label: t('reports.revenue.paid') }]} />
          <BarList
            testId="revenue-bars"
            rows={d.owners.map((o) => ({
              key: o.ownerId ?? 'none', label: o.ownerName ?? t('reports.unassigned'),
              hint: t('reports.revenue.counts', {
                invoices: t('reports.revenue.invoiceCount', { n: fmt.number(o.invoices), count: o.invoices }),
                payments: t('reports.revenue.paymentCount', { n: fmt.number(o.payments), count: o.payments }),
              }),
              bars: [
                { key: 'invoiced', color: 'cyan.6', value: BigInt(o.invoiced), label: `${t('reports.revenue.invoiced')}: ${money.full(o.invoiced)}` },
                { key: 'paid', color: 'teal.4', value: BigInt(o.paid), label: `${t('reports.revenue.paid')}: ${money.full(o.paid)}` },
              ],
              value: (
                <>
                  <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>{money.short(o.invoiced)}</Text>
                  <Text size="xs" c="teal.8" style={{ whiteSpace: 'nowrap' }}>{money.short(o.paid)}</Text>
                </>
              ),
            }))}
          />
          <Group justify="space-between" pt={4} style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
            <Text size="sm" c="dimmed">{t('reports.total')}</Text>
            <Text size="sm" fw={600}>{t('reports.revenue.totals', { invoiced: money.full(d.total.invoiced), paid: money.full(d.total.paid) })}</Text>
          </Group>
        </Stack>
      ))}
    </ReportCard>
  );
}

export function WinRateCard({ range }: { range: Range }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const report = useWinRateReport(range);
  const d = report.data;
  const pct = usePercent();
  return (
    <ReportCard title={t('reports.winRate.title')} note={t('reports.winRate.note')} report="winRate" query={range} state={report} testId="report-win-rate">
      {d && (d.total.won + d.total.lost === 0 ? <NoData /> : (
        <Stack gap="sm">
          <Group gap="xl" align="flex-end">
            <div>
              <Text size="xs" c="dimmed">{t('reports.winRate.rate')}</Text>
              <Text fz={30} fw={700} lh={1.1} c="teal.8" data-testid="win-rate-total">{pct(d.total.rate)}</Text>
            </div>
            <Text size="sm" c="dimmed" pb={4}>{t('reports.winRate.summary', { won: fmt.number(d.total.won), lost: fmt.number(d.total.lost) })}</Text>
          </Group>
          <Table verticalSpacing={6} data-testid="win-rate-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reports.owner')}</Table.Th>
                <Table.Th ta="center">{t('reports.winRate.won')}</Table.Th>
                <Table.Th ta="center">{t('reports.winRate.lost')}</Table.Th>
                <Table.Th w="40%">{t('reports.winRate.rate')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.owners.map((o) => (
                <Table.Tr key={o.ownerId ?? 'none'}>
                  <Table.Td>{o.ownerName ?? t('reports.unassigned')}</Table.Td>
                  <Table.Td ta="center">{fmt.number(o.won)}</Table.Td>
                  <Table.Td ta="center">{fmt.number(o.lost)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Progress value={o.rate ?? 0} color="teal" style={{ flex: 1 }} aria-label={pct(o.rate)} />
                      <Text size="sm" w={48} ta="end">{pct(o.rate)}</Text>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {d.lostReasons.length > 0 && (
            <div>
              <Text size="xs" c="dimmed" mb={6}>{t('reports.winRate.lostReasons')}</Text>
              <Group gap={6}>
                {d.lostReasons.map((r) => (
                  <Badge key={r.reason} variant="light" color="red" radius="sm" size="lg" style={{ textTransform: 'none', fontWeight: 500 }}>
                    {r.reason}{t('reports.sep')}{fmt.number(r.count)}
                  </Badge>
                ))}
              </Group>
            </div>
          )}
        </Stack>
      ))}
    </ReportCard>
  );
}
