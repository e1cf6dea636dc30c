/**
 * Issue 14's "pulls … incrementally on a schedule" (audit14): the server registers the WooCommerce pull every 15
 * minutes when its jobs start, and that scheduled job, on a configured store, pulls what changed as a manual pull
 * would (marked as the schedule's); with the sync turned off it asks the store nothing.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { startFakeWoo, type FakeWoo } from '../../test/fakes/woocommerce.ts';
import { shopJobs, SHOP_SYNC_JOB, readWooState } from './index.ts';

let env: TestEnv;
let shop: FakeWoo;
let admin: Agent;
const KEY = 'ck_audit14_1234567890';
const SECRET = 'cs_audit14_abcdefghij';

const rows = async <T>(q: ReturnType<typeof sql>) => (await env.rt.database.db.execute(q)).rows as T[];
const scheduledPull = () => shopJobs({ database: env.rt.database, clock: env.clock, guard: env.rt.outbound })[0];

beforeAll(async () => {
  env = await createTestEnv({ jobs: true });
  shop = await startFakeWoo({ key: KEY, secret: SECRET, now: '2026-11-01T10:00:00Z' });
  admin = await env.login('admin');
}, 180_000);
afterAll(async () => { await shop.close(); await env.close(); });

describe('the scheduled WooCommerce pull', () => {
  it('is registered every 15 minutes when the jobs start', async () => {
    const sched = await rows<{ name: string; cron: string }>(sql`SELECT name, cron FROM pgboss.schedule WHERE name = ${SHOP_SYNC_JOB}`);
    expect(sched).toEqual([{ name: SHOP_SYNC_JOB, cron: '*/15 * * * *' }]);
    expect(scheduledPull().name).toBe(SHOP_SYNC_JOB);
  });

  it('on a configured store pulls the changed orders (the second run asks only from the cursor); turned off, it asks nothing', async () => {
    const res = await admin.put('/api/shop/woocommerce/settings', { storeUrl: shop.url, consumerKey: KEY, consumerSecret: SECRET, enabled: true });
    expect(res.statusCode, res.body).toBe(200);
    shop.addOrder({ status: 'processing', date_paid_gmt: '2026-11-01T09:00:00', billing: { first_name: 'Nima', last_name: 'Zand', email: 'nima@example.com', phone: '09121414001' },
      line_items: [{ sku: 'NO-SUCH', name: 'Mug', quantity: 1, price: 2000 }] });
    await scheduledPull().handler({});
    expect((await readWooState(env.rt.database.db)).lastSync).toMatchObject({ ok: true, trigger: 'schedule', orders: { created: 1, updated: 0, failed: 0 } });
    const docs = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM documents WHERE number LIKE 'WC-%'`);
    expect(docs[0].n).toBe(1);

    shop.received.length = 0;
    await scheduledPull().handler({});
    const q = shop.received.find((r) => r.path.endsWith('/orders'))!.query;
    expect(q.modified_after).toBe('2026-11-01T09:59:59');
    expect((await readWooState(env.rt.database.db)).lastSync).toMatchObject({ trigger: 'schedule', orders: { created: 0, updated: 0 } });

    expect((await admin.put('/api/shop/woocommerce/settings', { enabled: false })).statusCode).toBe(200);
    shop.received.length = 0;
    await scheduledPull().handler({});
    expect(shop.received).toHaveLength(0);
  });
});
