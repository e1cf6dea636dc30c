/** The stored scores as segment fields: RFM segment, CLV, churn risk, health, P(alive), expected purchases in 90 days. */
import { sql } from 'drizzle-orm';
import { registerSegmentField } from '../segments/index.ts';
import { RFM_SEGMENT_NAMES } from '../../../common/insights.schemas.ts';

const SEGMENT_LABELS: Record<(typeof RFM_SEGMENT_NAMES)[number], { fa: string; en: string }> = {
  champions: { fa: 'قهرمانان', en: 'Champions' }, loyal: { fa: 'وفادار', en: 'Loyal' },
  potential_loyalists: { fa: 'وفادار بالقوه', en: 'Potential loyalists' }, new: { fa: 'تازه', en: 'New' },
  promising: { fa: 'امیدوارکننده', en: 'Promising' }, needs_attention: { fa: 'نیازمند توجه', en: 'Needs attention' },
  cant_lose: { fa: 'نباید از دست داد', en: "Can't lose" }, at_risk: { fa: 'در خطر', en: 'At risk' },
  lost: { fa: 'از دست رفته', en: 'Lost' }, hibernating: { fa: 'خفته', en: 'Hibernating' },
};

const score = (column: string) => () => sql.raw(`(SELECT s.${column} FROM customer_scores s WHERE s.customer_id = c.id)`);
/** One row a customer (customer_id is the key): rules on a score are a semi-join on customer_scores. */
const lookup = (value: string) => ({ from: sql.raw('customer_scores s'), key: sql.raw('s.customer_id'), value: sql.raw(value) });

export function registerInsightSegmentFields(): void {
  const group = 'insights';
  registerSegmentField('rfmSegment', {
    type: 'enum', group, label: { fa: 'بخش RFM', en: 'RFM segment' },
    options: RFM_SEGMENT_NAMES.map((value) => ({ value, label: SEGMENT_LABELS[value] })), expr: score('rfm_segment'), lookup: lookup('s.rfm_segment'),
  });
  registerSegmentField('clv', { type: 'money', group, label: { fa: 'ارزش طول عمر (ریال)', en: 'Lifetime value (Rials)' }, expr: () => sql.raw('(SELECT round(s.clv)::numeric FROM customer_scores s WHERE s.customer_id = c.id)'), lookup: lookup('round(s.clv)::numeric') });
  registerSegmentField('churnRisk', { type: 'number', group, label: { fa: 'ریسک ریزش', en: 'Churn risk' }, expr: score('churn_risk'), lookup: lookup('s.churn_risk') });
  registerSegmentField('healthScore', { type: 'number', group, label: { fa: 'امتیاز سلامت', en: 'Health score' }, expr: score('health'), lookup: lookup('s.health') });
  registerSegmentField('pAlive', { type: 'number', group, label: { fa: 'احتمال فعال بودن', en: 'P(alive)' }, expr: score('p_alive'), lookup: lookup('s.p_alive') });
  registerSegmentField('expectedPurchases90', { type: 'number', group, label: { fa: 'خرید پیش‌بینی‌شده ۹۰ روز', en: 'Expected purchases (90 days)' }, expr: score('expected_purchases_90'), lookup: lookup('s.expected_purchases_90') });
}
