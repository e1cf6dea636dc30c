/** A lead submission names its customer: it follows them in a merge and is part of their data export and erasure. */
import { eq } from 'drizzle-orm';
import { columnMover, registerCustomerDataSection, registerCustomerMover } from '../customers/index.ts';
import { leadSubmissions } from './leads.tables.ts';

export function registerLeadCustomerLinks(): void {
  registerCustomerMover(columnMover('leads', [{ table: leadSubmissions, id: leadSubmissions.id, customerId: leadSubmissions.customerId }]));
  registerCustomerDataSection('leads', {
    tables: ['lead_submissions'],
    order: 40,
    collect: async (db, customerId) => ({ leadSubmissions: await db.select().from(leadSubmissions).where(eq(leadSubmissions.customerId, customerId)) }),
    // What the person typed and the consents they gave are theirs: the rows go (the form's count goes down with them).
    erase: async (tx, customerId) => {
      const gone = await tx.delete(leadSubmissions).where(eq(leadSubmissions.customerId, customerId)).returning({ id: leadSubmissions.id });
      return { deleted: { leadSubmissions: gone.length } };
    },
  });
}
