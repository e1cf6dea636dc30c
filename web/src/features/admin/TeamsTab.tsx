import { useState } from 'react';
import { Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useTeams, useUsers } from '../../api/reference';
import { errorMessage } from '../../lib/errors';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';

export function TeamsTab() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const teams = useTeams(true);
  const users = useUsers(true);
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => api.post('/teams', { name: name.trim() }),
    onSuccess: () => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: ['teams'] });
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(t, err) }),
  });

  return (
    <Stack gap="sm" maw={560}>
      <form onSubmit={(e) => { e.preventDefault(); if (name.trim()) create.mutate(); }}>
        <Group align="flex-end" wrap="nowrap">
          <TextInput style={{ flex: 1 }} label={t('admin.newTeam')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <Button type="submit" leftSection={<IconPlus size={16} />} loading={create.isPending} disabled={!name.trim()}>{t('common.add')}</Button>
        </Group>
      </form>
      {teams.isPending && <LoadingState />}
      {teams.isError && <ErrorState error={teams.error} onRetry={() => void teams.refetch()} />}
      {teams.data?.items.length === 0 && <EmptyState title={t('admin.noTeams')} hint={t('admin.noTeamsHint')} />}
      {teams.data?.items.map((team) => {
        const members = (users.data?.items ?? []).filter((u) => u.teamId === team.id).length;
        return (
          <Paper key={team.id} withBorder p="sm" radius="md">
            <Group justify="space-between">
              <Text fw={600}>{team.name}</Text>
              <Text size="sm" c="dimmed">{t('admin.memberCount', { n: members, count: members })}</Text>
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}
