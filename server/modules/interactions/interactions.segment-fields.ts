/** What the interactions say about a customer, for segment rules: the last contact, and contact of a kind within N days. */
import { sql } from 'drizzle-orm';
import { registerSegmentField, sinceDays } from '../segments/index.ts';


export function registerInteractionSegmentFields(): void {
  registerSegmentField('lastInteractionAt', {
    type: 'date', group: 'activity', label: { fa: 'آخرین تعامل', en: 'Last interaction' },
    expr: (ctx) => sql`(SELECT (max(i.occurred_at) AT TIME ZONE ${ctx.timeZone})::date FROM interactions i WHERE i.customer_id = c.id AND i.deleted_at IS NULL)`,
  });
  registerSegmentField('hadInteraction', {
    type: 'event', values: 'text', group: 'activity', label: { fa: 'تعامل داشته (نوع)', en: 'Had an interaction (kind)' },
    happened: (ctx, kinds, days) => sql`EXISTS (SELECT 1 FROM interactions i WHERE i.customer_id = c.id AND i.deleted_at IS NULL
      ${kinds ? sql`AND i.kind = ANY(${sql.param(kinds)}::text[])` : sql``} ${days ? sql`AND i.occurred_at >= ${sinceDays(ctx, days)}` : sql``})`,
  });
}
