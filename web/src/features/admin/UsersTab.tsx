import { useState } from 'react';
import { Badge, Button, Group, Stack, Switch, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { User } from '../../api/types';
import { useRoles, useTeams, useUsers } from '../../api/reference';
import { errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { Ltr } from '../../components/Ltr';
import { ListTable } from '../../components/ListTable';
import { EmptyState, QueryStates } from '../../components/States';
import { useMe } from '../session/session';
import { UserFormModal } from './UserFormModal';

export function UsersTab() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useMe();
  const queryClient = useQueryClient();
  const users = useUsers(true);
  const roles = useRoles(true);
  const teams = useTeams(true);
  const [editing, setEditing] = useState<User | 'new' | null>(null);

  const toggleActive = useMutation({
    mutationFn: (u: User) => api.patch<User>(`/users/${u.id}`, { active: !u.active }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(t, err) }),
  });

  const roleName = (id: string) => roles.data?.items.find((r) => r.id === id)?.name ?? '—';
  const teamName = (id: string | null) => (id ? teams.data?.items.find((x) => x.id === id)?.name ?? '—' : '—');

  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="new-user">{t('admin.newUser')}</Button>
      </Group>
      <QueryStates query={users} isEmpty={users.data?.items.length === 0} empty={<EmptyState title={t('admin.noUsers')} hint={t('admin.noUsersHint')} />} />
      {users.data && users.data.items.length > 0 && (
        <ListTable
          columns={[t('admin.name'), t('admin.email'), t('admin.role'), t('admin.team'), t('admin.lastLogin'), t('admin.active')]}
          minWidth={720}
          highlightOnHover
          testId="users-table"
        >
          {users.data.items.map((u) => (
            <Table.Tr key={u.id}>
              <Table.Td><Text size="sm" fw={600}>{u.name}</Text></Table.Td>
              <Table.Td><Text size="sm"><Ltr>{u.email}</Ltr></Text></Table.Td>
              <Table.Td><Badge variant="light">{roleName(u.roleId)}</Badge></Table.Td>
              <Table.Td><Text size="sm">{teamName(u.teamId)}</Text></Table.Td>
              <Table.Td><Text size="sm">{u.lastLoginAt ? fmt.dateTime(u.lastLoginAt) : '—'}</Text></Table.Td>
              <Table.Td>
                {u.id === me.user.id ? (
                  // Nobody may lock themselves out; a disabled switch would look like "inactive".
                  <Badge variant="light" color="teal">{t('admin.you')}</Badge>
                ) : (
                  <Switch
                    checked={u.active}
                    onChange={() => toggleActive.mutate(u)}
                    aria-label={t(u.active ? 'admin.deactivate' : 'admin.activate', { name: u.name })}
                  />
                )}
              </Table.Td>
              <Table.Td>
                <Button size="compact-sm" variant="subtle" leftSection={<IconPencil size={14} />} onClick={() => setEditing(u)}>{t('common.edit')}</Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}
      <UserFormModal user={editing} onClose={() => setEditing(null)} />
    </Stack>
  );
}
