import { unknownNumberConsent } from '../contact-policy/index.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../http/context.ts';
import type { Channels } from './channels.service.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import { RateLimiter } from '../../http/rate-limit.ts';
import { AppError } from '../../errors.ts';
import { assertCan, systemActor, type Actor } from '../auth/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { normalizePhone } from '../../../common/phone.ts';
import { smsParts } from '../../../common/sms.ts';
import { loadVisibleCustomer, updateCustomer } from '../customers/index.ts';
import { SmsError } from '../../drivers/sms/index.ts';
import { isRefused, REFUSED_MESSAGE } from '../../net/outbound-guard.ts';
import { smtpSettings, smsSettings, smsWebhookToken } from './channels.service.ts';
import { queueMessage, handleSmsWebhook } from './messages.service.ts';
import { channelsView, channelTestResult, messageQueued, smsWebhookResult } from '../../../common/messaging.schemas.ts';

/** The messaging routes also reach the channels (where email and SMS go out). */
type MessagingContext = AppContext & { channels: Channels };

const testSend = z.object({ channel: z.enum(['email', 'sms']), to: z.string().trim().min(3).max(200) });
const customerMessage = z.object({
  channel: z.enum(['email', 'sms']),
  text: z.string().trim().min(1).max(4000),
  subject: z.string().trim().max(200).optional(),
  /** Which of the customer's numbers/addresses; the primary one by default. */
  to: z.string().trim().max(200).optional(),
});

export function messagingRoutes(ctx: MessagingContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;
    const testLimiter = new RateLimiter(10, 60_000);
    // present() builds the SMS part from whatever is stored (untyped): the answer's schema keeps only the known fields.
    const channelsOf = (actor: Actor) => ctx.channels.present(actor) as Promise<z.input<typeof channelsView>>;

    r.get('/api/settings/channels', { schema: { tags: ['settings'], summary: 'Where email and SMS go out (admin; secrets masked)', response: { 200: channelsView } } },
      async (req) => channelsOf(actorOf(req)));
    r.put('/api/settings/channels/smtp', { schema: { tags: ['settings'], summary: 'Set the SMTP server (admin)', body: smtpSettings, response: { 200: channelsView } } }, async (req) => {
      await ctx.channels.setSmtp(actorOf(req), req.body);
      return channelsOf(actorOf(req));
    });
    r.put('/api/settings/channels/sms', { schema: { tags: ['settings'], summary: 'Set the SMS gateway (admin)', body: smsSettings, response: { 200: channelsView } } }, async (req) => {
      await ctx.channels.setSms(actorOf(req), req.body);
      return channelsOf(actorOf(req));
    });
    r.post('/api/settings/channels/test', { schema: { tags: ['settings'], summary: 'Send a test email or SMS now and report what the server said (admin)', body: testSend, response: { 200: channelTestResult } } }, async (req) => {
      const actor = actorOf(req);
      assertCan(actor, 'settings', 'update');
      testLimiter.hit(actor.userId);
      const { channel, to } = req.body;
      try {
        if (channel === 'email') {
          if (!/^[^\s@]+@[^\s@]+$/.test(to)) throw new AppError('VALIDATION_FAILED', 'Not an email address', { to: 'not an email address' });
          const driver = await ctx.channels.email();
          if (!driver) throw new AppError('UNPROCESSABLE', 'No email server is configured');
          const info = await driver.send({ to, subject: 'آزمایش ایمیل محور — Mehvar test email', text: 'این ایمیل آزمایشی از تنظیمات محور فرستاده شد.\nThis is a test email from Mehvar settings.' });
          return { ok: true as const, providerId: info.messageId };
        }
        const phone = normalizePhone(to);
        if (!phone.ok) throw new AppError('VALIDATION_FAILED', 'Not a phone number', { to: phone.reason });
        const driver = await ctx.channels.sms();
        if (!driver) throw new AppError('UNPROCESSABLE', 'No SMS gateway is configured');
        const res = await driver.send({ to: phone.e164, text: 'پیامک آزمایشی محور' });
        return { ok: true as const, providerId: res.providerId, status: res.status };
      } catch (e) {
        if (e instanceof AppError) throw e;
        // A target the guard refused (DNS rebinding, a redirect, an allow-list entry removed): said as such, nothing more.
        if (isRefused(e) || (e instanceof SmsError && e.code === 'outbound_refused')) throw new AppError('UNPROCESSABLE', REFUSED_MESSAGE, { provider: REFUSED_MESSAGE });
        // The provider's answer is the point of a test: report it as a clear, non-500 error.
        const detail = e instanceof SmsError ? `${e.kind} (${e.code})` : (e as Error).message;
        throw new AppError('UNPROCESSABLE', `The ${channel === 'sms' ? 'SMS gateway' : 'email server'} refused: ${(e as Error).message}`, { provider: detail });
      }
    });

    r.post('/api/customers/:id/messages', { schema: { tags: ['customers'], summary: 'Send an SMS or email to a customer (logged on the timeline)', params: z.object({ id: z.uuid() }), body: customerMessage, response: { 201: messageQueued } } },
      async (req, reply) => {
        const actor = actorOf(req);
        assertCan(actor, 'interactions', 'create');
        const out = await withTx(ctx.database, async (tx) => {
          const c = await loadVisibleCustomer(tx, actor, req.params.id);
          const { channel, text, subject } = req.body;
          if (channel === 'sms' && !c.smsConsent) throw new AppError('UNPROCESSABLE', 'This customer has not agreed to receive SMS', { channel: 'no SMS consent' });
          if (channel === 'email' && !c.emailConsent) throw new AppError('UNPROCESSABLE', 'This customer has not agreed to receive email', { channel: 'no email consent' });
          const addresses = channel === 'sms' ? c.phones.filter((p) => p.label === 'mobile' || /^\+989/.test(p.number)).map((p) => p.number) : c.emails.map((e) => e.address);
          const to = req.body.to ?? addresses[0];
          if (!to || !addresses.includes(to)) throw new AppError('VALIDATION_FAILED', channel === 'sms' ? 'The customer has no such mobile number' : 'The customer has no such email address', { to: 'not one of the customer’s' });
          if (channel === 'email' && !subject) throw new AppError('VALIDATION_FAILED', 'An email needs a subject', { subject: 'required' });
          const queued = await queueMessage(tx, { customerId: c.id, channel, address: to, subject, body: text, dedupeKey: `manual:${crypto.randomUUID()}`, createdBy: actor.userId });
          return { id: queued!.messageId, channel, address: to, status: 'queued' as const, parts: channel === 'sms' ? smsParts(text) : undefined };
        });
        return reply.status(201).send(out);
      });
  };
}

/** Gateways call this without a session: the unguessable token in the path (and Twilio's signature) authenticate it. */
export function messagingPublicRoutes(ctx: MessagingContext) {
  return async (app: FastifyInstance) => {
    const limiter = new RateLimiter(600, 60_000);
    // Gateways post form-encoded bodies; the driver parses them (Twilio signs the exact parameters).
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    const handler = async (req: import('fastify').FastifyRequest<{ Params: { token: string } }>) => {
      limiter.hit(`ip:${req.ip}`);
      const expected = Buffer.from(smsWebhookToken(ctx.secret));
      const given = Buffer.from(String(req.params.token));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError('NOT_FOUND', 'Not found');
      const driver = await ctx.channels.sms();
      if (!driver) throw new AppError('UNPROCESSABLE', 'No SMS gateway is configured');
      const admin = systemActor(DEFAULT_ROLES.admin.permissions);
      try {
        return await handleSmsWebhook(ctx.database.db, driver, { headers: req.headers, body: req.body, query: req.query as Record<string, unknown>, url: req.url }, {
          setSmsConsent: (tx, customerId, consent) => updateCustomer(tx, admin, ctx.clock, customerId, { smsConsent: consent }).then(() => undefined),
          unknownNumberConsent: (tx, phone, consent) => unknownNumberConsent(tx, ctx.clock, phone, consent),
          now: () => ctx.clock.now(),
        });
      } catch (e) {
        if (e instanceof SmsError && e.kind === 'invalid_signature') throw new AppError('FORBIDDEN', 'Invalid webhook signature');
        throw e;
      }
    };
    app.post('/api/webhooks/sms/:token', { schema: { tags: ['webhooks'], summary: 'SMS gateway callback: delivery reports, replies, opt-out (the path token authenticates it)', response: { 200: smsWebhookResult } } }, handler);
    app.get('/api/webhooks/sms/:token', { schema: { tags: ['webhooks'], summary: 'The same, for gateways that call back with GET', response: { 200: smsWebhookResult } } }, handler);
  };
}

