/**
 * Customer analytics: pure models, no database (the caller reads rows and stores results). See docs/decisions.md,
 * "Customer models", for the formulas and rules, and docs/benchmarks.md for fit times.
 */
export { calibrationSummary, dayNumber, calendarWeek, type CalibrationSummary, type CustomerSummary, type SummaryOptions, type Transaction } from './summary.ts';
export {
  DEFAULT_SEGMENT_CONFIG, RFM_SEGMENTS, quantileScores, rfmScores, rfmSummary, segmentOf,
  type RfmScored, type RfmScoreOptions, type RfmSegment, type RfmSummaryOptions, type RfmValues, type SegmentConfig,
} from './rfm.ts';
export {
  bgnbdConditionalExpected, bgnbdExpected, bgnbdLogLikelihood, bgnbdPAlive, fitBgNbd, type BgNbdFit, type BgNbdParams,
} from './bgnbd.ts';
export {
  fitParetoNbd, paretoNbdConditionalExpected, paretoNbdExpected, paretoNbdLogLikelihood, paretoNbdPAlive,
  type ParetoNbdFit, type ParetoNbdParams,
} from './pareto-nbd.ts';
export {
  fitGammaGamma, gammaGammaExpectedSpend, gammaGammaLogLikelihood, type GammaGammaFit, type GammaGammaParams, type SpendRow,
} from './gamma-gamma.ts';
export {
  bgnbdModel, fitPurchaseModel, paretoModel, rulesModel,
  type FittedPurchaseModel, type History, type ModelName, type PurchaseModel,
} from './purchase-model.ts';
export {
  chooseModel, discountedClv, expectedTimeToNextPurchase, fitSpend, holdoutReport, modelFigures, scoreCustomers,
  type ClvOptions, type CustomerScore, type ModelFigures, type HoldoutBin, type HoldoutReport, type ModelChoice, type ModelChoiceOptions,
  type ScoreOptions,
} from './clv.ts';
export { rfData, type FitInfo, type RfData } from './rf-data.ts';
export { apriori, associationRules, itemsetKey, type AprioriOptions, type FrequentItemsets, type Itemset, type Rule, type RuleOptions } from './basket.ts';
export {
  itemSimilarity, nextBestOffers, type CustomerForOffers, type Neighbour, type Offer, type OfferOptions, type OfferReason,
} from './offers.ts';
export { simulateBgNbd, seededRandom, gammaSample, type SimulateOptions, type SimulatedCustomer } from './simulate.ts';
export {
  DEFAULT_HEALTH_WEIGHTS, band, churnRisk, healthScore, thresholdCrossing,
  type ChurnOptions, type ChurnReason, type ChurnReasonCode, type ChurnSignals, type HealthGroup, type HealthInputs,
  type HealthPart, type HealthWeights,
} from './churn-health.ts';
export { compareProportions, isFinding, isTestable, median, normalCdf, wilson, JOURNEY_RULES, type Comparison } from './journey-stats.ts';
