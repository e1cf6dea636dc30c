/** The reports' shapes (as /api/reports/* return them), their queries, and the export links. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, buildUrl, type Query } from '../../api/client';

export type PeriodKind = 'month' | 'season' | 'year';
export type GroupBy = 'product' | 'category';
export type Range = { from: string; to: string };

export type SalesItem = { rank: number; key: string | null; code: string | null; name: string; nameEn: string | null; category: string | null; quantity: string; revenue: string };
export type SalesPeriod = { key: string; year: number; index: number; start: string; stop: string; revenue: string; quantity: string; groups: number; items: SalesItem[] };
export type SalesReport = { groupBy: GroupBy; period: PeriodKind; from: string; to: string; top: number; total: { revenue: string; quantity: string }; periods: SalesPeriod[] };

export type OwnerRevenue = { ownerId: string | null; ownerName: string | null; invoiced: string; invoices: number; creditNotes: number; paid: string; payments: number };
export type RevenueReport = { from: string; to: string; owners: OwnerRevenue[]; total: { invoiced: string; paid: string; invoices: number; payments: number } };

export type PipelineStage = { id: string; name: string; position: number; probability: number; count: number; amount: string; weightedAmount: string };
export type PipelineReport = {
  pipeline: { id: string; name: string; isDefault: boolean } | null; pipelines: { id: string; name: string; isDefault: boolean }[];
  stages: PipelineStage[]; total: { count: number; amount: string; weightedAmount: string };
};

export type WinRateRow = { ownerId: string | null; ownerName: string | null; won: number; lost: number; wonAmount: string; rate: number | null };
export type WinRateReport = { from: string; to: string; total: Omit<WinRateRow, 'ownerId' | 'ownerName'>; owners: WinRateRow[]; lostReasons: { reason: string; count: number }[] };

export type ConversionRow = {
  ownerId: string | null; ownerName: string | null; sent: number; accepted: number; rejected: number; expired: number; invoiced: number;
  sentAmount: string; invoicedAmount: string; acceptedPct: number | null; invoicedPct: number | null;
};
export type ConversionReport = { from: string; to: string; total: Omit<ConversionRow, 'ownerId' | 'ownerName'> & { invoicedOfAcceptedPct: number | null }; owners: ConversionRow[] };

export const REPORT_PATHS = {
  sales: '/reports/sales', revenue: '/reports/revenue-by-owner', pipeline: '/reports/pipeline', winRate: '/reports/win-rate', conversion: '/reports/quote-conversion',
} as const;
export type ReportName = keyof typeof REPORT_PATHS;

function useReport<T>(name: ReportName, query: Query) {
  return useQuery({
    queryKey: ['reports', name, query],
    queryFn: ({ signal }) => api.get<T>(REPORT_PATHS[name], query, { signal }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export const useSalesReport = (q: Range & { groupBy: GroupBy; period: PeriodKind; top: number }) => useReport<SalesReport>('sales', q);
export const useRevenueReport = (q: Range) => useReport<RevenueReport>('revenue', q);
export const usePipelineReport = (q: { pipelineId?: string }) => useReport<PipelineReport>('pipeline', q);
export const useWinRateReport = (q: Range) => useReport<WinRateReport>('winRate', q);
export const useConversionReport = (q: Range) => useReport<ConversionReport>('conversion', q);

/** The download address of a report as CSV or XLSX (a plain GET: the session cookie is enough, no CSRF header). */
export const exportUrl = (name: ReportName, query: Query, format: 'csv' | 'xlsx', lang: 'fa' | 'en') => buildUrl(REPORT_PATHS[name], { ...query, format, lang });
