/** Tickets an import brought in: taken back when the import is undone. */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { auditDelete } from '../audit/index.ts';
import { tickets, ticketMessages, type TicketStatus } from './support.tables.ts';

/**
 * Removes a ticket an import brought in (undoing that import), with its conversation. Audited. Tickets are otherwise
 * never deleted (they are merged or closed).
 */
export async function deleteImportedTicket(tx: Db, actor: Actor, id: string): Promise<boolean> {
  assertCan(actor, 'tickets', 'delete');
  const [row] = await tx.select({ id: tickets.id, customerId: tickets.customerId }).from(tickets).where(eq(tickets.id, id)).for('update');
  if (!row) return false;
  await tx.delete(ticketMessages).where(eq(ticketMessages.ticketId, id));
  await tx.delete(tickets).where(eq(tickets.id, id));
  await auditDelete(tx, actor, 'ticket', id, row.customerId);
  return true;
}

/**
 * Sets the status a ticket had in the system it came from, as of that time, without the effects a live change has
 * (no survey on resolve, no webhook): an imported closed ticket is history, not news.
 */
export async function settleImportedTicket(tx: Db, id: string, status: TicketStatus, at: Date): Promise<void> {
  if (status === 'new' || status === 'open') return;
  const done = status === 'resolved' || status === 'closed';
  await tx.update(tickets).set({
    status, updatedAt: at,
    ...(done ? { resolvedAt: at, pausedAt: null } : {}),
    ...(status === 'closed' ? { closedAt: at } : {}),
    ...(status === 'waiting_customer' ? { pausedAt: at } : {}),
  }).where(eq(tickets.id, id));
}
