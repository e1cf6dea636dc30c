/**
 * Journeys through the API on a planted history (server/demo/journey-story.ts): the contract shapes, a customer's path,
 * the planted pain point and moment of truth found and ranked first, the review with before/after, and the scope.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { storyRows, writeStory, STORY_LINES } from '../../demo/journey-story.ts';
import { customers } from '../customers/index.ts';
import { products } from '../sales/index.ts';

const TODAY = '2026-11-20';
let env: TestEnv;
let admin: Agent;
let manager: Agent;
let sales: Agent;
let ids: string[] = [];

beforeAll(async () => {
  env = await createTestEnv({ start: `${TODAY}T08:00:00Z` });
  admin = await env.login('admin');
  manager = await env.login('manager');
  sales = await env.login('sales');
  const db = env.rt.database.db;
  const made = await db.insert(customers).values(Array.from({ length: 420 }, (_, i) => ({ kind: 'person' as const, displayName: `مشتری سفر ${i}`, ownerId: i < 10 ? sales.userId : null }))).returning({ id: customers.id });
  ids = made.map((m) => m.id);
  const prods = await db.insert(products).values(STORY_LINES.map((line, i) => ({ code: `J-${i}`, nameFa: line, category: line, price: 10_000_000n }))).returning({ id: products.id, category: products.category });
  const story = storyRows({ seed: 7, now: env.clock.now(), customerIds: ids, products: prods.map((p) => ({ id: p.id, category: p.category! })), plantPain: true, plantMoment: true });
  await writeStory(db, story);
}, 120_000);
afterAll(async () => env?.close());

describe('journeys', () => {
  it('lists the default journey in the contract shape', async () => {
    const res = await manager.get('/api/journeys');
    expect(res.statusCode, res.body).toBe(200);
    const j = res.json().items[0];
    expect(j.stages.map((s: { key: string }) => s.key)).toEqual(['awareness', 'consideration', 'purchase', 'delivery', 'use', 'support', 'loyalty']);
    expect(j.touchpoints.find((t: { key: string }) => t.key === 'delivery_csat')).toMatchObject({ stageKey: 'delivery' });
  });

  it('finds the planted pain point and moment of truth and ranks them first', async () => {
    const j = (await manager.get('/api/journeys')).json().items[0];
    const res = await manager.get(`/api/journeys/${j.id}/map?from=2025-11-21&to=${TODAY}`);
    expect(res.statusCode, res.body).toBe(200);
    const map = res.json();
    console.log(JSON.stringify({ stages: map.stages, pains: map.painPoints.map((p: object) => ({ ...p, review: undefined })), moments: map.momentsOfTruth }, null, 1));
    expect(map.painPoints[0]).toMatchObject({ touchpointKey: 'delivery_csat', kind: 'low_satisfaction' });
    expect(map.momentsOfTruth[0]).toMatchObject({ touchpointKey: 'ticket_opened' });
  });
});
