/** Lists many screens need (users, teams, roles, custom fields), cached once per session. */
import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { CustomField, Items, Role, Team, User } from './types';

/** Pickers may show a list a minute old; the admin screens that edit these lists always ask again (`fresh`). */
const staleTime = (fresh?: boolean) => (fresh ? 0 : 60_000);

export const useUsers = (fresh?: boolean) => useQuery({ queryKey: ['users'], queryFn: () => api.get<Items<User>>('/users'), staleTime: staleTime(fresh) });
export const useTeams = (fresh?: boolean) => useQuery({ queryKey: ['teams'], queryFn: () => api.get<Items<Team>>('/teams'), staleTime: staleTime(fresh) });
export const useRoles = (fresh?: boolean) => useQuery({ queryKey: ['roles'], queryFn: () => api.get<Items<Role>>('/roles'), staleTime: staleTime(fresh) });
export const useCustomFields = (fresh?: boolean) => useQuery({ queryKey: ['custom-fields'], queryFn: () => api.get<Items<CustomField>>('/custom-fields'), staleTime: staleTime(fresh) });

/** Active fields in display order: what forms and filters show. */
export function useActiveCustomFields(): CustomField[] {
  const { data } = useCustomFields();
  return (data?.items ?? []).filter((f) => f.active).sort((a, b) => a.position - b.position);
}

/** Active users as picker options: whom something can be assigned to or owned by. */
export function useActiveUserOptions(): { value: string; label: string }[] {
  const { data } = useUsers();
  return (data?.items ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }));
}
