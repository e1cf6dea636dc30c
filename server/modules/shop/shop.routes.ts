import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import { AppError } from '../../errors.ts';
import { assertCan } from '../auth/index.ts';
import { RateLimiter } from '../../http/rate-limit.ts';
import { shopSyncResult, wooSettingsUpdate, wooSettingsView, wooWebhookAnswer } from '../../../common/shop.schemas.ts';
import { checkStoreTarget, updateWooSettings, wooSettingsView as settingsView } from './shop.settings.ts';
import { syncWoo } from './shop.sync.ts';
import { receiveWooWebhook } from './shop.webhook.ts';

export function shopRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;
    const tags = ['shop'];
    const production = ctx.config.production;
    r.get('/api/shop/woocommerce/settings', { schema: { tags, summary: 'The WooCommerce connection (admin; secrets never shown) and the last sync', response: { 200: wooSettingsView } } },
      async (req) => settingsView(db, actorOf(req), ctx.config.publicUrl));
    r.put('/api/shop/woocommerce/settings', { schema: { tags, summary: 'Change the WooCommerce connection (secrets: leave empty to keep)', body: wooSettingsUpdate, response: { 200: wooSettingsView } } },
      async (req) => {
        assertCan(actorOf(req), 'settings', 'update');
        await checkStoreTarget(ctx.outbound, req.body, production);
        await withTx(ctx.database, (t) => updateWooSettings(t, actorOf(req), req.body, production));
        return settingsView(db, actorOf(req), ctx.config.publicUrl);
      });
    r.post('/api/shop/woocommerce/sync', { schema: { tags, summary: 'Pull customers and orders changed since the last pull, now', response: { 200: shopSyncResult } } },
      async (req) => {
        assertCan(actorOf(req), 'settings', 'update');
        const res = await syncWoo({ database: ctx.database, clock: ctx.clock, guard: ctx.outbound }, 'manual');
        if (!res) throw new AppError('CONFLICT', 'The store is not configured');
        return res;
      });
  };
}

/** WooCommerce's own door: no session; the signature over the raw body authenticates each delivery. */
export function shopPublicRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const limiter = new RateLimiter(600, 60_000);
    // The raw bytes are signed: read them as they came (JSON orders, the form-encoded ping).
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    app.withTypeProvider<ZodTypeProvider>().post('/api/webhooks/woocommerce/:token', {
      schema: { tags: ['webhooks'], summary: 'WooCommerce order webhooks (X-WC-Webhook-Signature = base64 HMAC-SHA256 of the body)', params: z.object({ token: z.string().min(1).max(100) }), response: { 200: wooWebhookAnswer } },
    }, async (req) => {
      limiter.hit(`ip:${req.ip}`);
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      return receiveWooWebhook({ database: ctx.database, clock: ctx.clock, guard: ctx.outbound }, req.params.token, req.headers, raw);
    });
  };
}
