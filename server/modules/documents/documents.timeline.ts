/** Documents on the customer's timeline (created, sent, viewed, accepted, paid …) and the Purchases section of the 360° view. */
import { sql } from 'drizzle-orm';
import { registerProfileSection, registerTimelineSource, beforeCursor, isoAt } from '../customers/index.ts';
import { can, type Actor } from '../auth/index.ts';
import type { Db } from '../../db/client.ts';
import { documentEventsOf, visibleDocumentsSql } from './documents.query.ts';
import { registerMessageSubject } from '../messaging/index.ts';

export function registerDocumentViews(): void {
  // A document sent by email or SMS is on the customer's timeline for those who may see the document.
  registerMessageSubject('document', (actor) => (can(actor, 'documents', 'read')
    ? sql`EXISTS (SELECT 1 FROM documents d JOIN customers c ON c.id = d.customer_id WHERE d.id = m.subject_id AND ${visibleDocumentsSql(actor)})` : sql`false`));
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
  // One statement (the 360° view runs a dozen; on the embedded database each costs a round trip of its own).
  const res = await db.execute(sql`
    WITH docs AS (
      SELECT d.* FROM documents d JOIN customers c ON c.id = d.customer_id WHERE d.customer_id = ${customerId} AND ${vis}
    ), bought AS (
      SELECT l.product_id, coalesce(p.name_fa, l.description) AS name, p.code, sum(l.quantity) AS quantity, sum(l.total) AS amount,
             max(d.issue_date) AS last_date, count(DISTINCT d.id) AS invoices
      FROM document_lines l JOIN docs d ON d.id = l.document_id LEFT JOIN products p ON p.id = l.product_id
      WHERE d.kind = 'invoice' AND d.status IN ('paid', 'partially_paid')
      GROUP BY l.product_id, coalesce(p.name_fa, l.description), p.code ORDER BY max(d.issue_date) DESC LIMIT 50
    )
    SELECT
      (SELECT coalesce(json_agg(json_build_object('productId', product_id, 'name', name, 'code', code, 'quantity', quantity::text,
        'amount', amount::text, 'lastDate', last_date::text, 'invoices', invoices)), '[]'::json) FROM bought) AS products,
      (SELECT count(*) FROM docs WHERE kind = 'invoice' AND status IN ('paid', 'partially_paid'))::int AS orders,
      (SELECT coalesce(sum(paid_total), 0) FROM docs WHERE kind = 'invoice' AND status IN ('paid', 'partially_paid'))::text AS spent,
      (SELECT max(issue_date) FROM docs WHERE kind = 'invoice' AND status IN ('paid', 'partially_paid'))::text AS last_purchase,
      (SELECT coalesce(sum(grand_total - paid_total), 0) FROM docs WHERE kind = 'invoice' AND status IN ('issued', 'partially_paid'))::text AS outstanding,
      (SELECT coalesce(json_agg(q ORDER BY q.created_at DESC), '[]'::json) FROM (
        SELECT id, number, status, grand_total::text AS "grandTotal", valid_until::text AS "validUntil", created_at FROM docs
        WHERE kind = 'quote' AND status IN ('draft', 'sent') ORDER BY created_at DESC LIMIT 20) q) AS open_quotes`);
  const t = res.rows[0] as { products: unknown; orders: number; spent: string; last_purchase: string | null; outstanding: string; open_quotes: unknown };
  const json = <T>(v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  const spent = BigInt(t.spent);
  return {
    products: json<{ productId: string | null; name: string; code: string | null; quantity: string; amount: string; lastDate: string; invoices: number }[]>(t.products)
      .map((p) => ({ ...p, quantity: p.quantity.includes('.') ? p.quantity.replace(/\.?0+$/, '') : p.quantity, invoices: Number(p.invoices) })),
    orders: t.orders,
    totalSpent: spent.toString(),
    averageOrder: t.orders ? (spent / BigInt(t.orders)).toString() : '0',
    lastPurchase: t.last_purchase,
    outstanding: t.outstanding,
    openQuotes: json<{ id: string; number: string | null; status: string; grandTotal: string; validUntil: string | null }[]>(t.open_quotes)
      .map(({ id, number, status, grandTotal, validUntil }) => ({ id, number, status, grandTotal, validUntil })),
  };
}
