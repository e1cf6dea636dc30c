/** Beside the conversation: the customer's 360° essentials — who, how to reach them, their contracts, what we promised, what they bought, past tickets. */
import { Anchor, Badge, Divider, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconPhone } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { PhoneLink } from '../telephony/PhoneLink';
import { ErrorState, LoadingState } from '../../components/States';
import { useFormat } from '../../lib/format';
import type { Purchases } from '../documents/documents.types';
import { ContractCoverage } from '../contracts/ContractCoverage';
import type { ContractsSection } from '../contracts/contracts.api';
import { useProfile } from '../profile/profile.api';
import { LastAnswer } from '../voice/LastAnswer';
import type { VoiceSection } from '../voice/voice.api';
import { statusColor, type TicketsSection } from './tickets.api';
import { UserText } from '../../components/UserText';
import { PreferenceLines, isEmpty, type Preferences } from '../preferences/preferences.view';

export function TicketSidePanel({ customerId, ticketId }: { customerId: string; ticketId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const profile = useProfile(customerId);
  if (profile.isPending) return <Paper withBorder p="md" radius="md"><LoadingState /></Paper>;
  if (profile.isError) return <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />;
  const p = profile.data;
  const c = p.customer;
  const purchases = (p as { purchases?: Purchases }).purchases;
  const tickets = (p as { tickets?: TicketsSection }).tickets;
  const contracts = (p as { contracts?: ContractsSection }).contracts;
  const voice = (p as { voice?: VoiceSection }).voice;
  const prefs = (p as { preferences?: Preferences }).preferences;
  const others = tickets?.items.filter((x) => x.id !== ticketId) ?? [];
  const sep = fmt.locale === 'fa' ? '، ' : ' · ';

  return (
    <Paper withBorder p="md" radius="md" data-testid="ticket-customer-panel">
      <Title order={2} size="h5">{t('support.panel.customer')}</Title>
      <Anchor component={Link} to={`/customers/${customerId}`} fw={700} data-testid="ticket-customer-link">{c.displayName}</Anchor>
      <Stack gap={2} mt={4}>
        {c.phones.length === 0 && <Text size="sm" c="dimmed">{t('support.panel.noPhone')}</Text>}
        {c.phones.slice(0, 2).map((ph) => (
          <Group key={ph.number} gap={4} wrap="nowrap">
            <IconPhone size={14} aria-hidden />
            <PhoneLink number={ph.number} customerId={customerId} size="sm" />
          </Group>
        ))}
      </Stack>

      {prefs && !isEmpty(prefs) && (
        <>
          <Divider my="sm" />
          <Stack gap={4} data-testid="ticket-preferences">
            <Text size="sm" fw={600}>{t('preferences.card')}</Text>
            <PreferenceLines p={prefs} compact />
          </Stack>
        </>
      )}

      {contracts && (
        <>
          <Divider my="sm" />
          <ContractCoverage section={contracts} />
        </>
      )}

      {voice && (
        <>
          <Divider my="sm" />
          <LastAnswer section={voice} />
        </>
      )}

      <Divider my="sm" />
      <Text size="sm" fw={600} mb={4}>{t('profile.openPromises')}</Text>
      {p.openPromises.length === 0 ? <Text size="sm" c="dimmed">{t('profile.noPromises')}</Text> : (
        <Stack gap={4} data-testid="ticket-panel-promises">
          {p.openPromises.slice(0, 5).map((task) => (
            <div key={task.id}>
              <Text size="sm" lineClamp={2}><UserText>{task.title}</UserText></Text>
              <Text size="xs" c={task.overdue ? 'red.7' : 'dimmed'}>{task.dueAt ? t('tasks.dueOn', { when: fmt.dateTime(task.dueAt) }) : t('tasks.noDate')}</Text>
            </div>
          ))}
        </Stack>
      )}

      {purchases && (
        <>
          <Divider my="sm" />
          <Text size="sm" fw={600} mb={4}>{t('purchases.products')}</Text>
          {purchases.products.length === 0 ? <Text size="sm" c="dimmed">{t('purchases.noProducts')}</Text> : (
            <Stack gap={4} data-testid="ticket-panel-products">
              {purchases.products.slice(0, 6).map((x, i) => (
                <div key={`${x.productId ?? x.name}-${i}`}>
                  <Text size="sm" lineClamp={1}>{x.name}</Text>
                  <Text size="xs" c="dimmed">{t('purchases.qty', { qty: fmt.digits(x.quantity) })}{sep}{fmt.date(x.lastDate)}</Text>
                </div>
              ))}
            </Stack>
          )}
        </>
      )}

      {tickets && (
        <>
          <Divider my="sm" />
          <Text size="sm" fw={600} mb={4}>{t('support.panel.pastTickets', { n: fmt.number(tickets.totalCount) })}</Text>
          {others.length === 0 ? <Text size="sm" c="dimmed">{t('support.panel.noOtherTickets')}</Text> : (
            <Stack gap={6} data-testid="ticket-panel-tickets">
              {others.slice(0, 8).map((x) => (
                <Group key={x.id} justify="space-between" wrap="nowrap" gap={4}>
                  <div style={{ minWidth: 0 }}>
                    <Anchor component={Link} to={`/tickets/${x.id}`} size="sm" lineClamp={1}>#{fmt.digits(String(x.number))} <UserText>{x.subject}</UserText></Anchor>
                    <Text size="xs" c="dimmed">{fmt.date(x.resolvedAt ?? x.createdAt)}</Text>
                  </div>
                  <Badge size="xs" variant="light" color={statusColor(x.status)} style={{ flexShrink: 0 }}>{t(`support.status.${x.status}`)}</Badge>
                </Group>
              ))}
            </Stack>
          )}
        </>
      )}
      <Divider my="sm" />
      <Anchor component={Link} to={`/customers/${customerId}`} size="sm">{t('support.panel.openProfile')}</Anchor>
    </Paper>
  );
}
