/** Feedback per topic per Jalali month (GET /api/feedback/trend): counts, with how many of them were negative. */
import { Paper, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { EmptyState, QueryStates } from '../../components/States';
import { intlLocale, useFormat } from '../../lib/format';
import { usePrefs } from '../../lib/prefs';
import { jalaliMonthStart, useTopicTrend } from './voc.api';

export function TopicTrendTable() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { prefs } = usePrefs();
  const trend = useTopicTrend(6);
  const monthFmt = new Intl.DateTimeFormat(intlLocale(prefs), { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const month = (key: string) => monthFmt.format(new Date(`${jalaliMonthStart(key)}T12:00:00Z`));
  const data = trend.data;
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h5">{t('voc.trend.title')}</Title>
      <Text size="xs" c="dimmed" mb="sm">{t('voc.trend.hint')}</Text>
      <QueryStates query={trend} isEmpty={!data?.items.length} empty={<EmptyState title={t('voc.trend.none')} />} />
      {data && data.items.length > 0 && (
        <Table.ScrollContainer minWidth={480}>
          <Table striped withColumnBorders data-testid="voc-topic-trend">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('voc.trend.topic')}</Table.Th>
                {data.months.map((m) => <Table.Th key={m} ta="center">{month(m)}</Table.Th>)}
                <Table.Th ta="center">{t('voc.trend.total')}</Table.Th>
                <Table.Th ta="center">{t('voc.trend.negative')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((row) => (
                <Table.Tr key={row.topic ?? ''}>
                  <Table.Td><Text size="sm" dir="auto" c={row.topic ? undefined : 'dimmed'}>{row.topic ?? t('voc.trend.noTopic')}</Text></Table.Td>
                  {row.byMonth.map((n, i) => <Table.Td key={data.months[i]} ta="center" c={n ? undefined : 'dimmed'}>{fmt.number(n)}</Table.Td>)}
                  <Table.Td ta="center" fw={600}>{fmt.number(row.total)}</Table.Td>
                  <Table.Td ta="center" c={row.negative ? 'red.7' : 'dimmed'}>{fmt.number(row.negative)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
