/** Several customers share the caller's number: the agent says who it is, and the call is filed under them. */
import { useState } from 'react';
import { Badge, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { callApi, type CallView } from './telephony.api';

export function MatchChooser({ call, onLinked }: { call: CallView; onLinked: (view: CallView) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [busy, setBusy] = useState<string | null>(null);

  const choose = async (customerId: string) => {
    setBusy(customerId);
    try {
      onLinked(await callApi.link(call.id, customerId, false));
    } catch (err) {
      notifications.show({ color: 'red', message: errorMessage(t, err) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Stack gap={6} data-testid="call-chooser">
      <Text size="sm" fw={500}>{t('telephony.chooser', { n: fmt.number(call.matchCount) })}</Text>
      {call.matches.map((m) => (
        <UnstyledButton
          key={m.id}
          onClick={() => void choose(m.id)}
          disabled={busy !== null}
          data-testid="call-choose"
          data-customer-id={m.id}
          style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 'var(--mantine-radius-sm)', padding: '6px 10px', opacity: busy && busy !== m.id ? 0.5 : 1 }}
        >
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <div style={{ minWidth: 0 }}>
              <Text size="sm" fw={500} lineClamp={1}>{m.displayName}</Text>
              {m.company && <Text size="xs" c="dimmed" lineClamp={1}>{m.company}</Text>}
            </div>
            <Badge size="sm" variant="light">{t(`stage.${m.lifecycleStage}`)}</Badge>
          </Group>
        </UnstyledButton>
      ))}
      {call.matchCount > call.matches.length && (
        <Text size="xs" c="dimmed">{t('telephony.moreMatches', { n: fmt.number(call.matchCount - call.matches.length) })}</Text>
      )}
    </Stack>
  );
}
