/**
 * Pain points and moments of truth from touch events, without the database (docs/decisions.md, "Customer journeys").
 * Every comparison is a two-proportion test (server/analytics/journey-stats.ts); a finding needs both groups of at least
 * 30, a difference of at least 10 points and significance after Bonferroni over all the map's tests at a family-wise
 * 0.1 %. Touchpoints are compared with the journey's own baseline: the same touchpoint in the year before the period,
 * the other product lines at the same touchpoint, and (survey answers) the other touchpoints measured by the same metric.
 */
import { createHash } from 'node:crypto';
import { compareProportions, isFinding, isTestable, type Comparison } from '../../analytics/index.ts';
import type { TouchpointDef } from './journeys.tables.ts';

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

/** Events with an outcome at one place: how many, how many bad, and the customers with a bad one (the first, in order). */
export type Group = { n: number; bad: number; badIds: string[]; badAt: number[] };
export const emptyGroup = (): Group => ({ n: 0, bad: 0, badIds: [], badAt: [] });

/** A touchpoint's bad outcomes in the period (`a`) against a baseline (`b`: only its counts are read). */
export type Candidate = { tp: TouchpointDef; comparison: PainPoint['evidence']['comparison']; line: string | null; a: Group; b: Group };
/**
 * A finding that is not a touchpoint's bad outcome (journeys.flow-findings.ts: drop-off at a step, long waits at a
 * hand-over): its own kind, id and text, tested in the same family as the others.
 */
export type FlowCandidate = { kind: string; id: string; touchpointKey: string; stageKey: string; a: Group; b: Group; text: (cmp: Comparison) => { fa: string; en: string } };

const customerList = (g: Group) => g.badIds.map((id, k) => ({ id, at: new Date(g.badAt[k]) }));

/**
 * The pain points of a period from the touchpoints' candidates (journeys.touch-tally.ts: each touchpoint against the
 * year before, each product line against the others, each survey touchpoint against the other touchpoints measured by
 * the same metric) and the drop-off and waiting candidates. Bonferroni runs over all testable candidates together.
 */
export function findPainPoints(candidates: Candidate[], flow: FlowCandidate[] = []): PainPoint[] {
  const testable = candidates.filter((c) => isTestable(c.a.n, c.b.n));
  const flowTestable = flow.filter((c) => isTestable(c.a.n, c.b.n));
  const family = testable.length + flowTestable.length;
  const found: PainPoint[] = [];
  for (const c of flowTestable) {
    const cmp = compareProportions(c.a.bad, c.a.n, c.b.bad, c.b.n);
    if (!isFinding(cmp, family, 'greater')) continue;
    found.push({
      id: c.id, touchpointKey: c.touchpointKey, stageKey: c.stageKey, kind: c.kind, severity: round(cmp.effect), customers: c.a.badIds.length,
      evidence: { text: c.text(cmp), comparison: 'earlier_period', rate: round(cmp.p1), baseline: round(cmp.p2), n: c.a.n, baselineN: c.b.n, low: round(cmp.low), high: round(cmp.high), p: cmp.pGreater, productLine: null },
      customerIds: customerList(c.a),
    });
  }
  for (const c of testable) {
    const cmp = compareProportions(c.a.bad, c.a.n, c.b.bad, c.b.n);
    if (!isFinding(cmp, family, 'greater')) continue;
    const kind = painKind(c.tp);
    const id = [kind, c.tp.key, c.comparison, ...(c.line ? [shortHash(c.line)] : [])].join('.');
    found.push({
      id, touchpointKey: c.tp.key, stageKey: c.tp.stageKey, kind, severity: round(cmp.effect), customers: c.a.badIds.length,
      evidence: { text: painText(kind, c, cmp), comparison: c.comparison, rate: round(cmp.p1), baseline: round(cmp.p2), n: c.a.n, baselineN: c.b.n, low: round(cmp.low), high: round(cmp.high), p: cmp.pGreater, productLine: c.line },
      customerIds: customerList(c.a),
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

/** One moment comparison's counts: [customers, customers retained (bought again / satisfied)] for each arm. */
export type MomentCounts = { tp: TouchpointDef; outcome: 'retention' | 'satisfaction'; good: [number, number]; bad: [number, number] };

/**
 * Moments of truth: for each touchpoint with a good/bad outcome, each customer's first such event in the period that is
 * at least 180 days old; good against bad, two-sided, on two later outcomes tested in one Bonferroni family
 * (the counts from journeys.touch-tally.ts):
 * - retention_180d: a paid invoice in the 180 days after it (`good.retained` / `bad.retained`: customers who bought);
 * - satisfaction_180d: among the customers who answered a survey (NPS, CSAT or CES; not the event itself) in the 180 days
 *   after it, those whose first such answer was not unhappy (`retained`: customers satisfied; `n`: customers answering).
 */
export function findMoments(results: MomentCounts[]): Moment[] {
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
