import { useState, type FormEvent } from 'react';
import { Alert, Box, Button, Center, Code, Group, List, Paper, PasswordInput, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, setCsrfToken } from '../../api/client';
import type { LoginAnswer, SetupStatus } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { usePrefs } from '../../lib/prefs';
import { useSession } from '../session/session';

export function LoginPage() {
  const { t } = useTranslation();
  const { prefs, applyPrefs } = usePrefs();
  const { refresh } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const setup = useQuery({ queryKey: ['setup-status'], queryFn: () => api.get<SetupStatus>('/setup-status') });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<LoginAnswer>('/auth/login', { email, password }, { quiet401: true });
      setCsrfToken(res.csrfToken);
      await refresh();
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('login.badCredentials') : errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Stack w="100%" maw={420} gap="md">
        <Group justify="space-between" align="center">
          <Box>
            <Title order={1} size="h2" c="cyan.8">{t('app.name')}</Title>
            <Text c="dimmed" size="sm">{t('app.tagline')}</Text>
          </Box>
          <SegmentedControl
            size="xs"
            value={prefs.locale}
            onChange={(v) => applyPrefs({ locale: v as 'fa' | 'en', calendar: v === 'fa' ? 'jalali' : 'gregorian' })}
            data={[{ value: 'fa', label: 'فارسی' }, { value: 'en', label: 'English' }]}
            aria-label={t('prefs.language')}
            data-testid="login-language"
          />
        </Group>

        {setup.data?.needsAdmin && (
          <Alert icon={<IconInfoCircle size={18} />} title={t('login.needsAdminTitle')} color="blue" data-testid="setup-howto">
            <Text size="sm" mb="xs">{t('login.needsAdminIntro')}</Text>
            <List size="sm" type="ordered" spacing={6}>
              <List.Item>
                <Text size="sm">{t('login.stepStart')}</Text>
                <Code block dir="ltr" data-testid="setup-cmd-start" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{setup.data.howTo[0]}</Code>
              </List.Item>
              <List.Item>
                <Text size="sm">{setup.data.embedded ? t('login.stepCliEmbedded') : t('login.stepCli')}</Text>
                <Code block dir="ltr" data-testid="setup-cmd-cli" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{setup.data.howTo[1]}</Code>
              </List.Item>
              <List.Item><Text size="sm">{t('login.stepPassword')}</Text></List.Item>
              <List.Item><Text size="sm">{t('login.stepOpen')} <bdi dir="ltr">{setup.data.url}</bdi></Text></List.Item>
            </List>
          </Alert>
        )}

        <Paper withBorder shadow="sm" p="lg" radius="md" component="form" onSubmit={submit} noValidate>
          <Stack>
            <Title order={2} size="h4">{t('login.title')}</Title>
            {error && (
              <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="login-error" role="alert">
                {error}
              </Alert>
            )}
            <TextInput
              label={t('login.email')}
              type="email"
              autoComplete="username"
              dir="ltr"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              data-testid="login-email"
            />
            <PasswordInput
              label={t('login.password')}
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              data-testid="login-password"
            />
            <Button type="submit" loading={busy} disabled={!email || !password} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Stack>
        </Paper>
      </Stack>
    </Center>
  );
}
