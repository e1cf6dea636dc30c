import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let sales: Agent;
let support: Agent;

beforeAll(async () => {
  env = await createTestEnv();
  sales = await env.login('sales');
  support = await env.login('support');
});
afterAll(async () => env?.close());

async function lead(lastName: string, lifecycleStage = 'lead'): Promise<string> {
  const res = await sales.post('/api/customers', { kind: 'person', lastName, lifecycleStage });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
const stageOf = async (id: string) => (await sales.get(`/api/customers/${id}`)).json().customer.lifecycleStage as string;
const dealsOf = async (id: string) => (await sales.get(`/api/deals?customerId=${id}`)).json().total as number;

describe('converting a lead', () => {
  it('moves the lifecycle stage (audited) and creates the deal in one go', async () => {
    const id = await lead('تبدیلی');
    const res = await sales.post(`/api/customers/${id}/convert`, { deal: { title: 'اولین سفارش', amount: '15000000', expectedCloseDate: '2026-12-30' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().customer).toMatchObject({ id, lifecycleStage: 'prospect' });
    expect(res.json().deal).toMatchObject({ customerId: id, title: 'اولین سفارش', amount: '15000000', stageName: 'سرنخ', status: 'open' });
    expect(await stageOf(id)).toBe('prospect');
    const audit = (await sales.get(`/api/customers/${id}/audit`)).json().items as { entityType: string; field: string | null; oldValue: unknown; newValue: unknown; action: string }[];
    expect(audit).toContainEqual(expect.objectContaining({ entityType: 'customer', field: 'lifecycleStage', oldValue: 'lead', newValue: 'prospect' }));
    expect(audit).toContainEqual(expect.objectContaining({ entityType: 'deal', action: 'create' }));
    // The customer list's stage filter sees the change (the record, not a copy, was updated).
    expect((await sales.get('/api/customers?stage=prospect&q=' + encodeURIComponent('تبدیلی'))).json().total).toBe(1);
  });

  it('can make the record a customer straight away, and converts a visitor or prospect too', async () => {
    const v = await lead('بازدیدکننده', 'visitor');
    const res = await sales.post(`/api/customers/${v}/convert`, { deal: { title: 'خرید نقدی' }, lifecycleStage: 'customer' });
    expect(res.statusCode, res.body).toBe(201);
    expect(await stageOf(v)).toBe('customer');
    const pr = await lead('مشتری احتمالی', 'prospect');
    expect((await sales.post(`/api/customers/${pr}/convert`, { deal: { title: 'دوم' } })).statusCode).toBe(201);
  });

  it('is atomic: when the deal is refused, the lifecycle stage does not change', async () => {
    const id = await lead('اتمی');
    const badStage = await sales.post(`/api/customers/${id}/convert`, { deal: { title: 'x', stageId: randomUUID() } });
    expect(badStage.statusCode).toBe(400);
    expect(badStage.json().error.details).toHaveProperty('stageId');
    const badItem = await sales.post(`/api/customers/${id}/convert`, { deal: { title: 'x', items: [{ productId: randomUUID(), quantity: '1' }] } });
    expect(badItem.statusCode).toBe(400);
    expect(badItem.json().error.details).toHaveProperty('items.0.productId');
    const badMoney = await sales.post(`/api/customers/${id}/convert`, { deal: { title: 'x', amount: '99999999999999999999' } });
    expect(badMoney.statusCode).toBe(400);
    expect(badMoney.json().error.details).toHaveProperty('deal.amount');
    expect(await stageOf(id)).toBe('lead');
    expect(await dealsOf(id)).toBe(0);
    const audit = (await sales.get(`/api/customers/${id}/audit`)).json().items as { field: string | null }[];
    expect(audit.filter((a) => a.field === 'lifecycleStage')).toEqual([]);
  });

  it('refuses a record that is already a customer (409), a role without deal rights (403) and a missing record (404)', async () => {
    const done = await lead('قدیمی', 'customer');
    const res = await sales.post(`/api/customers/${done}/convert`, { deal: { title: 'x' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CONFLICT');
    expect(res.json().error.message).toMatch(/already/);
    expect(await dealsOf(done)).toBe(0);
    const loyal = await lead('وفادار', 'loyal');
    expect((await sales.post(`/api/customers/${loyal}/convert`, { deal: { title: 'x' } })).statusCode).toBe(409);

    const id = await lead('پشتیبانی');
    const denied = await support.post(`/api/customers/${id}/convert`, { deal: { title: 'x' } });
    expect(denied.statusCode).toBe(403);
    expect(await stageOf(id)).toBe('lead');
    expect((await sales.post(`/api/customers/${randomUUID()}/convert`, { deal: { title: 'x' } })).statusCode).toBe(404);
    expect((await sales.post(`/api/customers/${id}/convert`, { deal: { title: 'x' }, lifecycleStage: 'loyal' })).statusCode).toBe(400);
  });
});
