// Reports: sales by Jalali period (best sellers), revenue and win rate by owner, the pipeline now, and quote → invoice
// conversion — read-only, permission-filtered like the records they count, exportable as CSV and XLSX.
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { JobDef } from '../../jobs/queue.ts';
import { DASHBOARD_REFRESH_JOB, refreshKeptDashboards } from './dashboard.kept.ts';
export { salesReport, type SalesReport } from './sales.report.ts';
export { revenueByOwner, winRate } from './team.report.ts';
export { pipelineReport } from './pipeline.report.ts';
export { quoteConversion } from './conversion.report.ts';
export { periodsBetween, periodOf, periodLabel, type Period, type PeriodKind } from './periods.ts';
export { dashboard } from './dashboard.service.ts';
export { keptDashboard, refreshKeptDashboards, DASHBOARD_REFRESH_JOB, DASHBOARD_REFRESH_CRON, DASHBOARD_FRESH_MINUTES } from './dashboard.kept.ts';
export { dashboardCache } from './dashboard.kept.tables.ts';

/** The kept dashboards' refresh (every DASHBOARD_REFRESH_EVERY_MINUTES): the figures read in the last day stay fresh. */
export function reportJobs(deps: { database: Database; clock: Clock }): JobDef<unknown>[] {
  return [{ name: DASHBOARD_REFRESH_JOB, schema: z.unknown(), handler: async () => { await refreshKeptDashboards(deps.database, deps.clock); } }];
}
