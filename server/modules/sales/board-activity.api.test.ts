/**
 * Board cards carry their activity: lastActivityAt (the latest of the deal's creation, its last stage move and the
 * last interaction with its customer since the deal began) and nextActivity (the customer's earliest open task with a
 * due time), each as the reader may see them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Agent, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
let sales: Agent;
let pipelineId = '';

type Card = { id: string; lastActivityAt: string; nextActivity: { title: string; dueAt: string; isPromise: boolean } | null };
const cardOf = async (id: string) => {
  const res = await sales.get(`/api/pipelines/${pipelineId}/board`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().stages as { deals: Card[] }[]).flatMap((s) => s.deals).find((d) => d.id === id)!;
};

beforeAll(async () => {
  env = await createTestEnv();
  sales = await env.login('sales');
  pipelineId = (await sales.get('/api/pipelines')).json().items[0].id;
}, 180_000);
afterAll(async () => env?.close());

describe('board card activity', () => {
  it('shows the last activity and the next open task of the customer', async () => {
    const c = (await sales.post('/api/customers', { kind: 'person', lastName: 'فعالیت', force: true })).json().id;
    const created = env.clock.now().toISOString();
    const deal = (await sales.post('/api/deals', { customerId: c, title: 'یخچال ساید' })).json();
    let card = await cardOf(deal.id);
    expect(card.nextActivity).toBeNull();
    expect(Date.parse(card.lastActivityAt)).toBeGreaterThanOrEqual(Date.parse(created) - 1000);

    // An interaction with the customer three days later moves the last activity to it.
    env.clock.advance(3 * 86_400_000);
    const at = env.clock.now().toISOString();
    expect((await sales.post('/api/interactions', { customerId: c, kind: 'call', direction: 'out', outcome: 'answered', summary: 'پیگیری', occurredAt: at })).statusCode).toBe(201);
    // Two open tasks: the earlier one is next; a done one and one without a date are not.
    const soon = new Date(env.clock.now().getTime() + 86_400_000).toISOString();
    const later = new Date(env.clock.now().getTime() + 5 * 86_400_000).toISOString();
    for (const [title, dueAt] of [['بعدی', later], ['زودتر', soon], ['بی‌تاریخ', null]] as const) {
      expect((await sales.post('/api/tasks', { title, customerId: c, dueAt })).statusCode).toBe(201);
    }
    card = await cardOf(deal.id);
    expect(card.lastActivityAt).toBe(at);
    expect(card.nextActivity).toEqual({ title: 'زودتر', dueAt: soon, isPromise: false });
  });
});
