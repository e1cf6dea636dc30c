// Customer journeys (issue 19): stages and touchpoints defined over events other modules already record, each
// customer's path derived from them, and the map of a period with ranked pain points and moments of truth.
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { JobDef } from '../../jobs/queue.ts';
import { JOURNEY_MAP_REFRESH_JOB, refreshKeptMaps } from './journeys.cache.ts';
export { journeys, journeyPainReviews, journeyMapCache } from './journeys.tables.ts';
export { keptAnalysis, refreshKeptMaps, JOURNEY_MAP_REFRESH_JOB, JOURNEY_MAP_REFRESH_CRON, MAP_FRESH_MINUTES } from './journeys.cache.ts';
export { listJourneys, defaultJourney, customerJourney, analyzeJourney } from './journeys.service.ts';
export { analyzeMap } from './journeys.analysis.ts';
export { DEFAULT_STAGES, DEFAULT_TOUCHPOINTS } from './journeys.default.ts';
export type { BaseEvent } from './journeys.events.ts';
export { painReviewSummary } from './journeys.review-summary.ts';

/** The kept maps' refresh (every MAP_REFRESH_EVERY_MINUTES): the maps read in the last day stay fresh. */
export function journeyJobs(deps: { database: Database; clock: Clock }): JobDef<unknown>[] {
  return [{ name: JOURNEY_MAP_REFRESH_JOB, schema: z.unknown(), handler: async () => { await refreshKeptMaps(deps.database, deps.clock); } }];
}
