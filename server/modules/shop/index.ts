// Online shop: the WooCommerce connector — customers and orders (as invoices) pulled on a schedule and on demand, and order webhooks.
import { z } from 'zod';
import type { JobDef } from '../../jobs/queue.ts';
import { syncWoo, type SyncDeps } from './shop.sync.ts';

export { syncWoo, SHOP_ACTOR, type SyncDeps } from './shop.sync.ts';
export { readWooConfig, readWooState, isConfigured } from './shop.settings.ts';
export { upsertOrder, toRials } from './shop.orders.ts';

export const SHOP_SYNC_JOB = 'shop.woocommerce-sync';
/** Every 15 minutes; a store not configured is skipped (the job does nothing). */
export const SHOP_SYNC_CRON = '*/15 * * * *';

export function shopJobs(deps: SyncDeps): JobDef<unknown>[] {
  return [{ name: SHOP_SYNC_JOB, schema: z.unknown(), retryLimit: 0, handler: async () => { await syncWoo(deps, 'schedule'); } }];
}
