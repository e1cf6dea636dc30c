/** The customer's tasks and promises in a data export; deleted on erasure (before interactions, which they point to). */
import { eq } from 'drizzle-orm';
import { registerCustomerDataSection } from '../customers/index.ts';
import { tasks } from './tasks.tables.ts';

export function registerTaskDataRights(): void {
  registerCustomerDataSection('tasks', {
    tables: ['tasks'],
    order: 20,
    collect: async (db, customerId) => ({ tasks: await db.select().from(tasks).where(eq(tasks.customerId, customerId)) }),
    erase: async (tx, customerId) => {
      const gone = await tx.delete(tasks).where(eq(tasks.customerId, customerId)).returning({ id: tasks.id });
      return { deleted: { tasks: gone.length } };
    },
  });
}
