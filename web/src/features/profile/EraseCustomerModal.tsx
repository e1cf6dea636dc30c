import { useState } from 'react';
import { Alert, Button, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/errors';

/** Erasure asks for the customer's name typed out and says plainly what goes and what the law keeps. */
export function EraseCustomerModal({ customerId, name, opened, onClose, onErased }: {
  customerId: string; name: string; opened: boolean; onClose: () => void; onErased: () => unknown;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const matches = typed.trim().replace(/\s+/g, ' ') === name.trim().replace(/\s+/g, ' ');

  const close = () => {
    setTyped('');
    setError(null);
    onClose();
  };
  const erase = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/customers/${customerId}/erase`, { confirm: typed });
      notifications.show({ color: 'teal', message: t('dataRights.erased') });
      setTyped('');
      await onErased();
    } catch (err) {
      setError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={close} title={t('dataRights.eraseTitle')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="sm" data-testid="erase-modal">
        <Alert color="red" icon={<IconAlertTriangle size={18} />}>{t('dataRights.eraseWarning', { name })}</Alert>
        <Text size="sm" fw={600}>{t('dataRights.removedTitle')}</Text>
        <List size="sm" spacing={2}>
          <List.Item>{t('dataRights.removed1')}</List.Item>
          <List.Item>{t('dataRights.removed2')}</List.Item>
          <List.Item>{t('dataRights.removed3')}</List.Item>
        </List>
        <Text size="sm" fw={600}>{t('dataRights.keptTitle')}</Text>
        <List size="sm" spacing={2}>
          <List.Item>{t('dataRights.kept1')}</List.Item>
          <List.Item>{t('dataRights.kept2')}</List.Item>
        </List>
        <Text size="sm" c="dimmed">{t('dataRights.blocked')}</Text>
        <TextInput
          label={t('dataRights.typeName', { name })}
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          data-testid="erase-confirm-name"
          autoComplete="off"
        />
        {error && <Alert color="red" data-testid="erase-error">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
          <Button color="red" disabled={!matches} loading={busy} onClick={() => void erase()} data-testid="erase-submit">{t('dataRights.eraseButton')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
