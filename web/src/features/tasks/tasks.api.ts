import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { TaskUpdate } from '../../../../common/activity.schemas';
import { api } from '../../api/client';
import type { Task } from '../../api/types';
import { errorMessage } from '../../lib/errors';

/** Any task change can move it between buckets, counters and profiles, so all of those refresh. */
export function useUpdateTask() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: Partial<TaskUpdate> }) => api.patch<Task>(`/tasks/${id}`, patch),
    onSuccess: () => Promise.all([
      queryClient.invalidateQueries({ queryKey: ['tasks'] }),
      queryClient.invalidateQueries({ queryKey: ['customer'] }),
      queryClient.invalidateQueries({ queryKey: ['timeline'] }),
    ]),
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(t, err) }),
  });
}
