import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import { itemsOf, noContent } from '../../../common/api.schemas.ts';
import { segmentFieldView, segmentInput, segmentPreview, segmentPreviewInput, segmentUpdate, segmentView } from '../../../common/segments.schemas.ts';
import { assertCan } from '../auth/index.ts';
import {
  availableFields, createSegment, deleteSegment, describeFields, getSegment, listSegments, previewSegment, segmentMembersPreview, updateSegment,
} from './segments.service.ts';

const idParams = z.object({ id: z.uuid() });
const tags = ['segments'];
const sampleQuery = z.object({ sample: z.coerce.number().int().min(0).max(50).default(20) });

export function segmentRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;
    r.post('/api/segments/preview', { schema: { tags, summary: 'How many customers a rule selects, and a sample of them, within what the reader may see', body: segmentPreviewInput, response: { 200: segmentPreview } } },
      async (req) => previewSegment(db, actorOf(req), ctx.clock, req.body.rules, req.body.sampleSize));
    r.get('/api/segments/fields', { schema: { tags, summary: 'The fields a rule may name, with their operators (custom fields as custom.<key>)', response: { 200: itemsOf(segmentFieldView) } } },
      async (req) => {
        assertCan(actorOf(req), 'customers', 'read');
        return { items: describeFields(await availableFields(db)) };
      });
    r.get('/api/segments', { schema: { tags, summary: 'Saved segments (shared ones and your own)', response: { 200: itemsOf(segmentView) } } },
      async (req) => ({ items: await listSegments(db, actorOf(req)) }));
    r.post('/api/segments', { schema: { tags, summary: 'Save a segment: dynamic (evaluated when used) or static (a snapshot now)', body: segmentInput, response: { 201: segmentView } } },
      async (req, reply) => reply.code(201).send(await withTx(ctx.database, (tx) => createSegment(tx, actorOf(req), ctx.clock, req.body))));
    r.get('/api/segments/:id', { schema: { tags, summary: 'One segment', params: idParams, response: { 200: segmentView } } },
      async (req) => getSegment(db, actorOf(req), req.params.id));
    r.get('/api/segments/:id/customers', { schema: { tags, summary: 'A saved segment now: count and a sample (dynamic: the rule; static: its snapshot), in the reader’s scope', params: idParams, querystring: sampleQuery, response: { 200: segmentPreview } } },
      async (req) => segmentMembersPreview(db, actorOf(req), ctx.clock, req.params.id, req.query.sample));
    r.patch('/api/segments/:id', { schema: { tags, summary: 'Change a segment; `refreshSnapshot` retakes a static one', params: idParams, body: segmentUpdate, response: { 200: segmentView } } },
      async (req) => withTx(ctx.database, (tx) => updateSegment(tx, actorOf(req), ctx.clock, req.params.id, req.body)));
    r.delete('/api/segments/:id', { schema: { tags, summary: 'Delete a segment', params: idParams, response: { 204: noContent } } },
      async (req, reply) => {
        await withTx(ctx.database, (tx) => deleteSegment(tx, actorOf(req), ctx.clock, req.params.id));
        return reply.code(204).send();
      });
  };
}
