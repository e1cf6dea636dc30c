/**
 * The sales rollup on a merge and in data rights. Its rows follow the documents by themselves: the triggers on
 * documents move the amounts when the documents mover hands the invoices to the survivor (and back on undo), and an
 * erasure that deletes drafts or quotes changes nothing counted. So the mover moves nothing itself; an export includes
 * the customer's monthly sums (Jalali) and first order day; erasure keeps the rows of kept invoices (the law keeps them).
 */
import { and, eq } from 'drizzle-orm';
import { registerCustomerMover, registerCustomerDataSection } from '../customers/index.ts';
import { salesFirstOrders, salesRollup } from './sales-rollup.tables.ts';

export function registerSalesRollupMover(): void {
  registerCustomerMover({
    name: 'sales-rollup',
    tables: ['sales_rollup', 'sales_first_orders'],
    async move() { return {}; }, // the documents triggers move the sums with the invoices
    async count(db, customerId) {
      return {
        sales_rollup: await db.$count(salesRollup, eq(salesRollup.customerId, customerId)),
        sales_first_orders: await db.$count(salesFirstOrders, eq(salesFirstOrders.customerId, customerId)),
      };
    },
    async undo() { /* the documents triggers move them back with the invoices */ },
  });
}

export function registerSalesRollupDataRights(): void {
  registerCustomerDataSection('sales-rollup', {
    tables: ['sales_rollup', 'sales_first_orders'],
    order: 51,
    collect: async (db, customerId) => ({
      salesByMonth: await db.select({ month: salesRollup.start, documents: salesRollup.docs, orders: salesRollup.orders, gross: salesRollup.gross, net: salesRollup.net })
        .from(salesRollup).where(and(eq(salesRollup.customerId, customerId), eq(salesRollup.grain, 'month'), eq(salesRollup.calendar, 'jalali'))).orderBy(salesRollup.start),
      firstOrder: await db.select({ day: salesFirstOrders.firstDay }).from(salesFirstOrders).where(eq(salesFirstOrders.customerId, customerId)),
    }),
    // Sums of the invoices the documents section keeps (the law requires them); they go when their invoices go.
    erase: async () => ({ deleted: {} }),
  });
}
