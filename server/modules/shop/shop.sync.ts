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

/**
 * Where a pull starts. WooCommerce's modified_after is strict and its times have whole seconds, so a record changed in
 * the cursor's second after the last pull would be missed: ask from one second earlier and skip the ids already
 * pulled at the cursor's second.
 */
export type Mark = { cursor: string | null; atCursor: number[] };
export const askFrom = (cursor: string | null) => (cursor ? new Date(Date.parse(cursor + 'Z') - 1000).toISOString().replace(/\.\d+Z$/, '') : null);
export const seenAlready = (m: Mark, id: number, modified: string | null | undefined) => Boolean(modified && modified === m.cursor && m.atCursor.includes(id));
export function advance(m: Mark, id: number, modified: string | null | undefined): Mark {
  if (!modified || (m.cursor && modified < m.cursor)) return m;
  if (modified === m.cursor) return m.atCursor.includes(id) ? m : { cursor: m.cursor, atCursor: [...m.atCursor, id] };
  return { cursor: modified, atCursor: [id] };
}

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
    for await (const page of pullAll(deps.guard, credsOf(cfg), 'customers', askFrom(state.customersCursor))) {
      let mark: Mark = { cursor: state.customersCursor, atCursor: state.customersAtCursor };
      for (const raw of page) {
        const parsed = wooCustomer.safeParse(raw);
        if (!parsed.success) { result.customers.failed++; continue; }
        const c = parsed.data;
        if (seenAlready(mark, c.id, c.date_modified_gmt)) continue;
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
        mark = advance(mark, c.id, c.date_modified_gmt);
      }
      state = { ...state, customersCursor: mark.cursor, customersAtCursor: mark.atCursor };
      await withTx(deps.database, (tx) => writeWooState(tx, state));
    }
    for await (const page of pullAll(deps.guard, credsOf(cfg), 'orders', askFrom(state.ordersCursor))) {
      let mark: Mark = { cursor: state.ordersCursor, atCursor: state.ordersAtCursor };
      for (const raw of page) {
        const parsed = wooOrder.safeParse(raw);
        if (!parsed.success) { result.orders.failed++; continue; }
        if (seenAlready(mark, parsed.data.id, parsed.data.date_modified_gmt)) continue;
        try {
          const r = await withTx(deps.database, (tx) => upsertOrder(tx, SHOP_ACTOR, deps.clock, cfg, parsed.data));
          if (r.outcome === 'created') result.orders.created++;
          else if (r.outcome === 'updated') result.orders.updated++;
        } catch (e) {
          result.orders.failed++;
          errors.push(`order ${parsed.data.id}: ${messageOf(e)}`);
        }
        mark = advance(mark, parsed.data.id, parsed.data.date_modified_gmt);
      }
      state = { ...state, ordersCursor: mark.cursor, ordersAtCursor: mark.atCursor };
      await withTx(deps.database, (tx) => writeWooState(tx, state));
    }
  } catch (e) {
    result.ok = false;
    result.message = e instanceof WooError ? e.message : `The pull stopped: ${messageOf(e)}`;
  }
  if (result.ok && errors.length) result.message = `${errors.length} not recorded: ${errors.slice(0, 5).join('; ')}`.slice(0, 1000);
  state = { ...(await readWooState(db)), customersCursor: state.customersCursor, ordersCursor: state.ordersCursor,
    customersAtCursor: state.customersAtCursor, ordersAtCursor: state.ordersAtCursor, lastSync: result };
  await withTx(deps.database, (tx) => writeWooState(tx, state));
  return result;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
