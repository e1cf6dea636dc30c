/** What the pop-up shows about a known caller: who they are and where things stand, at a glance. */
import { Avatar, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Ltr } from '../../components/Ltr';
import { useFormat } from '../../lib/format';
import { useMoney } from '../../lib/money';
import type { CallCustomerCard } from './telephony.api';
import { relativeTime } from './phone-format';
import { CallerLoyalty } from '../loyalty/CallerLoyalty';
import { CallerPreferences } from '../preferences/CallerPreferences';
import { InsightsCard } from '../profile/InsightsCard';

export function OpenProfileButton({ customerId, compact }: { customerId: string; compact?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Button size={compact ? 'xs' : 'sm'} variant={compact ? 'light' : 'filled'} leftSection={<IconExternalLink size={16} />} onClick={() => navigate(`/customers/${customerId}`)} data-testid="call-open-profile" fullWidth={!compact}>
      {t('telephony.openProfile')}
    </Button>
  );
}

function Section({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  return (
    <div data-testid={testId}>
      <Text size="xs" fw={600} c="dimmed">{title}</Text>
      {children}
    </div>
  );
}

export function CallerCard({ card }: { card: CallCustomerCard }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  return (
    <Stack gap="xs" data-testid="call-caller-card" data-customer-id={card.id}>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Avatar color="cyan" radius="xl" size="md">{card.initials}</Avatar>
        <div style={{ minWidth: 0 }}>
          {card.company && <Text size="sm" c="dimmed" lineClamp={1}>{card.company}</Text>}
          <Group gap={4} mt={2}>
            <Badge size="sm" variant="filled">{t(`stage.${card.lifecycleStage}`)}</Badge>
            {card.tags.slice(0, 4).map((tag) => <Badge key={tag} size="sm" variant="outline" color="grape">{tag}</Badge>)}
          </Group>
          <Text size="xs" c="dimmed" mt={4}>{t('telephony.owner')}: <bdi>{card.owner?.name ?? t('telephony.noOwner')}</bdi></Text>
        </div>
      </Group>

      {card.openTasks && card.openTasks.count > 0 && (
        <Section title={t('telephony.openTasks', { n: fmt.number(card.openTasks.count) })} testId="call-open-tasks">
          {card.openTasks.items.slice(0, 3).map((task) => (
            <Text key={task.id} size="sm" lineClamp={1}>
              {task.isPromise && <Badge size="xs" color="orange" variant="light" me={4}>{t('telephony.promise')}</Badge>}
              {task.title}
              {task.dueAt && <Text span size="xs" c="dimmed"> · {t('telephony.due', { when: fmt.dateTime(task.dueAt) })}</Text>}
            </Text>
          ))}
        </Section>
      )}

      {card.openTickets && card.openTickets.count > 0 && (
        <Section title={t('telephony.openTickets', { n: fmt.number(card.openTickets.count) })} testId="call-open-tickets">
          {card.openTickets.items.slice(0, 3).map((ticket) => (
            <Text key={ticket.id} size="sm" lineClamp={1}>
              <Text span size="xs" c="dimmed"><Ltr>#{fmt.digits(String(ticket.number))}</Ltr> </Text>{ticket.subject}
            </Text>
          ))}
        </Section>
      )}

      {card.lastInteraction && (
        <Section title={t('telephony.lastInteraction')}>
          <Text size="sm" lineClamp={2}>
            <Text span size="xs" c="dimmed">{t(`interactionKind.${card.lastInteraction.kind}`, { defaultValue: card.lastInteraction.kind })} · {relativeTime(card.lastInteraction.occurredAt, fmt.locale)} · </Text>
            {card.lastInteraction.summary}
          </Text>
        </Section>
      )}

      {card.insights && <InsightsCard section={{ scores: card.insights }} compact />}
      {(card.totalSpent !== null || (!card.insights && (card.value !== null || card.churnRisk !== null))) && (
        <Group gap="md">
          {card.totalSpent !== null && <Section title={t('telephony.totalSpent')}><Text size="sm">{money.format(card.totalSpent)}</Text></Section>}
          {!card.insights && card.value !== null && <Section title={t('telephony.value')}><Text size="sm">{money.format(card.value)}</Text></Section>}
          {!card.insights && card.churnRisk !== null && (
            <Section title={t('telephony.churnRisk')}>
              <Badge size="sm" variant="light" color={card.churnRisk >= 0.6 ? 'red' : card.churnRisk >= 0.3 ? 'yellow' : 'teal'}>{fmt.number(Math.round(card.churnRisk * 100))}{fmt.locale === 'fa' ? '٪' : '%'}</Badge>
            </Section>
          )}
        </Group>
      )}
      <CallerPreferences customerId={card.id} />
      <CallerLoyalty customerId={card.id} />
      <OpenProfileButton customerId={card.id} />
    </Stack>
  );
}
