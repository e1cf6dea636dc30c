import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import { interactionCreate, interactionUpdate, interactionCreated, interactionView } from '../../../common/activity.schemas.ts';
import { noContent } from '../../../common/api.schemas.ts';
import { createInteraction, updateInteraction, deleteInteraction } from './index.ts';

const idParam = z.object({ id: z.uuid() });

export function interactionRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post('/api/interactions', { schema: { tags: ['interactions'], summary: 'Log an interaction, with any promises made (each becomes a follow-up task)', body: interactionCreate, response: { 201: interactionCreated } } },
      async (req, reply) => reply.status(201).send(await withTx(ctx.database, (tx) => createInteraction(tx, actorOf(req), ctx.clock, req.body))));
    r.patch('/api/interactions/:id', { schema: { tags: ['interactions'], summary: 'Edit an interaction', params: idParam, body: interactionUpdate, response: { 200: interactionView } } },
      async (req) => withTx(ctx.database, (tx) => updateInteraction(tx, actorOf(req), ctx.clock, req.params.id, req.body)));
    r.delete('/api/interactions/:id', { schema: { tags: ['interactions'], summary: 'Delete an interaction (kept, hidden, audited)', params: idParam, response: { 204: noContent } } }, async (req, reply) => {
      await withTx(ctx.database, (tx) => deleteInteraction(tx, actorOf(req), ctx.clock, req.params.id));
      return reply.status(204).send();
    });
  };
}
