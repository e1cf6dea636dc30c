/**
 * The voice-of-the-customer figures: NPS, CSAT or CES of a period with its 95% interval, the response rate, the change
 * against the previous period of the same length, and the same metric by week, Jalali month, product, agent, channel,
 * segment (lifecycle stage) or survey. Definitions and intervals: metrics.ts.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { toIso } from '../../db/values.ts';
import { AppError } from '../../errors.ts';
import { assertCan, customerScopeSql, type Actor } from '../auth/index.ts';
import { TEHRAN, addDays, todayIn } from '../../../common/jalali.ts';
import { breakdown, comparePeriods, responseRate, trend, type MetricKind } from './metrics.ts';

type Row = { score: number; created_at: unknown; product: string | null; agent: string | null; channel: string; segment: string | null; survey: string };

export async function vocMetrics(db: Db, actor: Actor, now: Date,
  q: { metric: MetricKind; from?: string; to?: string; groupBy?: 'week' | 'month' | 'product' | 'agent' | 'channel' | 'segment' | 'survey'; surveyId?: string; calendar?: 'jalali' | 'gregorian' }) {
  assertCan(actor, 'surveys', 'read');
  // Calendar days in Tehran; `to` is inclusive for people, exclusive here.
  const toDay = addDays(q.to ?? todayIn(now, TEHRAN), 1);
  const fromDay = q.from ?? addDays(toDay, -90);
  if (fromDay >= toDay) throw new AppError('VALIDATION_FAILED', 'The period must start before it ends', { from: 'after to' });
  const at = (day: string) => new Date(`${day}T00:00:00+03:30`);
  const from = at(fromDay), to = at(toDay);
  const prevFrom = new Date(from.getTime() - (to.getTime() - from.getTime()));
  const scope = customerScopeSql(actor, 'c');
  const visible = sql`(r.customer_id IS NULL OR (c.deleted_at IS NULL${scope ? sql` AND ${scope}` : sql``}))`;
  const survey = q.surveyId ? sql`AND r.survey_id = ${q.surveyId}` : sql``;
  const rows = (await db.execute(sql`SELECT r.score, r.created_at, p.name_fa AS product, u.name AS agent, r.channel, c.lifecycle_stage AS segment, s.name AS survey
    FROM survey_responses r JOIN surveys s ON s.id = r.survey_id LEFT JOIN customers c ON c.id = r.customer_id
      LEFT JOIN products p ON p.id = r.product_id LEFT JOIN users u ON u.id = r.agent_id
    WHERE r.metric = ${q.metric} AND r.score IS NOT NULL AND r.created_at >= ${prevFrom} AND r.created_at < ${to} AND ${visible} ${survey}`)).rows as Row[];
  const answers = rows.map((r) => ({
    score: Number(r.score), at: new Date(toIso(r.created_at)),
    key: q.groupBy === 'product' ? r.product : q.groupBy === 'agent' ? r.agent : q.groupBy === 'channel' ? r.channel : q.groupBy === 'segment' ? r.segment : q.groupBy === 'survey' ? r.survey : null,
  }));
  const inPeriod = answers.filter((a) => a.at >= from && a.at < to);
  const comparison = comparePeriods(q.metric, answers, { from, to });

  // Response rate: invitations of this metric's surveys delivered in the period, and how many were answered.
  const [rate] = (await db.execute(sql`SELECT count(*)::int AS delivered, count(*) FILTER (WHERE i.status = 'answered')::int AS answered
    FROM survey_invitations i JOIN surveys s ON s.id = i.survey_id JOIN customers c ON c.id = i.customer_id
    WHERE s.metric = ${q.metric} AND i.sent_at >= ${from} AND i.sent_at < ${to} AND c.deleted_at IS NULL ${scope ? sql`AND ${scope}` : sql``}
      ${q.surveyId ? sql`AND i.survey_id = ${q.surveyId}` : sql``}`)).rows as { delivered: number; answered: number }[];

  const groups = !q.groupBy ? null
    : q.groupBy === 'week' || q.groupBy === 'month' ? trend(q.metric, inPeriod, { by: q.groupBy === 'week' ? 'week' : q.calendar === 'gregorian' ? 'gregorianMonth' : 'jalaliMonth' })
      : breakdown(q.metric, inPeriod);
  return {
    metric: q.metric, from: fromDay, to: addDays(toDay, -1), groupBy: q.groupBy ?? null,
    summary: comparison.current, previous: comparison.previous, change: comparison.change, significant: comparison.significant,
    responseRate: responseRate(rate.answered, rate.delivered),
    groups,
  };
}
