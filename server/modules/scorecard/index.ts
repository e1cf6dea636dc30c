// The customer-centricity scorecard (issue 20): the seed article's closing checklist scored from live data.
export { scorecard, assertCanReadScorecard } from './scorecard.service.ts';
export { setScorecardReviewSource, type ReviewSource } from './scorecard.query.ts';
export { scoreItems, overall, type Signals } from './scorecard.score.ts';
