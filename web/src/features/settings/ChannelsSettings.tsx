/**
 * Where email and SMS go out: the SMTP server and the SMS gateway (secrets come back masked and are kept unless
 * retyped), the gateway's webhook address to copy, and a test send for each that shows what the server answered.
 */
import { useEffect, useState } from 'react';
import { Alert, Badge, Button, CopyButton, Divider, Group, Paper, PasswordInput, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy, IconSend } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { apiFieldErrors, errorMessage, type FieldErrors } from '../../lib/errors';
import { ErrorState, LoadingState } from '../../components/States';
import { Ltr } from '../../components/Ltr';
import { useMe } from '../session/session';
import { docErrorMessage } from '../documents/doc-errors';
import { putJson, SMS_DRIVER_FIELDS, SMS_DRIVERS, type Channels, type ChannelTestResult, type SmsDriverName, type SmsFields } from './settings.api';

const CHANNELS_KEY = ['settings', 'channels'];
const useChannels = () => useQuery({ queryKey: CHANNELS_KEY, queryFn: () => api.get<Channels>('/settings/channels') });
const ltr = { input: { direction: 'ltr' as const, textAlign: 'start' as const } };

function SourceBadge({ source }: { source: 'settings' | 'environment' | undefined }) {
  const { t } = useTranslation();
  if (!source) return <Badge color="gray" variant="light">{t('channels.notSet')}</Badge>;
  return <Badge color={source === 'settings' ? 'teal' : 'blue'} variant="light">{t(`channels.source.${source}`)}</Badge>;
}

type TestAnswer = ChannelTestResult | { ok: false; code: string; message: string; detail?: string };

/** Sends one test message now and shows the server's answer (the gateway's refusal included) as it came. */
function TestSend({ channel }: { channel: 'email' | 'sms' }) {
  const { t } = useTranslation();
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<TestAnswer | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  async function send() {
    if (busy) return;
    setBusy(true);
    setAnswer(null);
    setFieldError(undefined);
    try {
      const res = await api.post<ChannelTestResult>('/settings/channels/test', { channel, to: to.trim() });
      setAnswer(res);
    } catch (err) {
      if (err instanceof ApiError) {
        const details = err.details as Record<string, unknown> | undefined;
        if (typeof details?.to === 'string') setFieldError(apiFieldErrors(t, err).to ?? t('fieldErrors.invalid'));
        // The server's own words (the gateway's refusal, its code) are the point of a test: shown as they came.
        const provider = typeof details?.provider === 'string' ? details.provider : null;
        // The outbound guard refused the stored target: say so in the reader's language, nothing more to show.
        if (err.message === 'refused: private address') { setAnswer({ ok: false, code: err.code, message: t('outbound.refusedPrivate') }); return; }
        setAnswer({ ok: false, code: err.code, message: docErrorMessage(t, err), detail: provider ?? (err.code === 'VALIDATION_FAILED' ? undefined : err.message) });
      } else {
        setAnswer({ ok: false, code: 'UNKNOWN', message: errorMessage(t, err) });
      }
    } finally {
      setBusy(false);
    }
  }
  return (
    <Stack gap="xs" data-testid={`test-${channel}`}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput
          style={{ flex: 1 }}
          label={t(channel === 'email' ? 'channels.testEmailTo' : 'channels.testSmsTo')}
          placeholder={channel === 'email' ? 'you@example.com' : '0912 345 6789'}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          error={fieldError}
          styles={ltr}
          data-testid={`test-${channel}-to`}
        />
        <Button variant="light" leftSection={<IconSend size={16} />} onClick={() => void send()} loading={busy} disabled={busy || to.trim().length < 3} data-testid={`test-${channel}-send`}>
          {t('channels.testSend')}
        </Button>
      </Group>
      {answer && (answer.ok ? (
        <Alert color="teal" variant="light" p="xs" data-testid={`test-${channel}-result`}>
          <Text size="sm">{t(channel === 'email' ? 'channels.testEmailOk' : 'channels.testSmsOk')}</Text>
          {(answer.providerId || answer.status) && <Text size="xs" c="dimmed"><Ltr>{[answer.status, answer.providerId].filter(Boolean).join(' · ')}</Ltr></Text>}
        </Alert>
      ) : (
        <Alert color="red" variant="light" p="xs" data-testid={`test-${channel}-result`}>
          <Text size="sm">{answer.message}</Text>
          {answer.detail && <Text size="xs" mt={2}><Ltr>{answer.detail}</Ltr></Text>}
        </Alert>
      ))}
    </Stack>
  );
}

export function SmtpCard() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const channels = useChannels();
  const [url, setUrl] = useState('');
  const [from, setFrom] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  useEffect(() => {
    if (channels.data) { setUrl(channels.data.smtp?.url ?? ''); setFrom(channels.data.smtp?.from ?? ''); }
  }, [channels.data]);
  if (channels.isPending) return <LoadingState />;
  if (channels.isError) return <ErrorState error={channels.error} onRetry={() => void channels.refetch()} />;

  async function save() {
    setBusy(true);
    setErrors({});
    try {
      const data = await putJson<Channels>('/settings/channels/smtp', { url: url.trim(), from: from.trim() }, me.csrfToken);
      queryClient.setQueryData(CHANNELS_KEY, data);
      notifications.show({ color: 'teal', message: t('channels.saved') });
    } catch (err) {
      const fe = apiFieldErrors(t, err);
      const urlError = err instanceof ApiError && err.code === 'VALIDATION_FAILED' ? (err.details as Record<string, unknown> | undefined)?.url : undefined;
      if (urlError === 'must start with smtp:// or smtps://') fe.url = t('channels.smtpUrlInvalid');
      else if (typeof urlError === 'string' && urlError.startsWith('not allowed: ')) fe.url = t('outbound.smtpNotAllowed', { names: urlError.slice('not allowed: '.length) });
      else if (typeof urlError === 'string' && fe.url === t('fieldErrors.invalid')) fe.url = t('outbound.smtpUrlBad', { message: urlError });
      setErrors(fe);
      notifications.show({ color: 'red', message: errorMessage(t, err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md" radius="md" data-testid="settings-smtp">
      <Group justify="space-between" mb="xs"><Title order={2} size="h5">{t('channels.smtpTitle')}</Title><SourceBadge source={channels.data.smtp?.source} /></Group>
      <Text size="sm" c="dimmed" mb="sm">{t('channels.smtpIntro')}</Text>
      <form onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
        <Stack gap="sm">
          <TextInput label={t('channels.smtpUrl')} description={t('channels.smtpUrlHint')} placeholder="smtps://user:password@mail.example.com:465" value={url} onChange={(e) => setUrl(e.currentTarget.value)} error={errors.url} styles={ltr} data-testid="smtp-url" />
          <TextInput label={t('channels.smtpFrom')} placeholder="Mehvar <sales@example.com>" value={from} onChange={(e) => setFrom(e.currentTarget.value)} error={errors.from} styles={ltr} data-testid="smtp-from" />
          <Group justify="flex-end"><Button type="submit" loading={busy} data-testid="smtp-save">{t('common.save')}</Button></Group>
        </Stack>
      </form>
      <Divider my="sm" />
      <TestSend channel="email" />
    </Paper>
  );
}

export function SmsCard() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const channels = useChannels();
  const [driver, setDriver] = useState<SmsDriverName>('log');
  const [fields, setFields] = useState<SmsFields>({});
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  useEffect(() => {
    const s = channels.data?.sms;
    if (!s) return;
    setDriver(s.driver);
    setFields({ apiKey: s.apiKey, sender: s.sender, advertisingSender: s.advertisingSender, baseUrl: s.baseUrl, username: s.username, password: s.password, accountSid: s.accountSid, authToken: s.authToken });
  }, [channels.data]);
  if (channels.isPending) return <LoadingState />;
  if (channels.isError) return <ErrorState error={channels.error} onRetry={() => void channels.refetch()} />;

  const stored = channels.data.sms;
  const chooseDriver = (d: SmsDriverName) => {
    setDriver(d);
    // Masked secrets belong to the stored gateway: another gateway starts with empty fields.
    setFields(stored && stored.driver === d ? { ...stored } : {});
  };

  async function save() {
    setBusy(true);
    setErrors({});
    const body: Record<string, string> = { driver };
    for (const { field } of SMS_DRIVER_FIELDS[driver]) {
      const v = fields[field]?.trim();
      if (v) body[field] = v;
    }
    try {
      const data = await putJson<Channels>('/settings/channels/sms', body, me.csrfToken);
      queryClient.setQueryData(CHANNELS_KEY, data);
      notifications.show({ color: 'teal', message: t('channels.saved') });
    } catch (err) {
      const fe = apiFieldErrors(t, err);
      if (err instanceof ApiError && err.code === 'VALIDATION_FAILED' && (err.details as Record<string, unknown> | undefined)?.driver) fe.driver = err.message;
      setErrors(fe);
      notifications.show({ color: 'red', message: errorMessage(t, err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md" radius="md" data-testid="settings-sms">
      <Group justify="space-between" mb="xs"><Title order={2} size="h5">{t('channels.smsTitle')}</Title><SourceBadge source={stored?.source} /></Group>
      <Text size="sm" c="dimmed" mb="sm">{t('channels.smsIntro')}</Text>
      <form onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
        <Stack gap="sm">
          <Select label={t('channels.driver')} data={SMS_DRIVERS.map((d) => ({ value: d, label: t(`channels.drivers.${d}`) }))} value={driver} onChange={(v) => v && chooseDriver(v as SmsDriverName)} allowDeselect={false} error={errors.driver} data-testid="sms-driver" />
          {driver === 'log' && <Text size="xs" c="dimmed">{t('channels.logHint')}</Text>}
          {SMS_DRIVER_FIELDS[driver].length > 0 && <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {SMS_DRIVER_FIELDS[driver].map(({ field, required, secret }) => {
              const props = {
                label: t(`channels.field.${field}`),
                required,
                value: fields[field] ?? '',
                onChange: (e: React.ChangeEvent<HTMLInputElement>) => setFields({ ...fields, [field]: e.currentTarget.value }),
                error: errors[field],
                styles: ltr,
                description: secret && fields[field]?.startsWith('•••') ? t('channels.secretKept') : field === 'baseUrl' ? t('channels.baseUrlHint') : undefined,
                'data-testid': `sms-${field}`,
              };
              // A masked secret is shown as it came back so one can see one is stored; it is not a password to reveal.
              return secret && !fields[field]?.startsWith('•••') ? <PasswordInput key={field} {...props} /> : <TextInput key={field} {...props} />;
            })}
          </SimpleGrid>}
          <Group justify="flex-end"><Button type="submit" loading={busy} data-testid="sms-save">{t('common.save')}</Button></Group>
        </Stack>
      </form>
      <Stack gap={4} mt="sm" mb="sm">
        <Text size="sm" fw={500}>{t('channels.webhook')}</Text>
        <Text size="xs" c="dimmed">{t('channels.webhookHint')}</Text>
        <Group gap="xs" wrap="nowrap">
          <TextInput style={{ flex: 1 }} readOnly value={channels.data.smsWebhookUrl} styles={ltr} onFocus={(e) => e.currentTarget.select()} aria-label={t('channels.webhook')} data-testid="sms-webhook-url" />
          <CopyButton value={channels.data.smsWebhookUrl}>
            {({ copied, copy }) => (
              <Button variant="default" color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} onClick={copy} data-testid="sms-webhook-copy">
                {copied ? t('common.copied') : t('common.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>
      <Divider my="sm" />
      <TestSend channel="sms" />
    </Paper>
  );
}
