/** The reports' shapes (as /api/reports/* return them), their queries, and the export links. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, buildUrl, type Query } from '../../api/client';
import type { Answer } from '../../api/types';
import type {
  salesItemView, salesPeriodView, salesReportView, ownerRevenueView, revenueReportView, pipelineStageTotals, pipelineReportView, winRateRow,
  winRateReportView, conversionRow, conversionReportView,
} from '../../../../common/reports.schemas';

export type PeriodKind = 'month' | 'season' | 'year';
export type GroupBy = 'product' | 'category';
export type Range = { from: string; to: string };

export type SalesItem = Answer<typeof salesItemView>;
export type SalesPeriod = Answer<typeof salesPeriodView>;
export type SalesReport = Answer<typeof salesReportView>;
export type OwnerRevenue = Answer<typeof ownerRevenueView>;
export type RevenueReport = Answer<typeof revenueReportView>;
export type PipelineStage = Answer<typeof pipelineStageTotals>;
export type PipelineReport = Answer<typeof pipelineReportView>;
export type WinRateRow = Answer<typeof winRateRow>;
export type WinRateReport = Answer<typeof winRateReportView>;
export type ConversionRow = Answer<typeof conversionRow>;
export type ConversionReport = Answer<typeof conversionReportView>;

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

export const useSalesReport = (q: Range & { groupBy: GroupBy; period: PeriodKind; calendar: 'jalali' | 'gregorian'; top: number }) => useReport<SalesReport>('sales', q);
export const useRevenueReport = (q: Range) => useReport<RevenueReport>('revenue', q);
export const usePipelineReport = (q: { pipelineId?: string }) => useReport<PipelineReport>('pipeline', q);
export const useWinRateReport = (q: Range) => useReport<WinRateReport>('winRate', q);
export const useConversionReport = (q: Range) => useReport<ConversionReport>('conversion', q);

/** The download address of a report as CSV or XLSX (a plain GET: the session cookie is enough, no CSRF header). */
export const exportUrl = (name: ReportName, query: Query, format: 'csv' | 'xlsx', lang: 'fa' | 'en') => buildUrl(REPORT_PATHS[name], { ...query, format, lang });
