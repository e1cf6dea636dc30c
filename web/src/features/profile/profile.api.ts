/** Queries and cache keys of the customer 360° view. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Profile } from '../../api/types';

export const profileKey = (id: string) => ['customer', id];

export const useProfile = (id: string) =>
  useQuery({ queryKey: profileKey(id), queryFn: () => api.get<Profile>(`/customers/${id}`, { timelineLimit: 1 }) });

/** After any change on the profile, every part of it (header, promises, timeline, audit) is stale. */
export function useRefreshProfile(id: string) {
  const queryClient = useQueryClient();
  return () => Promise.all([
    queryClient.invalidateQueries({ queryKey: profileKey(id) }),
    queryClient.invalidateQueries({ queryKey: ['timeline', id] }),
    queryClient.invalidateQueries({ queryKey: ['audit', id] }),
    queryClient.invalidateQueries({ queryKey: ['tasks'] }),
    queryClient.invalidateQueries({ queryKey: ['customers'] }),
  ]);
}
