// Customer journeys (issue 19): stages and touchpoints defined over events other modules already record, each
// customer's path derived from them, and the map of a period with ranked pain points and moments of truth.
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { JobDef } from '../../jobs/queue.ts';
import { JOURNEY_MAP_REFRESH_JOB, keptMapsInUse, refreshKeptMaps } from './journeys.cache.ts';
import { refreshJourneyEvents } from './journeys.refresh.ts';
export { journeys, journeyPainReviews, journeyMapCache, journeyEvents, journeyEventsState } from './journeys.tables.ts';
export { refreshJourneyEvents, EVENTS_OVERLAP_MINUTES, type RefreshResult } from './journeys.refresh.ts';
export { registerJourneyMover } from './journeys.mover.ts';
export { keptAnalysis, refreshKeptMaps, JOURNEY_MAP_REFRESH_JOB, JOURNEY_MAP_REFRESH_CRON, MAP_FRESH_MINUTES } from './journeys.cache.ts';
export { listJourneys, defaultJourney, customerJourney, analyzeJourney, mapReadRange, periodOf } from './journeys.service.ts';
export { analyzeMap, mapAccumulator, BASELINE_DAYS, type MapAnalysis } from './journeys.analysis.ts';
export { streamEvents, streamMap, STREAM_CUSTOMERS } from './journeys.stream.ts';
export { DEFAULT_STAGES, DEFAULT_TOUCHPOINTS } from './journeys.default.ts';
export type { BaseEvent } from './journeys.events.ts';
export { loadEvents, loadSourceEvents } from './journeys.events.ts';
export { painReviewSummary } from './journeys.review-summary.ts';

/**
 * Every MAP_REFRESH_EVERY_MINUTES, while someone reads a journey map (a map kept and read in the last day):
 * journey_events brought up to date (the customers changed since the last refresh), then those maps recomputed from it.
 */
export function journeyJobs(deps: { database: Database; clock: Clock }): JobDef<unknown>[] {
  return [{
    name: JOURNEY_MAP_REFRESH_JOB, schema: z.unknown(),
    handler: async () => {
      // A business nobody opens the map of pays nothing: the first map computed brings journey_events up to date itself.
      if (!(await keptMapsInUse(deps.database.db, deps.clock.now()))) return;
      await refreshJourneyEvents(deps.database.db, deps.clock.now());
      await refreshKeptMaps(deps.database, deps.clock);
    },
  }];
}
