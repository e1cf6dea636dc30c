/** The customer's interactions in a data export, and deleted on erasure (they are the customer's own words). */
import { eq } from 'drizzle-orm';
import { registerCustomerDataSection } from '../customers/index.ts';
import { interactions } from './interactions.tables.ts';

export function registerInteractionDataRights(): void {
  registerCustomerDataSection('interactions', {
    tables: ['interactions'],
    order: 30,
    collect: async (db, customerId) => ({ interactions: await db.select().from(interactions).where(eq(interactions.customerId, customerId)) }),
    erase: async (tx, customerId) => {
      const gone = await tx.delete(interactions).where(eq(interactions.customerId, customerId)).returning({ id: interactions.id });
      return { deleted: { interactions: gone.length } };
    },
  });
}
