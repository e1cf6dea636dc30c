/**
 * WooCommerce's webhook deliveries (topics order.created / order.updated): the URL's token picks the store, the
 * X-WC-Webhook-Signature header (base64 HMAC-SHA256 of the raw body with the webhook secret) proves the sender.
 * Nothing is read from an unsigned body. The ping WooCommerce sends when a webhook is saved is answered and ignored.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { withTx } from '../../db/tx.ts';
import { AppError, notFound } from '../../errors.ts';
import { verifyWooSignature, wooOrder } from '../../drivers/shop/woocommerce/index.ts';
import { isConfigured, readWooConfig } from './shop.settings.ts';
import { upsertOrder } from './shop.orders.ts';
import { SHOP_ACTOR, type SyncDeps } from './shop.sync.ts';

const ORDER_TOPICS = new Set(['order.created', 'order.updated', 'order.restored']);
const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export async function receiveWooWebhook(deps: SyncDeps, token: string, headers: IncomingHttpHeaders, raw: Buffer): Promise<{ ok: boolean; invoiceId: string | null; ignored?: string }> {
  const cfg = await readWooConfig(deps.database.db);
  if (!cfg.webhookToken || !sameText(token, cfg.webhookToken)) throw notFound('Webhook');
  const signature = headers['x-wc-webhook-signature'];
  if (!cfg.webhookSecret || !verifyWooSignature(cfg.webhookSecret, raw, Array.isArray(signature) ? signature[0] : signature)) {
    throw new AppError('UNAUTHENTICATED', 'The webhook signature does not match');
  }
  const topic = String(headers['x-wc-webhook-topic'] ?? '');
  if (!ORDER_TOPICS.has(topic)) return { ok: true, invoiceId: null, ignored: topic ? `topic ${topic}` : 'ping' };
  if (!isConfigured(cfg)) return { ok: true, invoiceId: null, ignored: 'the sync is off' };
  let body: unknown;
  try { body = JSON.parse(raw.toString('utf8')); } catch { throw new AppError('BAD_REQUEST', 'The body is not JSON'); }
  const order = wooOrder.safeParse(body);
  if (!order.success) throw new AppError('VALIDATION_FAILED', 'The body is not a WooCommerce order', { body: order.error.issues[0]?.message ?? 'invalid' });
  const r = await withTx(deps.database, (tx) => upsertOrder(tx, SHOP_ACTOR, deps.clock, cfg, order.data));
  return r.outcome === 'ignored' ? { ok: true, invoiceId: null, ignored: `status ${order.data.status}` } : { ok: true, invoiceId: r.invoiceId };
}
