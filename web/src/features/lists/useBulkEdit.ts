/** Sends a bulk edit, then shows "N updated — Undo"; either way the list is read again. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useFormat } from '../../lib/format';
import { showUndoToast } from './undo-toast';

type Answer = { updated: number; undoToken: string | null };

type Path = '/customers/bulk' | '/tickets/bulk' | '/deals/bulk' | '/tasks/bulk' | '/documents/bulk' | '/contracts/bulk';
type MessageKey = 'lists.updatedCustomers' | 'lists.updatedTickets' | 'lists.updatedDeals' | 'lists.updatedTasks' | 'lists.updatedDocuments' | 'lists.updatedContracts';

export function useBulkEdit(path: Path, listKey: string, messageKey: MessageKey, onDone: () => void) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: [listKey] });
  return useMutation({
    mutationFn: (body: { action: string; ids: string[]; value: unknown; lostReason?: string }) => api.post<Answer>(path, body),
    onSuccess: (res) => {
      onDone();
      void refresh();
      if (!res.updated) { notifications.show({ message: t('lists.nothingChanged') }); return; }
      showUndoToast(t, t(messageKey, { n: fmt.number(res.updated), count: res.updated }), res.undoToken ? async () => {
        await api.post(`${path}/undo`, { undoToken: res.undoToken });
        await refresh();
      } : null);
    },
    onError: (err: Error) => notifications.show({ color: 'red', message: t('lists.bulkFailed', { message: err.message }) }),
  });
}
