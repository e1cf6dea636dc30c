/** What the club knows about a customer, for segment rules: the tier (by its name, normalized like search) and the points balance. */
import { sql } from 'drizzle-orm';
import { registerSegmentField } from '../segments/index.ts';

/** One row a customer (customer_id is the key): a rule no non-member can pass is a semi-join on loyalty_members. */
const lookup = (value: string) => ({ from: sql.raw('loyalty_members m'), key: sql.raw('m.customer_id'), value: sql.raw(value) });

export function registerLoyaltySegmentFields(): void {
  const group = 'loyalty';
  registerSegmentField('loyaltyTier', {
    type: 'text', group, label: { fa: 'سطح باشگاه', en: 'Club tier' },
    expr: () => sql.raw('(SELECT m.tier FROM loyalty_members m WHERE m.customer_id = c.id)'), lookup: lookup('m.tier'),
  });
  registerSegmentField('loyaltyPoints', {
    type: 'number', group, label: { fa: 'امتیاز باشگاه', en: 'Club points' },
    expr: () => sql.raw('(SELECT m.balance::numeric FROM loyalty_members m WHERE m.customer_id = c.id)'), lookup: lookup('m.balance::numeric'),
  });
}
