import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import {
  ticketCreate, ticketUpdate, ticketMessageCreate, ticketMerge, ticketListQuery, slaPolicyInput, contractCreate, contractUpdate, contractRenew, contractListQuery,
  supportSettings, problemGroupUpdate, problemGroupSplit, problemGroupMerge, problemTicketsMove,
  ticketPage, ticketView, ticketDetail, ticketMessageAdded, contractPage, contractView, recurringProblemsView, problemsByProductView, problemsRegrouped,
  problemDetail, problemSplit, problemTicketsMoved, supportSettingsView, calendarAnswer, slaPolicyList, slaPolicyView,
} from '../../../common/support.schemas.ts';
import { ticketCategoryCreate, ticketCategoryUpdate, ticketCategoryKeyParam, ticketCategoryView, ticketCategoryList } from '../../../common/ticket-categories.schemas.ts';
import {
  createTicket, getTicket, listTickets, updateTicket, addTicketMessage, mergeTicket,
  createContract, getContract, listContracts, updateContract, renewContract,
  getSupportCalendar, setSupportCalendar, listSlaPolicies, createSlaPolicy, updateSlaPolicy, businessCalendarSchema,
  recurringProblems, regroupProblems, getProblemGroup, updateProblemGroup, splitProblemGroup, mergeProblemGroup, moveProblemTickets, problemsByProduct,
  getSupportSettings, setSupportSettings, listTicketCategories, createTicketCategory, updateTicketCategory, bulkEditTickets, undoTicketBulk,
} from './index.ts';
import { ticketBulkRequest, contractBulkRequest, bulkAnswer, bulkUndoRequest, bulkUndoAnswer, selectedExportQuery } from '../../../common/lists.schemas.ts';
import { bulkEditContracts, undoContractBulk, exportSelectedContracts } from './contracts-bulk.service.ts';
import { XLSX_TYPE } from '../lists/index.ts';
import { assertCan } from '../auth/index.ts';
import { fileAnswer } from '../../../common/api.schemas.ts';

const idParam = z.object({ id: z.uuid() });

export function supportRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['support'];
    r.get('/api/tickets', { schema: { tags, summary: 'Tickets by queue (mine, team, unassigned, breaching, all) with filters', querystring: ticketListQuery, response: { 200: ticketPage } } },
      async (req) => listTickets(ctx.database.db, actorOf(req), ctx.clock, req.query));
    r.post('/api/tickets', { schema: { tags, summary: 'Open a ticket for a customer (SLA deadlines from the priority\'s policy)', body: ticketCreate, response: { 201: ticketView } } },
      async (req, reply) => reply.status(201).send(await withTx(ctx.database, (tx) => createTicket(tx, actorOf(req), ctx.clock, req.body))));
    r.post('/api/tickets/bulk', { schema: { tags, summary: 'One change to many tickets (assignee, priority, status): all or nothing, audited per ticket, undoable for 10 minutes', body: ticketBulkRequest, response: { 200: bulkAnswer } } },
      async (req) => withTx(ctx.database, (tx) => bulkEditTickets(tx, actorOf(req), ctx.clock, req.body)));
    r.post('/api/tickets/bulk/undo', { schema: { tags, summary: 'Undo your bulk edit of tickets (within 10 minutes); tickets changed again since are skipped', body: bulkUndoRequest, response: { 200: bulkUndoAnswer } } },
      async (req) => withTx(ctx.database, (tx) => undoTicketBulk(tx, actorOf(req), ctx.clock, req.body.undoToken)));
    r.get('/api/tickets/:id', { schema: { tags, summary: 'A ticket with its conversation', params: idParam, response: { 200: ticketDetail } } },
      async (req) => getTicket(ctx.database.db, actorOf(req), ctx.clock, req.params.id));
    r.patch('/api/tickets/:id', { schema: { tags, summary: 'Change status, priority, assignee, category, product, tags', params: idParam, body: ticketUpdate, response: { 200: ticketView } } },
      async (req) => withTx(ctx.database, (tx) => updateTicket(tx, actorOf(req), ctx.clock, req.params.id, req.body)));
    r.post('/api/tickets/:id/messages', { schema: { tags, summary: 'Reply (sent by email/SMS or logged), log the customer\'s words, add an internal note or a summary', params: idParam, body: ticketMessageCreate, response: { 201: ticketMessageAdded } } },
      async (req, reply) => reply.status(201).send(await withTx(ctx.database, (tx) => addTicketMessage(tx, actorOf(req), ctx.clock, req.params.id, req.body))));
    r.post('/api/tickets/:id/merge', { schema: { tags, summary: 'Merge this duplicate into another ticket of the same customer', params: idParam, body: ticketMerge, response: { 200: ticketView } } },
      async (req) => withTx(ctx.database, (tx) => mergeTicket(tx, actorOf(req), ctx.clock, req.params.id, req.body.intoId)));

    const ctags = ['contracts'];
    r.get('/api/contracts', { schema: { tags: ctags, summary: 'Contracts, by customer, status, or ending within N days', querystring: contractListQuery, response: { 200: contractPage } } },
      async (req) => listContracts(ctx.database.db, actorOf(req), ctx.clock, req.query));
    r.post('/api/contracts/bulk', { schema: { tags: ctags, summary: 'A new owner for many contracts: all or nothing, audited per contract, undoable for 10 minutes', body: contractBulkRequest, response: { 200: bulkAnswer } } },
      async (req) => withTx(ctx.database, (tx) => bulkEditContracts(tx, actorOf(req), ctx.clock, req.body)));
    r.post('/api/contracts/bulk/undo', { schema: { tags: ctags, summary: 'Undo your bulk edit of contracts (within 10 minutes); contracts changed again since are skipped', body: bulkUndoRequest, response: { 200: bulkUndoAnswer } } },
      async (req) => withTx(ctx.database, (tx) => undoContractBulk(tx, actorOf(req), ctx.clock, req.body.undoToken)));
    r.get('/api/contracts/export', { schema: { tags: ctags, summary: 'The selected contracts as CSV or XLSX (export permission, the reader\u2019s scope; formula-safe cells)', querystring: selectedExportQuery, response: { 200: fileAnswer(['text/csv', XLSX_TYPE], 'The selected contracts; values in exact Rials') } } },
      async (req, reply) => {
        const file = await exportSelectedContracts(ctx.database.db, actorOf(req), req.query);
        reply.header('Content-Type', file.contentType);
        reply.header('Content-Disposition', `attachment; filename="contracts-${ctx.clock.now().toISOString().slice(0, 10)}.${file.extension}"`);
        return reply.send(file.body);
      });
    r.post('/api/contracts', { schema: { tags: ctags, summary: 'Add a service, maintenance, subscription or warranty contract', body: contractCreate, response: { 201: contractView } } },
      async (req, reply) => reply.status(201).send(await withTx(ctx.database, (tx) => createContract(tx, actorOf(req), ctx.clock, req.body))));
    r.get('/api/contracts/:id', { schema: { tags: ctags, summary: 'A contract', params: idParam, response: { 200: contractView } } },
      async (req) => getContract(ctx.database.db, actorOf(req), ctx.clock, req.params.id));
    r.patch('/api/contracts/:id', { schema: { tags: ctags, summary: 'Change a contract, or cancel it', params: idParam, body: contractUpdate, response: { 200: contractView } } },
      async (req) => withTx(ctx.database, (tx) => updateContract(tx, actorOf(req), ctx.clock, req.params.id, req.body)));
    r.post('/api/contracts/:id/renew', { schema: { tags: ctags, summary: 'Renew: a new contract for the next period, linked to this one', params: idParam, body: contractRenew, response: { 201: contractView } } },
      async (req, reply) => reply.status(201).send(await withTx(ctx.database, (tx) => renewContract(tx, actorOf(req), ctx.clock, req.params.id, req.body))));

    const problemsQuery = z.object({
      days: z.coerce.number().int().min(1).max(366).default(30),
      productId: z.uuid().optional(),
      minCount: z.coerce.number().int().min(2).max(1000).default(2),
    });
    r.get('/api/support/problems', { schema: { tags, summary: 'Recurring problems: tickets of the last N days grouped by what they describe, with counts, weekly trend, products, customers, resolution time and examples', querystring: problemsQuery, response: { 200: recurringProblemsView } } },
      async (req) => recurringProblems(ctx.database.db, actorOf(req), ctx.clock.now(), req.query));

    const byProductQuery = z.object({
      days: z.coerce.number().int().min(1).max(366).default(90),
      top: z.coerce.number().int().min(1).max(20).default(5),
    });
    r.get('/api/support/problems/by-product', { schema: { tags, summary: 'Most common problems by product: each product\'s tickets in the last N days and its top recurring problems', querystring: byProductQuery, response: { 200: problemsByProductView } } },
      async (req) => problemsByProduct(ctx.database.db, actorOf(req), ctx.clock.now(), req.query));
    r.post('/api/support/problems/regroup', { schema: { tags, summary: 'Regroup recent tickets into recurring problems now (also runs hourly); people\'s decisions are kept', response: { 200: problemsRegrouped } } },
      async (req) => {
        assertCan(actorOf(req), 'tickets', 'update');
        return regroupProblems(ctx.database, ctx.clock);
      });
    r.get('/api/support/problem-groups/:id', { schema: { tags, summary: 'A recurring problem with its tickets of the last year', params: idParam, response: { 200: problemDetail } } },
      async (req) => getProblemGroup(ctx.database.db, actorOf(req), ctx.clock, req.params.id));
    r.patch('/api/support/problem-groups/:id', { schema: { tags, summary: 'Rename or confirm a recurring problem (confirmed groups keep their tickets when regrouping)', params: idParam, body: problemGroupUpdate, response: { 200: problemDetail } } },
      async (req) => withTx(ctx.database, (tx) => updateProblemGroup(tx, actorOf(req), ctx.clock, req.params.id, req.body)));
    r.post('/api/support/problem-groups/:id/split', { schema: { tags, summary: 'Split tickets off into a new problem', params: idParam, body: problemGroupSplit, response: { 201: problemSplit } } },
      async (req, reply) => reply.status(201).send(await withTx(ctx.database, (tx) => splitProblemGroup(tx, actorOf(req), ctx.clock, req.params.id, req.body))));
    r.post('/api/support/problem-groups/:id/merge', { schema: { tags, summary: 'Merge this problem into another', params: idParam, body: problemGroupMerge, response: { 200: problemDetail } } },
      async (req) => withTx(ctx.database, (tx) => mergeProblemGroup(tx, actorOf(req), ctx.clock, req.params.id, req.body.intoId)));
    r.post('/api/support/problem-groups/move', { schema: { tags, summary: 'Put tickets in a problem by hand, or mark them as no recurring problem (groupId null)', body: problemTicketsMove, response: { 200: problemTicketsMoved } } },
      async (req) => withTx(ctx.database, (tx) => moveProblemTickets(tx, actorOf(req), ctx.clock, req.body)));

    r.get('/api/support/settings', { schema: { tags, summary: 'Assignment (manual or round robin), who hears about breaches and recurring problems, the alert threshold', response: { 200: supportSettingsView } } },
      async (req) => getSupportSettings(ctx.database.db, actorOf(req)));
    r.put('/api/support/settings', { schema: { tags, summary: 'Change the support desk settings (admins)', body: supportSettings, response: { 200: supportSettingsView } } },
      async (req) => withTx(ctx.database, (tx) => setSupportSettings(tx, actorOf(req), req.body)));

    r.get('/api/support/calendar', { schema: { tags, summary: 'Business hours and holidays the SLA clocks count in', response: { 200: calendarAnswer } } },
      async (req) => getSupportCalendar(ctx.database.db, actorOf(req), ctx.clock.now()));
    r.put('/api/support/calendar', { schema: { tags, summary: 'Set business hours and holidays (admins)', body: businessCalendarSchema, response: { 200: calendarAnswer } } },
      async (req) => withTx(ctx.database, (tx) => setSupportCalendar(tx, actorOf(req), req.body)));
    r.get('/api/support/ticket-categories', { schema: { tags, summary: 'Ticket categories with their Persian and English names (inactive ones too, for the tickets filed under them)', response: { 200: ticketCategoryList } } },
      async (req) => ({ items: await listTicketCategories(ctx.database.db, actorOf(req)) }));
    r.post('/api/support/ticket-categories', { schema: { tags, summary: 'Add a ticket category (admins)', body: ticketCategoryCreate, response: { 201: ticketCategoryView } } },
      async (req, reply) => reply.status(201).send(await withTx(ctx.database, (tx) => createTicketCategory(tx, actorOf(req), req.body))));
    r.patch('/api/support/ticket-categories/:key', { schema: { tags, summary: 'Rename, reorder, deactivate or reactivate a ticket category (admins); its key stays', params: ticketCategoryKeyParam, body: ticketCategoryUpdate, response: { 200: ticketCategoryView } } },
      async (req) => withTx(ctx.database, (tx) => updateTicketCategory(tx, actorOf(req), req.params.key, req.body)));
    r.get('/api/support/sla-policies', { schema: { tags, summary: 'SLA policies per priority and contract level', response: { 200: slaPolicyList } } },
      async (req) => ({ items: await listSlaPolicies(ctx.database.db, actorOf(req)) }));
    r.post('/api/support/sla-policies', { schema: { tags, summary: 'Add an SLA policy (admins)', body: slaPolicyInput, response: { 201: slaPolicyView } } },
      async (req, reply) => reply.status(201).send(await withTx(ctx.database, (tx) => createSlaPolicy(tx, actorOf(req), req.body))));
    r.put('/api/support/sla-policies/:id', { schema: { tags, summary: 'Change an SLA policy (admins)', params: idParam, body: slaPolicyInput, response: { 200: slaPolicyView } } },
      async (req) => withTx(ctx.database, (tx) => updateSlaPolicy(tx, actorOf(req), req.params.id, req.body)));
  };
}
