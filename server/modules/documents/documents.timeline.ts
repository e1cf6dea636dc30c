/** Documents on the customer's timeline (created, sent, viewed, accepted, paid …) and the Purchases section of the 360° view. */
import { sql } from 'drizzle-orm';
import { registerProfileSection, registerTimelineSource, beforeCursor, isoAt } from '../customers/index.ts';
import { can } from '../auth/policy.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../auth/policy.ts';
import { documentEventsOf, visibleDocumentsSql } from './documents.query.ts';

export function registerDocumentViews(): void {
  registerTimelineSource({
    kind: 'document',
    async fetch(db, actor, customerId, cursor, limit) {
      if (!can(actor, 'documents', 'read')) return [];
      const rows = await documentEventsOf(db, actor, customerId, beforeCursor('document', sql`e.at`, sql`e.id::text`, cursor), limit);
      return rows.map((r) => ({
        kind: 'document', id: String(r.id), at: isoAt(r.at),
        data: { type: r.type, documentId: r.document_id, documentKind: r.kind, number: r.number, status: r.status, grandTotal: String(r.grand_total), actorName: r.actor_name ?? null, ...(r.data as object) },
      }));
    },
  });
  registerProfileSection({ key: 'purchases', load: async (db, actor, customerId) => (can(actor, 'documents', 'read') ? purchasesOf(db, actor, customerId) : null) });
}

/**
 * What the customer bought (lines of paid and partly paid invoices, less cancelled ones), what they spent (payments
 * received less credit notes), their average order, last purchase, and quotes still open.
 */
export async function purchasesOf(db: Db, actor: Actor, customerId: string) {
  const vis = visibleDocumentsSql(actor);
  const [products, totals, openQuotes] = await Promise.all([
    db.execute(sql`
      SELECT l.product_id, coalesce(p.name_fa, l.description) AS name, p.code, sum(l.quantity)::text AS quantity, sum(l.total)::text AS amount,
             max(d.issue_date)::text AS last_date, count(DISTINCT d.id)::int AS invoices
      FROM document_lines l JOIN documents d ON d.id = l.document_id JOIN customers c ON c.id = d.customer_id LEFT JOIN products p ON p.id = l.product_id
      WHERE d.customer_id = ${customerId} AND d.kind = 'invoice' AND d.status IN ('paid', 'partially_paid') AND ${vis}
      GROUP BY l.product_id, coalesce(p.name_fa, l.description), p.code ORDER BY max(d.issue_date) DESC LIMIT 50`),
    db.execute(sql`
      SELECT count(*) FILTER (WHERE d.kind = 'invoice' AND d.status IN ('paid', 'partially_paid'))::int AS orders,
             coalesce(sum(d.paid_total) FILTER (WHERE d.kind = 'invoice' AND d.status IN ('paid', 'partially_paid')), 0)::text AS spent,
             max(d.issue_date) FILTER (WHERE d.kind = 'invoice' AND d.status IN ('paid', 'partially_paid'))::text AS last_purchase,
             coalesce(sum(d.grand_total - d.paid_total) FILTER (WHERE d.kind = 'invoice' AND d.status IN ('issued', 'partially_paid')), 0)::text AS outstanding
      FROM documents d JOIN customers c ON c.id = d.customer_id WHERE d.customer_id = ${customerId} AND ${vis}`),
    db.execute(sql`
      SELECT d.id, d.number, d.status, d.grand_total::text AS grand_total, d.valid_until::text AS valid_until
      FROM documents d JOIN customers c ON c.id = d.customer_id
      WHERE d.customer_id = ${customerId} AND d.kind = 'quote' AND d.status IN ('draft', 'sent') AND ${vis} ORDER BY d.created_at DESC LIMIT 20`),
  ]);
  const t = totals.rows[0] as { orders: number; spent: string; last_purchase: string | null; outstanding: string };
  const spent = BigInt(t.spent);
  return {
    products: products.rows.map((r) => {
      const x = r as Record<string, unknown>;
      return { productId: x.product_id ?? null, name: String(x.name), code: x.code ?? null, quantity: String(x.quantity).replace(/\.?0+$/, ''), amount: String(x.amount), lastDate: String(x.last_date), invoices: Number(x.invoices) };
    }),
    orders: t.orders,
    totalSpent: spent.toString(),
    averageOrder: t.orders ? (spent / BigInt(t.orders)).toString() : '0',
    lastPurchase: t.last_purchase,
    outstanding: t.outstanding,
    openQuotes: openQuotes.rows.map((r) => {
      const x = r as Record<string, unknown>;
      return { id: String(x.id), number: x.number ?? null, status: String(x.status), grandTotal: String(x.grand_total), validUntil: x.valid_until ?? null };
    }),
  };
}
