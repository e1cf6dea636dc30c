/**
 * Which tickets an actor may see, as SQL. Its own file because tickets and recurring problems both filter by it, and
 * tickets place each new ticket in a problem: in tickets.service.ts it tied the two files into a circle.
 */
import { sql, type SQL } from 'drizzle-orm';
import { customerScopeSql, ticketScopeSql, type Actor } from '../auth/index.ts';

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

