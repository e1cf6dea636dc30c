/**
 * The map of a period from events, without the database: customers per stage, conversion to a later stage, median days
 * in a stage, flows between stages, per-touchpoint counts, waits and satisfaction, then pain points and moments of truth.
 * Every statistic is counted customer by customer (mapAccumulator): a customer's events are looked at once, while it
 * is added, and only counts, the numbers of the medians, the customers with a bad outcome and the (rare) hand-over
 * waits are kept — so the map can be computed while the events stream past (journeys.stream.ts).
 */
import type { BaseEvent } from './journeys.events.ts';
import { byCustomer, touchesOf } from './journeys.derive.ts';
import { findMoments, findPainPoints, type Moment, type PainPoint } from './journeys.findings.ts';
import { StageTally, type Flow, type StageStats } from './journeys.stage-tally.ts';
import { TouchTally, type TouchpointStats } from './journeys.touch-tally.ts';
import type { StageDef, TouchpointDef } from './journeys.tables.ts';

export const BASELINE_DAYS = 365;

export type MapAnalysis = {
  stages: StageStats[];
  flows: Flow[];
  touchpoints: TouchpointStats[];
  painPoints: PainPoint[];
  momentsOfTruth: Moment[];
};

export type MapDef = { stages: StageDef[]; touchpoints: TouchpointDef[] };
export type MapAccumulator = {
  /** One customer's events, all of them at once (time order); each customer is added once. */
  add(customerId: string, events: BaseEvent[]): void;
  finish(): MapAnalysis;
};

/** The map counted customer by customer: events from BASELINE_DAYS before `lo` up to `now`. */
export function mapAccumulator(def: MapDef, lo: Date, hi: Date, now: Date): MapAccumulator {
  const stages = new StageTally(def.stages, lo.getTime(), hi.getTime(), now.getTime());
  const touches = new TouchTally(def.touchpoints, lo.getTime(), hi.getTime(), now.getTime());
  let serial = 0;
  return {
    add(customerId, events) {
      const list = touchesOf(events, def.stages, def.touchpoints);
      stages.add(customerId, list);
      touches.add(customerId, serial++, list, events);
    },
    finish() {
      return {
        stages: stages.stageStats(), flows: stages.flowList(), touchpoints: touches.touchpointStats(),
        painPoints: findPainPoints(touches.painCandidates(), [...stages.dropOffCandidates(), ...touches.waitCandidates()]),
        momentsOfTruth: findMoments(touches.momentCounts()),
      };
    },
  };
}

/** `events`: every event from BASELINE_DAYS before `lo` up to `now`, ordered by customer and time. */
export function analyzeMap(def: MapDef, events: BaseEvent[], lo: Date, hi: Date, now: Date): MapAnalysis {
  const acc = mapAccumulator(def, lo, hi, now);
  for (const [customerId, list] of byCustomer(events)) acc.add(customerId, list);
  return acc.finish();
}
