/**
 * Changing one's own password (from the user menu): the current one, the new one twice. The server refuses weak
 * passwords with a reason shown beside the field, signs out every other device and renews this browser's session.
 */
import { useEffect, useState } from 'react';
import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { passwordChange } from '../../../../common/auth.schemas';
import { api, setCsrfToken } from '../../api/client';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import { useSession } from '../session/session';

export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const { busy, errors, setErrors, formError, valid, run, reset } = useFormSubmit();

  useEffect(() => {
    if (!opened) return;
    setCurrent('');
    setNew('');
    setConfirm('');
    reset();
  }, [opened, reset]);

  async function save() {
    const body = { currentPassword, newPassword };
    if (!valid(passwordChange, body)) return;
    if (confirm !== newPassword) {
      setErrors({ confirm: t('account.mismatch') });
      return;
    }
    await run(async () => {
      // The server ends every session of ours and opens a new one for this browser (new cookie, new CSRF token).
      const res = await api.post<{ csrfToken: string }>('/auth/password', body);
      setCsrfToken(res.csrfToken);
      await refresh();
      notifications.show({ color: 'teal', message: t('account.changed') });
      onClose();
    });
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('account.title')}>
      <form onSubmit={submitHandler(save)} noValidate data-testid="password-form">
        <Stack>
          <FormErrorAlert error={formError} testId="password-form-error" />
          <PasswordInput label={t('account.current')} value={currentPassword} onChange={(e) => setCurrent(e.currentTarget.value)} required
            error={errors.currentPassword} autoComplete="current-password" data-testid="password-current" />
          <PasswordInput label={t('account.new')} value={newPassword} onChange={(e) => setNew(e.currentTarget.value)} required
            error={errors.newPassword} autoComplete="new-password" data-testid="password-new" />
          <PasswordInput label={t('account.confirm')} value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} required
            error={errors.confirm} autoComplete="new-password" data-testid="password-confirm" />
          <Text size="sm" c="dimmed">{t('account.hint')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy} data-testid="password-save">{t('account.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
