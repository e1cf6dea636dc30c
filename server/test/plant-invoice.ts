/** Test data: an issued one-line invoice written straight into the tables, as the customer's owner would have it. */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { documents, documentLines } from '../modules/documents/index.ts';

let planted = 0;

export async function plantInvoice(db: Db, customerId: string, total: number, day: string): Promise<string> {
  const [d] = (await db.execute(sql`INSERT INTO documents (kind, number, status, customer_id, issue_date, seller, buyer, vat_rate_bp, grand_total, owner_id, created_by)
    SELECT 'invoice', ${`PL-${process.pid}-${++planted}`}, 'issued', c.id, ${day}::date, '{}'::jsonb, '{}'::jsonb, 0, ${total}, c.owner_id, c.owner_id FROM customers c WHERE c.id = ${customerId}
    RETURNING id`)).rows as { id: string }[];
  await db.execute(sql`INSERT INTO document_lines (document_id, position, description, quantity, unit_price, total) VALUES (${d.id}, 1, 'line', 1, ${total}, ${total})`);
  return d.id;
}

/**
 * Test data: a paid invoice of `amount` Rials on `day` with one line per product code (each line `amount`), written
 * straight into the tables — the purchase log the insights refit reads.
 */
export async function plantPaidInvoice(db: Db, customerId: string, day: string, codes: string[], opts: { amount?: bigint; buyer?: string } = {}): Promise<string> {
  const amount = opts.amount ?? 1_000_000n;
  const [d] = await db.insert(documents).values({
    kind: 'invoice', status: 'paid', customerId, issueDate: day, seller: { name: 'محور' }, buyer: { name: opts.buyer ?? '' },
    vatRateBp: 0, subtotal: amount, grandTotal: amount, paidTotal: amount,
  }).returning({ id: documents.id });
  await db.insert(documentLines).values(codes.map((code, j) => ({ documentId: d.id, position: j + 1, code, description: code, quantity: '1', unitPrice: amount, total: amount })));
  return d.id;
}
