import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import { itemsOf } from '../../../common/api.schemas.ts';
import { campaignInput, campaignPreview, campaignTestSend, campaignTestSendAnswer, campaignResults as resultsSchema, campaignUpdate, campaignView } from '../../../common/campaigns.schemas.ts';
import { assertCan } from '../auth/index.ts';
import { createCampaign, getCampaign, listCampaigns, previewCampaign, setCampaignState, startCampaign, updateCampaign } from './campaigns.service.ts';
import { campaignResults } from './campaigns.results.ts';
import { testSendCampaign } from './sample-send.ts';
import { campaigns } from './campaigns.tables.ts';
import { CAMPAIGN_TICK_JOB } from './campaigns.jobs.ts';
import { eq } from 'drizzle-orm';
import { notFound } from '../../errors.ts';

const idParams = z.object({ id: z.uuid() });
const actionParams = z.object({ id: z.uuid(), action: z.enum(['pause', 'resume', 'cancel']) });
const tags = ['campaigns'];

export function campaignRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;
    r.get('/api/campaigns', { schema: { tags, summary: 'SMS and email campaigns, newest first', response: { 200: itemsOf(campaignView) } } },
      async (req) => ({ items: await listCampaigns(db, actorOf(req)) }));
    r.post('/api/campaigns', { schema: { tags, summary: 'A draft SMS or email campaign to a saved segment (optionally with a tracked link, a rate and an A/B test)', body: campaignInput, response: { 201: campaignView } } },
      async (req, reply) => reply.code(201).send(await withTx(ctx.database, (tx) => createCampaign(tx, actorOf(req), ctx.clock, req.body))));
    r.get('/api/campaigns/:id', { schema: { tags, summary: 'One campaign with its progress', params: idParams, response: { 200: campaignView } } },
      async (req) => getCampaign(db, actorOf(req), req.params.id));
    r.patch('/api/campaigns/:id', { schema: { tags, summary: 'Change a draft campaign', params: idParams, body: campaignUpdate, response: { 200: campaignView } } },
      async (req) => withTx(ctx.database, (tx) => updateCampaign(tx, actorOf(req), ctx.clock, req.params.id, req.body)));
    r.get('/api/campaigns/:id/preview', { schema: { tags, summary: 'Who it would reach now (consent and a mobile or an email address), the hold-out, and the text a few recipients would get', params: idParams, response: { 200: campaignPreview } } },
      async (req) => previewCampaign(db, actorOf(req), ctx.clock, req.params.id));
    r.post('/api/campaigns/:id/test-send', { schema: { tags, summary: 'Send ONE test message to a mobile or an email address, rendered for a sample (or the given) customer; marked as a test, never counted in the results', params: idParams, body: campaignTestSend, response: { 201: campaignTestSendAnswer } } },
      async (req, reply) => reply.code(201).send(await withTx(ctx.database, (tx) => testSendCampaign(tx, actorOf(req), ctx.clock, { secret: ctx.secret, publicUrl: ctx.config.publicUrl }, req.params.id, req.body))));
    r.post('/api/campaigns/:id/send', { schema: { tags, summary: 'Fix the recipients and start sending (or wait for the scheduled time)', params: idParams, response: { 200: campaignView } } },
      async (req) => {
        const started = await withTx(ctx.database, (tx) => startCampaign(tx, actorOf(req), ctx.clock, req.params.id));
        // The first batch goes now, not at the next minute's tick.
        if (started.status === 'sending') await ctx.queue.send(CAMPAIGN_TICK_JOB, {});
        return started;
      });
    r.post('/api/campaigns/:id/:action', { schema: { tags, summary: 'Pause, resume or cancel the sending', params: actionParams, response: { 200: campaignView } } },
      async (req) => {
        const c = await withTx(ctx.database, (tx) => setCampaignState(tx, actorOf(req), ctx.clock, req.params.id, req.params.action));
        if (c.status === 'sending') await ctx.queue.send(CAMPAIGN_TICK_JOB, {});
        return c;
      });
    r.get('/api/campaigns/:id/results', { schema: { tags, summary: 'Queued, sent, delivered, failed, opted out, opened, clicked, unsubscribed, the A/B scores; conversions of recipients against the hold-out, with the lift and its 95% interval', params: idParams, response: { 200: resultsSchema } } },
      async (req) => {
        assertCan(actorOf(req), 'customers', 'read');
        const [c] = await db.select().from(campaigns).where(eq(campaigns.id, req.params.id));
        if (!c) throw notFound('Campaign');
        return campaignResults(db, c);
      });
  };
}
