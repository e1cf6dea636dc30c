/** A customer merge moves this module's rows of the merged record to the survivor (and back on undo). */
import { registerCustomerMover, columnMover } from '../customers/index.ts';
import { messages } from './messaging.tables.ts';

export function registerMessageMover(): void {
  registerCustomerMover(columnMover('messaging', [
    { table: messages, id: messages.id, customerId: messages.customerId },
  ]));
}
