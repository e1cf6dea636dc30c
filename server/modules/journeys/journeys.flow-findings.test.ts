/**
 * Drop-off and long waits at hand-overs as pain points, and satisfaction after a touchpoint as a moment of truth, on
 * hand-built events (no database): planted, each is found with the counts written; with nothing planted, nothing fires.
 */
import { describe, it, expect } from 'vitest';
import { analyzeMap } from './journeys.analysis.ts';
import type { BaseEvent } from './journeys.events.ts';
import type { StageDef, TouchpointDef } from './journeys.tables.ts';

const DAY = 86_400_000, HOUR = 3_600_000;
const NOW = new Date('2026-11-20T08:00:00Z');
const LO = new Date('2025-11-20T20:30:00Z'); // 2025-11-21 00:00 Tehran
const HI = new Date('2026-11-20T20:30:00Z');
const at = (base: Date, days: number) => new Date(base.getTime() + days * DAY);
const ev = (customerId: string, source: string, name: string, when: Date, extra: Partial<BaseEvent> = {}): BaseEvent => ({
  customerId, source, ev: name, channel: null, at: when, outcome: null, line: null, ref: `${customerId}-${source}-${when.getTime()}`, waitHours: null, score: null, ...extra,
});
/** Events in the order loadEvents gives them: by customer, then time. */
const ordered = (list: BaseEvent[]) => list.sort((a, b) => a.customerId.localeCompare(b.customerId) || a.at.getTime() - b.at.getTime());
function rng(seed: number) { let s = seed >>> 0; return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32); }

const stages: StageDef[] = [{ key: 'lead', name: 'سرنخ' }, { key: 'buy', name: 'خرید' }, { key: 'support', name: 'پشتیبانی' }, { key: 'loyal', name: 'وفاداری' }];
const touchpoints: TouchpointDef[] = [
  { key: 'web_form', name: 'فرم', stageKey: 'lead', rule: { source: 'lead' } },
  { key: 'paid', name: 'پرداخت', stageKey: 'buy', rule: { source: 'invoice', events: ['paid'] } },
  { key: 'ticket_opened', name: 'تیکت', stageKey: 'support', rule: { source: 'ticket', events: ['opened'] } },
  { key: 'handover', name: 'ارجاع', stageKey: 'support', rule: { source: 'handover' } },
  { key: 'later_survey', name: 'نظرسنجی', stageKey: 'loyal', rule: { source: 'survey' } },
];
const def = { stages, touchpoints };

/** Leads in the year before the period and in the period (all at least 90 days old), converting at the given rates. */
function leads(seed: number, before: number, during: number) {
  const r = rng(seed);
  const events: BaseEvent[] = [];
  const stuck: string[] = [];
  for (let i = 0; i < 300; i++) {
    const inPeriod = i >= 150;
    const c = `c${String(i).padStart(3, '0')}`;
    const t = inPeriod ? at(LO, 10 + Math.floor(r() * 250)) : at(LO, -300 + Math.floor(r() * 280));
    events.push(ev(c, 'lead', 'web_form', t));
    if (r() < (inPeriod ? during : before)) events.push(ev(c, 'invoice', 'paid', at(t, 5 + Math.floor(r() * 60))));
    else if (inPeriod) stuck.push(c);
  }
  return { events: ordered(events), stuck };
}

describe('drop-off at a step', () => {
  it('finds a step where far more customers stop than in the year before, with the customers who stopped', () => {
    const { events, stuck } = leads(1, 0.7, 0.3);
    const m = analyzeMap(def, events, LO, HI, NOW);
    const p = m.painPoints.find((x) => x.kind === 'drop_off');
    expect(p).toMatchObject({ id: 'drop_off.lead.earlier_period', stageKey: 'lead', touchpointKey: '', customers: stuck.length, evidence: { comparison: 'earlier_period', n: 150, baselineN: 150 } });
    expect(p!.evidence.rate).toBe(Math.round((stuck.length / 150) * 10_000) / 10_000);
    expect(new Set(p!.customerIds.map((c) => c.id))).toEqual(new Set(stuck));
    expect(p!.evidence.text.en).toContain('did not reach a later stage within 90 days');
  });
  it('reports nothing when the step converts as it did (20 seeds)', () => {
    const fired: string[] = [];
    for (let seed = 10; seed < 30; seed++) fired.push(...analyzeMap(def, leads(seed, 0.5, 0.5).events, LO, HI, NOW).painPoints.map((p) => `${seed}: ${p.id}`));
    expect(fired).toEqual([]);
  });
});

describe('waiting at hand-overs', () => {
  // The year before: 30 waits of 2 h and 30 of 10 h (median 6 h). The period: 50 of 20 h, 10 of 2 h, one hand-over
  // unanswered for 48 h (long), one unanswered for 2 h (not known yet: left out).
  const handovers = (periodLong: number, periodShort: number) => {
    const events: BaseEvent[] = [];
    let i = 0;
    const add = (when: Date, waitHours: number | null) => events.push(ev(`h${String(i++).padStart(3, '0')}`, 'handover', 'assigneeId', when, { waitHours }));
    for (let k = 0; k < 30; k++) { add(at(LO, -200 + k), 2); add(at(LO, -150 + k), 10); }
    for (let k = 0; k < periodLong; k++) add(at(LO, 20 + k), 20);
    for (let k = 0; k < periodShort; k++) add(at(LO, 120 + k), 2);
    add(new Date(NOW.getTime() - 48 * HOUR), null);
    add(new Date(NOW.getTime() - 2 * HOUR), null);
    return ordered(events);
  };
  it('finds hand-overs waiting longer than the year before\'s median far more often', () => {
    const m = analyzeMap(def, handovers(50, 10), LO, HI, NOW);
    const p = m.painPoints.find((x) => x.kind === 'long_wait');
    expect(p).toMatchObject({ id: 'long_wait.handover.earlier_period', touchpointKey: 'handover', stageKey: 'support', customers: 51, evidence: { n: 61, baselineN: 60, rate: Math.round((51 / 61) * 10_000) / 10_000, baseline: 0.5 } });
    expect(p!.evidence.text.en).toContain('longer than 6 h');
  });
  it('reports nothing when the waits are as long as the year before', () => {
    expect(analyzeMap(def, handovers(30, 30), LO, HI, NOW).painPoints.filter((p) => p.kind === 'long_wait')).toEqual([]);
  });
});

describe('moment of truth: satisfaction after a touchpoint', () => {
  /** 200 tickets at least 180 days old, half solved well; a later survey answer for most, happy at the given rates. */
  function tickets(goodHappy: number, badHappy: number) {
    const r = rng(5);
    const events: BaseEvent[] = [];
    const counts = { good: { n: 0, happy: 0 }, bad: { n: 0, happy: 0 } };
    for (let i = 0; i < 200; i++) {
      const c = `t${String(i).padStart(3, '0')}`, good = i % 2 === 0;
      const t = at(LO, 10 + Math.floor(r() * 150));
      events.push(ev(c, 'ticket', 'opened', t, { outcome: good ? 'good' : 'bad' }));
      if (r() < 0.9) {
        const happy = r() < (good ? goodHappy : badHappy);
        events.push(ev(c, 'survey', 'csat', at(t, 20 + Math.floor(r() * 100)), { outcome: happy ? 'good' : 'bad', score: happy ? 5 : 1 }));
        const arm = good ? counts.good : counts.bad;
        arm.n++; if (happy) arm.happy++;
      }
    }
    return { events: ordered(events), counts };
  }
  it('finds the touchpoint whose outcome changes later satisfaction, with the hand counts', () => {
    const { events, counts } = tickets(0.9, 0.3);
    const m = analyzeMap(def, events, LO, HI, NOW);
    expect(m.momentsOfTruth).toHaveLength(1);
    expect(m.momentsOfTruth[0]).toMatchObject({
      touchpointKey: 'ticket_opened', outcome: 'satisfaction_180d', n: counts.good.n + counts.bad.n,
      good: { n: counts.good.n, retained: counts.good.happy }, bad: { n: counts.bad.n, retained: counts.bad.happy },
      effect: Math.round((counts.good.happy / counts.good.n - counts.bad.happy / counts.bad.n) * 10_000) / 10_000,
    });
    expect(m.momentsOfTruth[0].low).toBeGreaterThan(0.3);
  });
  it('reports nothing when satisfaction afterwards does not depend on it', () => {
    expect(analyzeMap(def, tickets(0.6, 0.6).events, LO, HI, NOW).momentsOfTruth).toEqual([]);
  });
});
