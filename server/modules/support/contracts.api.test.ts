/**
 * Contracts through the HTTP API: validation, the 360° section, the SLA level they give tickets, reminders before
 * the end (a task for the owner and an SMS to the customer, exactly once), expiry, renewal, and who may do what.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { sweepContracts } from './index.ts';

let env: TestEnv;
let admin: Agent;
let manager: Agent;
let sales: Agent;
let support: Agent;

// 2026-11-23T08:00:00Z is 2 Azar 1405, a Monday, in Tehran.
const START = '2026-11-23T08:00:00Z';

type Contract = { id: string; number: number; status: string; startDate: string; endDate: string; value: string; level: string | null; renewedFromId: string | null; renewedById: string | null; daysLeft: number | null; products: { id: string; name: string }[]; ownerId: string | null };

beforeAll(async () => {
  env = await createTestEnv({ start: START });
  admin = await env.login('admin');
  manager = await env.login('manager');
  sales = await env.login('sales');
  support = await env.login('support');
});
afterAll(async () => env?.close());

async function customer(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await sales.post('/api/customers', { kind: 'person', firstName: 'نرگس', lastName: 'احمدی', ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
async function contract(agent: Agent, body: Record<string, unknown>): Promise<Contract> {
  const res = await agent.post('/api/contracts', { kind: 'maintenance', title: 'سرویس سالانهٔ کولر', startDate: '2026-03-21', endDate: '2027-03-20', value: '45000000', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('contracts', () => {
  it('validates dates, money and products, writing nothing on bad input', async () => {
    const customerId = await customer();
    const before = (await sales.get(`/api/contracts?customerId=${customerId}`)).json().total;
    const backwards = await sales.post('/api/contracts', { customerId, kind: 'service', title: 'x', startDate: '2026-05-01', endDate: '2026-04-01' });
    expect(backwards.statusCode).toBe(400);
    expect(JSON.stringify(backwards.json().error)).toMatch(/endDate/);
    expect((await sales.post('/api/contracts', { customerId, kind: 'service', title: 'x', startDate: '2026-05-01', endDate: '2026-06-01', value: 1000 })).statusCode).toBe(400);
    expect((await sales.post('/api/contracts', { customerId, kind: 'lease', title: 'x', startDate: '2026-05-01', endDate: '2026-06-01' })).statusCode).toBe(400);
    const badProduct = await sales.post('/api/contracts', { customerId, kind: 'service', title: 'x', startDate: '2026-05-01', endDate: '2026-06-01', productIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(badProduct.statusCode).toBe(400);
    expect((await sales.get(`/api/contracts?customerId=${customerId}`)).json().total).toBe(before);
  });

  it('shows the contract, its products and days left on the 360° view', async () => {
    const customerId = await customer();
    const product = (await admin.post('/api/products', { code: 'AC-24', nameFa: 'کولر گازی ۲۴ هزار', price: '420000000' })).json();
    const k = await contract(sales, { customerId, productIds: [product.id] });
    expect(k).toMatchObject({ status: 'active', value: '45000000', daysLeft: 117, ownerId: sales.userId });
    expect(k.products).toEqual([{ id: product.id, name: 'کولر گازی ۲۴ هزار' }]);
    const view = (await support.get(`/api/customers/${customerId}`)).json();
    expect(view.contracts.activeCount).toBe(1);
    expect(view.contracts.items[0].id).toBe(k.id);
  });

  it('gives the customer\'s tickets the SLA policies of its level', async () => {
    const policy = await admin.post('/api/support/sla-policies', { name: 'طلایی فوری', priority: 'urgent', contractLevel: 'gold', firstResponseMinutes: 15, resolutionMinutes: 120 });
    expect(policy.statusCode, policy.body).toBe(201);
    const gold = await customer();
    await contract(sales, { customerId: gold, level: 'gold' });
    const plain = await customer();
    env.clock.set(START);
    const goldTicket = (await support.post('/api/tickets', { customerId: gold, channel: 'phone', subject: 'کولر روشن نمی‌شود', priority: 'urgent' })).json();
    const plainTicket = (await support.post('/api/tickets', { customerId: plain, channel: 'phone', subject: 'کولر روشن نمی‌شود', priority: 'urgent' })).json();
    expect(goldTicket.sla.firstResponse.dueAt).toBe('2026-11-23T08:15:00.000Z');
    expect(plainTicket.sla.firstResponse.dueAt).toBe('2026-11-23T09:00:00.000Z');
  });

  it('reminds the owner with a task and the customer by SMS once, before the end; expires it after', async () => {
    env.clock.set(START);
    const customerId = await customer({ phones: [{ number: '0935 222 1100' }], smsConsent: true });
    // Ends 30 Nov 2026, a week after "today", inside its 30-day reminder window.
    const k = await contract(sales, { customerId, startDate: '2025-12-01', endDate: '2026-11-30', remindCustomer: true });
    const first = await sweepContracts(env.rt.database.db, env.clock);
    expect(first.reminded).toBeGreaterThanOrEqual(1);
    const tasks = (await env.rt.database.db.execute(sql`SELECT title, assignee_id FROM tasks WHERE customer_id = ${customerId}`)).rows as { title: string; assignee_id: string }[];
    expect(tasks).toHaveLength(1);
    expect(tasks[0].assignee_id).toBe(sales.userId);
    expect(tasks[0].title).toContain('سرویس سالانهٔ کولر');
    const sms = (await env.rt.database.db.execute(sql`SELECT recipient FROM outbox WHERE dedupe_key = ${`contract-reminder:${k.id}:2026-11-30`}`)).rows;
    expect(sms).toEqual([{ recipient: '+989352221100' }]);
    await sweepContracts(env.rt.database.db, env.clock);
    expect((await env.rt.database.db.execute(sql`SELECT count(*)::int AS n FROM tasks WHERE customer_id = ${customerId}`)).rows[0]).toEqual({ n: 1 });

    env.clock.set('2026-12-01T08:00:00Z');
    try {
    const after = await sweepContracts(env.rt.database.db, env.clock);
    expect(after.expired).toBeGreaterThanOrEqual(1);
    expect((await sales.get(`/api/contracts/${k.id}`)).json()).toMatchObject({ status: 'expired', daysLeft: null });
    } finally {
      env.clock.set(START);
    }
  });

  it('renews into a new linked contract for the next period, once', async () => {
    const customerId = await customer();
    const old = await contract(sales, { customerId });
    const res = await sales.post(`/api/contracts/${old.id}/renew`, { value: '52000000' });
    expect(res.statusCode, res.body).toBe(201);
    const renewed = res.json() as Contract;
    // 1405/01/01–1405/12/29 renews to 1406/01/01–1406/12/29 (Nowruz 1407 falls on 20 March 2028).
    expect(renewed).toMatchObject({ startDate: '2027-03-21', endDate: '2028-03-19', value: '52000000', renewedFromId: old.id, status: 'active' });
    // A period that is not whole Jalali months renews for as many days.
    const odd = await contract(sales, { customerId, startDate: '2026-05-05', endDate: '2026-06-13' });
    expect((await sales.post(`/api/contracts/${odd.id}/renew`, {})).json()).toMatchObject({ startDate: '2026-06-14', endDate: '2026-07-23' });
    expect((await sales.get(`/api/contracts/${old.id}`)).json()).toMatchObject({ status: 'renewed', renewedById: renewed.id });
    expect((await sales.post(`/api/contracts/${old.id}/renew`, {})).statusCode).toBe(409);
    expect((await sales.patch(`/api/contracts/${old.id}`, { title: 'x' })).statusCode).toBe(409);
    const cancelled = await sales.patch(`/api/contracts/${renewed.id}`, { status: 'cancelled' });
    expect(cancelled.json().status).toBe('cancelled');
    expect((await sales.post(`/api/contracts/${renewed.id}/renew`, {})).statusCode).toBe(409);
  });

  it('lets support read contracts but not write them; a denied change leaves the contract unchanged', async () => {
    const customerId = await customer();
    const k = await contract(manager, { customerId });
    expect((await support.get(`/api/contracts/${k.id}`)).statusCode).toBe(200);
    expect((await support.post('/api/contracts', { customerId, kind: 'service', title: 'x', startDate: '2026-05-01', endDate: '2026-06-01' })).statusCode).toBe(403);
    expect((await support.patch(`/api/contracts/${k.id}`, { title: 'دست‌کاری' })).statusCode).toBe(403);
    expect((await manager.get(`/api/contracts/${k.id}`)).json().title).toBe('سرویس سالانهٔ کولر');
    const ending = (await manager.get('/api/contracts?expiringWithinDays=200')).json().items.map((c: Contract) => c.id);
    expect(ending).toContain(k.id);
    expect((await manager.get('/api/contracts?expiringWithinDays=10')).json().items.map((c: Contract) => c.id)).not.toContain(k.id);
  });
});
