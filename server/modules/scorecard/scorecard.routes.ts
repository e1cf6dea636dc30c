import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { scorecardQuery, scorecardView } from '../../../common/scorecard.schemas.ts';
import { z } from 'zod';
import { withTx } from '../../db/tx.ts';
import { scorecard } from './scorecard.service.ts';
import { startCallFive } from './call-five.service.ts';

const callFiveAnswer = z.object({
  question: z.object({ fa: z.string(), en: z.string() }),
  items: z.array(z.object({ customerId: z.string(), displayName: z.string(), phone: z.string().nullable(), taskId: z.string() })),
});

export function scorecardRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get('/api/scorecard', {
      schema: { tags: ['scorecard'], summary: 'How customer-centric the business is: five checklist items scored 0–100 from live data, with evidence, links and the monthly history', querystring: scorecardQuery, response: { 200: scorecardView } },
    }, async (req) => scorecard(ctx.database.db, actorOf(req), ctx.clock, req.query));
    r.post('/api/scorecard/call-five', {
      schema: { tags: ['scorecard'], summary: 'The opening exercise: five customers to call today and ask what one thing they would change (a task each for the caller)', response: { 201: callFiveAnswer } },
    }, async (req, reply) => reply.status(201).send(await withTx(ctx.database, (tx) => startCallFive(tx, actorOf(req), ctx.clock))));
  };
}
