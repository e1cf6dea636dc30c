/** SMS and email to and from the customer in a data export; deleted on erasure (addresses and bodies are personal). */
import { eq } from 'drizzle-orm';
import { registerCustomerDataSection } from '../customers/index.ts';
import { messages } from './messaging.tables.ts';

export function registerMessagingDataRights(): void {
  registerCustomerDataSection('messages', {
    tables: ['messages'],
    order: 30,
    collect: async (db, customerId) => ({ messages: await db.select().from(messages).where(eq(messages.customerId, customerId)) }),
    erase: async (tx, customerId) => {
      const gone = await tx.delete(messages).where(eq(messages.customerId, customerId)).returning({ id: messages.id });
      return { deleted: { messages: gone.length } };
    },
  });
}
