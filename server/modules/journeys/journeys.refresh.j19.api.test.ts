/**
 * journey_events kept incrementally (journeys.refresh.ts): the first refresh fills it with every event of the story,
 * a refresh with nothing changed writes nothing, a new event written after a refresh appears at the next one, a second
 * refresh over the same change leaves no duplicate, a merged-away customer's rows go at the merge and the survivor gets
 * them back at the next refresh (and each its own after an undo), an erased customer's rows go and stay gone.
 * The clock starts after every seeded row's stamp, as in production where the stamps are the writes' times.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { storyRows, writeStory, STORY_LINES, type Story } from '../../demo/journey-story.ts';
import { customers } from '../customers/index.ts';
import { products } from '../sales/index.ts';
import { surveyResponses } from '../surveys/index.ts';
import { refreshJourneyEvents } from './index.ts';

const START = '2027-01-10T08:00:00Z';
let env: TestEnv;
let admin: Agent;
let ids: string[] = [];
let story: Story;

const rowsOf = async (customerId?: string) => {
  const [r] = (await env.rt.database.db.execute(customerId
    ? sql`SELECT count(*)::int AS n FROM journey_events WHERE customer_id = ${customerId}`
    : sql`SELECT count(*)::int AS n FROM journey_events`)).rows as { n: number }[];
  return Number(r.n);
};
/** What the story wrote for a customer: an invoice per purchase, a CSAT answer, and per ticket its opening, first response and resolution. */
const expectedOf = (c?: string) => {
  const mine = <T extends { customerId: string }>(l: T[]) => l.filter((x) => !c || x.customerId === c).length;
  return mine(story.purchases) + mine(story.answers) + 3 * mine(story.tickets);
};
const refresh = () => refreshJourneyEvents(env.rt.database.db, env.clock.now());

beforeAll(async () => {
  env = await createTestEnv({ start: START });
  admin = await env.login('admin');
  const db = env.rt.database.db;
  const past = new Date('2026-01-01T00:00:00Z');
  const made = await db.insert(customers).values(Array.from({ length: 30 }, (_, i) => ({ kind: 'person' as const, displayName: `مشتری تازه‌سازی ${i}`, createdAt: past, updatedAt: past }))).returning({ id: customers.id });
  ids = made.map((m) => m.id);
  const prods = await db.insert(products).values(STORY_LINES.map((line, i) => ({ code: `JR-${i}`, nameFa: line, category: line, price: 10_000_000n }))).returning({ id: products.id, category: products.category });
  // Every row of the story is stamped before the clock's start (its own times, months back).
  story = storyRows({ seed: 3, now: new Date('2026-12-01T08:00:00Z'), customerIds: ids, products: prods.map((p) => ({ id: p.id, category: p.category! })), plantPain: false, plantMoment: false });
  await writeStory(db, story);
}, 180_000);
afterAll(async () => env?.close());

describe('journey_events, kept incrementally', () => {
  it('the first refresh fills it with every event of every customer', async () => {
    expect(await rowsOf()).toBe(0);
    const r = await refresh();
    expect(r.mode).toBe('full');
    expect(r.events).toBe(expectedOf());
    expect(await rowsOf()).toBe(expectedOf());
    for (const c of ids.slice(0, 3)) expect(await rowsOf(c)).toBe(expectedOf(c));
  });

  it('a refresh with nothing changed reads no customer and writes nothing', async () => {
    env.clock.advance(60_000);
    const r = await refresh();
    expect(r).toMatchObject({ mode: 'incremental', customers: 0, events: 0 });
    expect(await rowsOf()).toBe(expectedOf());
  });

  it('a new event after the last refresh appears at the next refresh, and a second refresh leaves no duplicate', async () => {
    const a = ids[0];
    const [survey] = (await env.rt.database.db.execute(sql`SELECT id FROM surveys LIMIT 1`)).rows as { id: string }[];
    env.clock.advance(60_000);
    const at = env.clock.now();
    await env.rt.database.db.insert(surveyResponses).values({ surveyId: String(survey.id), customerId: a, metric: 'csat', score: 1, answers: {}, channel: 'web', createdAt: at, updatedAt: at });
    expect(await rowsOf(a)).toBe(expectedOf(a)); // not yet refreshed
    env.clock.advance(60_000);
    const r = await refresh();
    expect(r).toMatchObject({ mode: 'incremental', customers: 1, events: expectedOf(a) + 1 });
    expect(await rowsOf(a)).toBe(expectedOf(a) + 1);
    const [row] = (await env.rt.database.db.execute(sql`SELECT src, ev, outcome, score FROM journey_events WHERE customer_id = ${a} AND at = ${at.toISOString()}::timestamptz`)).rows as Record<string, unknown>[];
    expect(row).toMatchObject({ src: 'survey', ev: 'csat', outcome: 'bad' });
    expect(Number(row.score)).toBe(1);
    // Still within the overlap: the customer is read again, its rows replaced, not added.
    env.clock.advance(60_000);
    const again = await refresh();
    expect(again).toMatchObject({ mode: 'incremental', customers: 1 });
    expect(await rowsOf(a)).toBe(expectedOf(a) + 1);
    expect(await rowsOf()).toBe(expectedOf() + 1);
    const [dup] = (await env.rt.database.db.execute(sql`SELECT count(*)::int AS n FROM (SELECT customer_id, src, ev, ref, at FROM journey_events GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1) d`)).rows as { n: number }[];
    expect(Number(dup.n)).toBe(0);
  });

  it("a merged-away customer's rows go at the merge; the survivor holds both customers' events after the next refresh", async () => {
    const survivor = ids[1], loser = ids[2];
    const before = { survivor: await rowsOf(survivor), loser: await rowsOf(loser) };
    expect(before).toEqual({ survivor: expectedOf(survivor), loser: expectedOf(loser) });
    const res = await admin.post('/api/customers/merge', { survivorId: survivor, loserId: loser });
    expect(res.statusCode, res.body).toBe(200);
    expect(await rowsOf(loser)).toBe(0);
    env.clock.advance(60_000);
    const r = await refresh();
    expect(r.mode).toBe('incremental');
    expect(await rowsOf(loser)).toBe(0);
    expect(await rowsOf(survivor)).toBe(before.survivor + before.loser);
    // Undone: each record gets its own events back at the next refresh (the loser's stamps are not touched by the undo).
    const undo = await admin.post(`/api/customers/merges/${res.json().merge.id}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    env.clock.advance(60_000);
    await refresh();
    expect({ survivor: await rowsOf(survivor), loser: await rowsOf(loser) }).toEqual(before);
  });

  it("an erased customer's rows go and a later refresh does not bring them back", async () => {
    const c = ids[3];
    expect(await rowsOf(c)).toBe(expectedOf(c));
    const res = await admin.post(`/api/customers/${c}/erase`, { confirm: 'مشتری تازه‌سازی 3' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await rowsOf(c)).toBe(0);
    env.clock.advance(60_000);
    await refresh();
    expect(await rowsOf(c)).toBe(0);
    // A full rebuild agrees: nothing for the erased customer, the rest (the merge undone) as before.
    const full = await refreshJourneyEvents(env.rt.database.db, env.clock.now(), { full: true });
    expect(full.mode).toBe('full');
    expect(await rowsOf(c)).toBe(0);
    expect(await rowsOf(ids[2])).toBe(expectedOf(ids[2]));
    expect(await rowsOf()).toBe(expectedOf() + 1 - expectedOf(c));
  });
});
