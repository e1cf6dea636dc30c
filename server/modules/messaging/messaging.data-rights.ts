/**
 * SMS and email to and from the customer in a data export; deleted on erasure (addresses and bodies are personal),
 * and whatever still waits in the outbox for them is not sent.
 */
import { eq } from 'drizzle-orm';
import { registerCustomerDataSection } from '../customers/index.ts';
import { forgetOutboxRows } from '../notifications/index.ts';
import { messages } from './messaging.tables.ts';

export function registerMessagingDataRights(): void {
  registerCustomerDataSection('messages', {
    tables: ['messages'],
    order: 30,
    collect: async (db, customerId) => ({ messages: await db.select().from(messages).where(eq(messages.customerId, customerId)) }),
    erase: async (tx, customerId) => {
      const gone = await tx.delete(messages).where(eq(messages.customerId, customerId)).returning({ id: messages.id, outboxId: messages.outboxId });
      const outbox = await forgetOutboxRows(tx, gone.flatMap((m) => (m.outboxId ? [m.outboxId] : [])));
      return { deleted: { messages: gone.length }, anonymized: { outbox } };
    },
  });
}
