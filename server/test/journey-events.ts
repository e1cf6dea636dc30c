/**
 * Random journey events for the tests of the map (no database): for each customer the planted story of
 * server/demo/journey-story.ts plus up to `noise` events of every kind the default journey reads — campaign messages,
 * leads, calls answered and missed, conversations, quotes, purchases, CSAT/NPS/CES answers on several triggers,
 * contracts, tickets (opened, first response, resolved, reopened) and hand-overs — at times from 400 days before `lo`
 * to a day after `now`, many on the same hour (ties between stages), with outcomes, product lines, waits and scores
 * (some waits missing). `tilt`: from `lo` on, outcomes turn bad more often, waits double and conversations stop after
 * the first stages (so the earlier-period, drop-off and long-wait tests have something to find). No two events of a customer share (time, source, event), so "time order" is one order.
 */
import { Rng } from '../demo/prng.ts';
import { storyRows, toBaseEvents, STORY_LINES } from '../demo/journey-story.ts';
import type { BaseEvent } from '../modules/journeys/index.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Kind = [source: string, ev: string, channel: string | null];
const KINDS: Kind[] = [
  ['campaign', 'message', 'sms'], ['lead', 'web_form', null], ['call', 'answered', 'in'], ['call', 'missed', 'in'],
  ['interaction', 'call', null], ['interaction', 'meeting', null], ['interaction', 'email', null],
  ['quote', 'sent', null], ['quote', 'viewed', null], ['quote', 'expired', null], ['quote', 'accepted', null],
  ['invoice', 'paid', null], ['survey', 'csat', 'invoice_paid'], ['survey', 'csat', 'ticket_resolved'], ['survey', 'nps', 'periodic'],
  ['survey', 'ces', 'manual'], ['contract', 'started', 'service'], ['ticket', 'opened', 'phone'], ['ticket', 'first_response', 'phone'],
  ['ticket', 'resolved', 'phone'], ['ticket', 'reopened', 'phone'], ['handover', 'assigneeId', null], ['handover', 'teamId', null],
];
const bad = (metric: string, score: number) => (metric === 'nps' ? score <= 6 : metric === 'csat' ? score <= 2 : score <= 3);

export function randomJourneyEvents(o: { seed: number; customerIds: string[]; lo: Date; now: Date; noise: number; tilt?: boolean }): BaseEvent[] {
  const rng = new Rng(o.seed);
  const products = STORY_LINES.map((line, i) => ({ id: `p${i}`, category: line }));
  const story = toBaseEvents(storyRows({ seed: o.seed, now: o.now, customerIds: o.customerIds, products, plantPain: true, plantMoment: true }));
  const from = o.lo.getTime() - 400 * DAY, span = o.now.getTime() + DAY - from;
  const out: BaseEvent[] = [...story];
  let ref = 0;
  for (const customerId of o.customerIds) {
    const n = rng.int(0, o.noise);
    for (let k = 0; k < n; k++) {
      const [source, ev, channel] = rng.pick(KINDS);
      const at = new Date(from + Math.floor((rng.next() * span) / HOUR) * HOUR + rng.int(0, 3) * 60_000);
      const line = rng.chance(0.6) ? rng.pick(STORY_LINES) : null;
      const e: BaseEvent = { customerId, source, ev, channel, at, outcome: null, line: null, ref: `r${o.seed}-${ref++}`, waitHours: null, score: null };
      if (source === 'survey') {
        e.score = ev === 'nps' ? rng.int(0, 10) : ev === 'csat' ? rng.int(1, 5) : rng.int(1, 7);
        e.outcome = bad(ev, e.score) ? 'bad' : 'good';
        e.line = line;
      } else if (['call', 'quote', 'ticket', 'handover'].includes(source) && ['missed', 'sent', 'opened', 'first_response', 'assigneeId', 'teamId'].includes(ev)) {
        e.outcome = rng.pick(['good', 'bad', null] as const);
        if (o.tilt && at >= o.lo && e.outcome === 'good' && rng.chance(0.6)) e.outcome = 'bad';
      }
      if (o.tilt && at >= o.lo && source === 'interaction' && rng.chance(0.7)) continue;
      if (source === 'ticket' || source === 'invoice') e.line = line;
      if (source === 'handover' || (source === 'ticket' && ev !== 'opened')) e.waitHours = rng.chance(0.8) ? (rng.int(1, 96) / 2) * (o.tilt && at >= o.lo ? 2 : 1) : null;
      out.push(e);
    }
  }
  // A customer's events at one (time, source, event) once: the order of the rows is then the order of the map.
  const seen = new Set<string>();
  const unique = out.filter((e) => { const k = `${e.customerId} ${e.at.getTime()} ${e.source} ${e.ev}`; return !seen.has(k) && !!seen.add(k); });
  return unique.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0) || a.at.getTime() - b.at.getTime() || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) || (a.ev < b.ev ? -1 : a.ev > b.ev ? 1 : 0));
}
