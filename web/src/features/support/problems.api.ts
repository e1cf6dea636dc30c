/** Recurring problems: stored groups, people's decisions on them, and the by-product report (server/modules/support/problems.service.ts). */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { TicketStatus } from './tickets.api';

export type RecurringProblem = {
  id: string; key: string; label: string; terms: string[]; confirmed: boolean; count: number; openCount: number; customers: number;
  products: { id: string; name: string; count: number }[]; avgResolutionHours: number | null;
  /** Tickets per week, oldest first; the last entry is the seven days ending now. */
  trend: number[]; lastWeek: number;
  examples: { id: string; number: number; subject: string; status: TicketStatus; createdAt: string }[];
};
export type RecurringProblems = {
  items: RecurringProblem[]; ticketsGrouped: number; ungrouped: number; truncated: boolean; days: number;
  /** When the tickets were last regrouped (null: never). */
  groupedAt: string | null; alertThreshold: number; thisWeekFrom: string;
};
export type ProblemTicket = { id: string; number: number; subject: string; status: TicketStatus; productName: string | null; createdAt: string };
export type ProblemDetail = RecurringProblem & { tickets: ProblemTicket[] };
export type ProductProblems = {
  productId: string; productName: string; tickets: number; open: number; ungrouped: number;
  problems: { id: string; label: string; count: number; share: number }[];
};

export const useRecurringProblems = (days: number) =>
  useQuery({
    queryKey: ['tickets', 'problems', days],
    queryFn: ({ signal }) => api.get<RecurringProblems>('/support/problems', { days, minCount: 2 }, { signal }),
    placeholderData: (prev) => prev,
  });

export const useProblemDetail = (id: string | null) =>
  useQuery({
    queryKey: ['tickets', 'problem', id],
    queryFn: ({ signal }) => api.get<ProblemDetail>(`/support/problem-groups/${id}`, undefined, { signal }),
    enabled: id !== null,
  });

export const useProblemsByProduct = (days: number, enabled: boolean) =>
  useQuery({
    queryKey: ['tickets', 'problems-by-product', days],
    queryFn: ({ signal }) => api.get<{ items: ProductProblems[] }>('/support/problems/by-product', { days, top: 5 }, { signal }),
    enabled,
    placeholderData: (prev) => prev,
  });

/** Every problem query (and tickets, which show their problem) is stale after a decision. */
export function useRefreshProblems() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ['tickets'] });
}
