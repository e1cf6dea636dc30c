import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import { assertCan } from '../auth/index.ts';
import { itemsOf } from '../../../common/api.schemas.ts';
import { bonusInput, ledgerAnswer, ledgerEntryView, ledgerInput, loyaltyReport as reportSchema, memberView, programInput, programView, redeemOnDocumentInput, redeemRewardInput, reviewInput, reviewView, rewardInput, rewardView } from '../../../common/loyalty.schemas.ts';
import { getProgram, saveProgram } from './loyalty.program.ts';
import { giveBonus, ledgerOf, memberOf, writeEntry } from './loyalty.service.ts';
import { redeemOnDocument } from './loyalty.hooks.ts';
import { loyaltyReport } from './loyalty.report.ts';
import { expirePoints } from './loyalty.jobs.ts';
import { birthdayBonuses } from './loyalty.bonuses.ts';
import { createReward, listRewards, redeemReward, updateReward } from './loyalty.rewards.ts';
import { recordReview } from './loyalty.reviews.ts';

const customerParams = z.object({ customerId: z.uuid() });
const idParams = z.object({ id: z.uuid() });
const tags = ['loyalty'];

export function loyaltyRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;
    r.get('/api/loyalty/program', { schema: { tags, summary: 'The customer club program: earning rates, bonuses, tiers, expiry (settings:read)', response: { 200: programView } } },
      async (req) => {
        assertCan(actorOf(req), 'settings', 'read');
        return getProgram(db);
      });
    r.put('/api/loyalty/program', { schema: { tags, summary: 'Save the program (settings:update)', body: programInput, response: { 200: programView } } },
      async (req) => withTx(ctx.database, (tx) => saveProgram(tx, actorOf(req), ctx.clock, req.body)));
    r.get('/api/loyalty/members/:customerId', { schema: { tags, summary: "A customer's balance, tier, next tier, what is still needed for it, and points expiring in the next 90 days", params: customerParams, response: { 200: memberView } } },
      async (req) => memberOf(db, actorOf(req), req.params.customerId, ctx.clock.now()));
    r.get('/api/loyalty/members/:customerId/ledger', { schema: { tags, summary: "A customer's ledger, newest first (the last 100 entries)", params: customerParams, response: { 200: itemsOf(ledgerEntryView) } } },
      async (req) => ({ items: await ledgerOf(db, actorOf(req), req.params.customerId) }));
    r.post('/api/loyalty/ledger', { schema: { tags, summary: 'Earn, redeem or adjust points by hand (customers:update): 201 with the new balance, or 409 INSUFFICIENT_POINTS with nothing written', body: ledgerInput, response: { 201: ledgerAnswer } } },
      async (req, reply) => reply.code(201).send(await withTx(ctx.database, (tx) => writeEntry(tx, actorOf(req), ctx.clock, req.body))));
    r.post('/api/loyalty/bonus', { schema: { tags, summary: "A bonus event's points (referral, survey answered, birthday), once per customer and reference", body: bonusInput, response: { 201: ledgerAnswer } } },
      async (req, reply) => reply.code(201).send(await withTx(ctx.database, (tx) => giveBonus(tx, actorOf(req), ctx.clock.now(), req.body.customerId, req.body.event, req.body.reference))));
    r.post('/api/loyalty/redeem-on-document', { schema: { tags, summary: "Redeem points as a discount on a draft quote or invoice (the document's discount grows by points × point value)", body: redeemOnDocumentInput, response: { 201: ledgerAnswer.extend({ discount: z.string() }) } } },
      async (req, reply) => reply.code(201).send(await withTx(ctx.database, (tx) => redeemOnDocument(tx, actorOf(req), ctx.clock, req.body.documentId, req.body.points))));
    r.get('/api/loyalty/rewards', { schema: { tags, summary: 'The rewards catalog: active rewards, cheapest first (customers:read); ?all=1 with archived ones (settings:read)', querystring: z.object({ all: z.enum(['0', '1']).optional() }), response: { 200: itemsOf(rewardView) } } },
      async (req) => ({ items: await listRewards(db, actorOf(req), req.query.all === '1') }));
    r.post('/api/loyalty/rewards', { schema: { tags, summary: 'Add a reward (settings:update)', body: rewardInput, response: { 201: rewardView } } },
      async (req, reply) => reply.code(201).send(await withTx(ctx.database, (tx) => createReward(tx, actorOf(req), ctx.clock, req.body))));
    r.put('/api/loyalty/rewards/:id', { schema: { tags, summary: 'Change a reward; archive it with active: false (settings:update)', params: idParams, body: rewardInput, response: { 200: rewardView } } },
      async (req) => withTx(ctx.database, (tx) => updateReward(tx, actorOf(req), ctx.clock, req.params.id, req.body)));
    r.post('/api/loyalty/rewards/:id/redeem', { schema: { tags, summary: "Redeem a reward for a customer (customers:update): a redeem entry of the reward's points, one unit of stock; 409 INSUFFICIENT_POINTS or OUT_OF_STOCK with nothing written", params: idParams, body: redeemRewardInput, response: { 201: ledgerAnswer.extend({ reward: rewardView }) } } },
      async (req, reply) => reply.code(201).send(await withTx(ctx.database, (tx) => redeemReward(tx, actorOf(req), ctx.clock, req.params.id, req.body.customerId))));
    r.post('/api/loyalty/reviews', { schema: { tags, summary: "Record a review the customer left (interactions:create, customer in scope): stored, on the timeline, and the program's review bonus once per review", body: reviewInput, response: { 201: z.object({ review: reviewView, bonus: ledgerAnswer.nullable() }) } } },
      async (req, reply) => reply.code(201).send(await withTx(ctx.database, (tx) => recordReview(tx, actorOf(req), ctx.clock, req.body))));
    r.get('/api/loyalty/report', { schema: { tags, summary: 'Members by tier, points liability, redemption rate, members against non-members (reports:read)', response: { 200: reportSchema } } },
      async (req) => loyaltyReport(db, actorOf(req), ctx.clock.now()));
    r.post('/api/loyalty/expire', { schema: { tags, summary: "Run the daily job now: expiry, tier recomputation, today's birthday bonuses (settings:update)", response: { 200: z.object({ customers: z.number(), expired: z.number(), tierChanges: z.number(), birthdays: z.number() }) } } },
      async (req) => {
        assertCan(actorOf(req), 'settings', 'update');
        const expired = await expirePoints(ctx.database, ctx.clock);
        return { ...expired, birthdays: (await birthdayBonuses(ctx.database, ctx.clock)).given };
      });
  };
}
