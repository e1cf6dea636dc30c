/**
 * The touchpoints of the map's period, stage by stage: how many customers met each and how often, the median wait
 * where the touchpoint has one (a hand-over's wait for the next reply, a ticket's first response or resolution), and
 * the satisfaction or effort measured there (the survey answers linked to it: metric, answers, mean, unhappy share).
 * Touchpoints nobody met in the period are counted under the table, not listed.
 */
import { Badge, Paper, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import type { JourneyMap } from './journeys.api';
import type { Labels } from './labels';
import { percent } from './StageCards';

type Row = JourneyMap['touchpoints'][number];

export function TouchpointTable({ touchpoints, order, labels }: { touchpoints: Row[]; order: string[]; labels: Labels }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const rank = new Map(order.map((k, i) => [k, i]));
  const met = touchpoints.filter((r) => r.events > 0)
    .sort((a, b) => (rank.get(a.stageKey) ?? 99) - (rank.get(b.stageKey) ?? 99));
  const unmet = touchpoints.length - met.length;
  const one = (x: number) => fmt.number(Math.round(x * 10) / 10);
  return (
    <Paper withBorder radius="md" p="md" className="print-keep" data-testid="journey-touchpoints">
      <Text fw={600}>{t('journeys.touchpoints.title')}</Text>
      <Text size="xs" c="dimmed" mb="xs">{t('journeys.touchpoints.hint')}</Text>
      {met.length === 0 ? <Text size="sm" c="dimmed">{t('journeys.touchpoints.none')}</Text> : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('journeys.touchpoints.touchpoint')}</Table.Th>
                <Table.Th>{t('journeys.touchpoints.stage')}</Table.Th>
                <Table.Th>{t('journeys.touchpoints.customers')}</Table.Th>
                <Table.Th>{t('journeys.touchpoints.events')}</Table.Th>
                <Table.Th>{t('journeys.touchpoints.wait')}</Table.Th>
                <Table.Th>{t('journeys.touchpoints.satisfaction')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {met.map((r) => (
                <Table.Tr key={r.key} data-testid="journey-touchpoint-row" data-key={r.key}>
                  <Table.Td><bdi>{labels.touchpoint(r.key)}</bdi></Table.Td>
                  <Table.Td><Text size="sm" c="dimmed"><bdi>{labels.stage(r.stageKey)}</bdi></Text></Table.Td>
                  <Table.Td>{fmt.number(r.customers)}</Table.Td>
                  <Table.Td>{fmt.number(r.events)}</Table.Td>
                  <Table.Td data-testid="journey-touchpoint-wait">{r.medianWaitHours === null ? '—' : t('journeys.touchpoints.hours', { n: one(r.medianWaitHours) })}</Table.Td>
                  <Table.Td data-testid="journey-touchpoint-satisfaction">
                    {r.satisfaction ? (
                      <Text size="sm">
                        <Badge size="xs" variant="light" me={6}>{r.satisfaction.metric.toUpperCase()}</Badge>
                        {t('journeys.touchpoints.measured', {
                          n: fmt.number(r.satisfaction.n), count: r.satisfaction.n, mean: one(r.satisfaction.mean), unhappy: percent(fmt, r.satisfaction.unhappyShare),
                        })}
                      </Text>
                    ) : '—'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {unmet > 0 && <Text size="xs" c="dimmed" mt="xs">{t('journeys.touchpoints.unmet', { n: fmt.number(unmet), count: unmet })}</Text>}
    </Paper>
  );
}
