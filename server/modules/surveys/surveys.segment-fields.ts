/** What the customer said in surveys, for segment rules: the last NPS, CSAT and CES scores, and a detractor answer within N days. */
import { sql } from 'drizzle-orm';
import { registerSegmentField, sinceDays } from '../segments/index.ts';

const last = (metric: 'nps' | 'csat' | 'ces') => sql`(SELECT r.score FROM survey_responses r WHERE r.customer_id = c.id AND r.metric = ${metric} AND r.score IS NOT NULL
  ORDER BY r.created_at DESC, r.id DESC LIMIT 1)`;

export function registerSurveySegmentFields(): void {
  const group = 'voice';
  registerSegmentField('lastNps', { type: 'number', group, label: { fa: 'آخرین امتیاز NPS', en: 'Last NPS score' }, expr: () => last('nps') });
  registerSegmentField('lastCsat', { type: 'number', group, label: { fa: 'آخرین امتیاز رضایت (CSAT)', en: 'Last CSAT score' }, expr: () => last('csat') });
  registerSegmentField('lastCes', { type: 'number', group, label: { fa: 'آخرین امتیاز سهولت (CES)', en: 'Last CES score' }, expr: () => last('ces') });
  // A detractor: an NPS answer of 0–6.
  registerSegmentField('npsDetractor', {
    type: 'event', group, label: { fa: 'منتقد (NPS ۰ تا ۶)', en: 'Detractor (NPS 0–6)' },
    happened: (ctx, _v, days) => sql`EXISTS (SELECT 1 FROM survey_responses r WHERE r.customer_id = c.id AND r.metric = 'nps' AND r.score <= 6
      ${days ? sql`AND r.created_at >= ${sinceDays(ctx, days)}` : sql``})`,
  });
}
