/**
 * Tickets with their conversation, and contracts, in a data export. On erasure a ticket's conversation and its
 * personal text go (subject, description, search text) while the ticket itself stays for the support figures (SLA,
 * volumes); contracts stay (an agreement the business must keep) with their free notes cleared.
 */
import { eq, inArray } from 'drizzle-orm';
import { registerCustomerDataSection } from '../customers/index.ts';
import { contracts, ticketMessages, tickets } from './support.tables.ts';

export const ERASED_TICKET_SUBJECT = '—';

export function registerSupportDataRights(): void {
  registerCustomerDataSection('support', {
    tables: ['tickets', 'ticket_messages', 'contracts'],
    order: 40,
    collect: async (db, customerId) => {
      const ts = await db.select().from(tickets).where(eq(tickets.customerId, customerId));
      const msgs = ts.length ? await db.select().from(ticketMessages).where(inArray(ticketMessages.ticketId, ts.map((t) => t.id))) : [];
      const own = await db.select().from(ticketMessages).where(eq(ticketMessages.customerId, customerId));
      const byId = new Map([...msgs, ...own].map((m) => [m.id, m]));
      return {
        tickets: ts.map(({ searchDoc: _s, ...t }) => ({ ...t, messages: [...byId.values()].filter((m) => m.ticketId === t.id) })),
        contracts: await db.select().from(contracts).where(eq(contracts.customerId, customerId)),
      };
    },
    erase: async (tx, customerId, ctx) => {
      const ts = await tx.select({ id: tickets.id }).from(tickets).where(eq(tickets.customerId, customerId));
      let gone = (await tx.delete(ticketMessages).where(eq(ticketMessages.customerId, customerId)).returning({ id: ticketMessages.id })).length;
      if (ts.length) gone += (await tx.delete(ticketMessages).where(inArray(ticketMessages.ticketId, ts.map((t) => t.id))).returning({ id: ticketMessages.id })).length;
      await tx.update(tickets).set({ subject: ERASED_TICKET_SUBJECT, description: null, tags: [], searchDoc: '', updatedAt: ctx.now }).where(eq(tickets.customerId, customerId));
      const cs = await tx.update(contracts).set({ notes: null, renewalTerms: null, remindCustomer: false, updatedAt: ctx.now }).where(eq(contracts.customerId, customerId)).returning({ id: contracts.id });
      return { deleted: { ticketMessages: gone }, anonymized: { tickets: ts.length }, kept: { contracts: cs.length } };
    },
  });
}
