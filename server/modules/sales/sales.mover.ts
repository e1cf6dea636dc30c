/** A customer merge moves this module's rows of the merged record to the survivor (and back on undo). */
import { registerCustomerMover, columnMover } from '../customers/index.ts';
import { deals, dealStageEvents } from './sales.tables.ts';

export function registerSalesMover(): void {
  registerCustomerMover(columnMover('sales', [
    { table: deals, id: deals.id, customerId: deals.customerId },
    { table: dealStageEvents, id: dealStageEvents.id, customerId: dealStageEvents.customerId },
  ]));
}
