// Customer insights (issue 17): the customer models fitted nightly on the invoices, every buyer's scores stored, the
// latest fit and a customer's scores through the API, as segment fields and as a 360° section.
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { JobDef } from '../../jobs/queue.ts';
import { registerProfileSection } from '../customers/index.ts';
import { refit } from './refit.service.ts';
import { insightsSection } from './insights.query.ts';
import { INSIGHTS_REFIT_RUN_JOB, runQueuedRefit } from './refit-runs.service.ts';
export { modelFits, customerScores, customerScoreHistory, insightRefitRuns } from './insights.tables.ts';
export { INSIGHTS_REFIT_RUN_JOB, queueRefit, failStaleRefitRuns, recoverRefitRuns, runQueuedRefit, getRefitRun, latestRefitRun, type RefitRunView } from './refit-runs.service.ts';
export { HEALTH_THRESHOLDS, recordScoreHistory, type HealthCrossing } from './score-history.ts';
export { refit, fitPurchaseModels, fitSample, FIT_SAMPLE, type RefitOptions, type RefitResult } from './refit.service.ts';
export { latestFit, customerInsights, insightsSection, scoresOf } from './insights.query.ts';
export { readHealthWeights, getHealthWeights, setHealthWeights } from './health-weights.service.ts';
export { slippingCustomers } from './slipping.query.ts';
export { registerInsightSegmentFields } from './insights.segment-fields.ts';
export { registerInsightMover } from './insights.mover.ts';

export const INSIGHTS_REFIT_JOB = 'insights.refit';
/** 02:30 UTC (06:00 in Tehran), after the day's invoices. */
export const INSIGHTS_REFIT_CRON = '30 2 * * *';
export function insightsJobs(deps: { database: Database; clock: Clock }): JobDef<unknown>[] {
  return [
    { name: INSIGHTS_REFIT_JOB, schema: z.unknown(), handler: async () => { await refit(deps.database, deps.clock); } },
    // On demand (POST /api/insights/refit-jobs): the run records its outcome, so a failure is not retried.
    { name: INSIGHTS_REFIT_RUN_JOB, schema: z.object({ runId: z.uuid() }), retryLimit: 0, handler: (d: { runId: string }) => runQueuedRefit(deps.database, deps.clock, d.runId) },
  ] as JobDef<unknown>[];
}

/** The 360° section `insights`. */
export function registerInsightViews(): void {
  registerProfileSection({ key: 'insights', load: (db, actor, customerId) => insightsSection(db, actor, customerId) });
}
