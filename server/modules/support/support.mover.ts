/** A customer merge moves this module's rows of the merged record to the survivor (and back on undo). */
import { registerCustomerMover, columnMover } from '../customers/index.ts';
import { tickets, ticketMessages, contracts } from './support.tables.ts';

export function registerSupportMover(): void {
  registerCustomerMover(columnMover('support', [
    { table: tickets, id: tickets.id, customerId: tickets.customerId },
    { table: ticketMessages, id: ticketMessages.id, customerId: ticketMessages.customerId },
    { table: contracts, id: contracts.id, customerId: contracts.customerId },
  ]));
}
