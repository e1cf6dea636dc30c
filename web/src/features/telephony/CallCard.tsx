/**
 * One call in the pop-up stack. Ringing or talking: who is calling (one match: their card; several: a chooser; none:
 * new lead / link). Ended: the post-call notes form. The × stops showing it to this user.
 */
import { Badge, CloseButton, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconPhoneCall, IconPhoneIncoming, IconPhoneOff, IconPhoneOutgoing } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Ltr } from '../../components/Ltr';
import { useFormat } from '../../lib/format';
import { CallerCard, OpenProfileButton } from './CallerCard';
import { MatchChooser } from './MatchChooser';
import { PostCallForm } from './PostCallForm';
import { UnknownCaller } from './UnknownCaller';
import { isEnded, type CallView } from './telephony.api';

const STATUS_COLOR: Record<CallView['status'], string> = { ringing: 'cyan', answered: 'teal', completed: 'gray', missed: 'red', failed: 'red' };

function StatusIcon({ call }: { call: CallView }) {
  if (call.status === 'missed' || call.status === 'failed') return <IconPhoneOff size={18} color="var(--mantine-color-red-7)" aria-hidden />;
  if (call.status === 'answered') return <IconPhoneCall size={18} color="var(--mantine-color-teal-7)" aria-hidden />;
  return call.direction === 'in' ? <IconPhoneIncoming size={18} color="var(--mantine-color-cyan-7)" aria-hidden /> : <IconPhoneOutgoing size={18} color="var(--mantine-color-cyan-7)" aria-hidden />;
}

export function CallCard({ call, onChange, onDismiss }: { call: CallView; onChange: (view: CallView) => void; onDismiss: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const ended = isEnded(call);
  const card = call.customer
    ? call.matches.find((m) => m.id === call.customer!.id)
    : call.matchCount === 1 ? call.matches[0] : undefined;
  const name = call.customer?.displayName ?? card?.displayName ?? null;
  const customerId = call.customer?.id ?? card?.id ?? null;
  const number = <Ltr>{fmt.phone(call.number)}</Ltr>;

  let body: React.ReactNode;
  if (call.status === 'missed') {
    // Nothing was said, so there is nothing to write down: the call-back task is the follow-up.
    body = customerId
      ? <Stack gap="xs"><Text size="sm" data-testid="call-missed-note">{t('telephony.post.missedNote')}</Text><OpenProfileButton customerId={customerId} compact /></Stack>
      : <Stack gap="xs"><Text size="sm" data-testid="call-missed-note">{t('telephony.post.missedUnknown')}</Text>{call.matchCount > 1 ? <MatchChooser call={call} onLinked={onChange} /> : <UnknownCaller call={call} onLinked={onChange} />}</Stack>;
  } else if (ended) {
    body = customerId
      ? <Stack gap="xs"><OpenProfileButton customerId={customerId} compact /><PostCallForm call={call} onSaved={onChange} /></Stack>
      : <Stack gap="xs">{call.matchCount > 1 ? <MatchChooser call={call} onLinked={onChange} /> : <UnknownCaller call={call} onLinked={onChange} />}<Text size="xs" c="dimmed">{t('telephony.post.needCustomer')}</Text></Stack>;
  } else if (card) body = <CallerCard card={card} />;
  else if (customerId) body = <OpenProfileButton customerId={customerId} />;
  else if (call.matchCount > 1) body = <MatchChooser call={call} onLinked={onChange} />;
  else body = <UnknownCaller call={call} onLinked={onChange} />;

  return (
    <Paper
      shadow="lg"
      withBorder
      radius="md"
      p="sm"
      data-testid="call-popup"
      data-call-id={call.id}
      data-status={call.status}
      style={{ borderInlineStart: `4px solid var(--mantine-color-${STATUS_COLOR[call.status]}-6)` }}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
        <Group gap={6} wrap="nowrap">
          <StatusIcon call={call} />
          <Text size="sm" fw={500}>{t(call.direction === 'in' ? 'telephony.incoming' : 'telephony.outgoing')}</Text>
          <Badge size="sm" variant="light" color={STATUS_COLOR[call.status]} data-testid="call-status">{t(`telephony.status.${call.status}`)}</Badge>
        </Group>
        <CloseButton size="sm" onClick={onDismiss} aria-label={t('telephony.dismiss')} data-testid="call-dismiss" />
      </Group>

      <Title order={3} size="h4" mt={6} lineClamp={1} data-testid="call-name">{name ?? number}</Title>
      <Group gap="xs" mb="xs">
        {name && <Text size="sm" c="dimmed">{number}</Text>}
        {call.extension && <Text size="xs" c="dimmed">{t('telephony.extension', { ext: fmt.digits(call.extension) })}</Text>}
        {ended && call.status !== 'missed' && call.durationSec !== null && <Text size="xs" c="dimmed" data-testid="call-duration">{t('telephony.duration', { d: fmt.duration(call.durationSec) })}</Text>}
        {ended && call.status !== 'missed' && call.outcome && <Badge size="xs" variant="outline" color={call.outcome === 'answered' ? 'teal' : 'red'}>{t(`telephony.outcome.${call.outcome}`)}</Badge>}
      </Group>
      {body}
    </Paper>
  );
}
