/** Timeline items about quotes and invoices (`document`) and about emails and SMS (`message`). */
import type { ReactNode } from 'react';
import { Anchor, Badge, Group, Text } from '@mantine/core';
import { IconCash, IconFileInvoice, IconMail, IconMessage } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useFormat } from '../../lib/format';
import { Ltr } from '../../components/Ltr';
import type { DocumentTimelineData, Message } from '../documents/documents.types';
import { useMoney } from '../../lib/money';
import { MessageRow } from '../documents/MessageRow';
import { Parts } from '../documents/Parts';
import { UserText } from '../../components/UserText';

/** Timeline kinds this file draws; the server registers them with the documents and messaging modules. */
export const DOC_TIMELINE_KINDS = ['document', 'message'] as const;

type Item = { kind: string; id: string; at: string; data: unknown };

export function docKindLabel(t: TFunction, kind: string): string | null {
  if (kind === 'document') return t('documents.timelineKind');
  if (kind === 'message') return t('channels.timelineKind');
  return null;
}

export function docTimelineIcon(item: Item): ReactNode | null {
  if (item.kind === 'document') {
    const type = (item.data as DocumentTimelineData).type;
    return type === 'payment' || type === 'paid' ? <IconCash size={14} /> : <IconFileInvoice size={14} />;
  }
  if (item.kind === 'message') return (item.data as Message).channel === 'email' ? <IconMail size={14} /> : <IconMessage size={14} />;
  return null;
}

function DocumentEvent({ item }: { item: Item }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const d = item.data as DocumentTimelineData;
  const kindName = t(`documents.kind.${d.documentKind}`);
  const amount = d.type === 'payment' && d.amount ? d.amount : d.grandTotal;
  return (
    <>
      <Group gap={6} wrap="wrap">
        <Text size="sm" fw={600}>{t(`documents.tl.${d.type}`, { kind: kindName, defaultValue: `${kindName}: ${d.type}` })}</Text>
        <Anchor component={Link} to={`/documents/${d.documentId}`} size="sm" data-testid="timeline-document-link">
          {d.number ? <Ltr>{fmt.digits(d.number)}</Ltr> : t('documents.draftNumber')}
        </Anchor>
        {amount && <Badge size="xs" variant="light" color={d.type === 'payment' || d.type === 'paid' ? 'green' : 'blue'}>{money.format(amount)}</Badge>}
      </Group>
      {d.type === 'sent' && (d.email || d.sms) && (
        <Text size="xs" mt={2}>
          <Parts items={[
            d.email && <>{t('documents.ev.toEmail')} <Ltr>{d.email}</Ltr></>,
            d.sms && <>{t('documents.ev.toSms')} <Ltr>{fmt.phone(d.sms)}</Ltr></>,
          ]} />
        </Text>
      )}
      {d.type === 'payment' && d.method && (
        <Text size="xs" mt={2}><Parts items={[t(`documents.method.${d.method}`, { defaultValue: d.method }), d.balance && d.balance !== '0' && `${t('documents.balance')}: ${money.format(d.balance)}`]} /></Text>
      )}
      {(d.type === 'accepted' || d.type === 'rejected') && d.by && <Text size="xs" mt={2}><Parts items={[t(d.by === 'customer' ? 'documents.ev.byCustomer' : 'documents.ev.byStaff'), d.note && <>«<UserText>{d.note}</UserText>»</>]} /></Text>}
      {d.type === 'cancelled' && d.reason && <Text size="xs" mt={2}>{t('documents.cancelReason')}: <UserText>{d.reason}</UserText></Text>}
      <Text size="xs" c="dimmed" mt={2}><Parts items={[d.actorName, fmt.dateTime(item.at)]} /></Text>
    </>
  );
}

export function docTimelineBody({ item }: { item: Item }): ReactNode | null {
  if (item.kind === 'document') return <DocumentEvent item={item} />;
  if (item.kind === 'message') return <MessageRow m={item.data as Message} compact />;
  return null;
}
