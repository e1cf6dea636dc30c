/**
 * «چقدر مشتری‌مداریم؟» — the seed article's closing checklist scored from live data: the overall score and its
 * history by month, then each item with its score, the facts behind it, what to do next and a link to the screen where
 * it is improved. Months follow the reading direction (in Persian the newest is on the left).
 */
import { Anchor, Badge, Box, Button, Group, Paper, Progress, RingProgress, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Answer } from '../../api/types';
import { useFormat } from '../../lib/format';
import { usePrefs } from '../../lib/prefs';
import { ErrorState, LoadingState } from '../../components/States';
import { SCORECARD_FACT_LABELS, SCORECARD_ITEM_LABELS, type scorecardView } from '../../../../common/scorecard.schemas';
import { CallFiveCard } from './CallFiveCard';

type Scorecard = Answer<typeof scorecardView>;
type Item = Scorecard['items'][number];
type Fact = Item['evidence'][number];

const color = (score: number) => (score >= 75 ? 'teal' : score >= 50 ? 'yellow' : 'red');
const MONTHS = {
  fa: ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'],
  en: ['Farvardin', 'Ordibehesht', 'Khordad', 'Tir', 'Mordad', 'Shahrivar', 'Mehr', 'Aban', 'Azar', 'Dey', 'Bahman', 'Esfand'],
  gregorian: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

export function ScorecardPage() {
  const { t } = useTranslation();
  const { prefs } = usePrefs();
  const f = useFormat();
  const lang = prefs.locale === 'fa' ? 'fa' : 'en';
  const query = useQuery({
    queryKey: ['scorecard', prefs.calendar],
    queryFn: ({ signal }) => api.get<Scorecard>('/scorecard', { calendar: prefs.calendar, months: 12 }, { signal }),
  });
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const card = query.data;
  const monthName = (key: string) => {
    const [y, m] = key.split('-').map(Number);
    const names = prefs.calendar === 'gregorian' ? MONTHS.gregorian : MONTHS[lang];
    return `${names[m - 1]} ${f.number(y).replace(/[٬,]/g, '')}`;
  };

  return (
    <Stack gap="md" data-testid="scorecard-page">
      <Stack gap={2}>
        <Title order={1} size="h3">{t('scorecard.title')}</Title>
        <Text size="sm" c="dimmed">{t('scorecard.subtitle', { days: f.number(card.windowDays), at: f.dateTime(card.asOf) })}</Text>
      </Stack>
      <Paper withBorder p="md">
        <Group align="center" gap="xl" wrap="wrap">
          <RingProgress size={140} thickness={12} roundCaps sections={[{ value: card.score, color: color(card.score) }]}
            label={<Text ta="center" fw={700} size="xl" data-testid="scorecard-score">{f.number(card.score)}</Text>}
            aria-label={t('scorecard.overall')} />
          <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
            <Text fw={600}>{t('scorecard.history')}</Text>
            <Group gap={4} align="flex-end" wrap="nowrap" h={110} data-testid="scorecard-history" style={{ overflowX: 'auto' }}>
              {card.history.map((h, i) => (
                // A past month is either the snapshot stored as it ended or, without one, re-measured from today's rows.
                <Tooltip key={h.month} label={`${monthName(h.month)}: ${f.number(h.score)}${i < card.history.length - 1 ? ` · ${t(h.stored ? 'scorecard.storedMonth' : 'scorecard.remeasuredMonth')}` : ''}`}>
                  <Stack gap={2} align="center" style={{ flex: '1 1 0', minWidth: 18 }} data-testid="scorecard-month" data-stored={h.stored ? 'true' : 'false'}>
                    <Text size="xs" c="dimmed">{f.number(h.score)}</Text>
                    <Box w="70%" h={Math.max(2, h.score * 0.7)} bg={`var(--mantine-color-${color(h.score)}-5)`} style={{ borderRadius: 3 }} />
                    <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} visibleFrom="sm">{monthName(h.month).split(' ')[0]}</Text>
                  </Stack>
                </Tooltip>
              ))}
            </Group>
          </Stack>
        </Group>
      </Paper>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {card.items.map((item) => <ItemCard key={item.key} item={item} lang={lang} />)}
        <CallFiveCard />
      </SimpleGrid>
      <Text size="xs" c="dimmed">{t('scorecard.formulas')}</Text>
    </Stack>
  );
}

function ItemCard({ item, lang }: { item: Item; lang: 'fa' | 'en' }) {
  const { t } = useTranslation();
  const labels = SCORECARD_ITEM_LABELS[item.key];
  return (
    <Paper withBorder p="md" data-testid={`scorecard-item-${item.key}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text fw={600}>{labels.title[lang]}</Text>
          <Badge size="lg" color={color(item.score)} variant="light" style={{ flexShrink: 0, overflow: 'visible' }} data-testid="scorecard-item-score">{useFormat().number(item.score)}</Badge>
        </Group>
        <Progress value={item.score} color={color(item.score)} size="sm" aria-hidden />
        <Table fz="sm" verticalSpacing={4}>
          <Table.Tbody>
            {item.evidence.map((e) => <FactRow key={e.key} fact={e} lang={lang} />)}
          </Table.Tbody>
        </Table>
        <Text size="sm"><Text span fw={600}>{t('scorecard.next')} </Text>{labels.next[lang]}</Text>
        <Group justify="flex-end">
          <Button component={Link} to={item.link} variant="light" size="xs" data-testid="scorecard-item-link">{t('scorecard.improve')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function FactRow({ fact, lang }: { fact: Fact; lang: 'fa' | 'en' }) {
  const { t } = useTranslation();
  const f = useFormat();
  const value = fact.value === null
    ? (fact.key === 'lastReviewDays' ? t('scorecard.never') : t('scorecard.notEnough', { n: f.number(fact.total ?? 0) }))
    : fact.total === null || fact.key === 'npsNow' || fact.key === 'npsBefore'
      ? `${f.number(fact.value)}${fact.total !== null ? ` ${t('scorecard.answers', { n: f.number(fact.total), count: fact.total })}` : ''}`
      : fact.total === 0 ? t('scorecard.noneYet') : t('scorecard.of', { value: f.number(fact.value), total: f.number(fact.total) });
  return (
    <Table.Tr>
      <Table.Td>{SCORECARD_FACT_LABELS[fact.key][lang]}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap', textAlign: 'end' }}>{value}</Table.Td>
    </Table.Tr>
  );
}

export function ScorecardLink() {
  const { t } = useTranslation();
  return <Anchor component={Link} to="/scorecard">{t('scorecard.nav')}</Anchor>;
}
