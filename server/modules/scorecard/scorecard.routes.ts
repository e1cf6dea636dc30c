import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { scorecardQuery, scorecardView } from '../../../common/scorecard.schemas.ts';
import { scorecard } from './scorecard.service.ts';

export function scorecardRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get('/api/scorecard', {
      schema: { tags: ['scorecard'], summary: 'How customer-centric the business is: five checklist items scored 0–100 from live data, with evidence, links and the monthly history', querystring: scorecardQuery, response: { 200: scorecardView } },
    }, async (req) => scorecard(ctx.database.db, actorOf(req), ctx.clock, req.query));
  };
}
