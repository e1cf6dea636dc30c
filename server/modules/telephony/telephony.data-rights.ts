/** The customer's calls in a data export; on erasure the numbers and the recording link go, the call's timing stays (call statistics). */
import { eq } from 'drizzle-orm';
import { registerCustomerDataSection } from '../customers/index.ts';
import { calls } from './telephony.tables.ts';

export function registerTelephonyDataRights(): void {
  registerCustomerDataSection('calls', {
    tables: ['calls'],
    order: 30,
    collect: async (db, customerId) => ({ calls: await db.select().from(calls).where(eq(calls.customerId, customerId)) }),
    erase: async (tx, customerId, ctx) => {
      const done = await tx.update(calls).set({ rawNumber: '', number: '', numberValid: false, recording: null, updatedAt: ctx.now })
        .where(eq(calls.customerId, customerId)).returning({ id: calls.id });
      return { anonymized: { calls: done.length } };
    },
  });
}
