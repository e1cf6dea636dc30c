/**
 * From events to journeys, without the database. The rule (docs/decisions.md, "Customer journeys"):
 * every event that matches a touchpoint's rule is that touchpoint met at the event's time, and the customer enters the
 * touchpoint's stage then. Stages are NOT monotone: the path is the sequence of stage visits in time (consecutive
 * touchpoints of the same stage are one visit), so a loyal customer who opens a ticket is back in "support"; the current
 * stage is the stage of the latest touchpoint. When two touchpoints fall at the same instant, the later stage wins.
 * A touchpoint limited to some product lines matches only their events, and its purchase phases (first, repeat, before,
 * after) count from the customer's first purchase of those lines.
 */
import type { BaseEvent } from './journeys.events.ts';
import type { StageDef, TouchpointDef } from './journeys.tables.ts';

export type TouchEvent = BaseEvent & { tp: string; stageKey: string; stageIndex: number };
export type Visit = { stageKey: string; stageIndex: number; enteredAt: Date; leftAt: Date | null; touchpoints: TouchEvent[] };

function matches(t: TouchpointDef, e: BaseEvent, firstPurchase: Date | null, isFirstPurchase: boolean): boolean {
  const r = t.rule;
  if (r.source !== e.source) return false;
  if (r.lines && !r.lines.includes(e.line ?? '')) return false;
  if (r.source === 'survey') {
    if (r.metric && r.metric !== e.ev) return false;
    if (r.triggers && !r.triggers.includes(e.channel ?? '')) return false;
  } else {
    if (r.events && !r.events.includes(e.ev)) return false;
    if (r.channels && !r.channels.includes(e.channel ?? '')) return false;
  }
  switch (r.phase) {
    case 'first': return isFirstPurchase;
    case 'repeat': return e.source === 'invoice' && !isFirstPurchase;
    case 'before_purchase': return !firstPurchase || e.at < firstPurchase;
    case 'after_purchase': return !!firstPurchase && e.at > firstPurchase;
    default: return true;
  }
}

/** Per journey definition: its touchpoints by source with their stage's index (built once, not per customer). */
const bySource = new WeakMap<TouchpointDef[], { stages: StageDef[]; m: Map<string, { t: TouchpointDef; si: number; ti: number }[]> }>();
function touchpointsBySource(stages: StageDef[], touchpoints: TouchpointDef[]) {
  const kept = bySource.get(touchpoints);
  let m = kept?.stages === stages ? kept.m : undefined;
  if (!m) {
    m = new Map();
    const index = new Map(stages.map((s, i) => [s.key, i]));
    touchpoints.forEach((t, ti) => {
      const si = index.get(t.stageKey);
      if (si === undefined) return;
      const list = m!.get(t.rule.source);
      if (list) list.push({ t, si, ti }); else m!.set(t.rule.source, [{ t, si, ti }]);
    });
    bySource.set(touchpoints, { stages, m });
  }
  return m;
}

/** A touchpoint met, without copying the event: the event, the touchpoint, its stage's index and its own. */
export type Touch = { e: BaseEvent; t: TouchpointDef; si: number; ti: number };

/** One customer's events (time order) → the touchpoints met (time order, the earlier stage first at the same instant). */
export function touchesOf(events: BaseEvent[], stages: StageDef[], touchpoints: TouchpointDef[]): Touch[] {
  const candidates = touchpointsBySource(stages, touchpoints);
  let first: BaseEvent | undefined;
  for (const e of events) if (e.source === 'invoice' && e.ev === 'paid') { first = e; break; }
  const firstAt = first?.at ?? null;
  // A rule for some product lines reads "first purchase" as the first purchase of those lines (found once per rule).
  let firstOfLines: Map<TouchpointDef, BaseEvent | undefined> | undefined;
  const firstFor = (t: TouchpointDef) => {
    firstOfLines ??= new Map();
    if (!firstOfLines.has(t)) firstOfLines.set(t, events.find((e) => e.source === 'invoice' && e.ev === 'paid' && t.rule.lines!.includes(e.line ?? '')));
    return firstOfLines.get(t);
  };
  const out: Touch[] = [];
  for (const e of events) {
    const list = candidates.get(e.source);
    if (!list) continue;
    // In definition order, as every touchpoint was tried before (the sort below is stable).
    for (const c of list) {
      if (c.t.rule.lines && c.t.rule.phase) {
        const f = firstFor(c.t);
        if (matches(c.t, e, f?.at ?? null, e === f)) out.push({ e, t: c.t, si: c.si, ti: c.ti });
      } else if (matches(c.t, e, firstAt, e === first)) out.push({ e, t: c.t, si: c.si, ti: c.ti });
    }
  }
  out.sort(byTimeThenStage);
  return out;
}
const byTimeThenStage = (a: Touch, b: Touch) => a.e.at.getTime() - b.e.at.getTime() || a.si - b.si;

/** One customer's events (time order) → the touchpoints met, each event counted for every touchpoint it matches. */
export function touchEventsOf(events: BaseEvent[], stages: StageDef[], touchpoints: TouchpointDef[]): TouchEvent[] {
  return touchesOf(events, stages, touchpoints).map(({ e, t, si }) => ({ ...e, tp: t.key, stageKey: t.stageKey, stageIndex: si }));
}

/** The stage visits of one customer's touch events (time order). */
export function visitsOf(touches: TouchEvent[]): Visit[] {
  const visits: Visit[] = [];
  for (const t of touches) {
    const last = visits[visits.length - 1];
    if (last && last.stageKey === t.stageKey) { last.touchpoints.push(t); continue; }
    if (last) last.leftAt = t.at;
    visits.push({ stageKey: t.stageKey, stageIndex: t.stageIndex, enteredAt: t.at, leftAt: null, touchpoints: [t] });
  }
  return visits;
}

/** Groups events (ordered by customer) per customer. */
export function byCustomer<T extends { customerId: string }>(rows: T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const list = m.get(r.customerId);
    if (list) list.push(r); else m.set(r.customerId, [r]);
  }
  return m;
}
