/** The pipeline as it stands (open deals per stage, weighted by probability) and quotes followed to invoices. */
import { useState } from 'react';
import { Group, Select, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { Funnel } from './charts';
import { NoData, ReportCard } from './ReportCard';
import { useReportMoney } from './money';
import { useConversionReport, usePipelineReport, type Range } from './reports.api';
import { usePercent } from './labels';

export function PipelineCard() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useReportMoney();
  const [pipelineId, setPipelineId] = useState<string | undefined>();
  const query = pipelineId ? { pipelineId } : {};
  const report = usePipelineReport(query);
  const d = report.data;
  return (
    <ReportCard
      title={t('reports.pipeline.title')} note={t('reports.pipeline.note')} report="pipeline" query={query} state={report} testId="report-pipeline"
      controls={d && d.pipelines.length > 1 ? (
        <Select size="xs" w={160} value={d.pipeline?.id ?? null} onChange={(v) => setPipelineId(v ?? undefined)} allowDeselect={false}
          data={d.pipelines.map((p) => ({ value: p.id, label: p.name }))} aria-label={t('reports.pipeline.pipeline')} data-testid="pipeline-select" />
      ) : undefined}
    >
      {d && (d.stages.length === 0 || d.total.count === 0 ? <NoData /> : (
        <Stack gap="sm">
          <Funnel
            testId="pipeline-funnel"
            steps={d.stages.map((s) => ({
              key: s.id, label: s.name, value: BigInt(s.amount), inner: BigInt(s.weightedAmount),
              caption: (
                <>
                  <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>{t('reports.pipeline.deals', { n: fmt.number(s.count), count: s.count })}{t('reports.sep')}{money.short(s.amount)}</Text>
                  <Text size="xs" c="indigo.7" style={{ whiteSpace: 'nowrap' }}>{t('reports.pipeline.weightedShort', { amount: money.short(s.weightedAmount), p: fmt.number(s.probability) })}</Text>
                </>
              ),
            }))}
          />
          <Group justify="space-between" pt={4} style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
            <Text size="sm" c="dimmed">{t('reports.pipeline.total', { n: fmt.number(d.total.count), count: d.total.count })}</Text>
            <Text size="sm" fw={600}>{t('reports.pipeline.totals', { amount: money.full(d.total.amount), weighted: money.full(d.total.weightedAmount) })}</Text>
          </Group>
        </Stack>
      ))}
    </ReportCard>
  );
}

export function ConversionCard({ range }: { range: Range }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const report = useConversionReport(range);
  const d = report.data;
  const pct = usePercent();
  return (
    <ReportCard title={t('reports.conversion.title')} note={t('reports.conversion.note')} report="conversion" query={range} state={report} testId="report-conversion">
      {d && (d.total.sent === 0 ? <NoData /> : (
        <Stack gap="sm">
          <Funnel
            testId="conversion-funnel"
            steps={[
              { key: 'sent', label: t('reports.conversion.sent'), value: BigInt(d.total.sent), color: 'blue.2', caption: <Text size="sm" fw={600}>{fmt.number(d.total.sent)}</Text> },
              { key: 'accepted', label: t('reports.conversion.accepted'), value: BigInt(d.total.accepted), color: 'blue.4',
                caption: <Text size="sm" fw={600}>{fmt.number(d.total.accepted)} <Text span size="xs" c="dimmed">({pct(d.total.acceptedPct)})</Text></Text> },
              { key: 'invoiced', label: t('reports.conversion.invoiced'), value: BigInt(d.total.invoiced), color: 'blue.7',
                caption: <Text size="sm" fw={600}>{fmt.number(d.total.invoiced)} <Text span size="xs" c="dimmed">({pct(d.total.invoicedPct)})</Text></Text> },
            ]}
          />
          <Text size="xs" c="dimmed">{t('reports.conversion.others', { rejected: fmt.number(d.total.rejected), expired: fmt.number(d.total.expired), ofAccepted: pct(d.total.invoicedOfAcceptedPct) })}</Text>
          <Table verticalSpacing={6} data-testid="conversion-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reports.owner')}</Table.Th>
                <Table.Th ta="center">{t('reports.conversion.sent')}</Table.Th>
                <Table.Th ta="center">{t('reports.conversion.accepted')}</Table.Th>
                <Table.Th ta="center">{t('reports.conversion.invoiced')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.owners.map((o) => (
                <Table.Tr key={o.ownerId ?? 'none'}>
                  <Table.Td>{o.ownerName ?? t('reports.unassigned')}</Table.Td>
                  <Table.Td ta="center">{fmt.number(o.sent)}</Table.Td>
                  <Table.Td ta="center">{fmt.number(o.accepted)} <Text span size="xs" c="dimmed">({pct(o.acceptedPct)})</Text></Table.Td>
                  <Table.Td ta="center">{fmt.number(o.invoiced)} <Text span size="xs" c="dimmed">({pct(o.invoicedPct)})</Text></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      ))}
    </ReportCard>
  );
}
