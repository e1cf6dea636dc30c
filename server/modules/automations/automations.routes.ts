import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import { itemsOf, noContent } from '../../../common/api.schemas.ts';
import { automationInput, automationRunInput, automationRunView, automationTemplateView, automationUpdate, automationView } from '../../../common/automations.schemas.ts';
import { assertCan } from '../auth/index.ts';
import { createAutomation, deleteAutomation, getAutomation, listAutomations, listRuns, runAutomationManually, updateAutomation } from './automations.service.ts';
import { AUTOMATION_TEMPLATES } from './automations.templates.ts';
import { AUTOMATIONS_TICK_JOB } from './automations.jobs.ts';

const idParams = z.object({ id: z.uuid() });
const tags = ['automations'];

export function automationRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;
    r.get('/api/automations', { schema: { tags, summary: 'Automations, newest first, with their run counts', response: { 200: itemsOf(automationView) } } },
      async (req) => ({ items: await listAutomations(db, actorOf(req)) }));
    r.get('/api/automations/templates', { schema: { tags, summary: 'Ready rules to start from (quote SMS, birthday, win-back, new lead)', response: { 200: itemsOf(automationTemplateView) } } },
      async (req) => { assertCan(actorOf(req), 'settings', 'read'); return { items: AUTOMATION_TEMPLATES }; });
    r.post('/api/automations', { schema: { tags, summary: 'A new automation (settings:update)', body: automationInput, response: { 201: automationView } } },
      async (req, reply) => reply.code(201).send(await withTx(ctx.database, (tx) => createAutomation(tx, actorOf(req), ctx.clock, req.body))));
    r.get('/api/automations/:id', { schema: { tags, summary: 'One automation', params: idParams, response: { 200: automationView } } },
      async (req) => getAutomation(db, actorOf(req), req.params.id));
    r.patch('/api/automations/:id', { schema: { tags, summary: 'Change an automation; a changed definition is a new version (runs in flight keep theirs)', params: idParams, body: automationUpdate, response: { 200: automationView } } },
      async (req) => withTx(ctx.database, (tx) => updateAutomation(tx, actorOf(req), ctx.clock, req.params.id, req.body)));
    r.delete('/api/automations/:id', { schema: { tags, summary: 'Delete an automation (its runs in flight stop)', params: idParams, response: { 204: noContent } } },
      async (req, reply) => { await withTx(ctx.database, (tx) => deleteAutomation(tx, actorOf(req), ctx.clock, req.params.id)); return reply.code(204).send(); });
    r.post('/api/automations/:id/run', { schema: { tags, summary: 'Start it by hand for chosen customers (those in your scope); each start runs once per customer', params: idParams, body: automationRunInput, response: { 200: z.object({ started: z.number().int(), skipped: z.number().int() }) } } },
      async (req) => {
        const res = await withTx(ctx.database, (tx) => runAutomationManually(tx, actorOf(req), ctx.clock, req.params.id, req.body.customerIds));
        if (res.started) await ctx.queue.send(AUTOMATIONS_TICK_JOB, {});
        return res;
      });
    r.get('/api/automations/:id/runs', { schema: { tags, summary: 'The run log of an automation: each customer, step by step (customers in your scope)', params: idParams, response: { 200: itemsOf(automationRunView) } } },
      async (req) => ({ items: await listRuns(db, actorOf(req), { automationId: req.params.id }) }));
    r.get('/api/customers/:id/automation-runs', { schema: { tags, summary: 'The automation runs of one customer', params: idParams, response: { 200: itemsOf(automationRunView) } } },
      async (req) => ({ items: await listRuns(db, actorOf(req), { customerId: req.params.id }) }));
  };
}
