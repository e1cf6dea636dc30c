/** The online shop (WooCommerce) connector: settings and sync answers, shared by the server and the web app. */
import { z } from 'zod';

const counts = z.object({ created: z.number().int(), updated: z.number().int(), failed: z.number().int() });
export const shopSyncResult = z.object({
  at: z.string(),
  ok: z.boolean(),
  /** The error in words when the pull stopped (a wrong key, an unreachable store). */
  message: z.string().nullable(),
  trigger: z.enum(['schedule', 'manual', 'webhook']),
  customers: counts,
  orders: counts,
});
export type ShopSyncResult = z.infer<typeof shopSyncResult>;

export const SHOP_CURRENCIES = ['IRR', 'IRT'] as const;

export const wooSettingsView = z.object({
  storeUrl: z.string(),
  consumerKey: z.string(),
  consumerSecretSet: z.boolean(),
  webhookSecretSet: z.boolean(),
  /** Paste into WooCommerce → Settings → Advanced → Webhooks (topics order.created, order.updated). */
  webhookUrl: z.string(),
  /** The store's prices: Rials, or Tomans (×10 into Rials). */
  currency: z.enum(SHOP_CURRENCIES),
  enabled: z.boolean(),
  configured: z.boolean(),
  ordersCursor: z.string().nullable(),
  lastSync: shopSyncResult.nullable(),
});
export type WooSettingsView = z.infer<typeof wooSettingsView>;

/** Secrets are write-only: leave them out (or empty) to keep the stored ones. */
export const wooSettingsUpdate = z.object({
  storeUrl: z.string().trim().max(300).optional(),
  consumerKey: z.string().trim().max(200).optional(),
  consumerSecret: z.string().trim().max(200).optional(),
  webhookSecret: z.string().trim().max(200).optional(),
  currency: z.enum(SHOP_CURRENCIES).optional(),
  enabled: z.boolean().optional(),
}).strict();
export type WooSettingsUpdate = z.infer<typeof wooSettingsUpdate>;

export const wooWebhookAnswer = z.object({ ok: z.boolean(), invoiceId: z.uuid().nullable(), ignored: z.string().optional() });
