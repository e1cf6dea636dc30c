/**
 * WooCommerce connection settings (store URL, consumer key/secret, webhook secret; secrets write-only) and the sync
 * state (cursors of the last pulled modification, last result), kept in the settings store like the other channels.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { readSetting, writeSetting } from '../settings/index.ts';
import { AppError } from '../../errors.ts';
import type { OutboundGuard } from '../../net/outbound-guard.ts';
import { SHOP_CURRENCIES, shopSyncResult, type WooSettingsUpdate, type WooSettingsView } from '../../../common/shop.schemas.ts';

const CONFIG_KEY = 'shop.woocommerce';
const STATE_KEY = 'shop.woocommerce.state';

const configSchema = z.object({
  storeUrl: z.string().default(''),
  consumerKey: z.string().default(''),
  consumerSecret: z.string().default(''),
  webhookSecret: z.string().default(''),
  /** The unguessable part of the webhook URL (the signature is the real check). */
  webhookToken: z.string().default(''),
  currency: z.enum(SHOP_CURRENCIES).default('IRR'),
  enabled: z.boolean().default(false),
});
export type WooConfig = z.infer<typeof configSchema>;

const stateSchema = z.object({
  ordersCursor: z.string().nullable().default(null),
  customersCursor: z.string().nullable().default(null),
  /** Ids already pulled whose modification time equals the cursor (WooCommerce times have whole seconds). */
  ordersAtCursor: z.array(z.number().int()).default([]),
  customersAtCursor: z.array(z.number().int()).default([]),
  lastSync: shopSyncResult.nullable().default(null),
});
export type WooState = z.infer<typeof stateSchema>;

export const isConfigured = (c: WooConfig) => Boolean(c.enabled && c.storeUrl && c.consumerKey && c.consumerSecret);

export async function readWooConfig(db: Db): Promise<WooConfig> {
  const parsed = configSchema.safeParse((await readSetting<unknown>(db, CONFIG_KEY)) ?? {});
  return parsed.success ? parsed.data : configSchema.parse({});
}

export async function readWooState(db: Db): Promise<WooState> {
  const parsed = stateSchema.safeParse((await readSetting<unknown>(db, STATE_KEY)) ?? {});
  return parsed.success ? parsed.data : stateSchema.parse({});
}

export async function writeWooState(tx: Db, state: WooState): Promise<void> {
  await writeSetting(tx, null, STATE_KEY, state);
}

export async function wooSettingsView(db: Db, actor: Actor, publicUrl: string): Promise<WooSettingsView> {
  assertCan(actor, 'settings', 'update');
  const c = await readWooConfig(db);
  const s = await readWooState(db);
  return {
    storeUrl: c.storeUrl, consumerKey: c.consumerKey, consumerSecretSet: c.consumerSecret !== '', webhookSecretSet: c.webhookSecret !== '',
    webhookUrl: c.webhookToken ? `${publicUrl}/api/webhooks/woocommerce/${c.webhookToken}` : '',
    currency: c.currency, enabled: c.enabled, configured: isConfigured(c), ordersCursor: s.ordersCursor, lastSync: s.lastSync,
  };
}

/** A store address: https (plain http only outside production, for local test stores), no credentials or query. */
export function checkStoreUrl(raw: string, production: boolean): string {
  let u: URL;
  try { u = new URL(raw); } catch { throw new AppError('VALIDATION_FAILED', 'The store URL is not valid', { storeUrl: 'a web address such as https://shop.example' }); }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && !production)) {
    throw new AppError('VALIDATION_FAILED', 'The store must be reached over https', { storeUrl: 'use https://' });
  }
  if (u.username || u.password || u.search || u.hash) throw new AppError('VALIDATION_FAILED', 'The store URL must not carry credentials or a query', { storeUrl: 'just the site address' });
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

/** Checked before the write (outside the transaction): a private store host is refused unless allow-listed. */
export async function checkStoreTarget(guard: OutboundGuard, input: WooSettingsUpdate, production: boolean): Promise<void> {
  if (!input.storeUrl) return;
  const url = checkStoreUrl(input.storeUrl, production);
  const r = await guard.check(new URL(url).hostname);
  if (!r.ok) throw new AppError('VALIDATION_FAILED', `The store address is ${r.message}`, { storeUrl: r.message });
}

export async function updateWooSettings(tx: Db, actor: Actor, input: WooSettingsUpdate, production: boolean): Promise<WooConfig> {
  assertCan(actor, 'settings', 'update');
  const old = await readWooConfig(tx);
  const storeUrl = input.storeUrl === undefined ? old.storeUrl : input.storeUrl === '' ? '' : checkStoreUrl(input.storeUrl, production);
  const next: WooConfig = {
    storeUrl,
    consumerKey: input.consumerKey ?? old.consumerKey,
    consumerSecret: input.consumerSecret || old.consumerSecret,
    webhookSecret: input.webhookSecret || old.webhookSecret,
    webhookToken: old.webhookToken || randomBytes(18).toString('base64url'),
    currency: input.currency ?? old.currency,
    enabled: input.enabled ?? old.enabled,
  };
  // The stored secret goes only to the store it was saved for: another store needs it typed again.
  if (old.consumerSecret && storeUrl !== old.storeUrl && !input.consumerSecret) {
    throw new AppError('VALIDATION_FAILED', 'Type the consumer secret again for another store', { consumerSecret: 'type it again for another store' });
  }
  if (next.enabled && !isConfigured(next)) throw new AppError('VALIDATION_FAILED', 'Store URL, consumer key and secret are needed', { storeUrl: 'required to turn the sync on' });
  await writeSetting(tx, actor.userId, CONFIG_KEY, next);
  // Another store starts from the beginning.
  if (storeUrl !== old.storeUrl) await writeWooState(tx, { ...(await readWooState(tx)), ordersCursor: null, customersCursor: null, ordersAtCursor: [], customersAtCursor: [] });
  return next;
}
