/** The company logo on PDFs: PNG or JPEG up to 500 KB, sent as a data URL; previewed from the server; removable. */
import { useOrgSettings } from './useSettingsSection';
import { useState } from 'react';
import { Alert, Button, FileButton, Group, Image, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPhotoUp, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { useMe } from '../session/session';
import { putJson } from './settings.api';

const MAX_BYTES = 500_000;

const readDataUrl = (file: File) => new Promise<string>((resolve, reject) => {
  const reader = new FileReader();
  reader.onload = () => resolve(String(reader.result));
  reader.onerror = () => reject(reader.error);
  reader.readAsDataURL(file);
});

export function LogoField() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useMe();
  const [version, setVersion] = useState(() => Date.now());
  // Known from the settings (no request for a logo that is not there, which would log a 404).
  const [present, setPresent] = useState(Boolean(useOrgSettings().data?.hasLogo));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function upload(file: File | null) {
    if (!file) return;
    setError(null);
    if (!['image/png', 'image/jpeg'].includes(file.type)) return setError(t('documents.settings.logoType'));
    if (file.size > MAX_BYTES) return setError(t('documents.settings.logoSize', { kb: fmt.number(Math.round(file.size / 1000)) }));
    setBusy(true);
    try {
      await putJson('/settings/logo', { dataUrl: await readDataUrl(file) }, me.csrfToken);
      setPresent(true);
      setVersion(Date.now());
      notifications.show({ color: 'teal', message: t('documents.settings.logoSaved') });
    } catch (err) {
      setError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await api.delete('/settings/logo');
      setPresent(false);
      setVersion(Date.now());
    } catch (err) {
      setError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="xs" data-testid="settings-logo">
      <Text size="sm" fw={500}>{t('documents.settings.logo')}</Text>
      <Group gap="md" align="center" wrap="wrap">
        <Paper withBorder radius="md" w={160} h={80} p={6} style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'var(--mantine-color-gray-0)' }}>
          {present
            ? <Image key={version} src={`/api/settings/logo?v=${version}`} alt={t('documents.settings.logo')} fit="contain" h="100%" w="100%" onError={() => setPresent(false)} data-testid="logo-preview" />
            : <Text size="xs" c="dimmed">{t('documents.settings.noLogo')}</Text>}
        </Paper>
        <Stack gap={6}>
          <Group gap="xs">
            <FileButton onChange={(f) => void upload(f)} accept="image/png,image/jpeg">
              {(props) => <Button {...props} size="xs" variant="light" leftSection={<IconPhotoUp size={14} />} loading={busy} data-testid="logo-upload">{present ? t('documents.settings.logoReplace') : t('documents.settings.logoUpload')}</Button>}
            </FileButton>
            {present && <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={() => void remove()} disabled={busy} data-testid="logo-remove">{t('common.remove')}</Button>}
          </Group>
          <Text size="xs" c="dimmed">{t('documents.settings.logoHint')}</Text>
        </Stack>
      </Group>
      {error && <Alert color="red" variant="light" p="xs">{error}</Alert>}
    </Stack>
  );
}
