/**
 * What an import keeps about a customer (the outcome row of the file's line that made or updated them, with that line's
 * cells) takes part in merges and in the customer's data rights like every other module's rows.
 */
import { and, eq, isNotNull } from 'drizzle-orm';
import { registerCustomerDataSection, registerCustomerMover } from '../customers/index.ts';
import { importRows } from './imports.tables.ts';

export function registerImportCustomerLinks(): void {
  // A merge leaves import rows naming the record the import made: undoing that import must never delete the survivor,
  // which holds more than the import brought. So nothing moves (the merged-away record stays deleted either way).
  registerCustomerMover({
    name: 'imports',
    tables: ['import_rows'],
    move: async () => ({}),
    count: async (db, customerId) => ({ import_rows: await db.$count(importRows, eq(importRows.customerId, customerId)) }),
    undo: async () => {},
  });
  registerCustomerDataSection('imports', {
    tables: ['import_rows'],
    order: 70,
    collect: async (db, customerId) => ({ importRows: await db.select().from(importRows).where(eq(importRows.customerId, customerId)) }),
    // The file's line and the values it replaced are personal data; the outcome (a count of the batch) stays.
    erase: async (tx, customerId) => {
      const rows = await tx.update(importRows).set({ cells: null, previous: null, reason: null })
        .where(and(eq(importRows.customerId, customerId), isNotNull(importRows.customerId))).returning({ batchId: importRows.batchId });
      return { anonymized: { importRows: rows.length } };
    },
  });
}
