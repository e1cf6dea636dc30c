import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { LIST_KEYS, listPreferenceBody, listPreferenceView } from '../../../common/lists.schemas.ts';
import { getListPreference, saveListPreference } from './index.ts';

const listParam = z.object({ list: z.enum(LIST_KEYS) });

export function listRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;
    // A user's own layout: no permission object of its own (it reveals no record); the list itself checks its reads.
    r.get('/api/list-preferences/:list', { schema: { tags: ['lists'], summary: 'Your columns of a list (null: the default)', params: listParam, response: { 200: listPreferenceView } } },
      async (req) => getListPreference(db, actorOf(req), req.params.list));
    r.put('/api/list-preferences/:list', { schema: { tags: ['lists'], summary: 'Save your columns of a list (shown ones, in order)', params: listParam, body: listPreferenceBody, response: { 200: listPreferenceView } } },
      async (req) => saveListPreference(db, actorOf(req), ctx.clock, req.params.list, req.body.columns));
  };
}
