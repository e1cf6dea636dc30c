/** What the invoices say about a customer, for segment rules: last purchase, number of orders, spend, products and categories bought. */
import { sql } from 'drizzle-orm';
import { registerSegmentField, type FieldContext } from '../segments/index.ts';
import { addDays } from '../../../common/jalali.ts';
import { faNorm } from '../../../common/fa-normalize.ts';

/** An invoice that is a purchase: issued (paid or not); drafts and cancelled ones are not. */
const PURCHASE = sql`d.customer_id = c.id AND d.kind = 'invoice' AND d.status IN ('issued', 'partially_paid', 'paid')`;
const within = (ctx: FieldContext, days: number | undefined) => (days ? sql`AND d.issue_date >= ${addDays(ctx.today, -days)}::date` : sql``);

export function registerDocumentSegmentFields(): void {
  const group = 'purchases';
  registerSegmentField('lastPurchaseAt', {
    type: 'date', group, label: { fa: 'آخرین خرید', en: 'Last purchase' },
    expr: () => sql`(SELECT max(d.issue_date) FROM documents d WHERE ${PURCHASE})`,
  });
  registerSegmentField('firstPurchaseAt', {
    type: 'date', group, label: { fa: 'نخستین خرید', en: 'First purchase' },
    expr: () => sql`(SELECT min(d.issue_date) FROM documents d WHERE ${PURCHASE})`,
  });
  registerSegmentField('purchaseCount', {
    type: 'number', group, label: { fa: 'تعداد خرید', en: 'Number of orders' },
    expr: () => sql`(SELECT count(*) FROM documents d WHERE ${PURCHASE})`,
  });
  registerSegmentField('totalSpent', {
    type: 'money', group, label: { fa: 'جمع خرید (ریال)', en: 'Total spent (Rials)' },
    expr: () => sql`(SELECT coalesce(sum(d.grand_total), 0)::numeric FROM documents d WHERE ${PURCHASE})`,
  });
  registerSegmentField('bought', {
    type: 'event', group, label: { fa: 'خرید کرده', en: 'Bought anything' },
    happened: (ctx, _values, days) => sql`EXISTS (SELECT 1 FROM documents d WHERE ${PURCHASE} ${within(ctx, days)})`,
  });
  // A product by its id or its code (as the invoice line carries it), in any spelling of the code.
  registerSegmentField('boughtProduct', {
    type: 'event', values: 'text', group, label: { fa: 'کالا را خریده', en: 'Bought product' },
    happened: (ctx, values, days) => {
      const v = values ?? [];
      const ids = v.filter((x) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(x));
      const codes = v.map(faNorm);
      return sql`EXISTS (SELECT 1 FROM documents d JOIN document_lines l ON l.document_id = d.id WHERE ${PURCHASE} ${within(ctx, days)}
        AND (l.product_id = ANY(${sql.param(ids)}::uuid[]) OR fa_norm(l.code) = ANY(${sql.param(codes)}::text[])))`;
    },
  });
  registerSegmentField('boughtCategory', {
    type: 'event', values: 'text', group, label: { fa: 'از این دسته خریده', en: 'Bought in category' },
    happened: (ctx, values, days) => sql`EXISTS (SELECT 1 FROM documents d JOIN document_lines l ON l.document_id = d.id JOIN products p ON p.id = l.product_id
      WHERE ${PURCHASE} ${within(ctx, days)} AND fa_norm(p.category) = ANY(${sql.param((values ?? []).map(faNorm))}::text[]))`,
  });
}
