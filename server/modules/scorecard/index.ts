// The customer-centricity scorecard (issue 20): the seed article's closing checklist scored from live data.
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { JobDef } from '../../jobs/queue.ts';
import { SCORECARD_MONTHLY_JOB, storeFinishedMonths } from './scorecard.service.ts';
export { scorecard, assertCanReadScorecard, storeFinishedMonths, SCORECARD_MONTHLY_JOB, SCORECARD_MONTHLY_CRON } from './scorecard.service.ts';
export { scorecardSnapshots } from './scorecard.tables.ts';
export { setScorecardReviewSource, type ReviewSource } from './scorecard.query.ts';
export { scoreItems, overall, type Signals } from './scorecard.score.ts';

/** The monthly snapshot job (idempotent: a stored month is never written again). */
export function scorecardJobs(deps: { database: Database; clock: Clock }): JobDef<unknown>[] {
  return [{ name: SCORECARD_MONTHLY_JOB, schema: z.unknown(), handler: async () => { await storeFinishedMonths(deps.database, deps.clock); } }];
}
