/** The signed webhook cloud PBXs post to: its address, how to sign, and a new secret (shown once, in a modal). */
import { useState } from 'react';
import { Button, Code, CopyButton, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCheck, IconCopy, IconRefresh } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../lib/errors';
import { useFormat } from '../../../lib/format';
import { settingsApi, telephonyKeys, type TelephonySettingsView } from '../telephony.api';

/** The two headers a sender adds; the same in every language, so not translated. */
const SIGNING = 'X-Mehvar-Timestamp: <unix seconds>\nX-Mehvar-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>';

function Copy({ value, testId }: { value: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Button size="xs" variant="light" color={copied ? 'teal' : 'gray'} leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />} onClick={copy} data-testid={testId}>
          {t(copied ? 'telephony.settings.webhook.copied' : 'telephony.settings.webhook.copy')}
        </Button>
      )}
    </CopyButton>
  );
}

export function WebhookCard({ view }: { view: TelephonySettingsView }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const url = new URL(view.webhook.url, window.location.origin).toString();

  const rotate = async () => {
    setBusy(true);
    try {
      const r = await settingsApi.rotateWebhookSecret();
      setSecret(r.secret);
      void queryClient.invalidateQueries({ queryKey: telephonyKeys.settings });
    } catch (err) {
      notifications.show({ color: 'red', message: errorMessage(t, err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md" radius="md" data-testid="tel-webhook">
      <Title order={2} size="h5" mb={4}>{t('telephony.settings.webhook.title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('telephony.settings.webhook.hint')}</Text>
      <Stack gap="sm">
        <div>
          <Text size="sm" fw={500} mb={4}>{t('telephony.settings.webhook.url')}</Text>
          <Group gap="xs" wrap="nowrap">
            <Code block dir="ltr" style={{ flex: 1, whiteSpace: 'nowrap', overflowX: 'auto' }} data-testid="tel-webhook-url">{url}</Code>
            <Copy value={url} />
          </Group>
        </div>
        <div>
          <Text size="sm" c="dimmed" mb={4}>{t('telephony.settings.webhook.signature')}</Text>
          <Code block dir="ltr" data-testid="tel-webhook-signing">{SIGNING}</Code>
        </div>
        <Group justify="space-between">
          <Text size="sm" c={view.webhook.secretSet ? undefined : 'orange.8'} data-testid="tel-webhook-state">
            {view.webhook.secretSet && view.webhook.rotatedAt ? t('telephony.settings.webhook.secretSet', { when: fmt.dateTime(view.webhook.rotatedAt) }) : t('telephony.settings.webhook.noSecret')}
          </Text>
          <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={() => void rotate()} loading={busy} data-testid="tel-webhook-rotate">{t('telephony.settings.webhook.rotate')}</Button>
        </Group>
      </Stack>
      <Modal opened={secret !== null} onClose={() => setSecret(null)} title={t('telephony.settings.webhook.modalTitle')} closeButtonProps={{ 'aria-label': t('common.close') }}>
        <Stack gap="sm">
          <Text size="sm">{t('telephony.settings.webhook.modalBody')}</Text>
          <Group gap="xs" wrap="nowrap">
            <Code block dir="ltr" style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="tel-webhook-secret">{secret}</Code>
            <Copy value={secret ?? ''} testId="tel-webhook-copy" />
          </Group>
          <Group justify="flex-end">
            <Button onClick={() => setSecret(null)} data-testid="tel-webhook-done">{t('telephony.settings.webhook.done')}</Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
