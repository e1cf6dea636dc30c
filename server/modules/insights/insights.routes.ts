import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { assertCan } from '../auth/index.ts';
import { insightsSection, modelFitAnswer, slippingAnswer, slippingQuery, healthWeightsAnswer, healthWeightsInput, refitRunAnswer, latestRefitRunAnswer, healthHistoryQuery, healthHistoryAnswer } from '../../../common/insights.schemas.ts';
import { withTx } from '../../db/tx.ts';
import { getHealthWeights, setHealthWeights } from './health-weights.service.ts';
import { queueRefit, getRefitRun, latestRefitRun } from './refit-runs.service.ts';
import { slippingCustomers } from './slipping.query.ts';
import { refit } from './refit.service.ts';
import { customerInsights, latestFit } from './insights.query.ts';
import { customerHealthHistory } from './score-history.query.ts';

const idParams = z.object({ id: z.uuid() });
const tags = ['insights'];
const refitAnswer = z.object({
  fitId: z.string(), kind: z.string(), customers: z.number(), repeatBuyers: z.number(), fitMs: z.number(), totalMs: z.number(), warnings: z.array(z.string()), healthCrossings: z.number(),
});

export function insightsRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;
    r.post('/api/insights/refit', { schema: { tags, summary: 'Refit the customer models now and rescore every buyer (as the nightly job does)', response: { 200: refitAnswer } } },
      async (req) => {
        assertCan(actorOf(req), 'settings', 'update');
        return refit(ctx.database, ctx.clock);
      });
    r.post('/api/insights/refit-jobs', { schema: { tags, summary: 'Queue a refit as a job (settings:update): 202 with the run (queued; the one already queued or running when there is one); poll GET /api/insights/refit-jobs/:id', response: { 202: refitRunAnswer } } },
      async (req, reply) => reply.status(202).send({ job: await queueRefit(db, actorOf(req), ctx.queue, ctx.clock) }));
    r.get('/api/insights/refit-jobs/latest', { schema: { tags, summary: 'The latest refit asked for on demand (queued, running, done with its fit, or failed with why), or null', response: { 200: latestRefitRunAnswer } } },
      async (req) => ({ job: await latestRefitRun(db, actorOf(req)) }));
    r.get('/api/insights/refit-jobs/:id', { schema: { tags, summary: 'A refit run: queued, running, done (with the fit it stored) or failed (with why)', params: idParams, response: { 200: refitRunAnswer } } },
      async (req) => ({ job: await getRefitRun(db, actorOf(req), req.params.id) }));
    r.get('/api/insights/fit', { schema: { tags, summary: 'The latest model fit: the model, its parameters, data size, time, holdout quality and warnings', response: { 200: modelFitAnswer } } },
      async (req) => {
        assertCan(actorOf(req), 'customers', 'read');
        return { fit: await latestFit(db) };
      });
    r.get('/api/settings/health-weights', { schema: { tags, summary: 'The health score\'s point groups (engagement, purchases, support, satisfaction) in use, whether the business set them, and the defaults', response: { 200: healthWeightsAnswer } } },
      async (req) => getHealthWeights(db, actorOf(req)));
    r.put('/api/settings/health-weights', { schema: { tags, summary: 'Set the health score\'s point groups: whole points ≥ 0 summing to 100 (settings:update; audited; used from the next refit)', body: healthWeightsInput, response: { 200: healthWeightsAnswer } } },
      async (req) => withTx(ctx.database, (tx) => setHealthWeights(tx, actorOf(req), req.body)));
    r.get('/api/insights/customers/:id', { schema: { tags, summary: "A customer's scores (RFM, P(alive), expected purchases, CLV, churn risk, health) with reasons and top 3 offers; scores null before their first purchase or refit", params: idParams, response: { 200: insightsSection } } },
      async (req) => ({ scores: await customerInsights(db, actorOf(req), req.params.id) }));
    r.get('/api/insights/customers/:id/history', { schema: { tags, summary: "A customer's health history: the stored day scores (health, churn risk, P(alive)) of the last `days` days (default 90, counting today), oldest first; 404 outside the reader's customer scope", params: idParams, querystring: healthHistoryQuery, response: { 200: healthHistoryAnswer } } },
      async (req) => customerHealthHistory(db, actorOf(req), ctx.clock, req.params.id, req.query.days));
    r.get('/api/insights/slipping', { schema: { tags, summary: 'Slipping away: high-value customers (top CLV share or a CLV floor) whose P(alive) or health fell since the last stored day, in the reader\'s scope, most valuable first', querystring: slippingQuery, response: { 200: slippingAnswer } } },
      async (req) => slippingCustomers(db, actorOf(req), req.query));
  };
}
