/** A customer merge moves this module's rows of the merged record to the survivor (and back on undo). */
import { registerCustomerMover, columnMover } from '../customers/index.ts';
import { interactions } from './interactions.tables.ts';

export function registerInteractionMover(): void {
  registerCustomerMover(columnMover('interactions', [
    { table: interactions, id: interactions.id, customerId: interactions.customerId },
  ]));
}
