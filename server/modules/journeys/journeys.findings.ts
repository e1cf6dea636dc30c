/**
 * Pain points and moments of truth from touch events, without the database (docs/decisions.md, "Customer journeys").
 * Every comparison is a two-proportion test (server/analytics/journey-stats.ts); a finding needs both groups of at least
 * 30, a difference of at least 10 points and significance after Bonferroni over all the map's tests at a family-wise
 * 0.1 %. Touchpoints are compared with the journey's own baseline: the same touchpoint in the year before the period,
 * the other product lines at the same touchpoint, and (survey answers) the other touchpoints measured by the same metric.
 */
import { createHash } from 'node:crypto';
import { compareProportions, isFinding, isTestable, type Comparison } from '../../analytics/index.ts';
import type { TouchEvent } from './journeys.derive.ts';
import type { TouchpointDef } from './journeys.tables.ts';

const DAY = 86_400_000;
export const RETENTION_DAYS = 180;

export type PainPoint = {
  id: string; touchpointKey: string; stageKey: string; kind: string; severity: number; customers: number;
  evidence: { text: { fa: string; en: string }; comparison: 'touchpoints' | 'product_line' | 'earlier_period'; rate: number; baseline: number; n: number; baselineN: number; low: number; high: number; p: number; productLine: string | null };
  customerIds: { id: string; at: Date }[];
};
export type Moment = {
  touchpointKey: string; stageKey: string; outcome: string; effect: number; low: number; high: number; n: number;
  good: { n: number; retained: number }; bad: { n: number; retained: number }; explanation: { fa: string; en: string };
};

/** What a bad outcome at a touchpoint means, by the touchpoint's source and event. */
export function painKind(t: TouchpointDef): string {
  const r = t.rule, ev = r.events?.[0];
  if (r.source === 'survey') return r.metric === 'ces' ? 'high_effort' : 'low_satisfaction';
  if (r.source === 'call') return 'missed_call_not_returned';
  if (r.source === 'quote') return 'quote_expired_unanswered';
  if (r.source === 'handover') return 'slow_handover';
  if (r.source === 'ticket' && ev === 'first_response') return 'slow_first_response';
  if (r.source === 'ticket') return 'ticket_not_solved_first_contact';
  return 'bad_outcome';
}

const KIND_TEXT: Record<string, { fa: string; en: string }> = {
  low_satisfaction: { fa: 'پاسخ‌های ناراضی', en: 'unhappy answers' },
  high_effort: { fa: 'پاسخ‌های «دشوار بود»', en: '"hard to do" answers' },
  missed_call_not_returned: { fa: 'تماس‌های بی‌پاسخی که تا یک روز پاسخ داده نشد', en: 'missed calls not returned within a day' },
  quote_expired_unanswered: { fa: 'پیش‌فاکتورهای بی‌پاسخ منقضی', en: 'quotes expiring unanswered' },
  slow_handover: { fa: 'ارجاع‌هایی که تا ۲۴ ساعت پاسخی نگرفت', en: 'hand-overs with no reply within 24 h' },
  slow_first_response: { fa: 'نخستین پاسخ‌های دیرتر از SLA', en: 'first responses later than the SLA' },
  ticket_not_solved_first_contact: { fa: 'تیکت‌هایی که در نخستین تماس حل نشد یا بازگشایی شد', en: 'tickets not solved at first contact or reopened' },
  bad_outcome: { fa: 'نتیجه‌های بد', en: 'bad outcomes' },
};

export const pct = (x: number) => `${Math.round(x * 100)}%`;
export const shortHash = (s: string) => createHash('sha1').update(s).digest('hex').slice(0, 8);

export type Group = { n: number; bad: number; badCustomers: Map<string, Date> };
function group(events: TouchEvent[]): Group {
  const g: Group = { n: 0, bad: 0, badCustomers: new Map() };
  for (const e of events) {
    if (!e.outcome) continue;
    g.n++;
    if (e.outcome === 'bad') { g.bad++; if (!g.badCustomers.has(e.customerId)) g.badCustomers.set(e.customerId, e.at); }
  }
  return g;
}

type Candidate = { tp: TouchpointDef; comparison: PainPoint['evidence']['comparison']; line: string | null; a: Group; b: Group };
/**
 * A finding that is not a touchpoint's bad outcome (journeys.flow-findings.ts: drop-off at a step, long waits at a
 * hand-over): its own kind, id and text, tested in the same family as the others.
 */
export type FlowCandidate = { kind: string; id: string; touchpointKey: string; stageKey: string; a: Group; b: Group; text: (cmp: Comparison) => { fa: string; en: string } };

/**
 * The pain points of a period: `inPeriod` and `before` are the touch events of the period and of the year before it;
 * `flow` the drop-off and waiting candidates. Bonferroni runs over all testable candidates together.
 */
export function findPainPoints(touchpoints: TouchpointDef[], inPeriod: TouchEvent[], before: TouchEvent[], flow: FlowCandidate[] = []): PainPoint[] {
  const byTp = (list: TouchEvent[]) => {
    const m = new Map<string, TouchEvent[]>();
    for (const e of list) if (e.outcome) (m.get(e.tp) ?? m.set(e.tp, []).get(e.tp)!).push(e);
    return m;
  };
  const now = byTp(inPeriod), earlier = byTp(before);
  const candidates: Candidate[] = [];
  for (const tp of touchpoints) {
    const cur = now.get(tp.key) ?? [];
    if (!cur.length) continue;
    const all = group(cur);
    candidates.push({ tp, comparison: 'earlier_period', line: null, a: all, b: group(earlier.get(tp.key) ?? []) });
    const lines = new Set(cur.map((e) => e.line).filter((l): l is string => !!l));
    for (const line of lines) {
      candidates.push({ tp, comparison: 'product_line', line, a: group(cur.filter((e) => e.line === line)), b: group(cur.filter((e) => e.line !== line)) });
    }
    if (tp.rule.source === 'survey') {
      const metricOf = (list: TouchEvent[]) => list[0]?.ev;
      const metric = metricOf(cur);
      const own = new Set(cur.map((c) => c.ref));
      const others = touchpoints.filter((o) => o.key !== tp.key && o.rule.source === 'survey').flatMap((o) => (now.get(o.key) ?? []).filter((e) => e.ev === metric && !own.has(e.ref)));
      candidates.push({ tp, comparison: 'touchpoints', line: null, a: all, b: group(others) });
    }
  }
  const testable = candidates.filter((c) => isTestable(c.a.n, c.b.n));
  const flowTestable = flow.filter((c) => isTestable(c.a.n, c.b.n));
  const family = testable.length + flowTestable.length;
  const found: PainPoint[] = [];
  for (const c of flowTestable) {
    const cmp = compareProportions(c.a.bad, c.a.n, c.b.bad, c.b.n);
    if (!isFinding(cmp, family, 'greater')) continue;
    found.push({
      id: c.id, touchpointKey: c.touchpointKey, stageKey: c.stageKey, kind: c.kind, severity: round(cmp.effect), customers: c.a.badCustomers.size,
      evidence: { text: c.text(cmp), comparison: 'earlier_period', rate: round(cmp.p1), baseline: round(cmp.p2), n: c.a.n, baselineN: c.b.n, low: round(cmp.low), high: round(cmp.high), p: cmp.pGreater, productLine: null },
      customerIds: [...c.a.badCustomers].map(([id, at]) => ({ id, at })),
    });
  }
  for (const c of testable) {
    const cmp = compareProportions(c.a.bad, c.a.n, c.b.bad, c.b.n);
    if (!isFinding(cmp, family, 'greater')) continue;
    const kind = painKind(c.tp);
    const id = [kind, c.tp.key, c.comparison, ...(c.line ? [shortHash(c.line)] : [])].join('.');
    found.push({
      id, touchpointKey: c.tp.key, stageKey: c.tp.stageKey, kind, severity: round(cmp.effect), customers: c.a.badCustomers.size,
      evidence: { text: painText(kind, c, cmp), comparison: c.comparison, rate: round(cmp.p1), baseline: round(cmp.p2), n: c.a.n, baselineN: c.b.n, low: round(cmp.low), high: round(cmp.high), p: cmp.pGreater, productLine: c.line },
      customerIds: [...c.a.badCustomers].map(([id, at]) => ({ id, at })),
    });
  }
  return found.sort((x, y) => y.customers * y.severity - x.customers * x.severity || x.id.localeCompare(y.id));
}

function painText(kind: string, c: Candidate, cmp: Comparison) {
  const what = KIND_TEXT[kind] ?? KIND_TEXT.bad_outcome;
  const vs = c.comparison === 'earlier_period' ? { fa: 'در سال پیش از این دوره', en: 'in the year before this period' }
    : c.comparison === 'product_line' ? { fa: `در دیگر گروه‌های کالا (گروه «${c.line}»)`, en: `for the other product lines (line "${c.line}")` }
      : { fa: 'در دیگر نقطه‌های تماس با همین سنجه', en: 'at the other touchpoints with the same metric' };
  return {
    fa: `«${c.tp.name}»: ${pct(cmp.p1)} ${what.fa} (از ${c.a.n}) در برابر ${pct(cmp.p2)} ${vs.fa} (از ${c.b.n}).`,
    en: `"${c.tp.nameEn ?? c.tp.name}": ${pct(cmp.p1)} ${what.en} (of ${c.a.n}) against ${pct(cmp.p2)} ${vs.en} (of ${c.b.n}).`,
  };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** A survey answer after which a moment's satisfaction is read (good: not a detractor / unhappy / hard). */
export type LaterAnswer = { at: Date; good: boolean; ref: string | null };

/**
 * Moments of truth: for each touchpoint with a good/bad outcome, each customer's first such event in the period that is
 * at least 180 days old; good against bad, two-sided, on two later outcomes tested in one Bonferroni family:
 * - retention_180d: a paid invoice in the 180 days after it (`good.retained` / `bad.retained`: customers who bought);
 * - satisfaction_180d: among the customers who answered a survey (NPS, CSAT or CES; not the event itself) in the 180 days
 *   after it, those whose first such answer was not unhappy (`retained`: customers satisfied; `n`: customers answering).
 */
export function findMoments(touchpoints: TouchpointDef[], inPeriod: TouchEvent[], purchases: Map<string, Date[]>, now: Date, answers: Map<string, LaterAnswer[]> = new Map()): Moment[] {
  const mature = now.getTime() - RETENTION_DAYS * DAY;
  const results: { tp: TouchpointDef; outcome: 'retention' | 'satisfaction'; good: [number, number]; bad: [number, number] }[] = [];
  const byTp = new Map<string, TouchEvent[]>();
  for (const e of inPeriod) if (e.outcome && e.at.getTime() <= mature) (byTp.get(e.tp) ?? byTp.set(e.tp, []).get(e.tp)!).push(e);
  for (const tp of touchpoints) {
    const seen = new Set<string>();
    const good: [number, number] = [0, 0], bad: [number, number] = [0, 0];
    const sGood: [number, number] = [0, 0], sBad: [number, number] = [0, 0];
    for (const e of byTp.get(tp.key) ?? []) {
      if (seen.has(e.customerId)) continue;
      seen.add(e.customerId);
      const t = e.at.getTime();
      const within = (x: number) => x > t && x <= t + RETENTION_DAYS * DAY;
      const kept = (purchases.get(e.customerId) ?? []).some((p) => within(p.getTime()));
      const arm = e.outcome === 'good' ? good : bad;
      arm[0]++; if (kept) arm[1]++;
      const later = (answers.get(e.customerId) ?? []).find((a) => within(a.at.getTime()) && !(e.source === 'survey' && a.ref === e.ref));
      if (later) { const s = e.outcome === 'good' ? sGood : sBad; s[0]++; if (later.good) s[1]++; }
    }
    if (good[0] || bad[0]) results.push({ tp, outcome: 'retention', good, bad });
    if (sGood[0] || sBad[0]) results.push({ tp, outcome: 'satisfaction', good: sGood, bad: sBad });
  }
  const testable = results.filter((r) => isTestable(r.good[0], r.bad[0]));
  const out: Moment[] = [];
  for (const r of testable) {
    const cmp = compareProportions(r.good[1], r.good[0], r.bad[1], r.bad[0]);
    if (!isFinding(cmp, testable.length, 'two-sided')) continue;
    const name = r.tp.nameEn ?? r.tp.name;
    const n = r.good[0] + r.bad[0];
    const shared = { touchpointKey: r.tp.key, stageKey: r.tp.stageKey, effect: round(cmp.effect), low: round(cmp.low), high: round(cmp.high), n, good: { n: r.good[0], retained: r.good[1] }, bad: { n: r.bad[0], retained: r.bad[1] } };
    if (r.outcome === 'satisfaction') {
      out.push({
        ...shared, outcome: `satisfaction_${RETENTION_DAYS}d`,
        explanation: {
          fa: `از مشتریانی که «${r.tp.name}» برایشان خوب پیش رفت و تا ۱۸۰ روز بعد به نظرسنجی پاسخ دادند ${pct(cmp.p1)} راضی بودند و از آن‌ها که بد پیش رفت ${pct(cmp.p2)}؛ تفاوت ${pct(cmp.effect)} (بازهٔ ۹۵٪: ${pct(cmp.low)} تا ${pct(cmp.high)}، ${n} مشتری).`,
          en: `Of the customers for whom "${name}" went well and who answered a survey within 180 days, ${pct(cmp.p1)} were satisfied; of those for whom it went badly, ${pct(cmp.p2)}: a difference of ${pct(cmp.effect)} (95% CI ${pct(cmp.low)} to ${pct(cmp.high)}, n = ${n}).`,
        },
      });
      continue;
    }
    out.push({
      touchpointKey: r.tp.key, stageKey: r.tp.stageKey, outcome: `retention_${RETENTION_DAYS}d`, effect: round(cmp.effect), low: round(cmp.low), high: round(cmp.high),
      n: r.good[0] + r.bad[0], good: { n: r.good[0], retained: r.good[1] }, bad: { n: r.bad[0], retained: r.bad[1] },
      explanation: {
        fa: `از مشتریانی که «${r.tp.name}» برایشان خوب پیش رفت ${pct(cmp.p1)} تا ۱۸۰ روز بعد دوباره خریدند و از آن‌ها که بد پیش رفت ${pct(cmp.p2)}؛ تفاوت ${pct(cmp.effect)} (بازهٔ ۹۵٪: ${pct(cmp.low)} تا ${pct(cmp.high)}، ${r.good[0] + r.bad[0]} مشتری).`,
        en: `Of the customers for whom "${name}" went well, ${pct(cmp.p1)} bought again within 180 days; of those for whom it went badly, ${pct(cmp.p2)}: a difference of ${pct(cmp.effect)} (95% CI ${pct(cmp.low)} to ${pct(cmp.high)}, n = ${r.good[0] + r.bad[0]}).`,
      },
    });
  }
  // Ranked by the interval's end nearest zero: the effect we are sure of.
  const sure = (m: Moment) => (m.effect >= 0 ? m.low : -m.high);
  return out.sort((a, b) => sure(b) - sure(a) || a.touchpointKey.localeCompare(b.touchpointKey));
}
