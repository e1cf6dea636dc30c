/** The Asterisk AMI connection: where the PBX is, the AMI login (password write-only), how click-to-call dials, and its live status. */
import { useState } from 'react';
import { Alert, Badge, Button, Group, NumberInput, Paper, PasswordInput, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert } from '../../../components/FormErrorAlert';
import { submitHandler } from '../../../components/useFormSubmit';
import { apiFieldErrors, errorMessage } from '../../../lib/errors';
import { SECRET_MASK, settingsApi, type TelephonySettingsView } from '../telephony.api';
import { useSaveTelephony } from './useSaveTelephony';

/** What the server says when the outbound guard refuses the PBX host (server/net/outbound-guard.ts). */
const REFUSED = 'refused: private address';
const STATUS_COLOR = { off: 'gray', connecting: 'yellow', connected: 'teal', disconnected: 'red' } as const;

export function AmiCard({ view }: { view: TelephonySettingsView }) {
  const { t } = useTranslation();
  const { ami } = view;
  const [form, setForm] = useState(() => ({
    enabled: ami.enabled, host: ami.host, port: ami.port, username: ami.username, secret: ami.secretSet ? SECRET_MASK : '',
    originateChannel: ami.originateChannel, originateContext: ami.originateContext,
  }));
  const { busy, errors, formError, save } = useSaveTelephony();
  const [test, setTest] = useState<{ ok: boolean; message: string; ours?: boolean } | null>(null);
  const [testing, setTesting] = useState(false);
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const secret = form.secret === SECRET_MASK ? undefined : form.secret;

  const runTest = async () => {
    setTesting(true);
    setTest(null);
    try {
      const r = await settingsApi.testAmi({ host: form.host, port: form.port, username: form.username, secret });
      setTest(r.message === REFUSED ? { ok: false, message: t('outbound.refusedPrivate'), ours: true } : { ok: r.ok, message: [r.message, r.version].filter(Boolean).join(' · ') });
    } catch (err) {
      const fields = apiFieldErrors(t, err);
      setTest({ ok: false, message: fields.secret ?? fields.host ?? errorMessage(t, err), ours: true });
    } finally {
      setTesting(false);
    }
  };

  return (
    <Paper withBorder p="md" radius="md" component="form" onSubmit={submitHandler(() => save({ ami: { ...form, secret } }))} noValidate data-testid="tel-ami">
      <Group justify="space-between" mb={4}>
        <Title order={2} size="h5">{t('telephony.settings.ami.title')}</Title>
        <Badge color={STATUS_COLOR[ami.status]} variant="light" data-testid="tel-ami-status">{t(`telephony.settings.ami.status.${ami.status}`)}</Badge>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">{t('telephony.settings.ami.hint')}</Text>
      {ami.lastError && ami.status !== 'connected' && (ami.lastError === REFUSED
        ? <Alert color="red" variant="light" mb="sm">{t('outbound.refusedPrivate')}</Alert>
        : <Alert color="red" variant="light" mb="sm" dir="ltr">{ami.lastError}</Alert>)}
      <Stack gap="sm">
        <FormErrorAlert error={formError} />
        <Switch label={t('telephony.settings.ami.enabled')} checked={form.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} data-testid="tel-ami-enabled" />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label={t('telephony.settings.ami.host')} value={form.host} onChange={(e) => set({ host: e.currentTarget.value })} error={errors['ami.host']} dir="ltr" placeholder="192.168.1.10" data-testid="tel-ami-host" style={{ gridColumn: 'span 2' }} />
          <NumberInput label={t('telephony.settings.ami.port')} value={form.port} onChange={(v) => set({ port: typeof v === 'number' ? v : 5038 })} min={1} max={65535} allowDecimal={false} error={errors['ami.port']} dir="ltr" data-testid="tel-ami-port" />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('telephony.settings.ami.username')} value={form.username} onChange={(e) => set({ username: e.currentTarget.value })} error={errors['ami.username']} dir="ltr" autoComplete="off" data-testid="tel-ami-username" />
          <PasswordInput
            label={t('telephony.settings.ami.secret')}
            description={ami.secretSet && form.secret === SECRET_MASK ? t('telephony.settings.ami.secretSet') : undefined}
            value={form.secret}
            onChange={(e) => set({ secret: e.currentTarget.value })}
            onFocus={() => form.secret === SECRET_MASK && set({ secret: '' })}
            onBlur={() => form.secret === '' && ami.secretSet && set({ secret: SECRET_MASK })}
            error={errors['ami.secret']}
            autoComplete="new-password"
            data-testid="tel-ami-secret"
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('telephony.settings.ami.channel')} description={t('telephony.settings.ami.channelHint')} value={form.originateChannel} onChange={(e) => set({ originateChannel: e.currentTarget.value })} error={errors['ami.originateChannel']} dir="ltr" data-testid="tel-ami-channel" />
          <TextInput label={t('telephony.settings.ami.context')} value={form.originateContext} onChange={(e) => set({ originateContext: e.currentTarget.value })} error={errors['ami.originateContext']} dir="ltr" data-testid="tel-ami-context" />
        </SimpleGrid>
        {test && <Alert color={test.ok ? 'teal' : 'red'} variant="light" title={t(test.ok ? 'telephony.settings.ami.testOk' : 'telephony.settings.ami.testFailed')} data-testid="tel-ami-test-result"><Text size="sm" dir={test.ours ? undefined : 'ltr'} ta="start">{test.message}</Text></Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => void runTest()} loading={testing} disabled={!form.host || !form.username} data-testid="tel-ami-test">{t('telephony.settings.ami.test')}</Button>
          <Button type="submit" loading={busy} data-testid="tel-ami-save">{t('telephony.settings.save')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}
