/**
 * The scorecard's stored history (PGlite by default, PostgreSQL with TEST_DATABASE_URL). The clock stands at
 * 2026-10-23 08:00 UTC = 1 Aban 1405 in Tehran: Mehr 1405 (Jalali) and September 2026 (Gregorian) have just ended.
 * Two customers on record since the summer, one complete (name, phone, owner, city) and one with a name only, nothing
 * else: "one central record" = mean(complete 1/2, no duplicates → 1) = 0.75 → 75 (the other parts have no data).
 * The job stores the finished months once; after the second profile is completed, the stored month keeps 75 while the
 * live figure and a re-measured month show 100.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { customers } from '../customers/index.ts';
import { scorecardSnapshots, storeFinishedMonths } from './index.ts';

let env: TestEnv;
let admin: Agent;
let partial: string;
type Point = { month: string; score: number; items: Record<string, number>; stored?: boolean };

beforeAll(async () => {
  env = await createTestEnv({ start: '2026-10-23T08:00:00Z' });
  admin = await env.login('admin');
  const created = new Date('2026-06-01T08:00:00Z');
  const rows = await env.rt.database.db.insert(customers).values([
    { kind: 'person', displayName: 'سارا کامل', phoneKeys: ['989121110101'], ownerId: admin.userId, city: 'تهران', createdAt: created },
    { kind: 'person', displayName: 'نیما ناقص', createdAt: created },
  ] as (typeof customers.$inferInsert)[]).returning({ id: customers.id });
  partial = rows[1].id;
}, 180_000);
afterAll(async () => { await env?.close(); });

describe('the stored scorecard history', () => {
  it('the job stores the month that just ended in each calendar, once', async () => {
    expect(await storeFinishedMonths(env.rt.database, env.clock)).toEqual({ stored: ['jalali:1405-07', 'gregorian:2026-09'] });
    const rows = await env.rt.database.db.select().from(scorecardSnapshots).where(eq(scorecardSnapshots.calendar, 'jalali'));
    expect(rows.map((r) => [r.month, r.measuredAt.toISOString()])).toEqual([['1405-07', '2026-10-22T20:30:00.000Z']]);
    expect(rows[0].items.find((i) => i.key === 'central_record')?.score).toBe(75);
    // A second run (or a second app instance) finds them stored.
    expect(await storeFinishedMonths(env.rt.database, env.clock)).toEqual({ stored: [] });
  });

  it('GET /api/scorecard reads the stored month; after the data changes it keeps the stored score, re-measured months move', async () => {
    const before = (await admin.get('/api/scorecard?months=3')).json().history as Point[];
    expect(before.map((h) => [h.month, h.stored])).toEqual([['1405-06', false], ['1405-07', true], ['1405-08', false]]);
    expect(before[1].items.central_record).toBe(75);
    const storedScore = before[1].score;

    // The name-only customer is completed today: a re-measure of any past month would count two complete profiles.
    await env.rt.database.db.update(customers).set({ phoneKeys: ['989121110102'], ownerId: admin.userId, city: 'کرج' }).where(eq(customers.id, partial));
    env.clock.advance(7 * 3600_000); // past the six-hour memory of re-measured months
    const after = (await admin.get('/api/scorecard?months=3')).json();
    const hist = after.history as Point[];
    expect(hist[1]).toMatchObject({ month: '1405-07', stored: true, score: storedScore, items: { central_record: 75 } });
    expect(hist[0]).toMatchObject({ month: '1405-06', stored: false, items: { central_record: 100 } });
    expect(hist[2].items.central_record).toBe(100);
    expect(after.items.find((i: { key: string }) => i.key === 'central_record').score).toBe(100);
    // The Gregorian history reads its own snapshot.
    const greg = (await admin.get('/api/scorecard?months=2&calendar=gregorian')).json().history as Point[];
    expect(greg[0]).toMatchObject({ month: '2026-09', stored: true, items: { central_record: 75 } });
  });

  it('the next month is stored when it ends (Aban 1405 ends at 1 Azar = 2026-11-22)', async () => {
    env.clock.set(new Date('2026-11-21T08:00:00Z'));
    // Aban has not ended yet; October 2026 has (Gregorian).
    expect(await storeFinishedMonths(env.rt.database, env.clock)).toEqual({ stored: ['gregorian:2026-10'] });
    env.clock.set(new Date('2026-11-22T08:00:00Z'));
    expect(await storeFinishedMonths(env.rt.database, env.clock)).toEqual({ stored: ['jalali:1405-08'] });
    admin = await env.login('admin'); // a month later the first session has expired
    const hist = (await admin.get('/api/scorecard?months=3')).json().history as Point[];
    expect(hist.map((h) => [h.month, h.stored])).toEqual([['1405-07', true], ['1405-08', true], ['1405-09', false]]);
    expect(hist[1].items.central_record).toBe(100);
  });
});
