/** A customer merge moves this module's rows of the merged record to the survivor (and back on undo). */
import { registerCustomerMover, columnMover } from '../customers/index.ts';
import { calls } from './telephony.tables.ts';

export function registerTelephonyMover(): void {
  registerCustomerMover(columnMover('telephony', [
    { table: calls, id: calls.id, customerId: calls.customerId },
  ]));
}
