/**
 * The journey map's refresh job (journeyJobs): it keeps journey_events and the kept maps fresh only while someone reads
 * a map. A business nobody opens the map of pays nothing every five minutes; once a map is read, each run refreshes
 * the events; a day without reads drops the kept map and the job goes quiet again.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { storyRows, writeStory, STORY_LINES } from '../../demo/journey-story.ts';
import { customers } from '../customers/index.ts';
import { products } from '../sales/index.ts';
import { journeyJobs } from './index.ts';

const START = '2027-01-10T08:00:00Z';
let env: TestEnv;
let admin: Agent;

const runJob = () => journeyJobs({ database: env.rt.database, clock: env.clock })[0].handler(undefined as never);
const one = async <T>(q: ReturnType<typeof sql>) => ((await env.rt.database.db.execute(q)).rows as T[])[0];
const eventRows = async () => Number((await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM journey_events`)).n);
const refreshedAt = async () => (await one<{ at: string | Date } | undefined>(sql`SELECT refreshed_at AS at FROM journey_events_state`))?.at;
const keptMaps = async () => Number((await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM journey_map_cache`)).n);

beforeAll(async () => {
  env = await createTestEnv({ start: START });
  admin = await env.login('admin');
  const db = env.rt.database.db;
  const past = new Date('2026-01-01T00:00:00Z');
  const made = await db.insert(customers).values(Array.from({ length: 12 }, (_, i) => ({ kind: 'person' as const, displayName: `مشتری کار ${i}`, createdAt: past, updatedAt: past }))).returning({ id: customers.id });
  const prods = await db.insert(products).values(STORY_LINES.map((line, i) => ({ code: `JJ-${i}`, nameFa: line, category: line, price: 10_000_000n }))).returning({ id: products.id, category: products.category });
  await writeStory(db, storyRows({ seed: 5, now: new Date('2026-12-01T08:00:00Z'), customerIds: made.map((m) => m.id), products: prods.map((p) => ({ id: p.id, category: p.category! })), plantPain: false, plantMoment: false }));
}, 180_000);
afterAll(async () => env?.close());

describe('the journey map refresh job', () => {
  it('does nothing while nobody reads a map: journey_events stays unfilled', async () => {
    await runJob();
    expect(await eventRows()).toBe(0);
    expect(await refreshedAt()).toBeUndefined();
  });

  it('once a map is read, each run brings journey_events up to date', async () => {
    const journeys = await admin.get('/api/journeys');
    const id = journeys.json().items[0].id as string;
    const map = await admin.get(`/api/journeys/${id}/map?from=2026-01-01&to=2027-01-09`);
    expect(map.statusCode).toBe(200);
    expect(await keptMaps()).toBe(1);
    expect(await eventRows()).toBeGreaterThan(0);
    const before = new Date(await refreshedAt() as string).getTime();
    env.clock.advance(6 * 60_000);
    await runJob();
    expect(new Date(await refreshedAt() as string).getTime()).toBe(before + 6 * 60_000);
  });

  it('a day without reads drops the kept map, and the job goes quiet again', async () => {
    const before = new Date(await refreshedAt() as string).getTime();
    env.clock.advance(25 * 60 * 60_000);
    await runJob();
    expect(await keptMaps()).toBe(0);
    expect(new Date(await refreshedAt() as string).getTime()).toBe(before);
  });
});
