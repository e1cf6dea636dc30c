/** Server-Sent Events on /api/events: a reminder reaches the bell the moment it is due, not on the next refresh. */
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import type { AppNotification } from '../../api/types';
import { subscribeServerEvent } from '../../lib/event-stream';

export function useLiveNotifications() {
  const queryClient = useQueryClient();
  useEffect(() => subscribeServerEvent('notification', (event) => {
    void queryClient.invalidateQueries({ queryKey: ['notifications'] });
    void queryClient.invalidateQueries({ queryKey: ['tasks'] });
    try {
      const n = JSON.parse(event.data) as AppNotification;
      notifications.show({ title: n.title, message: n.body ?? '', color: 'cyan', autoClose: 8000 });
    } catch {
      // A malformed event still refreshed the list; nothing else to show.
    }
  }), [queryClient]);
}
