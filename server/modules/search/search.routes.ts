import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { searchQuery, searchAnswer } from '../../../common/search.schemas.ts';
import { searchEverything } from './index.ts';

export function searchRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get('/api/search', {
      schema: {
        tags: ['search'],
        summary: 'One box for every kind of record the reader may see: customers, tickets, quotes/invoices, deals, products, contracts — grouped by kind, best first',
        querystring: searchQuery,
        response: { 200: searchAnswer },
      },
    }, async (req) => searchEverything(ctx.database.db, actorOf(req), req.query.q, req.query.limit));
  };
}
