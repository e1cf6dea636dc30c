/** Test data: an issued one-line invoice written straight into the tables, as the customer's owner would have it. */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';

let planted = 0;

export async function plantInvoice(db: Db, customerId: string, total: number, day: string): Promise<string> {
  const [d] = (await db.execute(sql`INSERT INTO documents (kind, number, status, customer_id, issue_date, seller, buyer, vat_rate_bp, grand_total, owner_id, created_by)
    SELECT 'invoice', ${`PL-${process.pid}-${++planted}`}, 'issued', c.id, ${day}::date, '{}'::jsonb, '{}'::jsonb, 0, ${total}, c.owner_id, c.owner_id FROM customers c WHERE c.id = ${customerId}
    RETURNING id`)).rows as { id: string }[];
  await db.execute(sql`INSERT INTO document_lines (document_id, position, description, quantity, unit_price, total) VALUES (${d.id}, 1, 'line', 1, ${total}, ${total})`);
  return d.id;
}
