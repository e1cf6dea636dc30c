/**
 * Builds the Fastify app: validation, errors, security headers, OpenAPI, every module's routes, and the web app's files.
 * The one file that imports routes files; it sits above http/, which keeps the generic parts (errors, auth hook, limits).
 */
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { serializerCompiler, validatorCompiler, jsonSchemaTransform } from 'fastify-type-provider-zod';
import fs from 'node:fs';
import path from 'node:path';
import type { AppServices } from './boot.ts';
import { WEB_DIST } from './paths.ts';
import { AppError } from './errors.ts';
import { frameworkErrors, registerErrorHandler } from './http/errors.ts';
import { registerJsonBodyParser } from './http/json-depth.ts';
import { authenticate } from './http/auth-hooks.ts';
import { idempotencyClaim, idempotencyStore } from './http/idempotency.ts';
import { rejectNulText } from './http/text-guard.ts';
import { publicAuthRoutes, authRoutes } from './modules/auth/auth.routes.ts';
import { customerRoutes } from './modules/customers/customers.routes.ts';
import { interactionRoutes } from './modules/interactions/interactions.routes.ts';
import { taskRoutes } from './modules/tasks/tasks.routes.ts';
import { notificationRoutes } from './modules/notifications/notifications.routes.ts';
import { settingsRoutes } from './modules/settings/settings.routes.ts';
import { productRoutes } from './modules/sales/products.routes.ts';
import { dealRoutes } from './modules/sales/deals.routes.ts';
import { messagingRoutes, messagingPublicRoutes } from './modules/messaging/messaging.routes.ts';
import { documentRoutes, documentPublicRoutes } from './modules/documents/documents.routes.ts';
import { surveyRoutes, surveyPublicRoutes } from './modules/surveys/surveys.routes.ts';
import { reportRoutes } from './modules/reports/reports.routes.ts';
import { supportRoutes } from './modules/support/support.routes.ts';
import { telephonyRoutes, telephonyPublicRoutes } from './modules/telephony/telephony.routes.ts';
import { privacyRoutes } from './modules/privacy/privacy.routes.ts';
import { webhookRoutes } from './modules/webhooks/webhooks.routes.ts';
import { importRoutes } from './modules/imports/imports.routes.ts';
import { shopRoutes, shopPublicRoutes } from './modules/shop/shop.routes.ts';
import { leadRoutes, leadPublicRoutes } from './modules/leads/leads.routes.ts';
import { segmentRoutes } from './modules/segments/segments.routes.ts';
import { campaignRoutes } from './modules/campaigns/campaigns.routes.ts';
import { contactPolicyRoutes } from './modules/contact-policy/contact-policy.routes.ts';
import { campaignPublicRoutes } from './modules/campaigns/campaigns-public.routes.ts';
import { automationRoutes } from './modules/automations/automations.routes.ts';
import { listRoutes } from './modules/lists/lists.routes.ts';
import { searchRoutes } from './modules/search/search.routes.ts';
import { insightsRoutes } from './modules/insights/insights.routes.ts';
import { scorecardRoutes } from './modules/scorecard/scorecard.routes.ts';
import { loyaltyRoutes } from './modules/loyalty/loyalty.routes.ts';
import { loyaltyPublicRoutes } from './modules/loyalty/loyalty.public.routes.ts';
import { journeyRoutes } from './modules/journeys/journeys.routes.ts';
import { preferencesRoutes } from './modules/preferences/preferences.routes.ts';


export async function buildApp(ctx: AppServices, opts: { logger?: boolean | object } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 1024 * 1024,
    // Forwarded headers only from the configured proxies: anyone else could name their own address (rate limits).
    trustProxy: ctx.config.trustedProxies.length ? ctx.config.trustedProxies : false,
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: { coerceTypes: false } },
    frameworkErrors,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  registerJsonBodyParser(app);
  await app.register(cookie);

  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
    // A route may allow framing itself (the survey widget, the survey preview); every other response forbids it.
    const ownCsp = reply.hasHeader('Content-Security-Policy');
    if (!reply.hasHeader('X-Frame-Options') && !ownCsp) reply.header('X-Frame-Options', 'DENY');
    if (!req.url.startsWith('/api/')) {
      if (!ownCsp) reply.header('Content-Security-Policy', "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
    } else {
      reply.header('Cache-Control', 'no-store');
    }
    return payload;
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Mehvar API', version: '0.1.0', description: 'Customer-centric CRM. Errors: {error:{code,message,details}}. API keys (Authorization: Bearer) have a requests-a-minute limit each: past it, 429 with Retry-After; X-RateLimit-Limit/Remaining/Reset on every answer. POST requests accept an Idempotency-Key header (1-255 visible ASCII characters): the same key and request within 24 h replay the first successful answer (Idempotent-Replayed: true); the same key with another request is 422 IDEMPOTENCY_MISMATCH; while the first is still running, 409.' },
      components: { securitySchemes: { cookie: { type: 'apiKey', in: 'cookie', name: 'mehvar_session' }, bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ cookie: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(async (pub) => {
    pub.addHook('preValidation', rejectNulText);
    await pub.register(publicAuthRoutes(ctx));
    await pub.register(messagingPublicRoutes(ctx));
    await pub.register(documentPublicRoutes(ctx));
    await pub.register(surveyPublicRoutes(ctx));
    await pub.register(telephonyPublicRoutes(ctx));
    await pub.register(shopPublicRoutes(ctx));
    await pub.register(leadPublicRoutes(ctx));
    await pub.register(loyaltyPublicRoutes(ctx));
    await pub.register(campaignPublicRoutes(ctx));
  });
  await app.register(async (secured) => {
    // Before validation: who is calling (and the CSRF check) comes first, so a forged or anonymous request learns
    // nothing from field errors and is refused the same way whatever its body.
    secured.addHook('preValidation', authenticate(ctx));
    secured.addHook('preValidation', rejectNulText);
    // After who is calling (keys are per user), before validation: a replay answers without running anything.
    secured.addHook('preValidation', idempotencyClaim(ctx));
    secured.addHook('onSend', idempotencyStore(ctx));
    await secured.register(authRoutes(ctx));
    await secured.register(customerRoutes(ctx));
    await secured.register(searchRoutes(ctx));
    await secured.register(interactionRoutes(ctx));
    await secured.register(taskRoutes(ctx));
    await secured.register(notificationRoutes(ctx));
    await secured.register(settingsRoutes(ctx));
    await secured.register(productRoutes(ctx));
    await secured.register(dealRoutes(ctx));
    await secured.register(messagingRoutes(ctx));
    await secured.register(documentRoutes(ctx));
    await secured.register(reportRoutes(ctx));
    await secured.register(supportRoutes(ctx));
    await secured.register(surveyRoutes(ctx));
    await secured.register(telephonyRoutes(ctx));
    await secured.register(privacyRoutes(ctx));
    await secured.register(webhookRoutes(ctx));
    await secured.register(importRoutes(ctx));
    await secured.register(shopRoutes(ctx));
    await secured.register(leadRoutes(ctx));
    await secured.register(segmentRoutes(ctx));
    await secured.register(insightsRoutes(ctx));
    await secured.register(scorecardRoutes(ctx));
    await secured.register(loyaltyRoutes(ctx));
    await secured.register(journeyRoutes(ctx));
    await secured.register(preferencesRoutes(ctx));
    await secured.register(campaignRoutes(ctx));
    await secured.register(contactPolicyRoutes(ctx));
    await secured.register(automationRoutes(ctx));
    await secured.register(listRoutes(ctx));
  });

  if (fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: false, maxAge: '1h' });
    // Read per request (it is small): a rebuilt web app is served without restarting, and never a stale page
    // that asks for JavaScript files that no longer exist.
    const indexHtml = () => fs.readFileSync(path.join(WEB_DIST, 'index.html'));
    // The single-page app answers every non-API GET it does not have a file for.
    app.get('/*', { schema: { hide: true } }, async (req, reply) => {
      let rel: string;
      try {
        rel = decodeURIComponent(req.url.split('?')[0]).replace(/^\/+/, '');
      } catch {
        throw new AppError('BAD_REQUEST', 'The address is not valid (bad percent-encoding)');
      }
      if (rel.startsWith('api/')) return reply.callNotFound();
      const file = path.join(WEB_DIST, rel);
      if (rel && file.startsWith(WEB_DIST + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) return reply.sendFile(rel);
      return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(indexHtml());
    });
  }
  return app;
}
