import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf, stillAuthenticated } from '../../http/auth-hooks.ts';
import { listNotifications, markRead, markAllRead } from './index.ts';
import { notificationList, eventStream } from '../../../common/notifications.schemas.ts';
import { noContent } from '../../../common/api.schemas.ts';

/** How often an open event stream is pinged and its session re-checked (tests shorten it). */
export const sse = { pingMs: 15_000 };

export function notificationRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;
    r.get('/api/notifications', { schema: { tags: ['notifications'], summary: 'The user’s latest notifications and unread count', response: { 200: notificationList } } }, async (req) => listNotifications(db, actorOf(req)));
    r.post('/api/notifications/:id/read', { schema: { tags: ['notifications'], summary: 'Mark one read', params: z.object({ id: z.uuid() }), response: { 204: noContent } } }, async (req, reply) => {
      await markRead(db, actorOf(req), req.params.id);
      return reply.status(204).send();
    });
    r.post('/api/notifications/read-all', { schema: { tags: ['notifications'], summary: 'Mark all read', response: { 204: noContent } } }, async (req, reply) => {
      await markAllRead(db, actorOf(req));
      return reply.status(204).send();
    });

    // Shutdown: open streams would keep the server from closing.
    app.addHook('preClose', async () => ctx.hub.endAll());

    // Server-Sent Events: this user's realtime events from any app instance (Postgres LISTEN/NOTIFY).
    r.get('/api/events', { schema: { tags: ['notifications'], summary: 'Server-Sent Events stream of the user’s realtime events', response: { 200: eventStream } } }, async (req, reply) => {
      const actor = actorOf(req);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
      res.write(`retry: 3000\nevent: ready\ndata: {}\n\n`);
      let ended = false;
      let ping: NodeJS.Timeout | undefined;
      const end = () => {
        if (ended) return;
        ended = true;
        clearInterval(ping);
        unsubscribe();
        res.end();
      };
      // Ended at once by a logout (this session), a deactivation, a password or role change (all of the user's
      // streams), on whichever instance it happens, and by shutdown.
      const unsubscribe = ctx.hub.subscribe(actor.userId, (event, data) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
        { sessionId: req.sessionId ?? null, onEnd: end });
      // The ping also re-checks the credentials: what expired rather than ended (and a logout that raced this
      // stream's opening, checked once right away) closes the stream too.
      const recheck = (write: boolean) => { stillAuthenticated(ctx, req).then((ok) => (!ok ? end() : write && res.write(`: ping\n\n`)), end); };
      ping = setInterval(() => recheck(true), sse.pingMs);
      req.raw.on('close', end);
      recheck(false);
    });
  };
}
