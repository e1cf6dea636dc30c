// Customer journeys (issue 19): stages and touchpoints defined over events other modules already record, each
// customer's path derived from them, and the map of a period with ranked pain points and moments of truth.
export { journeys, journeyPainReviews } from './journeys.tables.ts';
export { listJourneys, defaultJourney, customerJourney, analyzeJourney } from './journeys.service.ts';
export { analyzeMap } from './journeys.analysis.ts';
export { DEFAULT_STAGES, DEFAULT_TOUCHPOINTS } from './journeys.default.ts';
export type { BaseEvent } from './journeys.events.ts';
