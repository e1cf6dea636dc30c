import { ActionIcon, Anchor, Badge, Button, Group, Indicator, Popover, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { api } from '../../api/client';
import type { AppNotification, NotificationList } from '../../api/types';
import { useFormat } from '../../lib/format';
import { ErrorState, LoadingState } from '../../components/States';
import { useLiveNotifications } from './useLiveNotifications';
import { UserText } from '../../components/UserText';

export const NOTIFICATIONS_KEY = ['notifications'];

export function NotificationBell() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const list = useQuery({ queryKey: NOTIFICATIONS_KEY, queryFn: () => api.get<NotificationList>('/notifications') });
  useLiveNotifications();

  const refresh = () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
  const markRead = useMutation({ mutationFn: (id: string) => api.post(`/notifications/${id}/read`), onSuccess: refresh });
  const markAll = useMutation({ mutationFn: () => api.post('/notifications/read-all'), onSuccess: refresh });

  const open = (n: AppNotification) => {
    if (!n.readAt) markRead.mutate(n.id);
    setOpened(false);
    if (n.link) navigate(n.link);
  };
  const unread = list.data?.unread ?? 0;

  return (
    <Popover width={340} position="bottom-end" shadow="md" opened={opened} onChange={setOpened} withinPortal>
      <Popover.Target>
        <Indicator disabled={!unread} label={fmt.number(unread)} size={16} offset={4} color="red">
          <ActionIcon variant="subtle" color="gray" size="lg" onClick={() => setOpened((o) => !o)} aria-label={t('notifications.open', { count: unread })} data-testid="notification-bell">
            <IconBell size={20} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p="xs">
        <Group justify="space-between" mb="xs" px={4}>
          <Text fw={600} size="sm">{t('notifications.title')}</Text>
          {unread > 0 && <Button variant="subtle" size="compact-xs" onClick={() => markAll.mutate()}>{t('notifications.markAll')}</Button>}
        </Group>
        {list.isPending && <LoadingState />}
        {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
        {list.data && list.data.items.length === 0 && <Text c="dimmed" size="sm" ta="center" py="md">{t('notifications.empty')}</Text>}
        {list.data && list.data.items.length > 0 && (
          <ScrollArea.Autosize mah={380}>
            <Stack gap={2}>
              {list.data.items.map((n) => (
                <UnstyledButton key={n.id} onClick={() => open(n)} p={6} style={{ borderRadius: 6, background: n.readAt ? undefined : 'var(--mantine-color-cyan-0)' }} data-testid="notification-item">
                  <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                    <Text size="sm" fw={n.readAt ? 400 : 600}><UserText>{n.title}</UserText></Text>
                    {!n.readAt && <Badge size="xs" variant="dot">{t('notifications.new')}</Badge>}
                  </Group>
                  {n.body && <Text size="xs" c="dimmed" lineClamp={2}><UserText>{n.body}</UserText></Text>}
                  <Text size="xs" c="dimmed">{fmt.dateTime(n.createdAt)}</Text>
                </UnstyledButton>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
        <Anchor component="button" size="xs" mt="xs" onClick={() => { setOpened(false); navigate('/tasks'); }}>{t('notifications.toTasks')}</Anchor>
      </Popover.Dropdown>
    </Popover>
  );
}
