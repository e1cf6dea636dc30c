/** A customer merge moves this module's rows of the merged record to the survivor (and back on undo). */
import { registerCustomerMover, columnMover } from '../customers/index.ts';
import { documents, payments, documentEvents } from './documents.tables.ts';
import { registerSalesRollupMover } from './sales-rollup.mover.ts';

export function registerDocumentMover(): void {
  registerCustomerMover(columnMover('documents', [
    { table: documents, id: documents.id, customerId: documents.customerId },
    { table: payments, id: payments.id, customerId: payments.customerId },
    { table: documentEvents, id: documentEvents.id, customerId: documentEvents.customerId },
  ]));
  registerSalesRollupMover();
}
