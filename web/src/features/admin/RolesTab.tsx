import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Group, Modal, NavLink, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLock, IconPlus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { RolePermissions } from '../../../../common/permissions';
import { roleCreate } from '../../../../common/auth.schemas';
import { api } from '../../api/client';
import type { Role } from '../../api/types';
import { useRoles } from '../../api/reference';
import { errorMessage } from '../../lib/errors';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import { ErrorState, LoadingState } from '../../components/States';
import { useSession } from '../session/session';
import { PermissionsMatrix } from './PermissionsMatrix';

export function RolesTab() {
  const { t } = useTranslation();
  const { can, refresh: refreshSession } = useSession();
  const queryClient = useQueryClient();
  const roles = useRoles(true);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [permissions, setPermissions] = useState<RolePermissions>({});
  const [name, setName] = useState('');
  const [saving, setSaving] = useState(false);
  const [creating, setCreating] = useState(false);
  const selected = roles.data?.items.find((r) => r.id === selectedId) ?? roles.data?.items[0];
  const editable = can('roles', 'update');

  useEffect(() => {
    if (selected) {
      setPermissions(selected.permissions);
      setName(selected.name);
    }
  }, [selected]);

  async function save() {
    if (!selected) return;
    setSaving(true);
    try {
      await api.patch<Role>(`/roles/${selected.id}`, { name, permissions });
      await queryClient.invalidateQueries({ queryKey: ['roles'] });
      // The admin may have changed their own role.
      await refreshSession();
      notifications.show({ color: 'teal', message: t('roles.saved') });
    } catch (err) {
      notifications.show({ color: 'red', message: errorMessage(t, err) });
    } finally {
      setSaving(false);
    }
  }

  if (roles.isPending) return <LoadingState />;
  if (roles.isError) return <ErrorState error={roles.error} onRetry={() => void roles.refetch()} />;
  const dirty = selected && (name !== selected.name || JSON.stringify(permissions) !== JSON.stringify(selected.permissions));

  return (
    <SimpleGrid cols={{ base: 1, md: 4 }} spacing="md">
      <Paper withBorder p={4} radius="md" style={{ alignSelf: 'start' }}>
        {roles.data.items.map((r) => (
          <NavLink
            key={r.id}
            label={r.name}
            description={r.key}
            active={r.id === selected?.id}
            onClick={() => setSelectedId(r.id)}
            rightSection={r.builtIn ? <IconLock size={14} aria-label={t('roles.builtIn')} /> : null}
            data-testid={`role-${r.key}`}
          />
        ))}
        {can('roles', 'create') && (
          <Button variant="subtle" fullWidth leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)} mt={4}>{t('roles.new')}</Button>
        )}
      </Paper>
      {selected && (
        <Stack style={{ gridColumn: 'span 3' }} gap="sm">
          <Group justify="space-between" align="flex-end">
            <TextInput label={t('roles.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} disabled={!editable} />
            <Group gap="xs">
              {selected.builtIn && <Badge variant="light" color="gray">{t('roles.builtIn')}</Badge>}
              {editable && <Button onClick={() => void save()} loading={saving} disabled={!dirty || !name.trim()} data-testid="save-role">{t('common.save')}</Button>}
            </Group>
          </Group>
          {selected.key === 'admin' && <Alert color="yellow" variant="light">{t('roles.adminWarning')}</Alert>}
          <Title order={3} size="h6">{t('roles.matrix')}</Title>
          <PermissionsMatrix value={permissions} onChange={setPermissions} disabled={!editable} />
          <Text size="xs" c="dimmed">{t('roles.scopeHint')}</Text>
        </Stack>
      )}
      <NewRoleModal opened={creating} onClose={() => setCreating(false)} onCreated={(id) => setSelectedId(id)} />
    </SimpleGrid>
  );
}

function NewRoleModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  // No form-level alert here: an error without a field is shown under the key.
  const { busy, errors, valid, run } = useFormSubmit({
    mapErrors: (fields, err) => (Object.keys(fields).length ? fields : { key: errorMessage(t, err) }),
  });

  async function create() {
    const body = { key, name, permissions: { customers: { ops: ['read'], scope: 'all' } } };
    if (!valid(roleCreate, body)) return;
    await run(async () => {
      const role = await api.post<Role>('/roles', body);
      await queryClient.invalidateQueries({ queryKey: ['roles'] });
      onCreated(role.id);
      setKey('');
      setName('');
      onClose();
    });
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('roles.new')}>
      <form onSubmit={submitHandler(create)} noValidate>
        <Stack>
          <TextInput label={t('roles.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required error={errors.name} />
          <TextInput label={t('roles.key')} description={t('roles.keyHint')} value={key} onChange={(e) => setKey(e.currentTarget.value)} required dir="ltr" error={errors.key} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy}>{t('common.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
