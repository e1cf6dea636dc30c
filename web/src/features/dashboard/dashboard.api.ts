/** The dashboard's answer (GET /api/dashboard), its query, and the export links. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, buildUrl } from '../../api/client';
import type { Answer } from '../../api/types';
import type { dashboardView, DashboardPeriod } from '../../../../common/dashboard.schemas';

export type Dashboard = Answer<typeof dashboardView>;
export type DashboardParams = {
  period: DashboardPeriod; calendar: 'jalali' | 'gregorian'; from?: string; to?: string;
  segmentId?: string; ownerId?: string; productId?: string; channel?: string;
};

const clean = (q: DashboardParams) => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;

export const useDashboard = (q: DashboardParams) => useQuery({
  queryKey: ['dashboard', q],
  queryFn: ({ signal }) => api.get<Dashboard>('/dashboard', clean(q), { signal }),
  placeholderData: keepPreviousData,
  staleTime: 60_000,
});

/** The figures computed now (the server keeps them up to 15 minutes otherwise), put in place of the kept ones. */
export function useRefreshDashboard(q: DashboardParams) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.get<Dashboard>('/dashboard', { ...clean(q), refresh: 'true' }),
    onSuccess: (data) => client.setQueryData(['dashboard', q], data),
  });
}

/** A plain GET: the session cookie is enough (no CSRF header), so the browser downloads the file itself. */
export const dashboardExportUrl = (q: DashboardParams, format: 'csv' | 'xlsx', lang: 'fa' | 'en') => buildUrl('/dashboard', { ...clean(q), format, lang });
