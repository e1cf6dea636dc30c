/**
 * The touchpoint side of the map, counted customer by customer (journeys.accumulator.ts): events, distinct customers,
 * waits and satisfaction per touchpoint in the period; the pain-point candidates (bad outcomes in the period against
 * the year before, per product line, per survey metric against the other survey touchpoints); the hand-over waits
 * (kept as they are: rare) for the long-wait test; and the moments-of-truth counts. Only counts and the customers with
 * a bad outcome are kept, never the events.
 */
import type { BaseEvent } from './journeys.events.ts';
import type { Touch } from './journeys.derive.ts';
import type { TouchpointDef } from './journeys.tables.ts';
import { emptyGroup, RETENTION_DAYS, type Candidate, type FlowCandidate, type Group, type MomentCounts } from './journeys.findings.ts';
import { waitCandidate, waitOf, type Wait } from './journeys.flow-findings.ts';
import { Floats } from './journeys.floats.ts';

const DAY = 86_400_000;
const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

type Sat = { n: number; bad: number; sum: number };
type Count = { n: number; bad: number };
export type TouchpointStats = { key: string; stageKey: string; customers: number; events: number; medianWaitHours: number | null; satisfaction: { metric: string; n: number; unhappyShare: number; mean: number } | null };

/** Adds one event with an outcome to a group; `last` holds the serial of the last customer listed there. */
function tallyBad(g: Group & { last: number }, e: BaseEvent, serial: number, customerId: string, at: number): void {
  g.n++;
  if (e.outcome !== 'bad') return;
  g.bad++;
  if (g.last !== serial) { g.last = serial; g.badIds.push(customerId); g.badAt.push(at); }
}
const listed = (): Group & { last: number } => ({ ...emptyGroup(), last: -1 });

export class TouchTally {
  private readonly T: number;
  private readonly events: Int32Array;
  private readonly customers: Int32Array;
  private readonly lastSerial: Int32Array;
  private readonly waits: Floats[];
  /** Per touchpoint: the metric of its first scored answer in the period, and the answers per metric. */
  private readonly satFirst: (string | null)[];
  private readonly sat: Map<string, Sat>[];
  private readonly all: (Group & { last: number })[];
  private readonly firstOutcomeEv: (string | null)[];
  private readonly lines: Map<string, Group & { last: number }>[];
  private readonly earlier: Count[];
  /** Survey touchpoints: per other survey touchpoint, per metric, its answers not also this touchpoint's. */
  private readonly surveyTps: number[];
  private readonly others: Map<string, Count>[][];
  private readonly handoverTps: number[];
  private readonly waitsIn: Wait[][];
  private readonly waitsBefore: Wait[][];
  private readonly moments: { good: [number, number]; bad: [number, number]; sGood: [number, number]; sBad: [number, number]; seen: number }[];
  private readonly mature: number;
  private scratch: Touch[] = [];

  constructor(private readonly touchpoints: TouchpointDef[], private readonly lo: number, private readonly hi: number, private readonly now: number) {
    const T = (this.T = touchpoints.length);
    this.events = new Int32Array(T);
    this.customers = new Int32Array(T);
    this.lastSerial = new Int32Array(T).fill(-1);
    this.waits = touchpoints.map(() => new Floats());
    this.satFirst = touchpoints.map(() => null);
    this.sat = touchpoints.map(() => new Map());
    this.all = touchpoints.map(listed);
    this.firstOutcomeEv = touchpoints.map(() => null);
    this.lines = touchpoints.map(() => new Map());
    this.earlier = touchpoints.map(() => ({ n: 0, bad: 0 }));
    this.surveyTps = touchpoints.flatMap((t, i) => (t.rule.source === 'survey' ? [i] : []));
    this.others = touchpoints.map(() => touchpoints.map(() => new Map()));
    this.handoverTps = touchpoints.flatMap((t, i) => (t.rule.source === 'handover' ? [i] : []));
    this.waitsIn = touchpoints.map(() => []);
    this.waitsBefore = touchpoints.map(() => []);
    this.moments = touchpoints.map(() => ({ good: [0, 0], bad: [0, 0], sGood: [0, 0], sBad: [0, 0], seen: -1 }));
    this.mature = now - RETENTION_DAYS * DAY;
  }

  /** One customer's touches (time order) and events (time order: the purchases and answers after a moment). */
  add(customerId: string, serial: number, touches: Touch[], events: BaseEvent[]): void {
    const { lo, hi } = this;
    const surveyed = this.scratch;
    surveyed.length = 0;
    for (const x of touches) {
      const e = x.e, ti = x.ti, at = e.at.getTime();
      if (at >= lo && at < hi) {
        this.events[ti]++;
        if (this.lastSerial[ti] !== serial) { this.lastSerial[ti] = serial; this.customers[ti]++; }
        if (e.waitHours !== null && Number.isFinite(e.waitHours)) this.waits[ti].push(e.waitHours);
        if (e.score !== null) {
          if (this.satFirst[ti] === null) this.satFirst[ti] = e.ev;
          const m = this.sat[ti];
          const s = m.get(e.ev) ?? m.set(e.ev, { n: 0, bad: 0, sum: 0 }).get(e.ev)!;
          s.n++; s.sum += e.score;
          if (e.outcome === 'bad') s.bad++;
        }
        if (e.outcome) {
          if (this.firstOutcomeEv[ti] === null) this.firstOutcomeEv[ti] = e.ev;
          tallyBad(this.all[ti], e, serial, customerId, at);
          if (e.line) {
            const m = this.lines[ti];
            tallyBad(m.get(e.line) ?? m.set(e.line, listed()).get(e.line)!, e, serial, customerId, at);
          }
          if (x.t.rule.source === 'survey') surveyed.push(x);
          if (at <= this.mature) this.moment(customerId, serial, x, at, events);
        }
        if (x.t.rule.source === 'handover') this.waitsIn[ti].push(waitOf(customerId, at, e.waitHours, this.now));
      } else if (at < lo) {
        if (e.outcome) { const c = this.earlier[ti]; c.n++; if (e.outcome === 'bad') c.bad++; }
        if (x.t.rule.source === 'handover') this.waitsBefore[ti].push(waitOf(customerId, at, e.waitHours, this.now));
      }
    }
    // A survey touchpoint against the others measured by the same metric: the other touchpoints' answers, less the
    // ones that are this touchpoint's own (the same answer matched both; refs name one customer's rows).
    if (surveyed.length) {
      for (const a of this.surveyTps) {
        for (const x of surveyed) {
          if (x.ti === a) continue;
          let own = false;
          for (const y of surveyed) if (y.ti === a && y.e.ref === x.e.ref) { own = true; break; }
          if (own) continue;
          const m = this.others[a][x.ti];
          const c = m.get(x.e.ev) ?? m.set(x.e.ev, { n: 0, bad: 0 }).get(x.e.ev)!;
          c.n++;
          if (x.e.outcome === 'bad') c.bad++;
        }
      }
    }
  }

  /** The customer's first mature event with an outcome at this touchpoint: bought again, answered happily later? */
  private moment(customerId: string, serial: number, x: Touch, t: number, events: BaseEvent[]): void {
    const mo = this.moments[x.ti];
    if (mo.seen === serial) return;
    mo.seen = serial;
    const until = t + RETENTION_DAYS * DAY;
    let kept = false, later: BaseEvent | undefined;
    for (const p of events) {
      const pt = p.at.getTime();
      if (pt <= t || pt > until) continue;
      if (!kept && p.source === 'invoice' && p.ev === 'paid') kept = true;
      if (!later && p.source === 'survey' && p.outcome && !(x.e.source === 'survey' && p.ref === x.e.ref)) later = p;
    }
    const good = x.e.outcome === 'good';
    const arm = good ? mo.good : mo.bad;
    arm[0]++; if (kept) arm[1]++;
    if (later) { const s = good ? mo.sGood : mo.sBad; s[0]++; if (later.outcome === 'good') s[1]++; }
  }

  touchpointStats(): TouchpointStats[] {
    return this.touchpoints.map((t, ti) => {
      const measuring = this.surveyTps.filter((m) => this.touchpoints[m].rule.measures === t.key || m === ti);
      const metric = measuring.map((m) => this.satFirst[m]).find((x) => x !== null) ?? null;
      let n = 0, bad = 0, sum = 0;
      if (metric) for (const m of measuring) { const s = this.sat[m].get(metric); if (s) { n += s.n; bad += s.bad; sum += s.sum; } }
      const mw = this.waits[ti].median();
      return {
        key: t.key, stageKey: t.stageKey, customers: this.customers[ti], events: this.events[ti],
        medianWaitHours: mw === null ? null : Math.round(mw * 10) / 10,
        satisfaction: metric && n ? { metric, n, unhappyShare: r4(bad / n), mean: Math.round((sum / n) * 100) / 100 } : null,
      };
    });
  }

  painCandidates(): Candidate[] {
    const out: Candidate[] = [];
    this.touchpoints.forEach((tp, ti) => {
      const all = this.all[ti];
      if (!all.n) return;
      out.push({ tp, comparison: 'earlier_period', line: null, a: all, b: { ...emptyGroup(), ...this.earlier[ti] } });
      for (const [line, g] of this.lines[ti]) {
        out.push({ tp, comparison: 'product_line', line, a: g, b: { ...emptyGroup(), n: all.n - g.n, bad: all.bad - g.bad } });
      }
      if (tp.rule.source === 'survey') {
        const metric = this.firstOutcomeEv[ti]!;
        const b = emptyGroup();
        for (const o of this.surveyTps) { const c = this.others[ti][o].get(metric); if (o !== ti && c) { b.n += c.n; b.bad += c.bad; } }
        out.push({ tp, comparison: 'touchpoints', line: null, a: all, b });
      }
    });
    return out;
  }

  waitCandidates(): FlowCandidate[] {
    return this.handoverTps.flatMap((ti) => waitCandidate(this.touchpoints[ti], this.waitsIn[ti], this.waitsBefore[ti]) ?? []);
  }

  momentCounts(): MomentCounts[] {
    const out: MomentCounts[] = [];
    this.touchpoints.forEach((tp, ti) => {
      const m = this.moments[ti];
      if (m.good[0] || m.bad[0]) out.push({ tp, outcome: 'retention', good: m.good, bad: m.bad });
      if (m.sGood[0] || m.sBad[0]) out.push({ tp, outcome: 'satisfaction', good: m.sGood, bad: m.sBad });
    });
    return out;
  }
}
