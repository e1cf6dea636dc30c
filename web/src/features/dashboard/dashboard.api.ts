/** The dashboard's answer (GET /api/dashboard), its query, and the export links. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
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

/** A plain GET: the session cookie is enough (no CSRF header), so the browser downloads the file itself. */
export const dashboardExportUrl = (q: DashboardParams, format: 'csv' | 'xlsx', lang: 'fa' | 'en') => buildUrl('/dashboard', { ...clean(q), format, lang });
