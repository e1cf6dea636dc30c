/**
 * The stage side of the map, counted customer by customer (journeys.accumulator.ts): customers entering each stage in
 * the period, those reaching a later stage, days in a stage, flows between stages (distinct customers), and the
 * drop-off counts of journeys.flow-findings.ts. A customer's stage visits are held only while the customer is added.
 */
import type { Touch } from './journeys.derive.ts';
import type { StageDef } from './journeys.tables.ts';
import { emptyGroup, type FlowCandidate, type Group } from './journeys.findings.ts';
import { dropOffCandidate, DROP_OFF_DAYS } from './journeys.flow-findings.ts';
import { Floats } from './journeys.floats.ts';

const DAY = 86_400_000;
const BASELINE_MS = 365 * DAY;
const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

export type StageStats = { key: string; customers: number; medianDays: number | null; conversion: number | null; dropOff: number | null };
export type Flow = { from: string; to: string; customers: number };

export class StageTally {
  private readonly S: number;
  private readonly entered: Int32Array;
  private readonly converted: Int32Array;
  private readonly days: Floats[];
  /** Customers per flow, keyed from * S + to (stage indexes). */
  private readonly flows = new Map<number, number>();
  private readonly dropIn: Group[];
  private readonly dropBase: Group[];
  private readonly baseLo: number;
  private readonly mature: number;
  // One customer's visits (stage index, entered, left or NaN), reused from customer to customer.
  private vs: number[] = [];
  private ve: number[] = [];
  private vl: number[] = [];
  private readonly firstIn: Float64Array;
  private flowSeen: number[] = [];

  constructor(private readonly stages: StageDef[], private readonly lo: number, private readonly hi: number, now: number) {
    this.S = stages.length;
    this.entered = new Int32Array(this.S);
    this.converted = new Int32Array(this.S);
    this.days = stages.map(() => new Floats());
    this.dropIn = stages.map(() => emptyGroup());
    this.dropBase = stages.map(() => emptyGroup());
    this.firstIn = new Float64Array(this.S);
    this.baseLo = lo - BASELINE_MS;
    this.mature = now - DROP_OFF_DAYS * DAY;
  }

  /** One customer's touches (time order): the visits before the period's end (consecutive touches of a stage are one). */
  add(customerId: string, touches: Touch[]): void {
    const { vs, ve, vl, lo, hi, S } = this;
    let n = 0;
    for (const t of touches) {
      const at = t.e.at.getTime();
      if (at >= hi) continue;
      if (n && vs[n - 1] === t.si) continue;
      if (n) vl[n - 1] = at;
      vs[n] = t.si; ve[n] = at; vl[n] = NaN; n++;
    }
    if (!n) return;
    const firstIn = this.firstIn.fill(NaN);
    for (let k = 0; k < n; k++) {
      if (ve[k] < lo || ve[k] >= hi) continue;
      const si = vs[k];
      if (Number.isNaN(firstIn[si])) firstIn[si] = ve[k];
      if (!Number.isNaN(vl[k])) this.days[si].push((vl[k] - ve[k]) / DAY);
    }
    for (let si = 0; si < S; si++) {
      const at = firstIn[si];
      if (Number.isNaN(at)) continue;
      this.entered[si]++;
      if (si === S - 1) continue;
      for (let k = 0; k < n; k++) if (vs[k] > si && ve[k] > at) { this.converted[si]++; break; }
    }
    const seen = this.flowSeen;
    seen.length = 0;
    for (let k = 1; k < n; k++) {
      if (ve[k] < lo || ve[k] >= hi) continue;
      const key = vs[k - 1] * S + vs[k];
      if (seen.includes(key)) continue;
      seen.push(key);
      this.flows.set(key, (this.flows.get(key) ?? 0) + 1);
    }
    for (let i = 0; i < S - 1; i++) {
      let inP = NaN, inB = NaN;
      for (let k = 0; k < n; k++) {
        if (vs[k] !== i) continue;
        const t = ve[k];
        if (Number.isNaN(inP) && t >= lo && t < hi) inP = t;
        if (Number.isNaN(inB) && t >= this.baseLo && t < lo) inB = t;
      }
      this.dropOne(this.dropIn[i], i, inP, n, customerId);
      this.dropOne(this.dropBase[i], i, inB, n, customerId);
    }
  }

  private dropOne(g: Group, i: number, t: number, n: number, customerId: string): void {
    if (Number.isNaN(t) || t > this.mature) return;
    g.n++;
    const until = t + DROP_OFF_DAYS * DAY;
    for (let k = 0; k < n; k++) if (this.vs[k] > i && this.ve[k] > t && this.ve[k] <= until) return;
    g.bad++;
    g.badIds.push(customerId);
    g.badAt.push(t);
  }

  stageStats(): StageStats[] {
    return this.stages.map((s, i) => {
      const entered = this.entered[i];
      const conversion = i < this.S - 1 && entered ? r4(this.converted[i] / entered) : null;
      const md = this.days[i].median();
      return { key: s.key, customers: entered, medianDays: md === null ? null : Math.round(md * 10) / 10, conversion, dropOff: conversion === null ? null : r4(1 - conversion) };
    });
  }

  flowList(): Flow[] {
    return [...this.flows].map(([k, customers]) => ({ from: this.stages[Math.floor(k / this.S)].key, to: this.stages[k % this.S].key, customers }))
      .sort((a, b) => b.customers - a.customers || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  }

  dropOffCandidates(): FlowCandidate[] {
    return this.stages.slice(0, -1).map((s, i) => dropOffCandidate(s, this.dropIn[i], this.dropBase[i]));
  }
}
