/** Ticket categories (GET /api/support/ticket-categories): the names a category key is shown by, in the user's language. */
import { useCallback } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { usePrefs } from '../../lib/prefs';
import { categoryLabel, type TicketCategoryView } from '../../../../common/ticket-categories.schemas';

export type TicketCategory = TicketCategoryView;
export const CATEGORIES_KEY = ['ticket-categories'] as const;

export const useTicketCategories = () =>
  useQuery({ queryKey: CATEGORIES_KEY, queryFn: () => api.get<{ items: TicketCategory[] }>('/support/ticket-categories'), staleTime: 60_000 });

/**
 * key → its name in the user's language; a key no admin defined (an older free-text category) reads as typed. Null
 * until the list has arrived, so the key never flashes on screen before its name.
 */
export function useCategoryLabel(): (key: string) => string | null {
  const { prefs } = usePrefs();
  const { data, isError } = useTicketCategories();
  return useCallback((key: string) => (data || isError ? categoryLabel(key, data?.items ?? [], prefs.locale) : null), [data, isError, prefs.locale]);
}
