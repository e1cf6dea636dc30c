/** One email or SMS: where it went (or came from), its delivery status, the text, and the gateway's error if any. */
import { Badge, Group, Stack, Text } from '@mantine/core';
import { IconArrowDownLeft, IconArrowUpRight, IconMail, IconMessage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { Ltr } from '../../components/Ltr';
import type { Message } from './documents.types';
import { Parts } from './Parts';
import { UserText } from '../../components/UserText';

const STATUS_COLOR: Record<string, string> = { queued: 'gray', sent: 'blue', delivered: 'teal', failed: 'red', undelivered: 'orange', received: 'violet' };

export function MessageStatus({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Badge size="xs" variant="light" color={STATUS_COLOR[status] ?? 'gray'} data-testid="message-status">{t(`channels.status.${status}`, { defaultValue: status })}</Badge>;
}

export function MessageRow({ m, compact }: { m: Message; compact?: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const address = m.channel === 'sms' ? fmt.phone(m.address) : m.address;
  const Dir = m.direction === 'in' ? IconArrowDownLeft : IconArrowUpRight;
  return (
    <Stack gap={2} data-testid="message-row">
      <Group gap={6} wrap="wrap">
        {m.channel === 'email' ? <IconMail size={15} aria-label={t('channel.email')} /> : <IconMessage size={15} aria-label={t('channel.sms')} />}
        <Dir size={14} aria-label={t(`direction.${m.direction}`)} />
        <Text size="sm" fw={600}>{t(m.direction === 'in' ? 'channels.from' : 'channels.to')} <Ltr>{address}</Ltr></Text>
        <MessageStatus status={m.status} />
        {m.attempts > 1 && <Text size="xs" c="dimmed">{t('channels.attempts', { n: fmt.number(m.attempts) })}</Text>}
      </Group>
      {m.subject && <Text size="sm"><UserText>{m.subject}</UserText></Text>}
      {/* An excerpt: the text's own line breaks would leave half of the few lines shown empty. */}
      <Text size="xs" c="dimmed" lineClamp={compact ? 2 : 3} style={{ overflowWrap: 'anywhere' }}>{m.body.replace(/\s*\n\s*/g, ' ')}</Text>
      {m.error && <Text size="xs" c="red.7" data-testid="message-error">{t('channels.error')}: <Ltr>{m.error}</Ltr></Text>}
      <Text size="xs" c="dimmed"><Parts items={[fmt.dateTime(m.createdAt), !compact && m.provider]} /></Text>
    </Stack>
  );
}
