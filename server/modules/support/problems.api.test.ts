/**
 * The recurring-problems view through the API: tickets of three true problems (from the labelled set) come back
 * grouped by problem, with counts, weekly trend, products, customers, resolution time and examples; older tickets and
 * tickets the reader may not see stay out.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { PROBLEM_NAMES, PROBLEM_TICKETS } from '../../analytics/problem-groups.fixtures.ts';

let env: TestEnv;
let support: Agent;
let marketing: Agent;
const truth = new Map<string, string>();
const START = '2026-11-23T08:00:00Z';

type Problem = { key: string; label: string; count: number; openCount: number; customers: number; trend: number[]; lastWeek: number; avgResolutionHours: number | null;
  products: { id: string; name: string; count: number }[]; examples: { id: string; number: number; subject: string }[] };

beforeAll(async () => {
  env = await createTestEnv({ start: START });
  support = await env.login('support');
  marketing = await env.login('marketing');
  const admin = await env.login('admin');
  const washer = (await admin.post('/api/products', { code: 'WM-9', nameFa: 'ماشین لباسشویی ۹ کیلویی', price: '350000000' })).json().id as string;
  const customers: string[] = [];
  for (let i = 0; i < 6; i++) customers.push((await support.post('/api/customers', { kind: 'person', firstName: 'مشتری', lastName: `شماره ${i + 1}` })).json().id);
  // The first three problems of the labelled set, one ticket every ~10 hours over the last three weeks.
  const chosen = new Set(PROBLEM_NAMES.slice(0, 3));
  const sample = PROBLEM_TICKETS.filter((t) => chosen.has(t.problem));
  let i = 0;
  for (const t of sample) {
    env.clock.set(new Date(Date.parse(START) - (sample.length - i) * 10 * 3_600_000));
    const res = await support.post('/api/tickets', { customerId: customers[i % customers.length], channel: 'phone', subject: t.subject, description: t.description,
      category: t.category, productId: t.product === 'washing-machine' ? washer : undefined });
    expect(res.statusCode, res.body).toBe(201);
    truth.set(res.json().id, t.problem);
    if (i % 3 === 0) {
      env.clock.advance(5 * 3_600_000);
      await support.patch(`/api/tickets/${res.json().id}`, { status: 'resolved' });
    }
    i++;
  }
  // Forty days old: outside a 30-day view.
  env.clock.set(new Date(Date.parse(START) - 40 * 86_400_000));
  await support.post('/api/tickets', { customerId: customers[0], channel: 'phone', subject: sample[0].subject });
  env.clock.set(START);
}, 120_000);
afterAll(async () => env?.close());

describe('recurring problems', () => {
  it('groups the period\'s tickets by problem, with the numbers a product team needs', async () => {
    const res = await support.get('/api/support/problems?days=30&minCount=2');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: Problem[]; ticketsGrouped: number; truncated: boolean };
    expect(body.ticketsGrouped).toBe(truth.size);
    expect(body.truncated).toBe(false);
    expect(body.items.reduce((n, p) => n + p.count, 0)).toBeLessThanOrEqual(truth.size);
    for (const p of body.items) {
      expect(p.count).toBeGreaterThanOrEqual(2);
      expect(p.trend.reduce((a, b) => a + b, 0)).toBe(p.count);
      expect(p.trend).toHaveLength(5);
      expect(p.customers).toBeGreaterThanOrEqual(1);
      expect(p.examples.length).toBe(Math.min(5, p.count));
      for (const e of p.examples) expect(truth.has(e.id)).toBe(true);
      expect(p.label.length).toBeGreaterThan(0);
    }
    // The three largest groups are each mostly one true problem.
    for (const p of body.items.slice(0, 3)) {
      const labels = p.examples.map((e) => truth.get(e.id));
      const top = Math.max(...[...new Set(labels)].map((l) => labels.filter((x) => x === l).length));
      expect(top / labels.length, p.label).toBeGreaterThanOrEqual(0.6);
    }
    expect(body.items.slice(0, 3).reduce((n, p) => n + p.count, 0)).toBeGreaterThanOrEqual(truth.size * 0.6);
    const washers = body.items.find((p) => p.products.length > 0);
    expect(washers?.products[0]).toMatchObject({ name: 'ماشین لباسشویی ۹ کیلویی' });
    expect(body.items.some((p) => p.avgResolutionHours !== null && Math.abs(p.avgResolutionHours - 5) < 0.01)).toBe(true);
  });

  it('validates the period; every role that reads tickets may look', async () => {
    expect((await marketing.get('/api/support/problems')).statusCode).toBe(200);
    expect((await support.get('/api/support/problems?days=0')).statusCode).toBe(400);
    // The last day holds the two newest tickets (10 and 20 hours old).
    expect((await support.get('/api/support/problems?days=1')).json().ticketsGrouped).toBe(2);
  });
});
