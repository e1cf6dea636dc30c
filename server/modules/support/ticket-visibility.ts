/**
 * Which tickets an actor may see, as SQL and as a yes/no for one ticket (for notices sent to people, not requests). Its own file because tickets and recurring problems both filter by it, and
 * tickets place each new ticket in a problem: in tickets.service.ts it tied the two files into a circle.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { can, customerScopeSql, scopeOf, ticketScopeSql, type Actor } from '../auth/index.ts';

/**
 * Tickets (alias `t`, customer alias `c`) the actor may see: their customer must be visible, and the tickets scope
 * applies — own: assigned to or opened by the actor; team: assigned to the actor's team or one of its members.
 */
export function visibleTicketsSql(actor: Actor): SQL {
  const parts: SQL[] = [];
  const customer = customerScopeSql(actor, 'c');
  if (customer) parts.push(customer);
  const tickets = ticketScopeSql(actor, 't');
  if (tickets) parts.push(tickets);
  return parts.length ? sql.join(parts.map((p) => sql`(${p})`), sql` AND `) : sql`true`;
}


/** Whether the actor may see this ticket (without a query when they see every ticket). */
export async function ticketVisibleTo(db: Db, actor: Actor, ticketId: string): Promise<boolean> {
  if (!can(actor, 'tickets', 'read')) return false;
  if (!customerScopeSql(actor, 'c') && scopeOf(actor, 'tickets') === 'all') return true;
  const res = await db.execute(sql`SELECT 1 FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = ${ticketId} AND c.deleted_at IS NULL AND ${visibleTicketsSql(actor)}`);
  return res.rows.length > 0;
}
