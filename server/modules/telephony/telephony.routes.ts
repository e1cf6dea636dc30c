import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import type { AmiManager } from './ami.manager.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import { AppError } from '../../errors.ts';
import { assertCan } from '../auth/index.ts';
import { RateLimiter } from '../../http/rate-limit.ts';
import {
  amiTestInput, callLinkInput, callListQuery, callNotesInput, originateInput, telephonySettingsUpdate,
  telephonyMeAnswer, telephonySettingsAnswer, amiTestResult, webhookSecretRotated, callPage, activeCallList, callView, callEventAccepted,
} from '../../../common/telephony.schemas.ts';
import { noContent } from '../../../common/api.schemas.ts';
import { activeCalls, dismissCall, getCall, handleCallEvent, linkCall, saveCallNotes } from './calls.service.ts';
import { listCallLog } from './call-log.service.ts';
import { checkTelephonyTargets, rotateWebhookSecret, telephonySettingsView, updateTelephonySettings } from './telephony.settings.ts';
import { startOutboundCall, telephonyMe, testPbxLogin, verifyWebhook, webhookLimits, webhookToCallEvent } from './telephony.service.ts';

/** The telephony routes also reach this instance's connection to the PBX. */
type TelephonyContext = AppContext & { ami: AmiManager };

const idParam = z.object({ id: z.uuid() });

export function telephonyRoutes(ctx: TelephonyContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;
    const tags = ['telephony'];
    const tx = <T>(fn: (t: typeof db) => Promise<T>) => withTx(ctx.database, fn);
    const view = (req: Parameters<typeof actorOf>[0]) => telephonySettingsView(db, actorOf(req), ctx.config.publicUrl, ctx.ami.status());

    r.get('/api/telephony/me', { schema: { tags, summary: 'My extension and whether my phone numbers are click-to-call', response: { 200: telephonyMeAnswer } } },
      async (req) => telephonyMe(db, actorOf(req), ctx.ami));
    r.get('/api/telephony/settings', { schema: { tags, summary: 'PBX connection, webhook, extensions, ring groups (admin; secrets never shown)', response: { 200: telephonySettingsAnswer } } },
      async (req) => view(req));
    r.put('/api/telephony/settings', { schema: { tags, summary: 'Change the telephony settings (every instance reconnects to the PBX)', body: telephonySettingsUpdate, response: { 200: telephonySettingsAnswer } } },
      async (req) => {
        assertCan(actorOf(req), 'settings', 'update');
        await checkTelephonyTargets(ctx.outbound, req.body);
        await tx((t) => updateTelephonySettings(t, actorOf(req), req.body));
        await ctx.ami.reload();
        return view(req);
      });
    r.post('/api/telephony/settings/test-ami', { schema: { tags, summary: 'Try to log in to the PBX with these details', body: amiTestInput, response: { 200: amiTestResult } } },
      async (req) => testPbxLogin(db, actorOf(req), ctx.outbound, req.body));
    r.post('/api/telephony/webhook-secret', { schema: { tags, summary: 'A new webhook secret, shown once (the previous one works for another hour)', response: { 200: webhookSecretRotated } } },
      async (req) => tx((t) => rotateWebhookSecret(t, actorOf(req), ctx.clock.now())));

    r.get('/api/telephony/calls', { schema: { tags, summary: 'The calls log, newest first: the phone system’s calls and calls logged by hand on a timeline (source filter)', querystring: callListQuery, response: { 200: callPage } } },
      async (req) => listCallLog(db, actorOf(req), req.query));
    r.get('/api/telephony/calls/active', { schema: { tags, summary: 'Calls that should have a pop-up on my screen (ringing, in progress, ended without notes)', response: { 200: activeCallList } } },
      async (req) => activeCalls(db, actorOf(req), ctx.clock));
    r.get('/api/telephony/calls/:id', { schema: { tags, summary: 'A call with the matching customers’ essentials', params: idParam, response: { 200: callView } } },
      async (req) => getCall(db, actorOf(req), req.params.id));
    r.post('/api/telephony/calls/:id/notes', { schema: { tags, summary: 'The call’s summary and promises (on the customer’s timeline)', params: idParam, body: callNotesInput, response: { 200: callView } } },
      async (req) => tx((t) => saveCallNotes(t, actorOf(req), ctx.clock, req.params.id, req.body)));
    r.post('/api/telephony/calls/:id/link', { schema: { tags, summary: 'File the call under a customer (optionally adding the number to their phones)', params: idParam, body: callLinkInput, response: { 200: callView } } },
      async (req) => tx((t) => linkCall(t, actorOf(req), ctx.clock, req.params.id, req.body)));
    r.post('/api/telephony/calls/:id/dismiss', { schema: { tags, summary: 'Stop showing this call’s pop-up to me', params: idParam, response: { 204: noContent } } },
      async (req, reply) => { await tx((t) => dismissCall(t, actorOf(req), req.params.id)); return reply.status(204).send(); });
    r.post('/api/telephony/originate', { schema: { tags, summary: 'Click-to-call: the PBX rings my phone, then the number', body: originateInput, response: { 202: callView } } },
      async (req, reply) => reply.status(202).send(await startOutboundCall(db, tx, actorOf(req), ctx.clock, ctx.ami, req.body)));
  };
}

/** The PBX's own door: no session; the HMAC signature over the raw body authenticates each delivery. */
export function telephonyPublicRoutes(ctx: TelephonyContext) {
  return async (app: FastifyInstance) => {
    const limiter = new RateLimiter(webhookLimits.perMinute, 60_000);
    // The raw bytes are signed: this route reads them itself (replacing the app's JSON parser here only).
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    app.post('/api/telephony/events', {
      schema: { tags: ['webhooks'], summary: 'Call events from a cloud PBX (signed: X-Mehvar-Timestamp, X-Mehvar-Signature = sha256 HMAC of "<timestamp>.<body>")', response: { 202: callEventAccepted } },
    }, async (req, reply) => {
      limiter.hit(`ip:${req.ip}`);
      if (!Buffer.isBuffer(req.body)) throw new AppError('BAD_REQUEST', 'Send the event as application/json');
      let event;
      try {
        event = await verifyWebhook(ctx.database.db, ctx.clock.now(), req.headers, req.body);
      } catch (err) {
        if (err instanceof AppError) req.log.warn({ ip: req.ip, reason: err.message }, 'telephony webhook refused');
        throw err;
      }
      const res = await withTx(ctx.database, (t) => handleCallEvent(t, ctx.clock, webhookToCallEvent(event, ctx.clock.now()), ctx.ami.currentConfig()));
      return reply.status(202).send({ callId: res.callId, applied: res.changed, ...(res.ignored ? { ignored: res.ignored } : {}) });
    });
  };
}
