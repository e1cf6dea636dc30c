/** What support knows about a customer, for segment rules: last ticket, open tickets, tickets of a category within N days. */
import { sql } from 'drizzle-orm';
import { registerSegmentField, sinceDays } from '../segments/index.ts';
import { faNorm } from '../../../common/fa-normalize.ts';
import { OPEN_TICKET_STATUSES } from '../../../common/support.schemas.ts';


export function registerSupportSegmentFields(): void {
  const group = 'support';
  registerSegmentField('lastTicketAt', {
    type: 'date', group, label: { fa: 'آخرین تیکت', en: 'Last ticket' },
    expr: (ctx) => sql`(SELECT (max(t.created_at) AT TIME ZONE ${ctx.timeZone})::date FROM tickets t WHERE t.customer_id = c.id)`,
  });
  registerSegmentField('openTickets', {
    type: 'number', group, label: { fa: 'تیکت‌های باز', en: 'Open tickets' },
    expr: () => sql`(SELECT count(*) FROM tickets t WHERE t.customer_id = c.id AND t.status = ANY(${sql.param([...OPEN_TICKET_STATUSES])}::text[]))`,
  });
  registerSegmentField('hadTicket', {
    type: 'event', values: 'text', group, label: { fa: 'تیکت داشته (دسته)', en: 'Had a ticket (category)' },
    happened: (ctx, categories, days) => sql`EXISTS (SELECT 1 FROM tickets t WHERE t.customer_id = c.id
      ${categories ? sql`AND fa_norm(t.category) = ANY(${sql.param(categories.map(faNorm))}::text[])` : sql``} ${days ? sql`AND t.created_at >= ${sinceDays(ctx, days)}` : sql``})`,
  });
}
