/** Every purchase (an issued invoice: issued, partially paid or paid) as a transaction log, for the customer models. */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

export interface PurchaseRow {
  customerId: string;
  /** YYYY-MM-DD */
  issueDate: string;
  /** Grand total in Rials (as a number: the models work in floating point). */
  amount: number;
  /** Product codes (or ids without a code) on the invoice's lines. */
  items: string[];
}

/** All purchases of customers not deleted, oldest first. No permission check: a system read for the nightly refit. */
export async function purchaseLog(db: Db): Promise<PurchaseRow[]> {
  const res = await db.execute(sql`SELECT d.customer_id::text AS customer_id, d.issue_date::text AS issue_date, d.grand_total::text AS amount,
      coalesce((SELECT array_agg(DISTINCT coalesce(l.code, l.product_id::text)) FROM document_lines l
        WHERE l.document_id = d.id AND (l.code IS NOT NULL OR l.product_id IS NOT NULL)), '{}') AS items
    FROM documents d JOIN customers c ON c.id = d.customer_id
    WHERE d.kind = 'invoice' AND d.status IN ('issued', 'partially_paid', 'paid') AND c.deleted_at IS NULL
    ORDER BY d.issue_date, d.id`);
  return res.rows.map((r) => ({
    customerId: String(r.customer_id), issueDate: String(r.issue_date), amount: Number(r.amount),
    items: (r.items as string[] | null) ?? [],
  }));
}
