/** A list's columns for this user: shown ones in order, saved on the server (per user, per list), with the list's default until then. */
import { useCallback, useMemo } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { ListKey } from '../../../../common/lists.schemas';

type Pref = { list: ListKey; columns: string[] | null };

export function useListColumns(list: ListKey, available: string[], defaults: string[]) {
  const qc = useQueryClient();
  const key = ['list-preferences', list];
  const pref = useQuery({ queryKey: key, queryFn: () => api.get<Pref>(`/list-preferences/${list}`), staleTime: 5 * 60_000 });
  const save = useMutation({
    mutationFn: (columns: string[]) => api.put<Pref>(`/list-preferences/${list}`, { columns }),
    onMutate: (columns) => qc.setQueryData<Pref>(key, { list, columns }),
    onSettled: () => void qc.invalidateQueries({ queryKey: key }),
  });
  // Columns the list no longer offers are dropped; at least one column stays.
  const columns = useMemo(() => {
    const chosen = (pref.data?.columns ?? defaults).filter((c) => available.includes(c));
    return chosen.length ? chosen : defaults;
  }, [pref.data, available, defaults]);
  const setColumns = useCallback((next: string[]) => save.mutate(next), [save]);
  return { columns, setColumns, ready: !pref.isPending };
}
