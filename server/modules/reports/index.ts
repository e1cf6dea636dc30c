// Reports: sales by Jalali period (best sellers), revenue and win rate by owner, the pipeline now, and quote → invoice
// conversion — read-only, permission-filtered like the records they count, exportable as CSV and XLSX.
export { salesReport, type SalesReport } from './sales.report.ts';
export { revenueByOwner, winRate } from './team.report.ts';
export { pipelineReport } from './pipeline.report.ts';
export { quoteConversion } from './conversion.report.ts';
export { periodsBetween, periodOf, periodLabel, type Period, type PeriodKind } from './periods.ts';
export { dashboard } from './dashboard.service.ts';
