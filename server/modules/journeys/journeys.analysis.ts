/**
 * The map of a period from events, without the database: customers per stage, conversion to a later stage, median days
 * in a stage, flows between stages, per-touchpoint counts, waits and satisfaction, then pain points and moments of truth.
 */
import { median } from '../../analytics/index.ts';
import type { BaseEvent } from './journeys.events.ts';
import { byCustomer, touchEventsOf, visitsOf, type TouchEvent, type Visit } from './journeys.derive.ts';
import { findMoments, findPainPoints, type LaterAnswer, type Moment, type PainPoint } from './journeys.findings.ts';
import { dropOffCandidates, waitCandidates } from './journeys.flow-findings.ts';
import type { StageDef, TouchpointDef } from './journeys.tables.ts';

const DAY = 86_400_000;
export const BASELINE_DAYS = 365;

export type MapAnalysis = {
  stages: { key: string; customers: number; medianDays: number | null; conversion: number | null; dropOff: number | null }[];
  flows: { from: string; to: string; customers: number }[];
  touchpoints: { key: string; stageKey: string; customers: number; events: number; medianWaitHours: number | null; satisfaction: { metric: string; n: number; unhappyShare: number; mean: number } | null }[];
  painPoints: PainPoint[];
  momentsOfTruth: Moment[];
};

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** `events`: every event from BASELINE_DAYS before `lo` up to `now`, ordered by customer and time. */
export function analyzeMap(def: { stages: StageDef[]; touchpoints: TouchpointDef[] }, events: BaseEvent[], lo: Date, hi: Date, now: Date): MapAnalysis {
  const loT = lo.getTime(), hiT = hi.getTime();
  const inP = (d: Date) => { const t = d.getTime(); return t >= loT && t < hiT; };
  const touchesInPeriod: TouchEvent[] = [];
  const touchesBefore: TouchEvent[] = [];
  const purchases = new Map<string, Date[]>();
  const answers = new Map<string, LaterAnswer[]>();
  const visitsByCustomer = new Map<string, Visit[]>();
  for (const [customerId, list] of byCustomer(events)) {
    const touches = touchEventsOf(list, def.stages, def.touchpoints);
    for (const t of touches) {
      if (inP(t.at)) touchesInPeriod.push(t);
      else if (t.at.getTime() < loT) touchesBefore.push(t);
    }
    const paid = list.filter((e) => e.source === 'invoice' && e.ev === 'paid').map((e) => e.at);
    if (paid.length) purchases.set(customerId, paid);
    const said = list.filter((e) => e.source === 'survey' && e.outcome).map((e) => ({ at: e.at, good: e.outcome === 'good', ref: e.ref }));
    if (said.length) answers.set(customerId, said);
    visitsByCustomer.set(customerId, visitsOf(touches.filter((t) => t.at.getTime() < hiT)));
  }

  const stages = def.stages.map((s, i) => {
    const entered = new Map<string, Date>();
    const days: number[] = [];
    for (const [c, visits] of visitsByCustomer) {
      for (const v of visits) {
        if (v.stageKey !== s.key || !inP(v.enteredAt)) continue;
        if (!entered.has(c)) entered.set(c, v.enteredAt);
        if (v.leftAt) days.push((v.leftAt.getTime() - v.enteredAt.getTime()) / DAY);
      }
    }
    let converted = 0;
    if (i < def.stages.length - 1) {
      for (const [c, at] of entered) if (visitsByCustomer.get(c)!.some((v) => v.stageIndex > i && v.enteredAt > at)) converted++;
    }
    const conversion = i < def.stages.length - 1 && entered.size ? r4(converted / entered.size) : null;
    const md = median(days);
    return { key: s.key, customers: entered.size, medianDays: md === null ? null : Math.round(md * 10) / 10, conversion, dropOff: conversion === null ? null : r4(1 - conversion) };
  });

  const flowCustomers = new Map<string, Set<string>>();
  for (const [c, visits] of visitsByCustomer) {
    for (let k = 1; k < visits.length; k++) {
      if (!inP(visits[k].enteredAt)) continue;
      const key = `${visits[k - 1].stageKey}>${visits[k].stageKey}`;
      (flowCustomers.get(key) ?? flowCustomers.set(key, new Set()).get(key)!).add(c);
    }
  }
  const flows = [...flowCustomers].map(([k, set]) => { const [from, to] = k.split('>'); return { from, to, customers: set.size }; })
    .sort((a, b) => b.customers - a.customers || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));

  const periodByTp = new Map<string, TouchEvent[]>();
  for (const e of touchesInPeriod) (periodByTp.get(e.tp) ?? periodByTp.set(e.tp, []).get(e.tp)!).push(e);
  const touchpoints = def.touchpoints.map((t) => {
    const mine = periodByTp.get(t.key) ?? [];
    const waits = mine.map((e) => e.waitHours).filter((w): w is number => w !== null && Number.isFinite(w));
    const measuring = def.touchpoints.filter((m) => m.rule.source === 'survey' && (m.rule.measures === t.key || m.key === t.key)).map((m) => m.key);
    const answers = measuring.flatMap((k) => periodByTp.get(k) ?? []).filter((e) => e.score !== null);
    const metric = answers[0]?.ev ?? null;
    const same = answers.filter((a) => a.ev === metric);
    const mw = median(waits);
    return {
      key: t.key, stageKey: t.stageKey, customers: new Set(mine.map((e) => e.customerId)).size, events: mine.length,
      medianWaitHours: mw === null ? null : Math.round(mw * 10) / 10,
      satisfaction: metric && same.length ? {
        metric, n: same.length, unhappyShare: r4(same.filter((a) => a.outcome === 'bad').length / same.length),
        mean: Math.round((same.reduce((s, a) => s + (a.score ?? 0), 0) / same.length) * 100) / 100,
      } : null,
    };
  });

  return {
    stages, flows, touchpoints,
    painPoints: findPainPoints(def.touchpoints, touchesInPeriod, touchesBefore,
      [...dropOffCandidates(def.stages, visitsByCustomer, lo, hi, now), ...waitCandidates(def.touchpoints, touchesInPeriod, touchesBefore, now)]),
    momentsOfTruth: findMoments(def.touchpoints, touchesInPeriod, purchases, now, answers),
  };
}
