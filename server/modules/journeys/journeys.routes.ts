import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inArray } from 'drizzle-orm';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../auth/index.ts';
import { customers } from '../customers/index.ts';
import {
  customerJourney, journeyInput, journeyList, journeyMap, journeyView, mapQuery, painCustomers, painReviewInput, painReviewView,
} from '../../../common/journeys.schemas.ts';
import { createJourney, listJourneys, loadJourney, updateJourney, customerJourney as loadCustomerJourney } from './journeys.service.ts';
import { keptAnalysis } from './journeys.cache.ts';
import { beforeAfter, parsePainId, presentReview, reviewPain, reviewsOf } from './journeys.reviews.ts';

const tags = ['journeys'];
const idParams = z.object({ id: z.uuid() });
const painParams = z.object({ id: z.uuid(), painId: z.string().min(3).max(200) });

/** The map's analysis, kept for MAP_FRESH_MINUTES (journeys.cache.ts); reviews and before/after are read live. */
const analyzed = (db: Db, actor: Actor, clock: Clock, id: string, q: z.infer<typeof mapQuery>, lists = true) => keptAnalysis(db, actor, clock, id, q, { lists });

export function journeyRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;
    r.get('/api/journeys', { schema: { tags, summary: 'Journey definitions: ordered stages and touchpoints (each a rule over existing events)', response: { 200: journeyList } } },
      async (req) => ({ items: await listJourneys(db, actorOf(req)) }));
    r.post('/api/journeys', { schema: { tags, summary: 'Define another journey (settings:update)', body: journeyInput, response: { 201: journeyView } } },
      async (req, reply) => reply.code(201).send(await withTx(ctx.database, (tx) => createJourney(tx, actorOf(req), req.body, ctx.clock))));
    r.put('/api/journeys/:id', { schema: { tags, summary: 'Change a journey’s stages and touchpoints (settings:update)', params: idParams, body: journeyInput, response: { 200: journeyView } } },
      async (req) => withTx(ctx.database, (tx) => updateJourney(tx, actorOf(req), req.params.id, req.body, ctx.clock)));

    r.get('/api/journeys/:id/map', {
      schema: { tags, summary: 'The map of a period (Tehran dates): stages, flows, touchpoints, ranked pain points and moments of truth, counting only customers the reader may see', params: idParams, querystring: mapQuery, response: { 200: journeyMap } },
    }, async (req) => {
      const actor = actorOf(req);
      const { journey, analysis } = await analyzed(db, actor, ctx.clock, req.params.id, req.query, false); // the lists are not shown
      const reviews = await reviewsOf(db, journey.id);
      const now = ctx.clock.now();
      const painPoints = await Promise.all(analysis.painPoints.map(async ({ customerIds: _ids, ...p }) => {
        const rv = reviews.get(p.id);
        if (!rv) return { ...p, review: null };
        const { tp, lineHash, outcome } = parsePainId(journey.touchpoints, p.id, journey.stages);
        return { ...p, review: presentReview(rv, rv.actionSince && tp && outcome ? await beforeAfter(db, actor, journey, tp, lineHash, rv.actionSince, now) : null) };
      }));
      return { journeyId: journey.id, from: req.query.from, to: req.query.to, stages: analysis.stages, flows: analysis.flows, touchpoints: analysis.touchpoints, painPoints, momentsOfTruth: analysis.momentsOfTruth };
    });

    r.get('/api/journeys/:id/pain-points/:painId/customers', {
      schema: { tags, summary: 'The customers a pain point affected in the period (those the reader may see), newest first', params: painParams, querystring: mapQuery, response: { 200: painCustomers } },
    }, async (req) => {
      const { analysis } = await analyzed(db, actorOf(req), ctx.clock, req.params.id, req.query);
      const pain = analysis.painPoints.find((p) => p.id === req.params.painId);
      if (!pain) throw new AppError('NOT_FOUND', 'Pain point not found in this period');
      const list = [...pain.customerIds].sort((a, b) => b.at.getTime() - a.at.getTime() || a.id.localeCompare(b.id)).slice(0, 500);
      const names = new Map((list.length ? await db.select({ id: customers.id, displayName: customers.displayName }).from(customers).where(inArray(customers.id, list.map((c) => c.id))) : []).map((c) => [c.id, c.displayName]));
      return { total: pain.customerIds.length, items: list.map((c) => ({ id: c.id, displayName: names.get(c.id) ?? '', at: c.at.toISOString() })) };
    });

    r.post('/api/journeys/:id/pain-points/:painId/review', {
      schema: { tags, summary: 'Confirm or dismiss a pain point, annotate it and attach the action (reports:export); answers with the before/after since the action', params: painParams, body: painReviewInput, response: { 200: painReviewView } },
    }, async (req) => {
      const actor = actorOf(req);
      const row = await withTx(ctx.database, (tx) => reviewPain(tx, actor, ctx.clock, req.params.id, req.params.painId, req.body));
      const journey = await loadJourney(db, req.params.id);
      const { tp, lineHash, outcome } = parsePainId(journey.touchpoints, row.painId, journey.stages);
      return presentReview(row, row.actionSince && tp && outcome ? await beforeAfter(db, actor, journey, tp, lineHash, row.actionSince, ctx.clock.now()) : null);
    });

    r.get('/api/customers/:id/journey', {
      schema: { tags, summary: 'A customer’s journey derived from their events: current stage and the path of stage visits with touchpoints', params: idParams, querystring: z.object({ journeyId: z.uuid().optional() }), response: { 200: customerJourney } },
    }, async (req) => loadCustomerJourney(db, actorOf(req), req.params.id, ctx.clock, req.query.journeyId));
  };
}
