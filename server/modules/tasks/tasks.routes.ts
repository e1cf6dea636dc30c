import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import { taskCreate, taskUpdate, taskListQuery, taskPage, taskView } from '../../../common/activity.schemas.ts';
import { noContent } from '../../../common/api.schemas.ts';
import { taskBulkRequest, bulkAnswer, bulkUndoRequest, bulkUndoAnswer } from '../../../common/lists.schemas.ts';
import { getUser, assertCan } from '../auth/index.ts';
import { createTask, updateTask, deleteTask, listTasks, taskById, bulkEditTasks, undoTaskBulk } from './index.ts';

const idParam = z.object({ id: z.uuid() });

export function taskRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;
    r.get('/api/tasks', { schema: { tags: ['tasks'], summary: 'My tasks, the team’s tasks, promises and broken promises, by due bucket', querystring: taskListQuery, response: { 200: taskPage } } }, async (req) => {
      const actor = actorOf(req);
      const { timeZone } = await getUser(db, actor.userId);
      return listTasks(db, actor, ctx.clock, req.query, timeZone);
    });
    r.post('/api/tasks/bulk', { schema: { tags: ['tasks'], summary: 'One change to many tasks (assignee, due time, status): all or nothing, audited per task, undoable for 10 minutes', body: taskBulkRequest, response: { 200: bulkAnswer } } },
      async (req) => withTx(ctx.database, (tx) => bulkEditTasks(tx, actorOf(req), ctx.clock, req.body)));
    r.post('/api/tasks/bulk/undo', { schema: { tags: ['tasks'], summary: 'Undo your bulk edit of tasks (within 10 minutes); tasks changed again since are skipped', body: bulkUndoRequest, response: { 200: bulkUndoAnswer } } },
      async (req) => withTx(ctx.database, (tx) => undoTaskBulk(tx, actorOf(req), ctx.clock, req.body.undoToken)));
    r.get('/api/tasks/:id', { schema: { tags: ['tasks'], summary: 'One task', params: idParam, response: { 200: taskView } } }, async (req) => {
      const actor = actorOf(req);
      assertCan(actor, 'tasks', 'read');
      return taskById(db, actor, req.params.id, ctx.clock);
    });
    r.post('/api/tasks', { schema: { tags: ['tasks'], summary: 'Create a task', body: taskCreate, response: { 201: taskView } } },
      async (req, reply) => reply.status(201).send(await withTx(ctx.database, (tx) => createTask(tx, actorOf(req), ctx.clock, req.body))));
    r.patch('/api/tasks/:id', { schema: { tags: ['tasks'], summary: 'Edit, complete or reopen a task', params: idParam, body: taskUpdate, response: { 200: taskView } } },
      async (req) => withTx(ctx.database, (tx) => updateTask(tx, actorOf(req), ctx.clock, req.params.id, req.body)));
    r.delete('/api/tasks/:id', { schema: { tags: ['tasks'], summary: 'Delete a task', params: idParam, response: { 204: noContent } } }, async (req, reply) => {
      await withTx(ctx.database, (tx) => deleteTask(tx, actorOf(req), ctx.clock, req.params.id));
      return reply.status(204).send();
    });
  };
}
