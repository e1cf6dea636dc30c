import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import { preferencesInput, preferencesView } from '../../../common/preferences.schemas.ts';
import { getPreferences, savePreferences } from './index.ts';

const params = z.object({ id: z.uuid() });
const tags = ['customers'];

export function preferencesRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get('/api/customers/:id/preferences', { schema: { tags, summary: "A customer's preferences: favourite products, tastes and sizes, preferred channel, contact hours (Tehran time) and language, important dates (customers:read)", params, response: { 200: preferencesView } } },
      async (req) => getPreferences(ctx.database.db, actorOf(req), req.params.id));
    r.put('/api/customers/:id/preferences', { schema: { tags, summary: 'Replace the preferences (customers:update, as editing the customer; each changed field is audited)', params, body: preferencesInput, response: { 200: preferencesView } } },
      async (req) => withTx(ctx.database, (tx) => savePreferences(tx, actorOf(req), ctx.clock, req.params.id, req.body)));
  };
}
