/**
 * Pain points of the flow rather than of a touchpoint's outcome (docs/decisions.md, "Customer journeys: drop-off and
 * waiting"), each the period against the year before it and tested in the map's one Bonferroni family:
 * - drop_off: of the customers entering a stage (their first entry in the window, at least DROP_OFF_DAYS old), the share
 *   not reaching a later stage within DROP_OFF_DAYS; both windows get the same 90 days to move on.
 * - long_wait: at a hand-over touchpoint, the share of waits for the next reply longer than the year before's median
 *   wait there (a hand-over still unanswered counts as long once it has waited longer than that median).
 */
import type { StageDef, TouchpointDef } from './journeys.tables.ts';
import { pct, type FlowCandidate, type Group } from './journeys.findings.ts';

export const DROP_OFF_DAYS = 90;
const vsYear = { fa: 'در سال پیش از این دوره', en: 'in the year before this period' };

/**
 * The drop-off candidate of a stage from its counts (journeys.stage-tally.ts): `a` the customers entering it in the
 * period, `b` in the year before, bad when no later stage followed within DROP_OFF_DAYS.
 */
export function dropOffCandidate(s: StageDef, a: Group, b: Group): FlowCandidate {
  return {
    kind: 'drop_off', id: `drop_off.${s.key}.earlier_period`, touchpointKey: '', stageKey: s.key, a, b,
    text: (cmp) => ({
      fa: `«${s.name}»: ${pct(cmp.p1)} از مشتریانی که وارد این مرحله شدند (از ${a.n}) تا ${DROP_OFF_DAYS} روز به مرحلهٔ بعدی نرسیدند، در برابر ${pct(cmp.p2)} ${vsYear.fa} (از ${b.n}).`,
      en: `"${s.nameEn ?? s.name}": ${pct(cmp.p1)} of the customers entering this stage (of ${a.n}) did not reach a later stage within ${DROP_OFF_DAYS} days, against ${pct(cmp.p2)} ${vsYear.en} (of ${b.n}).`,
    }),
  };
}

/** A wait after a hand-over: its hours and whether it is still open (unanswered: waited at least until now). */
export type Wait = { customerId: string; at: number; hours: number; open: boolean };

export function waitOf(customerId: string, at: number, waitHours: number | null, now: number): Wait {
  if (waitHours !== null && Number.isFinite(waitHours)) return { customerId, at, hours: waitHours, open: false };
  return { customerId, at, hours: (now - at) / 3_600_000, open: true };
}

/**
 * The long-wait candidate of a hand-over touchpoint from its waits in the period and in the year before (kept as they
 * are: hand-overs are rare), classified against the year before's median; null without waits the year before.
 */
export function waitCandidate(tp: TouchpointDef, inPeriod: Wait[], before: Wait[]): FlowCandidate | null {
  // The year before's median, over answered waits and open ones (an open wait is at least its time so far).
  const sorted = before.map((w) => w.hours).sort((x, y) => x - y);
  if (!sorted.length) return null;
  const threshold = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  const count = (list: Wait[], g: Group) => {
    const seen = new Set<string>();
    for (const w of list) {
      const long = w.hours > threshold;
      if (w.open && !long) continue; // still waiting, not yet longer than usual: not known
      g.n++;
      if (long) { g.bad++; if (!seen.has(w.customerId)) { seen.add(w.customerId); g.badIds.push(w.customerId); g.badAt.push(w.at); } }
    }
  };
  const a: Group = { n: 0, bad: 0, badIds: [], badAt: [] }, b: Group = { n: 0, bad: 0, badIds: [], badAt: [] };
  count(inPeriod, a);
  count(before, b);
  const h = Math.round(threshold * 10) / 10;
  return {
    kind: 'long_wait', id: `long_wait.${tp.key}.earlier_period`, touchpointKey: tp.key, stageKey: tp.stageKey, a, b,
    text: (cmp) => ({
      fa: `«${tp.name}»: ${pct(cmp.p1)} از ارجاع‌ها (از ${a.n}) بیش از ${h} ساعت (میانهٔ سال پیش) منتظر پاسخ ماندند، در برابر ${pct(cmp.p2)} ${vsYear.fa} (از ${b.n}).`,
      en: `"${tp.nameEn ?? tp.name}": ${pct(cmp.p1)} of hand-overs (of ${a.n}) waited longer than ${h} h (the year before's median) for a reply, against ${pct(cmp.p2)} ${vsYear.en} (of ${b.n}).`,
    }),
  };
}
