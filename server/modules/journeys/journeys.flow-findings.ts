/**
 * Pain points of the flow rather than of a touchpoint's outcome (docs/decisions.md, "Customer journeys: drop-off and
 * waiting"), each the period against the year before it and tested in the map's one Bonferroni family:
 * - drop_off: of the customers entering a stage (their first entry in the window, at least DROP_OFF_DAYS old), the share
 *   not reaching a later stage within DROP_OFF_DAYS; both windows get the same 90 days to move on.
 * - long_wait: at a hand-over touchpoint, the share of waits for the next reply longer than the year before's median
 *   wait there (a hand-over still unanswered counts as long once it has waited longer than that median).
 */
import type { StageDef, TouchpointDef } from './journeys.tables.ts';
import type { TouchEvent, Visit } from './journeys.derive.ts';
import { pct, type FlowCandidate, type Group } from './journeys.findings.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
export const DROP_OFF_DAYS = 90;
const BASELINE_MS = 365 * DAY;

const empty = (): Group => ({ n: 0, bad: 0, badCustomers: new Map() });
const vsYear = { fa: 'در سال پیش از این دوره', en: 'in the year before this period' };

export function dropOffCandidates(stages: StageDef[], visitsByCustomer: Map<string, Visit[]>, lo: Date, hi: Date, now: Date): FlowCandidate[] {
  const baseLo = lo.getTime() - BASELINE_MS, mature = now.getTime() - DROP_OFF_DAYS * DAY;
  const out: FlowCandidate[] = [];
  for (let i = 0; i < stages.length - 1; i++) {
    const a = empty(), b = empty();
    for (const [c, visits] of visitsByCustomer) {
      let inPeriod: Visit | undefined, inBase: Visit | undefined;
      for (const v of visits) {
        if (v.stageIndex !== i) continue;
        const t = v.enteredAt.getTime();
        if (!inPeriod && v.enteredAt >= lo && v.enteredAt < hi) inPeriod = v;
        if (!inBase && t >= baseLo && v.enteredAt < lo) inBase = v;
      }
      for (const [g, v] of [[a, inPeriod], [b, inBase]] as const) {
        if (!v || v.enteredAt.getTime() > mature) continue;
        const t = v.enteredAt.getTime();
        g.n++;
        if (!visits.some((w) => w.stageIndex > i && w.enteredAt.getTime() > t && w.enteredAt.getTime() <= t + DROP_OFF_DAYS * DAY)) {
          g.bad++;
          if (!g.badCustomers.has(c)) g.badCustomers.set(c, v.enteredAt);
        }
      }
    }
    const s = stages[i];
    out.push({
      kind: 'drop_off', id: `drop_off.${s.key}.earlier_period`, touchpointKey: '', stageKey: s.key, a, b,
      text: (cmp) => ({
        fa: `«${s.name}»: ${pct(cmp.p1)} از مشتریانی که وارد این مرحله شدند (از ${a.n}) تا ${DROP_OFF_DAYS} روز به مرحلهٔ بعدی نرسیدند، در برابر ${pct(cmp.p2)} ${vsYear.fa} (از ${b.n}).`,
        en: `"${s.nameEn ?? s.name}": ${pct(cmp.p1)} of the customers entering this stage (of ${a.n}) did not reach a later stage within ${DROP_OFF_DAYS} days, against ${pct(cmp.p2)} ${vsYear.en} (of ${b.n}).`,
      }),
    });
  }
  return out;
}

/** The wait in hours after a hand-over; an unanswered one has waited at least until now (null: not known yet). */
function waited(e: TouchEvent, now: Date): { hours: number; open: boolean } | null {
  if (e.waitHours !== null && Number.isFinite(e.waitHours)) return { hours: e.waitHours, open: false };
  return { hours: (now.getTime() - e.at.getTime()) / HOUR, open: true };
}

export function waitCandidates(touchpoints: TouchpointDef[], inPeriod: TouchEvent[], before: TouchEvent[], now: Date): FlowCandidate[] {
  const out: FlowCandidate[] = [];
  for (const tp of touchpoints.filter((t) => t.rule.source === 'handover')) {
    const base = before.filter((e) => e.tp === tp.key).map((e) => waited(e, now)!);
    // The year before's median, over answered waits and open ones (an open wait is at least its time so far).
    const sorted = base.map((w) => w.hours).sort((x, y) => x - y);
    if (!sorted.length) continue;
    const threshold = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    const count = (list: TouchEvent[], g: Group) => {
      for (const e of list) {
        if (e.tp !== tp.key) continue;
        const w = waited(e, now)!;
        const long = w.hours > threshold;
        if (w.open && !long) continue; // still waiting, not yet longer than usual: not known
        g.n++;
        if (long) { g.bad++; if (!g.badCustomers.has(e.customerId)) g.badCustomers.set(e.customerId, e.at); }
      }
    };
    const a = empty(), b = empty();
    count(inPeriod, a);
    count(before, b);
    const h = Math.round(threshold * 10) / 10;
    out.push({
      kind: 'long_wait', id: `long_wait.${tp.key}.earlier_period`, touchpointKey: tp.key, stageKey: tp.stageKey, a, b,
      text: (cmp) => ({
        fa: `«${tp.name}»: ${pct(cmp.p1)} از ارجاع‌ها (از ${a.n}) بیش از ${h} ساعت (میانهٔ سال پیش) منتظر پاسخ ماندند، در برابر ${pct(cmp.p2)} ${vsYear.fa} (از ${b.n}).`,
        en: `"${tp.nameEn ?? tp.name}": ${pct(cmp.p1)} of hand-overs (of ${a.n}) waited longer than ${h} h (the year before's median) for a reply, against ${pct(cmp.p2)} ${vsYear.en} (of ${b.n}).`,
      }),
    });
  }
  return out;
}
