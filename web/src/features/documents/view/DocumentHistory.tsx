/** What happened to the document (events) and the emails and SMS sent about it, with their delivery. */
import { Badge, Group, Paper, Stack, Tabs, Text, Timeline } from '@mantine/core';
import { IconArrowBackUp, IconCash, IconCheck, IconClock, IconEye, IconFilePlus, IconFileText, IconPencil, IconSend, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../lib/format';
import { Ltr } from '../../../components/Ltr';
import type { DocumentEvent, Message } from '../documents.types';
import { useMoney } from '../../../lib/money';
import { MessageRow } from '../MessageRow';
import { Parts } from '../Parts';

const EVENT_ICON: Record<string, typeof IconSend> = {
  created: IconFilePlus, edited: IconPencil, sent: IconSend, viewed: IconEye, accepted: IconCheck, rejected: IconX,
  expired: IconClock, invoiced: IconFileText, payment: IconCash, paid: IconCash, cancelled: IconArrowBackUp,
};

function EventDetail({ e }: { e: DocumentEvent }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const d = e.data as Record<string, string | null | boolean | undefined>;
  const parts: React.ReactNode[] = [];
  if (e.type === 'sent') {
    if (d.email) parts.push(<span key="e">{t('documents.ev.toEmail')} <Ltr>{d.email as string}</Ltr></span>);
    if (d.sms) parts.push(<span key="s">{t('documents.ev.toSms')} <Ltr>{fmt.phone(d.sms as string)}</Ltr></span>);
    if (d.smsSkipped) parts.push(<span key="k">{t(d.smsSkipped === 'no consent' ? 'documents.ev.smsNoConsent' : 'documents.ev.smsNoMobile')}</span>);
  }
  if (e.type === 'payment' && d.amount) {
    parts.push(<span key="a">{money.format(d.amount as string)}</span>, <span key="m">{t(`documents.method.${d.method}`, { defaultValue: String(d.method) })}</span>);
    if (d.reference) parts.push(<span key="r">{t('documents.paymentReference')}: <Ltr>{fmt.digits(d.reference as string)}</Ltr></span>);
  }
  if ((e.type === 'accepted' || e.type === 'rejected') && d.by) parts.push(<span key="b">{t(d.by === 'customer' ? 'documents.ev.byCustomer' : 'documents.ev.byStaff')}</span>);
  if (d.note) parts.push(<span key="n">«{d.note as string}»</span>);
  if (e.type === 'cancelled' && d.reason) parts.push(<span key="c">{t('documents.cancelReason')}: {d.reason as string}</span>);
  if (e.type === 'created' && d.fromQuote) parts.push(<span key="q">{t('documents.ev.fromQuote')} <Ltr>{fmt.digits(d.fromQuote as string)}</Ltr></span>);
  if (e.type === 'created' && d.forInvoice) parts.push(<span key="i">{t('documents.ev.forInvoice')} <Ltr>{fmt.digits(d.forInvoice as string)}</Ltr></span>);
  // A new quote that named no discount took the customer's club tier discount (documents.service createDocument).
  const tierPct = (e.data as { standingDiscountPercent?: number }).standingDiscountPercent;
  if (e.type === 'created' && tierPct) parts.push(<span key="sd" data-testid="doc-event-tier-discount">{t('documents.ev.tierDiscount', { n: fmt.number(tierPct) })}</span>);
  // Product lines priced from the customer's club tier price list (documents.service: the document named no list).
  const tierList = (e.data as { standingPriceList?: { name: string; lines: number } }).standingPriceList;
  if ((e.type === 'created' || e.type === 'edited') && tierList) parts.push(<span key="pl" data-testid="doc-event-tier-price-list">{t('documents.ev.tierPriceList', { name: tierList.name, n: fmt.number(tierList.lines) })}</span>);
  if ((e.type === 'created' || e.type === 'edited') && d.total) parts.push(<span key="t">{money.format(d.total as string)}</span>);
  if (!parts.length) return null;
  return <Text size="xs" mt={2}><Parts items={parts} /></Text>;
}

export function DocumentHistory({ events, messages }: { events: DocumentEvent[]; messages: Message[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Paper withBorder p="md" radius="md">
      <Tabs defaultValue="events">
        <Tabs.List mb="sm">
          <Tabs.Tab value="events" data-testid="doc-tab-history">{t('documents.history')}</Tabs.Tab>
          <Tabs.Tab value="messages" data-testid="doc-tab-messages" rightSection={messages.length ? <Badge size="xs" variant="light" circle>{fmt.number(messages.length)}</Badge> : null}>
            {t('documents.messages')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="events">
          <Timeline bulletSize={22} lineWidth={2} data-testid="doc-events">
            {events.map((e) => {
              const Icon = EVENT_ICON[e.type] ?? IconClock;
              return (
                <Timeline.Item key={e.id} bullet={<Icon size={12} />} data-testid="doc-event">
                  <Group gap={6}>
                    <Text size="sm" fw={600}>{t(`documents.event.${e.type}`, { defaultValue: e.type })}</Text>
                  </Group>
                  <EventDetail e={e} />
                  <Text size="xs" c="dimmed" mt={2}><Parts items={[e.actorName, fmt.dateTime(e.at)]} /></Text>
                </Timeline.Item>
              );
            })}
          </Timeline>
        </Tabs.Panel>
        <Tabs.Panel value="messages">
          {messages.length === 0
            ? <Text size="sm" c="dimmed">{t('documents.noMessages')}</Text>
            : <Stack gap="sm" data-testid="doc-messages">{messages.map((m) => <MessageRow key={m.id} m={m} />)}</Stack>}
        </Tabs.Panel>
      </Tabs>
    </Paper>
  );
}
