import { useEffect, useState } from 'react';
import { Button, Group, Modal, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { userCreate, userUpdate } from '../../../../common/auth.schemas';
import { api } from '../../api/client';
import type { User } from '../../api/types';
import { useRoles, useTeams } from '../../api/reference';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';

/** Create a user, or edit one (name, role, team, and a new password when resetting it). */
export function UserFormModal({ user, onClose }: { user: User | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const roles = useRoles();
  const teams = useTeams();
  const isNew = user === 'new';
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [roleId, setRoleId] = useState<string | null>(null);
  const [teamId, setTeamId] = useState<string | null>(null);
  const { busy, errors, formError, valid, run, reset } = useFormSubmit();

  useEffect(() => {
    const u = user && user !== 'new' ? user : null;
    setName(u?.name ?? '');
    setEmail(u?.email ?? '');
    setPassword('');
    setRoleId(u?.roleId ?? null);
    setTeamId(u?.teamId ?? null);
    reset();
  }, [user, reset]);

  async function save() {
    const body = isNew
      ? { email, name, password, roleId: roleId ?? '', teamId }
      : { name, roleId: roleId ?? undefined, teamId, ...(password ? { password } : {}) };
    if (!valid((isNew ? userCreate : userUpdate), body)) return;
    await run(async () => {
      if (isNew) await api.post('/users', body);
      else if (user) await api.patch(`/users/${user.id}`, body);
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      notifications.show({ color: 'teal', message: t('admin.userSaved') });
      onClose();
    });
  }

  return (
    <Modal opened={user !== null} onClose={onClose} title={t(isNew ? 'admin.newUser' : 'admin.editUser')}>
      <form onSubmit={submitHandler(save)} noValidate data-testid="user-form">
        <Stack>
          <FormErrorAlert error={formError} />
          <TextInput label={t('admin.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required error={errors.name} data-testid="user-name" />
          <TextInput label={t('admin.email')} value={email} onChange={(e) => setEmail(e.currentTarget.value)} required disabled={!isNew} dir="ltr" type="email" error={errors.email} data-testid="user-email" />
          <Select label={t('admin.role')} data={(roles.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))} value={roleId} onChange={setRoleId} required error={errors.roleId} allowDeselect={false} data-testid="user-role" />
          <Select label={t('admin.team')} data={(teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))} value={teamId} onChange={setTeamId} clearable />
          <PasswordInput
            label={t(isNew ? 'admin.password' : 'admin.resetPassword')}
            description={isNew ? t('admin.passwordHint') : t('admin.resetPasswordHint')}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            required={isNew}
            error={errors.password}
            autoComplete="new-password"
            data-testid="user-password"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy} data-testid="save-user">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
