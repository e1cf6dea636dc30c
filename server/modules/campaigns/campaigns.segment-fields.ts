/**
 * What campaigns know about a customer, for segment rules: opened a campaign email, clicked a campaign's tracked link,
 * converted (an invoice within the campaign's conversion window, counted the way the results count it) — each
 * optionally within the last N days of the sending.
 */
import { sql } from 'drizzle-orm';
import { registerSegmentField, sinceDays } from '../segments/index.ts';

export function registerCampaignSegmentFields(): void {
  const group = 'campaigns';
  registerSegmentField('campaignOpened', {
    type: 'event', group, label: { fa: 'ایمیل کمپین را باز کرده', en: 'Opened a campaign email' },
    happened: (ctx, _values, days) => sql`EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.customer_id = c.id AND r.opened_at IS NOT NULL
      ${days ? sql`AND r.opened_at >= ${sinceDays(ctx, days)}` : sql``})`,
  });
  registerSegmentField('campaignClicked', {
    type: 'event', group, label: { fa: 'پیوند کمپین را باز کرده', en: 'Clicked a campaign link' },
    happened: (ctx, _values, days) => sql`EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.customer_id = c.id AND r.clicked_at IS NOT NULL
      ${days ? sql`AND r.clicked_at >= ${sinceDays(ctx, days)}` : sql``})`,
  });
  registerSegmentField('campaignConverted', {
    type: 'event', group, label: { fa: 'پس از کمپین خرید کرده', en: 'Bought after a campaign' },
    // As the results count it: a recipient whose message was queued, with an invoice issued from the campaign's start
    // day (Tehran) to conversionDays later.
    happened: (ctx, _values, days) => sql`EXISTS (SELECT 1 FROM campaign_recipients r JOIN campaigns k ON k.id = r.campaign_id
      WHERE r.customer_id = c.id AND r.grp = 'send' AND r.status = 'queued' AND k.started_at IS NOT NULL
        ${days ? sql`AND r.queued_at >= ${sinceDays(ctx, days)}` : sql``}
        AND EXISTS (SELECT 1 FROM documents d WHERE d.customer_id = c.id AND d.kind = 'invoice' AND d.status IN ('issued', 'partially_paid', 'paid')
          AND d.issue_date >= (k.started_at AT TIME ZONE 'Asia/Tehran')::date AND d.issue_date <= (k.started_at AT TIME ZONE 'Asia/Tehran')::date + k.conversion_days))`,
  });
}
