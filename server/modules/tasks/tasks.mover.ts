/** A customer merge moves this module's rows of the merged record to the survivor (and back on undo). */
import { registerCustomerMover, columnMover } from '../customers/index.ts';
import { tasks } from './tasks.tables.ts';

export function registerTaskMover(): void {
  registerCustomerMover(columnMover('tasks', [
    { table: tasks, id: tasks.id, customerId: tasks.customerId },
  ]));
}
