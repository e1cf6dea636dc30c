/**
 * The kept map (journeys.cache.ts): a second read within the freshness is the kept row (a change in the data shows
 * only after MAP_FRESH_MINUTES), the refresh job recomputes maps read in the last day and drops the unread ones and
 * those whose reader's scope changed, and a changed definition is another map.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { storyRows, writeStory, STORY_LINES } from '../../demo/journey-story.ts';
import { journeyMapCache, refreshKeptMaps, MAP_FRESH_MINUTES } from './index.ts';
import { customers } from '../customers/index.ts';
import { products } from '../sales/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';

const TODAY = '2026-11-20';
const MIN = 60_000;
let env: TestEnv;
let manager: Agent;
let ids: string[] = [];
let journeyId = '';
const mapUrl = () => `/api/journeys/${journeyId}/map?from=2025-11-21&to=${TODAY}`;
const purchased = async (a: Agent) => {
  const res = await a.get(mapUrl());
  expect(res.statusCode, res.body).toBe(200);
  return res.json().stages.find((s: { key: string }) => s.key === 'purchase').customers as number;
};

beforeAll(async () => {
  env = await createTestEnv({ start: `${TODAY}T08:00:00Z` });
  manager = await env.login('manager');
  const db = env.rt.database.db;
  ids = (await db.insert(customers).values(Array.from({ length: 40 }, (_, i) => ({ kind: 'person' as const, displayName: `مشتری نگه‌داشته ${i}` }))).returning({ id: customers.id })).map((m) => m.id);
  const prods = await db.insert(products).values(STORY_LINES.map((line, i) => ({ code: `K-${i}`, nameFa: line, category: line, price: 10_000_000n }))).returning({ id: products.id, category: products.category });
  await writeStory(db, storyRows({ seed: 3, now: env.clock.now(), customerIds: ids, products: prods.map((p) => ({ id: p.id, category: p.category! })), plantPain: false, plantMoment: false }));
  journeyId = (await manager.get('/api/journeys')).json().items[0].id;
}, 180_000);
afterAll(async () => env?.close());

describe('the kept journey map', () => {
  it('serves the kept map within the freshness and computes it again after it', async () => {
    const db = env.rt.database.db;
    expect(await purchased(manager)).toBe(40);
    const [first] = await db.select().from(journeyMapCache);
    expect(first).toMatchObject({ journeyId, fromDay: '2025-11-21', toDay: TODAY, userId: manager.userId });
    // A customer leaves (soft delete): within the freshness the map is the kept one, after it the new count.
    await db.update(customers).set({ deletedAt: env.clock.now() }).where(eq(customers.id, ids[0]));
    env.clock.advance((MAP_FRESH_MINUTES - 1) * MIN);
    expect(await purchased(manager)).toBe(40);
    expect((await db.select().from(journeyMapCache))[0].computedAt).toEqual(first.computedAt);
    env.clock.advance(2 * MIN);
    expect(await purchased(manager)).toBe(39);
    const rows = await db.select().from(journeyMapCache);
    expect(rows).toHaveLength(1);
    expect(rows[0].computedAt.getTime()).toBe(env.clock.now().getTime());
    // The pain-point customers route reads the same kept map (a pain id not in it is a 404, as before).
    expect((await manager.get(`/api/journeys/${journeyId}/pain-points/low_satisfaction.delivery_csat.earlier_period/customers?from=2025-11-21&to=${TODAY}`)).statusCode).toBe(404);
  });

  it('the refresh job recomputes the maps read in the last day, drops unread ones and those whose scope changed', async () => {
    const db = env.rt.database.db;
    await db.update(customers).set({ deletedAt: env.clock.now() }).where(eq(customers.id, ids[1]));
    env.clock.advance(11 * MIN); // older than MAP_FRESH_MINUTES − MAP_REFRESH_EVERY_MINUTES: due
    expect(await refreshKeptMaps(env.rt.database, env.clock)).toEqual({ refreshed: 1, dropped: 0 });
    const [row] = await db.select().from(journeyMapCache);
    expect(row.computedAt.getTime()).toBe(env.clock.now().getTime());
    expect(row.readAt.getTime()).toBeLessThan(env.clock.now().getTime()); // the job's recomputation is not a read
    // Served as recomputed by the job (no compute on read): 38 purchasers now.
    expect(await purchased(manager)).toBe(38);
    expect((await db.select().from(journeyMapCache))[0].computedAt).toEqual(row.computedAt);
    // Not due yet: nothing recomputed.
    expect(await refreshKeptMaps(env.rt.database, env.clock)).toEqual({ refreshed: 0, dropped: 0 });

    // A seller with their own customers: another map; then their scope changes (role to every customer): dropped.
    const admin = await env.login('admin');
    const own = { ...DEFAULT_ROLES.sales.permissions, customers: { ops: ['read'], scope: 'own' } };
    const role = await admin.post('/api/roles', { key: 'own_sales_k', name: 'فروش خودش', permissions: own });
    expect(role.statusCode, role.body).toBe(201);
    const seller = await env.login('own_sales_k' as 'sales');
    await db.update(customers).set({ ownerId: seller.userId }).where(inArray(customers.id, ids.slice(5, 10)));
    expect(await purchased(seller)).toBe(5);
    expect(await db.$count(journeyMapCache)).toBe(2);
    const changed = await admin.patch(`/api/roles/${role.json().id}`, { name: 'فروش همه', permissions: { ...own, customers: { ops: ['read'], scope: 'all' } } });
    expect(changed.statusCode, changed.body).toBe(200);
    env.clock.advance(11 * MIN);
    expect(await refreshKeptMaps(env.rt.database, env.clock)).toEqual({ refreshed: 1, dropped: 1 });
    expect((await db.select({ userId: journeyMapCache.userId }).from(journeyMapCache)).map((r) => r.userId)).toEqual([manager.userId]);

    // Unread for a day: dropped (the job's runs in between do not count as reads).
    env.clock.advance(24 * 60 * MIN);
    expect(await refreshKeptMaps(env.rt.database, env.clock)).toEqual({ refreshed: 0, dropped: 1 });
    expect(await db.$count(journeyMapCache)).toBe(0);
  });

  it('a changed definition is another map, computed at once', async () => {
    const db = env.rt.database.db;
    expect(await purchased(manager)).toBe(38);
    const admin = await env.login('admin');
    const j = (await admin.get('/api/journeys')).json().items[0];
    const touchpoints = j.touchpoints.map((t: { key: string; stageKey: string }) => (t.key === 'first_purchase' ? { ...t, stageKey: 'delivery' } : t));
    const put = await admin.put(`/api/journeys/${journeyId}`, { name: j.name, stages: j.stages, touchpoints });
    expect(put.statusCode, put.body).toBe(200);
    expect(await purchased(manager)).toBeLessThan(38); // first purchases no longer place customers in «purchase»
    expect(await db.$count(journeyMapCache)).toBe(2);
  });
});
