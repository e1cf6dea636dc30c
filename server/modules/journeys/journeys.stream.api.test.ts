/**
 * The map streamed in chunks of customers (journeys.stream.ts) is the map analyzeMap computes over every event at once
 * (loadEvents): deep equal, with a chunk far smaller than the customers (7 customers: ~70 rows, cut after a whole customer) so many chunk
 * boundaries are crossed, for the
 * whole business, a segment, a reader who sees only their own customers, an empty period, one customer, and through
 * the service (analyzeJourney). A deleted customer's events are in neither. journey_events is written directly.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv } from '../../test/harness.ts';
import { randomJourneyEvents } from '../../test/journey-events.ts';
import { customers } from '../customers/index.ts';
import { actorsOfUsers, systemActor, type Actor } from '../auth/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { analyzeJourney, analyzeMap, defaultJourney, loadEvents, mapReadRange, periodOf, streamEvents, streamMap, type MapAnalysis } from './index.ts';
import { journeyEvents, journeyEventsState } from './journeys.tables.ts';

const TODAY = '2027-02-20';
const FROM = '2026-02-21';
const N = 300;
let env: TestEnv;
let ids: string[] = [];
let admin: Actor;
let seller: Actor;
let deleted = '';

/** Both ways over the same rows: analyzeMap over loadEvents, and streamMap with chunks of `chunk` customers. */
async function both(actor: Actor, from: string, to: string, chunk: number, segment?: ReturnType<typeof sql>) {
  const db = env.rt.database.db;
  const j = await defaultJourney(db);
  const now = env.clock.now();
  const { lo, hi } = periodOf(from, to);
  const range = mapReadRange(lo, hi, now, segment);
  const events = await loadEvents(db, actor, range);
  const whole = analyzeMap(j, events, lo, hi, now);
  const streamed = await streamMap(db, actor, j, { lo, hi, now }, { ...range, chunk });
  return { whole, streamed: streamed.analysis, stats: streamed.stats, events };
}
const findings = (a: MapAnalysis) => a.painPoints.length + a.momentsOfTruth.length;

beforeAll(async () => {
  env = await createTestEnv({ start: `${TODAY}T08:00:00Z` });
  const db = env.rt.database.db;
  const sales = await env.login('sales');
  const [user] = await actorsOfUsers(db, [sales.userId]);
  // A reader who sees only the customers they own or created.
  seller = { ...user, permissions: { ...user.permissions, customers: { ...user.permissions.customers!, scope: 'own' } } };
  admin = systemActor(DEFAULT_ROLES.manager.permissions);
  const past = new Date('2025-01-01T00:00:00Z');
  ids = (await db.insert(customers).values(Array.from({ length: N }, (_, i) => ({
    kind: 'person' as const, displayName: `مشتری جریانی ${i}`, createdAt: past, updatedAt: past, ownerId: i % 3 === 0 ? sales.userId : null,
  }))).returning({ id: customers.id })).map((r) => r.id);
  const now = env.clock.now();
  const events = randomJourneyEvents({ seed: 19, customerIds: ids, lo: periodOf(FROM, TODAY).lo, now, noise: 14, tilt: true });
  for (let i = 0; i < events.length; i += 1000) {
    await db.insert(journeyEvents).values(events.slice(i, i + 1000).map((e) => ({
      customerId: e.customerId, src: e.source, ev: e.ev, channel: e.channel, at: e.at, outcome: e.outcome, line: e.line, ref: e.ref, waitH: e.waitHours, score: e.score,
    })));
  }
  // Filled now, nothing changed since: the service's refresh has nothing to read again.
  await db.insert(journeyEventsState).values({ id: 'events', filledAt: now, refreshedAt: now, lastMs: 0, lastCustomers: -1 });
  deleted = ids[5];
  await db.execute(sql`UPDATE customers SET deleted_at = ${past.toISOString()}::timestamptz WHERE id = ${deleted}`);
}, 300_000);
afterAll(async () => env?.close());

describe('the journey map streamed in chunks of customers', () => {
  it('equals the map over every event at once, chunks of 7 customers (the whole business)', async () => {
    const { whole, streamed, stats, events } = await both(admin, FROM, TODAY, 7);
    expect(streamed).toEqual(whole);
    expect(stats.chunks).toBeGreaterThan(20);
    expect(stats.events).toBe(events.length);
    expect(events.some((e) => e.customerId === deleted)).toBe(false);
    // Something to compare in the findings' customer lists, stages and flows.
    expect(findings(whole)).toBeGreaterThan(2);
    expect(whole.painPoints.some((p) => p.customerIds.length > 10)).toBe(true);
    expect(whole.flows.length).toBeGreaterThan(5);
  });

  it('equals it for chunks of 1 and of more customers than there are', async () => {
    for (const chunk of [1, 1000]) {
      const { whole, streamed } = await both(admin, FROM, TODAY, chunk);
      expect(streamed).toEqual(whole);
    }
  });

  it('equals it for a reader who sees only their own customers, and for a segment', async () => {
    const own = await both(seller, FROM, TODAY, 11);
    expect(own.streamed).toEqual(own.whole);
    expect(own.stats.customers).toBe(new Set(own.events.map((e) => e.customerId)).size);
    expect(own.stats.customers).toBe(N / 3);
    const half = sql`SELECT c.id FROM customers c WHERE c.display_name LIKE '%1' OR c.display_name LIKE '%2' OR c.display_name LIKE '%3'`;
    const seg = await both(admin, FROM, TODAY, 9, half);
    expect(seg.streamed).toEqual(seg.whole);
    expect(seg.stats.customers).toBe(Math.round(N * 0.3));
  });

  it('an empty period and a period of one customer', async () => {
    const empty = await both(admin, '2015-01-01', '2015-01-31', 7);
    expect(empty.streamed).toEqual(empty.whole);
    expect(empty.streamed.stages.every((s) => s.customers === 0)).toBe(true);
    const one = await both(admin, FROM, TODAY, 7, sql`SELECT ${ids[10]}::uuid`);
    expect(one.streamed).toEqual(one.whole);
    expect(one.stats).toMatchObject({ customers: 1, chunks: 1 });
  });

  it('the service computes the streamed map (the same answer as over every event)', async () => {
    const db = env.rt.database.db;
    const j = await defaultJourney(db);
    const { whole } = await both(admin, FROM, TODAY, 7);
    const { analysis } = await analyzeJourney(db, admin, j.id, FROM, TODAY, env.clock);
    expect(analysis).toEqual(whole);
  });

  it('hands each customer to the caller once, with its events in time order', async () => {
    const seen: string[] = [];
    const { lo, hi } = periodOf(FROM, TODAY);
    await streamEvents(env.rt.database.db, admin, { ...mapReadRange(lo, hi, env.clock.now()), chunk: 13 }, (c, events) => {
      seen.push(c);
      expect(events.every((e, i) => e.customerId === c && (i === 0 || events[i - 1].at <= e.at))).toBe(true);
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(seen);
  });
});
