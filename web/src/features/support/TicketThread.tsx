/** The conversation of a ticket — replies, the customer's words, internal notes, summaries — and the composer below it. */
import { useState } from 'react';
import { Badge, Button, Group, Paper, SegmentedControl, Stack, Text, Textarea, ThemeIcon } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLock, IconMessageReply, IconNotes, IconUser } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { submitHandler } from '../../components/useFormSubmit';
import { useFormat } from '../../lib/format';
import { ticketErrorMessage, useRefreshTickets, type MessageKind, type Ticket, type TicketMessage } from './tickets.api';
import { MetaLine, UserText } from '../../components/UserText';

const LOOK: Record<MessageKind, { color: string; bg: string; icon: typeof IconUser }> = {
  reply: { color: 'blue', bg: 'var(--mantine-color-body)', icon: IconMessageReply },
  customer: { color: 'gray', bg: 'var(--mantine-color-gray-light)', icon: IconUser },
  note: { color: 'yellow', bg: 'var(--mantine-color-yellow-light)', icon: IconLock },
  summary: { color: 'grape', bg: 'var(--mantine-color-grape-light)', icon: IconNotes },
};

function MessageItem({ m }: { m: TicketMessage }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const look = LOOK[m.kind] ?? LOOK.reply;
  const sentBy = m.kind === 'reply' ? (m.channel === 'email' || m.channel === 'sms' ? t(`support.send.${m.channel}`) : t('support.send.none')) : null;
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      bg={look.bg}
      data-testid={`ticket-message-${m.kind}`}
      style={{ borderInlineStart: `4px solid var(--mantine-color-${look.color}-6)`, marginInlineStart: m.kind === 'customer' ? 0 : 24, marginInlineEnd: m.kind === 'customer' ? 24 : 0 }}
    >
      <Group gap={6} mb={4} wrap="wrap">
        <ThemeIcon size="sm" variant="light" color={look.color} aria-hidden><look.icon size={14} /></ThemeIcon>
        <Badge size="sm" variant="light" color={look.color}>{t(`support.kind.${m.kind}`)}</Badge>
        {m.kind === 'note' && <Badge size="xs" variant="outline" color="yellow.8">{t('support.internalOnly')}</Badge>}
        {sentBy && <Text size="xs" c="dimmed">{sentBy}{m.messageStatus ? ` — ${t(`support.messageStatus.${m.messageStatus}`, { defaultValue: m.messageStatus })}` : ''}</Text>}
      </Group>
      <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="ticket-message-body">{m.body}</Text>
      <Text size="xs" c="dimmed" mt={4} data-testid="ticket-message-meta"><MetaLine items={[m.authorName && <UserText>{m.authorName}</UserText>, fmt.dateTime(m.createdAt)]} sep={fmt.locale === 'fa' ? '، ' : ' · '} /></Text>
    </Paper>
  );
}

export function TicketThread({ ticket, messages, canWrite }: { ticket: Ticket; messages: TicketMessage[]; canWrite: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Stack gap="sm" data-testid="ticket-thread">
      {ticket.description && (
        <Paper withBorder p="sm" radius="md">
          <Text size="xs" c="dimmed" mb={4}>{t('support.field.description')}</Text>
          <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="ticket-description-text">{ticket.description}</Text>
          <Text size="xs" c="dimmed" mt={4}>{t('support.openedAt', { when: fmt.dateTime(ticket.createdAt), channel: t(`support.channel.${ticket.channel}`) })}</Text>
        </Paper>
      )}
      {messages.length === 0 && <Text size="sm" c="dimmed" data-testid="ticket-no-messages">{t('support.noMessages')}</Text>}
      {messages.map((m) => <MessageItem key={m.id} m={m} />)}
      {canWrite && ticket.status !== 'closed' && !ticket.mergedIntoId && <Composer ticket={ticket} />}
      {ticket.status === 'closed' && <Text size="sm" c="dimmed">{t('support.closedHint')}</Text>}
    </Stack>
  );
}

function Composer({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const refresh = useRefreshTickets();
  const [kind, setKind] = useState<MessageKind>('reply');
  const [send, setSend] = useState<'none' | 'email' | 'sms'>('none');
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit() {
    if (!body.trim()) { setError(t('support.composer.empty')); return; }
    setBusy(true);
    setError(null);
    try {
      await api.post(`/tickets/${ticket.id}/messages`, { kind, body: body.trim(), send: kind === 'reply' ? send : 'none' });
      setBody('');
      notifications.show({ color: 'teal', message: t(`support.composer.added.${kind}`) });
      await refresh(ticket.customerId);
    } catch (err) {
      setError(ticketErrorMessage(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="sm" radius="md" bg={kind === 'note' ? 'var(--mantine-color-yellow-light)' : undefined} data-testid="ticket-composer">
      <form onSubmit={submitHandler(submit)} noValidate>
        <Stack gap="xs">
          <SegmentedControl
            value={kind}
            onChange={(v) => { setKind(v as MessageKind); setError(null); }}
            data={(['reply', 'customer', 'note', 'summary'] as const).map((k) => ({ value: k, label: t(`support.kind.${k}`) }))}
            data-testid="composer-kind"
            fullWidth
          />
          <Textarea
            aria-label={t(`support.composer.placeholder.${kind}`)}
            dir="auto"
            placeholder={t(`support.composer.placeholder.${kind}`)}
            autosize
            minRows={3}
            maxRows={12}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); void submit(); } }}
            data-testid="composer-body"
          />
          <FormErrorAlert error={error} testId="composer-error" />
          <Group justify="space-between" wrap="wrap" gap="xs">
            {kind === 'reply' ? (
              <Group gap="xs">
                <Text size="sm" id="send-by-label">{t('support.send.label')}</Text>
                <SegmentedControl
                  size="xs"
                  aria-labelledby="send-by-label"
                  value={send}
                  onChange={(v) => setSend(v as 'none' | 'email' | 'sms')}
                  data={(['none', 'email', 'sms'] as const).map((s) => ({ value: s, label: t(`support.send.option.${s}`) }))}
                  data-testid="composer-send"
                />
              </Group>
            ) : <Text size="xs" c="dimmed">{t(`support.composer.hint.${kind}`)}</Text>}
            <Button type="submit" loading={busy} data-testid="composer-submit">{t(`support.composer.submit.${kind}`)}</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
