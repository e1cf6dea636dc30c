/** Recent merges, each with Undo while its 30 days last: the toast after a merge is not the only way back. */
import { Anchor, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { MergesPage, UndoMergeAnswer } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { useSession } from '../session/session';

export function RecentMerges() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const merges = useQuery({ queryKey: ['duplicates', 'merges'], queryFn: () => api.get<MergesPage>('/customers/merges', { pageSize: 10 }) });
  const undo = useMutation({
    mutationFn: (id: string) => api.post<UndoMergeAnswer>(`/customers/merges/${id}/undo`),
    onSuccess: async (res) => {
      notifications.show({ color: 'teal', message: t('merge.undone', { name: res.loser.displayName }) });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['duplicates'] }),
        queryClient.invalidateQueries({ queryKey: ['customers'] }),
      ]);
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(t, err) }),
  });
  if (!merges.data || merges.data.items.length === 0) return null;
  const mayUndo = can('customers', 'update') && can('customers', 'delete');
  const now = new Date().toISOString();

  return (
    <Paper withBorder p="md" data-testid="recent-merges">
      <Stack gap="xs">
        <Title order={2} size="h5">{t('merge.recentTitle')}</Title>
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs">
            <Table.Tbody>
              {merges.data.items.map((m) => (
                <Table.Tr key={m.id} data-testid="recent-merge">
                  <Table.Td>
                    <Text size="sm">
                      {t('merge.recentLine', { loser: m.loserName })}{' '}
                      <Anchor component={Link} to={`/customers/${m.survivorId}`} size="sm">{m.survivorName}</Anchor>
                    </Text>
                  </Table.Td>
                  <Table.Td><Text size="sm" c="dimmed">{fmt.dateTime(m.at)}</Text></Table.Td>
                  <Table.Td>
                    {m.undoneAt
                      ? <Text size="sm" c="dimmed">{t('merge.undoneAt', { at: fmt.dateTime(m.undoneAt) })}</Text>
                      : m.undoUntil > now && mayUndo && (
                        <Group gap="xs" wrap="nowrap">
                          <Button size="compact-sm" variant="light" leftSection={<IconArrowBackUp size={14} />} loading={undo.isPending && undo.variables === m.id}
                            onClick={() => undo.mutate(m.id)} data-testid="recent-merge-undo">{t('merge.undo')}</Button>
                          <Text size="xs" c="dimmed">{t('merge.undoUntil', { at: fmt.date(m.undoUntil) })}</Text>
                        </Group>
                      )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Paper>
  );
}
