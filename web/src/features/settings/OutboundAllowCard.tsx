/**
 * Private network access: the hosts on the organization's own network the server may connect to (a PBX on the office
 * LAN, a local mail relay). Everything private is refused by default; this list, and the operator's
 * MEHVAR_OUTBOUND_ALLOW shown read-only, are the exceptions. One entry per line.
 */
import { useEffect, useState } from 'react';
import { Badge, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { ErrorState, LoadingState } from '../../components/States';
import { useMe } from '../session/session';
import { putJson } from './settings.api';

type OutboundAllow = { entries: string[]; environment: string[] };
const KEY = ['settings', 'outbound-allow'];

export function OutboundAllowCard() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const allow = useQuery({ queryKey: KEY, queryFn: () => api.get<OutboundAllow>('/settings/outbound-allow') });
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  useEffect(() => { if (allow.data) setText(allow.data.entries.join('\n')); }, [allow.data]);
  if (allow.isPending) return <LoadingState />;
  if (allow.isError) return <ErrorState error={allow.error} onRetry={() => void allow.refetch()} />;

  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  async function save() {
    setBusy(true);
    setError(undefined);
    try {
      const data = await putJson<OutboundAllow>('/settings/outbound-allow', { entries: lines }, me.csrfToken);
      queryClient.setQueryData(KEY, data);
      notifications.show({ color: 'teal', message: t('outbound.saved') });
    } catch (err) {
      const details = err instanceof ApiError && err.code === 'VALIDATION_FAILED' ? err.details as Record<string, unknown> | undefined : undefined;
      const bad = Object.keys(details ?? {}).map((k) => /^entries\.(\d+)$/.exec(k)?.[1]).filter((i): i is string => i !== undefined).map((i) => lines[Number(i)]);
      // Each line isolated left-to-right, so an address keeps its shape inside a Persian sentence.
      setError(bad.length ? t('outbound.badLines', { lines: bad.map((l) => `\u2066${l}\u2069`).join(i18n.language === 'fa' ? '، ' : ', ') }) : undefined);
      notifications.show({ color: 'red', message: errorMessage(t, err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md" radius="md" data-testid="settings-outbound-allow">
      <Title order={2} size="h5" mb="xs">{t('outbound.title')}</Title>
      <Stack gap="xs" mb="sm">
        <Text size="sm" c="dimmed">{t('outbound.intro')}</Text>
        <Text size="sm">{t('outbound.howTo')}</Text>
      </Stack>
      <form onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
        <Stack gap="sm">
          <Textarea
            label={t('outbound.entries')}
            description={t('outbound.entriesHint')}
            placeholder={'pbx.office.lan\n192.168.1.0/24'}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={error}
            autosize
            minRows={3}
            maxRows={12}
            styles={{ input: { direction: 'ltr', textAlign: 'left', fontFamily: 'monospace' } }}
            data-testid="outbound-allow-entries"
          />
          {allow.data.environment.length > 0 && (
            <div data-testid="outbound-allow-environment">
              <Text size="xs" c="dimmed" mb={4}>{t('outbound.environment')}</Text>
              <Group gap={6}>{allow.data.environment.map((e) => <Badge key={e} variant="light" color="gray" style={{ direction: 'ltr', textTransform: 'none' }}>{e}</Badge>)}</Group>
            </div>
          )}
          <Group justify="flex-end"><Button type="submit" loading={busy} data-testid="outbound-allow-save">{t('common.save')}</Button></Group>
        </Stack>
      </form>
    </Paper>
  );
}
