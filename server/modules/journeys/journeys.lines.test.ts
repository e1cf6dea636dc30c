/**
 * A journey per product line: a touchpoint limited to some product lines matches only their events, and "first
 * purchase" / "repeat purchase" count from the customer's first purchase of those lines. Pure; the expected touches
 * are written by hand from the events below.
 */
import { describe, it, expect } from 'vitest';
import { journeyInput } from '../../../common/journeys.schemas.ts';
import { touchEventsOf, visitsOf } from './journeys.derive.ts';
import type { BaseEvent } from './journeys.events.ts';
import type { StageDef, TouchpointDef } from './journeys.tables.ts';

const ev = (day: number, source: string, e: string, line: string | null, ref: string): BaseEvent => ({
  customerId: 'c1', source, ev: e, channel: null, at: new Date(Date.UTC(2026, 0, day, 9)), outcome: null, line, ref, waitHours: null, score: null,
});
// Jan 2: a phone bought; Jan 5: a printer bought (the first printer); Jan 9: a ticket about the printer;
// Jan 12: a second printer; Jan 15: a call (no product line).
const events: BaseEvent[] = [
  ev(2, 'invoice', 'paid', 'phones', 'inv-1'),
  ev(5, 'invoice', 'paid', 'printers', 'inv-2'),
  ev(9, 'ticket', 'opened', 'printers', 't-1'),
  ev(12, 'invoice', 'paid', 'printers', 'inv-3'),
  ev(15, 'interaction', 'call', null, 'i-1'),
];
const stages: StageDef[] = [{ key: 'purchase', name: 'خرید' }, { key: 'support', name: 'پشتیبانی' }, { key: 'loyalty', name: 'وفاداری' }];
const printers: TouchpointDef[] = [
  { key: 'first_printer', name: 'نخستین چاپگر', stageKey: 'purchase', rule: { source: 'invoice', events: ['paid'], phase: 'first', lines: ['printers'] } },
  { key: 'printer_ticket', name: 'تیکت چاپگر', stageKey: 'support', rule: { source: 'ticket', lines: ['printers'] } },
  { key: 'printer_again', name: 'چاپگر دوباره', stageKey: 'loyalty', rule: { source: 'invoice', events: ['paid'], phase: 'repeat', lines: ['printers'] } },
  { key: 'call_line', name: 'تماس', stageKey: 'support', rule: { source: 'interaction', lines: ['printers'] } },
];

describe('journey touchpoints limited to product lines', () => {
  it('matches only the lines’ events, with first and repeat purchases counted within the lines', () => {
    const got = touchEventsOf(events, stages, printers).map((t) => `${t.tp}@${t.ref}`);
    // inv-1 (phones) is nobody's: not the first printer although it is the first purchase; the call has no line.
    expect(got).toEqual(['first_printer@inv-2', 'printer_ticket@t-1', 'printer_again@inv-3']);
    expect(visitsOf(touchEventsOf(events, stages, printers)).map((v) => v.stageKey)).toEqual(['purchase', 'support', 'loyalty']);
  });

  it('without lines, the first purchase is the customer’s first of any line (unchanged)', () => {
    const any: TouchpointDef[] = [
      { key: 'first', name: 'نخستین خرید', stageKey: 'purchase', rule: { source: 'invoice', events: ['paid'], phase: 'first' } },
      { key: 'again', name: 'خرید دوباره', stageKey: 'loyalty', rule: { source: 'invoice', events: ['paid'], phase: 'repeat' } },
    ];
    expect(touchEventsOf(events, stages, any).map((t) => `${t.tp}@${t.ref}`)).toEqual(['first@inv-1', 'again@inv-2', 'again@inv-3']);
  });

  it('a customer who never bought the line meets none of its purchase touchpoints', () => {
    expect(touchEventsOf(events.filter((e) => e.line !== 'printers'), stages, printers)).toEqual([]);
  });

  it('the definition refuses an empty list of lines and keeps a given one', () => {
    const base = { name: 'چاپگرها', stages, touchpoints: [{ ...printers[1], rule: { source: 'ticket', lines: [] } }] };
    expect(journeyInput.safeParse(base).success).toBe(false);
    const ok = journeyInput.safeParse({ ...base, touchpoints: [printers[1]] });
    expect(ok.success && ok.data.touchpoints[0].rule.lines).toEqual(['printers']);
  });
});
