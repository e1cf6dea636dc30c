/**
 * The 360° view's summary tiles: what a colleague needs before picking up the phone — what the customer spent, when
 * we last spoke, open tickets, how satisfied they said they were, and the promises and tasks still open (broken ones
 * in red). A tile whose section the reader may not see is left out rather than shown as zero.
 */
import { Paper, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Profile } from '../../api/types';
import { useFormat } from '../../lib/format';
import { useMoney } from '../../lib/money';
import type { Purchases } from '../documents/documents.types';
import type { TicketsSection } from '../support/tickets.api';

type Voice = { items: { metric: 'nps' | 'csat' | 'ces' | null; score: number | null; createdAt: string }[]; total: number };
const SCALE_MAX = { nps: 10, csat: 5, ces: 7 } as const;

type Tile = { key: string; label: string; value: string; hint?: string; alert?: boolean; good?: boolean };

export function ProfileCounters({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const counters = profile.counters;
  const extra = profile as { purchases?: Purchases | null; tickets?: TicketsSection; voice?: Voice };
  const tiles: Tile[] = [];
  if (extra.purchases) {
    tiles.push({ key: 'spent', label: t('counters.totalSpent'), value: money.format(extra.purchases.totalSpent),
      hint: extra.purchases.orders ? t('counters.orders', { n: fmt.number(extra.purchases.orders), count: extra.purchases.orders }) : t('counters.noOrders') });
  }
  tiles.push({ key: 'last', label: t('counters.lastInteraction'), value: counters.lastInteractionAt ? fmt.date(counters.lastInteractionAt) : '—',
    hint: t('counters.interactionsN', { n: fmt.number(counters.interactions), count: counters.interactions }) });
  if (extra.tickets) {
    tiles.push({ key: 'tickets', label: t('counters.openTickets'), value: fmt.number(extra.tickets.openCount),
      hint: t('counters.ticketsTotal', { n: fmt.number(extra.tickets.totalCount), count: extra.tickets.totalCount }), alert: extra.tickets.openCount > 0 });
  }
  if (extra.voice) {
    const last = extra.voice.items.find((r) => r.metric && r.score !== null);
    tiles.push(last
      ? { key: 'satisfaction', label: t('counters.satisfaction'), value: `${fmt.number(last.score!)} / ${fmt.number(SCALE_MAX[last.metric!])}`,
        hint: `${t(`counters.metric.${last.metric}`)} · ${fmt.date(last.createdAt)}`, alert: satisfactionLow(last.metric!, last.score!), good: satisfactionHigh(last.metric!, last.score!) }
      : { key: 'satisfaction', label: t('counters.satisfaction'), value: '—', hint: t('counters.noAnswers') });
  }
  tiles.push({ key: 'open', label: t('counters.openWork'), value: fmt.number(counters.openTasks + counters.openPromises),
    hint: counters.brokenPromises > 0 ? t('counters.brokenN', { n: fmt.number(counters.brokenPromises), count: counters.brokenPromises }) : t('counters.promisesN', { n: fmt.number(counters.openPromises), count: counters.openPromises }),
    alert: counters.brokenPromises > 0 });

  return (
    <SimpleGrid cols={{ base: 2, sm: 3, md: tiles.length }} spacing="sm" data-testid="profile-counters">
      {tiles.map((i) => (
        <Paper key={i.key} withBorder p="sm" radius="md" data-testid={`tile-${i.key}`}>
          <Text size="xs" c="dimmed">{i.label}</Text>
          <Text fw={700} size="lg" c={i.alert ? 'red' : i.good ? 'teal' : undefined} data-testid={`tile-${i.key}-value`}>{i.value}</Text>
          {i.hint && <Text size="xs" c={i.alert ? 'red' : 'dimmed'}>{i.hint}</Text>}
        </Paper>
      ))}
    </SimpleGrid>
  );
}

/** Detractors (NPS 0–6), unhappy CSAT (1–2) and hard effort (CES 1–3 on a 7-point "easy" scale) show in red. */
function satisfactionLow(metric: 'nps' | 'csat' | 'ces', score: number) {
  return metric === 'nps' ? score <= 6 : metric === 'csat' ? score <= 2 : score <= 3;
}
function satisfactionHigh(metric: 'nps' | 'csat' | 'ces', score: number) {
  return metric === 'nps' ? score >= 9 : metric === 'csat' ? score >= 4 : score >= 6;
}
