import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import { itemsOf, noContent } from '../../../common/api.schemas.ts';
import { webhookCreate, webhookCreated, webhookRotate, webhookDeliveryPage, webhookDeliveryQuery, webhookSendResult, webhookUpdate, webhookView } from '../../../common/webhooks.schemas.ts';
import {
  createEndpoint, deleteEndpoint, eventOfDelivery, getEndpoint, getEndpointRow, listDeliveries, listEndpoints, presentDelivery,
  redeliver, rotateEndpointSecret, sendPing, updateEndpoint, vetEndpointUrl,
} from './index.ts';

const idParams = z.object({ id: z.uuid() });
const deliveryParams = z.object({ id: z.uuid(), deliveryId: z.uuid() });
const tags = ['webhooks'];

export function webhookRoutes(ctx: AppContext) {
  const deps = () => ({ db: ctx.database.db, clock: ctx.clock, guard: ctx.outbound });
  const answer = (r: Awaited<ReturnType<typeof sendPing>>) => ({
    ok: r.outcome.ok, statusCode: r.outcome.statusCode, error: r.outcome.error, durationMs: r.outcome.durationMs,
    delivery: presentDelivery(r.delivery, { eventId: r.row.eventId, type: r.row.type, status: r.row.status }),
  });
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get('/api/webhooks', { schema: { tags, summary: 'Webhook endpoints', response: { 200: itemsOf(webhookView) } } },
      async (req) => ({ items: await listEndpoints(ctx.database.db, actorOf(req)) }));
    r.post('/api/webhooks', { schema: { tags, summary: 'Add a webhook endpoint (admin); the answer carries its signing secret, shown this once', body: webhookCreate, response: { 201: webhookCreated } } },
      async (req, reply) => {
        const actor = actorOf(req);
        const url = await vetEndpointUrl(actor, ctx.outbound, req.body.url);
        const created = await withTx(ctx.database, (tx) => createEndpoint(tx, actor, { ...req.body, url }, ctx.clock.now()));
        return reply.code(201).send(created);
      });
    r.get('/api/webhooks/:id', { schema: { tags, summary: 'One webhook endpoint', params: idParams, response: { 200: webhookView } } },
      async (req) => getEndpoint(ctx.database.db, actorOf(req), req.params.id));
    r.patch('/api/webhooks/:id', { schema: { tags, summary: 'Change a webhook endpoint: URL, events, description, on/off (admin)', params: idParams, body: webhookUpdate, response: { 200: webhookView } } },
      async (req) => {
        const actor = actorOf(req);
        const url = req.body.url === undefined ? undefined : await vetEndpointUrl(actor, ctx.outbound, req.body.url);
        return withTx(ctx.database, (tx) => updateEndpoint(tx, actor, req.params.id, { ...req.body, url }, ctx.clock.now()));
      });
    r.delete('/api/webhooks/:id', { schema: { tags, summary: 'Delete a webhook endpoint (admin); events not yet delivered are dropped', params: idParams, response: { 204: noContent } } },
      async (req, reply) => {
        await withTx(ctx.database, (tx) => deleteEndpoint(tx, actorOf(req), req.params.id, ctx.clock.now()));
        return reply.code(204).send();
      });
    r.post('/api/webhooks/:id/rotate-secret', { schema: { tags, summary: 'A new signing secret, shown this once; deliveries carry the previous secret\'s signature too for `keepPreviousHours` (default 24)', params: idParams, body: webhookRotate.optional(), response: { 200: webhookCreated } } },
      async (req) => withTx(ctx.database, (tx) => rotateEndpointSecret(tx, actorOf(req), req.params.id, req.body?.keepPreviousHours ?? 24, ctx.clock.now())));
    r.post('/api/webhooks/:id/test', { schema: { tags, summary: 'Send a `ping` event to the endpoint now and answer with what it replied (or why nothing was sent)', params: idParams, response: { 200: webhookSendResult } } },
      async (req) => {
        const endpoint = await getEndpointRow(ctx.database.db, actorOf(req), req.params.id, 'update');
        return answer(await sendPing(deps(), endpoint));
      });
    r.get('/api/webhooks/:id/deliveries', { schema: { tags, summary: 'The delivery log of an endpoint, newest first (admin)', params: idParams, querystring: webhookDeliveryQuery, response: { 200: webhookDeliveryPage } } },
      async (req) => listDeliveries(ctx.database.db, actorOf(req), req.params.id, req.query));
    r.post('/api/webhooks/:id/deliveries/:deliveryId/redeliver', { schema: { tags, summary: 'Send the event of a delivery again now (same event id)', params: deliveryParams, response: { 200: webhookSendResult } } },
      async (req) => {
        const { endpoint, event } = await eventOfDelivery(ctx.database.db, actorOf(req), req.params.id, req.params.deliveryId);
        return answer(await redeliver(deps(), endpoint, event));
      });
  };
}
