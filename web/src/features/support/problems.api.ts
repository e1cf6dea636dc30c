/** Recurring problems: stored groups, people's decisions on them, and the by-product report (server/modules/support/problems.service.ts). */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Answer } from '../../api/types';
import type { recurringProblemView, recurringProblemsView, problemDetail, problemsByProductView, problemsRegrouped } from '../../../../common/support.schemas';

/** Tickets per week in `trend`: oldest first; the last entry is the seven days ending now. */
export type RecurringProblem = Answer<typeof recurringProblemView>;
export type RecurringProblems = Answer<typeof recurringProblemsView>;
export type ProblemDetail = Answer<typeof problemDetail>;
export type ProblemTicket = ProblemDetail['tickets'][number];
export type ProductProblems = Answer<typeof problemsByProductView>['items'][number];
/** POST /api/support/problems/regroup: what the regrouping did. */
export type RegroupResult = Answer<typeof problemsRegrouped>;

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
