import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import {
  pipelineCreate, pipelineUpdate, dealCreate, dealUpdate, dealMove, dealListQuery, boardQuery, leadConvert,
  pipelineList, pipelineView, boardView, dealPage, dealDetail, leadConverted,
} from '../../../common/sales.schemas.ts';
import { noContent } from '../../../common/api.schemas.ts';
import { dealBulkRequest, bulkAnswer, bulkUndoRequest, bulkUndoAnswer } from '../../../common/lists.schemas.ts';
import {
  ensureDefaultPipeline, listPipelines, getPipeline, createPipeline, updatePipeline, deletePipeline, pipelineBoard,
  listDeals, dealById, createDeal, updateDeal, moveDeal, deleteDeal, convertLead, bulkEditDeals, undoDealBulk,
} from './index.ts';

const idParam = z.object({ id: z.uuid() });
const tags = ['sales'];

/** Pipelines, the board, deals and lead conversion. */
export function dealRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;
    const tx = <T>(fn: (tx: typeof db) => Promise<T>) => withTx(ctx.database, fn);

    r.get('/api/pipelines', { schema: { tags, summary: 'Pipelines with their stages (the default «فروش» is created when there is none)', response: { 200: pipelineList } } }, async (req) => {
      const actor = actorOf(req);
      await ensureDefaultPipeline(db);
      return listPipelines(db, actor);
    });
    r.post('/api/pipelines', { schema: { tags, summary: 'Create a pipeline (exactly one won and at least one lost stage)', body: pipelineCreate, response: { 201: pipelineView } } },
      async (req, reply) => reply.status(201).send(await tx((t) => createPipeline(t, actorOf(req), req.body))));
    r.get('/api/pipelines/:id', { schema: { tags, summary: 'One pipeline with its stages', params: idParam, response: { 200: pipelineView } } },
      async (req) => getPipeline(db, actorOf(req), req.params.id));
    r.patch('/api/pipelines/:id', { schema: { tags, summary: 'Rename, make default, or rename/reorder/add/remove stages (moveDealsTo for a removed stage with deals)', params: idParam, body: pipelineUpdate, response: { 200: pipelineView } } },
      async (req) => tx((t) => updatePipeline(t, actorOf(req), ctx.clock, req.params.id, req.body)));
    r.delete('/api/pipelines/:id', { schema: { tags, summary: 'Delete a pipeline that never had deals (not the default)', params: idParam, response: { 204: noContent } } }, async (req, reply) => {
      await tx((t) => deletePipeline(t, actorOf(req), req.params.id));
      return reply.status(204).send();
    });
    r.get('/api/pipelines/:id/board', { schema: { tags, summary: 'The board: stages with their cards by rank, counts and sums (won/lost: recently closed)', params: idParam, querystring: boardQuery, response: { 200: boardView } } },
      async (req) => pipelineBoard(db, actorOf(req), req.params.id, req.query, ctx.clock.now()));

    r.get('/api/deals', { schema: { tags, summary: 'Filter, search (title, customer), sort and page deals', querystring: dealListQuery, response: { 200: dealPage } } },
      async (req) => listDeals(db, actorOf(req), req.query));
    r.post('/api/deals', { schema: { tags, summary: 'Create a deal for a visible customer (items set the amount)', body: dealCreate, response: { 201: dealDetail } } },
      async (req, reply) => reply.status(201).send(await tx((t) => createDeal(t, actorOf(req), ctx.clock, req.body))));
    r.post('/api/deals/bulk', { schema: { tags, summary: 'One change to many deals (owner, stage, won/lost): all or nothing, audited per deal, undoable for 10 minutes', body: dealBulkRequest, response: { 200: bulkAnswer } } },
      async (req) => tx((t) => bulkEditDeals(t, actorOf(req), ctx.clock, req.body)));
    r.post('/api/deals/bulk/undo', { schema: { tags, summary: 'Undo your bulk edit of deals (within 10 minutes); deals changed again since are skipped', body: bulkUndoRequest, response: { 200: bulkUndoAnswer } } },
      async (req) => tx((t) => undoDealBulk(t, actorOf(req), ctx.clock, req.body.undoToken)));
    r.get('/api/deals/:id', { schema: { tags, summary: 'One deal with its items and stage history', params: idParam, response: { 200: dealDetail } } },
      async (req) => dealById(db, actorOf(req), req.params.id));
    r.patch('/api/deals/:id', { schema: { tags, summary: 'Edit a deal (audited)', params: idParam, body: dealUpdate, response: { 200: dealDetail } } },
      async (req) => tx((t) => updateDeal(t, actorOf(req), ctx.clock, req.params.id, req.body)));
    r.post('/api/deals/:id/move', { schema: { tags, summary: 'Move a deal on the board: stage and place (won/lost rules)', params: idParam, body: dealMove, response: { 200: dealDetail } } },
      async (req) => tx((t) => moveDeal(t, actorOf(req), ctx.clock, req.params.id, req.body)));
    r.delete('/api/deals/:id', { schema: { tags, summary: 'Delete a deal (kept, hidden, audited)', params: idParam, response: { 204: noContent } } }, async (req, reply) => {
      await tx((t) => deleteDeal(t, actorOf(req), ctx.clock, req.params.id));
      return reply.status(204).send();
    });

    r.post('/api/customers/:id/convert', { schema: { tags, summary: 'Convert a lead: its lifecycle stage and a new deal, in one transaction', params: idParam, body: leadConvert, response: { 201: leadConverted } } },
      async (req, reply) => reply.status(201).send(await tx((t) => convertLead(t, actorOf(req), ctx.clock, req.params.id, req.body))));
  };
}
