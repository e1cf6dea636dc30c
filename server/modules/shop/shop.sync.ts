/**
 * Pulling the store: customers, then orders, modified after the stored cursors, page by page. Each record is written
 * in its own transaction (one bad order does not stop the rest); the cursor moves after each page, so a pull that
 * stops midway (a 500, a timeout) goes on from there next time. The result — or the store's error in words — is kept
 * for the settings page.
 */
import type { Database } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { withTx } from '../../db/tx.ts';
import { AppError } from '../../errors.ts';
import { systemActor, type Actor } from '../auth/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import type { OutboundGuard } from '../../net/outbound-guard.ts';
import { pullAll, wooCustomer, wooOrder, WooError, type WooCredentials } from '../../drivers/shop/woocommerce/index.ts';
import type { ShopSyncResult } from '../../../common/shop.schemas.ts';
import { isConfigured, readWooConfig, readWooState, writeWooState, type WooConfig } from './shop.settings.ts';
import { upsertBuyer } from './shop.customers.ts';
import { upsertOrder } from './shop.orders.ts';

/** The shop acts with an administrator's rights; what it creates has no owner until someone takes it. */
export const SHOP_ACTOR: Actor = systemActor(DEFAULT_ROLES.admin.permissions);

export type SyncDeps = { database: Database; clock: Clock; guard: OutboundGuard };

const credsOf = (c: WooConfig): WooCredentials => ({ storeUrl: c.storeUrl, consumerKey: c.consumerKey, consumerSecret: c.consumerSecret });
const later = (a: string | null, b: string | null | undefined) => (!b ? a : !a || b > a ? b : a);

/** One pull. A store that is not configured: an error for a manual pull, nothing for the schedule. */
export async function syncWoo(deps: SyncDeps, trigger: 'schedule' | 'manual'): Promise<ShopSyncResult | null> {
  const db = deps.database.db;
  const cfg = await readWooConfig(db);
  if (!isConfigured(cfg)) {
    if (trigger === 'schedule') return null;
    throw new AppError('CONFLICT', 'Set the store URL, consumer key and secret and turn the sync on first');
  }
  let state = await readWooState(db);
  const result: ShopSyncResult = {
    at: deps.clock.now().toISOString(), ok: true, message: null, trigger,
    customers: { created: 0, updated: 0, failed: 0 }, orders: { created: 0, updated: 0, failed: 0 },
  };
  const errors: string[] = [];
  try {
    for await (const page of pullAll(deps.guard, credsOf(cfg), 'customers', state.customersCursor)) {
      let cursor = state.customersCursor;
      for (const raw of page) {
        const parsed = wooCustomer.safeParse(raw);
        if (!parsed.success) { result.customers.failed++; continue; }
        const c = parsed.data;
        const b = c.billing ?? {};
        try {
          const r = await withTx(deps.database, (tx) => upsertBuyer(tx, SHOP_ACTOR, deps.clock, {
            shopCustomerId: c.id, email: c.email || b.email || '', phone: b.phone ?? '', firstName: c.first_name || b.first_name || '',
            lastName: c.last_name || b.last_name || '', city: b.city ?? '', company: b.company ?? '',
          }));
          if (r.outcome === 'created') result.customers.created++;
          else if (r.outcome === 'updated') result.customers.updated++;
        } catch (e) {
          result.customers.failed++;
          errors.push(`customer ${c.id}: ${messageOf(e)}`);
        }
        cursor = later(cursor, c.date_modified_gmt);
      }
      state = { ...state, customersCursor: cursor };
      await withTx(deps.database, (tx) => writeWooState(tx, state));
    }
    for await (const page of pullAll(deps.guard, credsOf(cfg), 'orders', state.ordersCursor)) {
      let cursor = state.ordersCursor;
      for (const raw of page) {
        const parsed = wooOrder.safeParse(raw);
        if (!parsed.success) { result.orders.failed++; continue; }
        try {
          const r = await withTx(deps.database, (tx) => upsertOrder(tx, SHOP_ACTOR, deps.clock, cfg, parsed.data));
          if (r.outcome === 'created') result.orders.created++;
          else if (r.outcome === 'updated') result.orders.updated++;
        } catch (e) {
          result.orders.failed++;
          errors.push(`order ${parsed.data.id}: ${messageOf(e)}`);
        }
        cursor = later(cursor, parsed.data.date_modified_gmt);
      }
      state = { ...state, ordersCursor: cursor };
      await withTx(deps.database, (tx) => writeWooState(tx, state));
    }
  } catch (e) {
    result.ok = false;
    result.message = e instanceof WooError ? e.message : `The pull stopped: ${messageOf(e)}`;
  }
  if (result.ok && errors.length) result.message = `${errors.length} not recorded: ${errors.slice(0, 5).join('; ')}`.slice(0, 1000);
  state = { ...(await readWooState(db)), customersCursor: state.customersCursor, ordersCursor: state.ordersCursor, lastSync: result };
  await withTx(deps.database, (tx) => writeWooState(tx, state));
  return result;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
