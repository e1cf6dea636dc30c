/**
 * The kept dashboard (dashboard.kept.ts) through GET /api/dashboard: a second read within DASHBOARD_FRESH_MINUTES is
 * the kept answer (a new invoice shows only after the freshness, or at once with ?refresh=true), the answer says when
 * its figures were computed, each reader's scope is its own kept answer, and the refresh job recomputes what was read
 * in the last day, keeps it under the new key when the day turns, and drops what is unread or no longer readable.
 * Period: Ordibehesht 1405 (2026-04-21 … 2026-05-21, Tehran).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestEnv, loginAs, type TestEnv, type Agent } from '../../test/harness.ts';
import { plantInvoice } from '../../test/plant-invoice.ts';
import { dashboardCache, refreshKeptDashboards, DASHBOARD_FRESH_MINUTES } from './index.ts';

const MIN = 60_000;
const PW = 'Golbarg-Narenj-Sahel-47';
let env: TestEnv;
let manager: Agent;
let seller: Agent;
let mine = '';
let other = '';

type Answer = { computedAt: string; metrics: { revenue: { value: string | null }; orders: { value: number | null } } };
const read = async (agent: Agent, extra = '') => {
  const res = await agent.get('/api/dashboard?period=month' + extra);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Answer;
};
const rows = () => env.rt.database.db.select().from(dashboardCache);

const invoice = (customer: string, total: number) => plantInvoice(env.rt.database.db, customer, total, '2026-05-10');

beforeAll(async () => {
  env = await createTestEnv({ start: '2026-05-10T08:00:00Z' });
  manager = await env.login('manager');
  const admin = await env.login('admin');
  const role = await admin.post('/api/roles', { key: 'own_sales_kept', name: 'فروش (فقط خودش)', permissions: {
    customers: { ops: ['read', 'create'], scope: 'own' }, documents: { ops: ['read'], scope: 'own' },
    tickets: { ops: ['read'], scope: 'own' }, reports: { ops: ['read'], scope: 'all' },
  } });
  expect(role.statusCode, role.body).toBe(201);
  const user = await admin.post('/api/users', { email: 'kept@test.example', name: 'فروشنده', password: PW, roleId: role.json().id });
  expect(user.statusCode, user.body).toBe(201);
  seller = await loginAs(env.app, 'kept@test.example', PW);
  const made = async (agent: Agent, name: string) => {
    const res = await agent.post('/api/customers', { kind: 'person', firstName: name, lastName: 'آزمون' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  mine = await made(seller, 'نگار');
  other = await made(manager, 'بهرام');
  await invoice(mine, 100_000);
  await invoice(other, 300_000);
}, 180_000);
afterAll(async () => env?.close());

describe('the kept dashboard', () => {
  it('serves the kept figures within the freshness, says when they were computed, and computes now on refresh', async () => {
    const first = await read(manager);
    expect(first.metrics.revenue.value).toBe('400000');
    expect(first.computedAt).toBe('2026-05-10T08:00:00.000Z');
    const [row] = await rows();
    expect(row).toMatchObject({ userId: manager.userId });
    expect(row.query).toMatchObject({ period: 'month', calendar: 'jalali' });

    await invoice(other, 50_000);
    env.clock.advance((DASHBOARD_FRESH_MINUTES - 1) * MIN);
    const kept = await read(manager);
    expect(kept.metrics.revenue.value).toBe('400000');
    expect(kept.computedAt).toBe(first.computedAt);
    // An export is the same kept figures (format and language are not part of what is kept).
    expect((await manager.get('/api/dashboard?period=month&format=csv&lang=en')).statusCode).toBe(200);
    expect(await rows()).toHaveLength(1);

    const now = await read(manager, '&refresh=true');
    expect(now.metrics.revenue.value).toBe('450000');
    expect(now.computedAt).toBe(env.clock.now().toISOString());

    await invoice(other, 25_000);
    env.clock.advance((DASHBOARD_FRESH_MINUTES - 1) * MIN);
    expect((await read(manager)).metrics.revenue.value).toBe('450000');
    env.clock.advance(2 * MIN);
    const after = await read(manager);
    expect(after.metrics.revenue.value).toBe('475000');
    expect(after.computedAt).toBe(env.clock.now().toISOString());
    expect(await rows()).toHaveLength(1);
  });

  it('keeps each reader scope apart: a seller with their own customers never gets the manager’s kept figures', async () => {
    expect((await read(manager)).metrics.revenue.value).toBe('475000');
    const own = await read(seller);
    expect(own.metrics.revenue.value).toBe('100000');
    expect(own.metrics.orders.value).toBe(1);
    const all = await rows();
    expect(all).toHaveLength(2);
    expect(all.map((r) => r.userId).sort()).toEqual([manager.userId, seller.userId].sort());
  });

  it('the refresh job recomputes what was read in the last day, keeps it under the new key when the day turns, and drops the rest', async () => {
    const db = env.rt.database.db;
    await invoice(mine, 10_000);
    env.clock.advance(11 * MIN); // older than DASHBOARD_FRESH_MINUTES − DASHBOARD_REFRESH_EVERY_MINUTES: due
    expect(await refreshKeptDashboards(env.rt.database, env.clock)).toEqual({ refreshed: 2, dropped: 0 });
    const [sellers] = await db.select().from(dashboardCache).where(eq(dashboardCache.userId, seller.userId));
    expect(sellers.computedAt.getTime()).toBe(env.clock.now().getTime());
    expect(sellers.readAt.getTime()).toBeLessThan(env.clock.now().getTime()); // the job's recomputation is not a read
    // Read as the job left it (no compute on read): the seller's new invoice is in.
    const own = await read(seller);
    expect(own.metrics.revenue.value).toBe('110000');
    expect(own.computedAt).toBe(sellers.computedAt.toISOString());
    expect(await refreshKeptDashboards(env.rt.database, env.clock)).toEqual({ refreshed: 0, dropped: 0 }); // nothing due yet

    // Midnight in Tehran (20:30 UTC): "today" moves, so the key does; the job keeps the figures under the new key.
    const keys = (await rows()).map((r) => r.key).sort();
    env.clock.set(new Date('2026-05-10T20:35:00Z'));
    expect(await refreshKeptDashboards(env.rt.database, env.clock)).toEqual({ refreshed: 2, dropped: 0 });
    const moved = await rows();
    expect(moved).toHaveLength(2);
    expect(moved.map((r) => r.key).sort()).not.toEqual(keys);
    expect(moved.every((r) => r.readAt.getTime() < new Date('2026-05-10T20:00:00Z').getTime())).toBe(true);
    const next = await read(manager);
    expect(next.computedAt).toBe('2026-05-10T20:35:00.000Z');

    // The seller loses the reports permission: their kept figures are dropped, not recomputed.
    await db.execute(sql`UPDATE roles SET permissions = permissions - 'reports' WHERE key = 'own_sales_kept'`);
    env.clock.advance(11 * MIN);
    expect(await refreshKeptDashboards(env.rt.database, env.clock)).toEqual({ refreshed: 1, dropped: 1 });
    expect((await rows()).map((r) => r.userId)).toEqual([manager.userId]);

    // Unread for a day: dropped.
    env.clock.advance(25 * 60 * MIN);
    expect(await refreshKeptDashboards(env.rt.database, env.clock)).toEqual({ refreshed: 0, dropped: 1 });
    expect(await rows()).toHaveLength(0);
  });
});
