/** The customer 360° view's tickets: open ones with their SLA, the count of all, and a new ticket for this customer. */
import { useState } from 'react';
import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { useSession } from '../session/session';
import { NewTicketModal } from './NewTicketModal';
import { SlaBadge } from './SlaBadge';
import { currentClock, isOpen, priorityColor, type TicketsSection } from './tickets.api';
import { UserText } from '../../components/UserText';

/** The "New ticket" action and its dialog, for the profile's action row. */
export function NewTicketButton({ customerId, customerName }: { customerId: string; customerName: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  if (!can('tickets', 'create')) return null;
  return (
    <>
      <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => setOpen(true)} data-testid="profile-new-ticket">{t('support.new')}</Button>
      <NewTicketModal opened={open} onClose={() => setOpen(false)} customer={{ id: customerId, label: customerName }} onCreated={(id) => navigate(`/tickets/${id}`)} />
    </>
  );
}

export function TicketsCard({ section }: { section: TicketsSection | undefined }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (!section) return null;
  const open = section.items.filter((x) => isOpen(x.status));
  return (
    <Paper withBorder p="md" radius="md" mt="md" data-testid="tickets-card">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={2} size="h5">{t('support.card.title')}</Title>
      </Group>
      <Group gap={6} mb="sm">
        <Badge variant="light" color={section.openCount ? 'orange' : 'gray'} data-testid="tickets-open-count">{t('support.card.open', { n: fmt.number(section.openCount) })}</Badge>
        <Badge variant="light" color="gray" data-testid="tickets-total-count">{t('support.card.total', { n: fmt.number(section.totalCount) })}</Badge>
      </Group>
      {open.length === 0 ? <Text size="sm" c="dimmed">{t('support.card.none')}</Text> : (
        <Stack gap={8}>
          {open.map((x) => (
            <div key={x.id} data-testid="profile-ticket">
              <Group justify="space-between" wrap="nowrap" gap={4}>
                <Anchor component={Link} to={`/tickets/${x.id}`} size="sm" fw={600} lineClamp={1}>#{fmt.digits(String(x.number))} <UserText>{x.subject}</UserText></Anchor>
                <Badge size="xs" variant="light" color={priorityColor(x.priority)} style={{ flexShrink: 0 }}>{t(`support.priority.${x.priority}`)}</Badge>
              </Group>
              <Group gap={6} mt={2}>
                <SlaBadge clock={currentClock(x).clock} size="xs" />
                <Text size="xs" c="dimmed">{t(`support.status.${x.status}`)}{x.assigneeName ? <> — <UserText>{x.assigneeName}</UserText></> : ''}</Text>
              </Group>
            </div>
          ))}
        </Stack>
      )}
      {section.items.some((x) => !isOpen(x.status)) && (
        <>
          <Text size="xs" fw={600} mt="sm" mb={4}>{t('support.card.recentClosed')}</Text>
          <Stack gap={4}>
            {section.items.filter((x) => !isOpen(x.status)).slice(0, 3).map((x) => (
              <Group key={x.id} justify="space-between" wrap="nowrap" gap={4} data-testid="profile-ticket-closed">
                <Anchor component={Link} to={`/tickets/${x.id}`} size="xs" lineClamp={1}>#{fmt.digits(String(x.number))} <UserText>{x.subject}</UserText></Anchor>
                <Badge size="xs" variant="outline" color={x.status === 'resolved' ? 'teal' : 'gray'} style={{ flexShrink: 0 }}>{t(`support.status.${x.status}`)}</Badge>
              </Group>
            ))}
          </Stack>
        </>
      )}
    </Paper>
  );
}
