/**
 * The demo business carries the planted journey story: on its default journey and the last year, the first pain
 * point is the slow washing-machine delivery (low CSAT for that product line) and the first moment of truth is a first
 * ticket solved at first contact (far higher 180-day retention).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, loginAs, type TestEnv } from '../test/harness.ts';
import { seedDemo, DEMO_PASSWORD, type DemoResult } from './seed.ts';

let env: TestEnv;
let result: DemoResult;
beforeAll(async () => {
  env = await createTestEnv({ start: '2026-11-20T08:00:00Z' });
  result = await seedDemo(env.rt, { log: () => {}, customers: 1000 });
}, 600_000);
afterAll(async () => env?.close());

describe('demo journey story', () => {
  it('finds the planted pain point and moment of truth first on the demo map', async () => {
    expect(result.seeded && result.journeys).toMatchObject({ customers: expect.any(Number) });
    const manager = await loginAs(env.app, 'manager@mehvar.local', DEMO_PASSWORD);
    const j = (await manager.get('/api/journeys')).json().items[0];
    const res = await manager.get(`/api/journeys/${j.id}/map?from=2025-11-21&to=2026-11-20`);
    expect(res.statusCode, res.body).toBe(200);
    const map = res.json();
    console.log('demo journey map', JSON.stringify({ pains: map.painPoints.map((p: { id: string; customers: number; severity: number; evidence: { text: { en: string } } }) => [p.id, p.customers, p.severity, p.evidence.text.en]), moments: map.momentsOfTruth.map((m: { touchpointKey: string; effect: number; n: number }) => [m.touchpointKey, m.effect, m.n]) }, null, 1));
    expect(map.painPoints[0]).toMatchObject({ touchpointKey: 'delivery_csat', kind: 'low_satisfaction', evidence: { comparison: 'product_line' } });
    expect(map.painPoints[0].evidence.productLine).toMatch(/لباسشویی/);
    expect(map.momentsOfTruth[0]).toMatchObject({ touchpointKey: 'ticket_opened', outcome: 'retention_180d' });
    expect(map.momentsOfTruth[0].low).toBeGreaterThan(0.2);
  }, 300_000);
});
