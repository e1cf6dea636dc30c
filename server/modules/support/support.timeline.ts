/**
 * Support on the customer's 360° view: a `contracts` section, a `tickets` section (open first, then the latest with their outcome) and, on
 * the timeline, each ticket's opening and every agent's summary of their part of the conversation.
 */
import { sql } from 'drizzle-orm';
import { registerProfileSection, registerTimelineSource, beforeCursor, isoAt } from '../customers/index.ts';
import { can } from '../auth/index.ts';
import { ticketsSection, ticketFromInboundSms } from './tickets.service.ts';
import { visibleTicketsSql } from './ticket-visibility.ts';
import { registerInboundTextHandler, registerMessageSubject } from '../messaging/index.ts';
import { contractsSection } from './contracts.service.ts';

/** Idempotent: registering again replaces the same source and section. */
export function registerSupportViews(): void {
  registerInboundTextHandler('support.tickets', async (tx, m) => { await ticketFromInboundSms(tx, m); });
  // Replies sent about a ticket are on the customer's timeline for those who may see the ticket.
  registerMessageSubject('ticket', (actor) => (can(actor, 'tickets', 'read')
    ? sql`EXISTS (SELECT 1 FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = m.subject_id AND ${visibleTicketsSql(actor)})` : sql`false`));
  registerTimelineSource({
    kind: 'ticket',
    async fetch(db, actor, customerId, cursor, limit) {
      if (!can(actor, 'tickets', 'read')) return [];
      const res = await db.execute(sql`
        SELECT * FROM (
          SELECT t.id::text AS id, t.created_at AS at, 'opened' AS event, t.id AS ticket_id, t.number, t.subject, t.status, t.priority,
                 NULL::text AS body, t.created_by AS author_id
          FROM tickets t JOIN customers c ON c.id = t.customer_id
          WHERE t.customer_id = ${customerId} AND ${visibleTicketsSql(actor)}
          UNION ALL
          SELECT m.id::text, m.created_at, 'summary', t.id, t.number, t.subject, t.status, t.priority, m.body, m.author_id
          FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id JOIN customers c ON c.id = t.customer_id
          WHERE m.customer_id = ${customerId} AND m.kind = 'summary' AND ${visibleTicketsSql(actor)}
        ) x LEFT JOIN LATERAL (SELECT name AS author_name FROM users WHERE id = x.author_id) u ON true
        WHERE ${beforeCursor('ticket', sql`x.at`, sql`x.id`, cursor)}
        ORDER BY x.at DESC, x.id DESC LIMIT ${limit}`);
      return res.rows.map((r) => ({
        kind: 'ticket', id: String(r.id), at: isoAt(r.at),
        data: {
          event: String(r.event) as 'opened' | 'summary', ticketId: String(r.ticket_id), number: Number(r.number), subject: String(r.subject),
          status: String(r.status), priority: String(r.priority), body: (r.body as string | null) ?? null,
          authorId: (r.author_id as string | null) ?? null, authorName: (r.author_name as string | null) ?? null,
        },
      }));
    },
  });
  registerProfileSection({ key: 'tickets', load: (db, actor, customerId, now) => ticketsSection(db, actor, customerId, now) });
  registerProfileSection({ key: 'contracts', load: (db, actor, customerId, now) => contractsSection(db, actor, customerId, now) });
}
