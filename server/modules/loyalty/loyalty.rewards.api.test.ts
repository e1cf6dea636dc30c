/**
 * The rewards catalog through the API (PGlite by default, PostgreSQL with TEST_DATABASE_URL): admins keep it, staff
 * redeem a reward for a customer (a redeem entry of its points, one unit of stock), refusals write nothing, and two
 * redemptions of the last unit at once give it to one of them.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';

let env: TestEnv;
let admin: Agent;
let sales: Agent;
let customerId: string;
let mug: string;
let voucher: string;

const db = () => env.rt.database.db;
const balance = async (id: string) => ((await db().execute(sql`SELECT balance::int AS b FROM loyalty_members WHERE customer_id = ${id}`)).rows[0] as { b: number } | undefined)?.b;
const stock = async (id: string) => ((await db().execute(sql`SELECT stock FROM loyalty_rewards WHERE id = ${id}`)).rows[0] as { stock: number | null }).stock;
const redeems = async (id: string) => ((await db().execute(sql`SELECT count(*)::int AS n FROM loyalty_ledger WHERE customer_id = ${id} AND kind = 'redeem'`)).rows[0] as { n: number }).n;

beforeAll(async () => {
  env = await createTestEnv({ start: '2026-09-01T08:00:00Z' });
  admin = await env.login('admin');
  sales = await env.login('sales');
  expect((await admin.put('/api/loyalty/program', { enabled: true, expiryMonths: 0 })).statusCode).toBe(200);
  customerId = (await sales.post('/api/customers', { kind: 'person', firstName: 'بهار', lastName: 'نادری', force: true })).json().id;
  expect((await admin.post('/api/loyalty/ledger', { customerId, kind: 'earn', points: 500, reason: 'شروع' })).statusCode).toBe(201);
}, 180_000);
afterAll(async () => { await env?.close(); });

describe('the catalog', () => {
  it('is kept by settings:update; bad input names the field; staff see active rewards, cheapest first', async () => {
    expect((await sales.post('/api/loyalty/rewards', { nameFa: 'لیوان', points: 100 })).statusCode).toBe(403);
    const bad = await admin.post('/api/loyalty/rewards', { nameFa: '', points: 0 });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.details)).toEqual(expect.arrayContaining(['nameFa', 'points']));
    const a = await admin.post('/api/loyalty/rewards', { nameFa: 'لیوان باشگاه', nameEn: 'Club mug', points: 300, stock: 1 });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({ nameFa: 'لیوان باشگاه', nameEn: 'Club mug', description: '', points: 300, stock: 1, active: true });
    mug = a.json().id;
    voucher = (await admin.post('/api/loyalty/rewards', { nameFa: 'بن خرید ۵۰ هزار تومانی', points: 150 })).json().id;
    const old = (await admin.post('/api/loyalty/rewards', { nameFa: 'تقویم پارسال', points: 10, active: false })).json().id;
    const list = (await sales.get('/api/loyalty/rewards')).json().items;
    expect(list.map((r: { id: string }) => r.id)).toEqual([voucher, mug]);
    expect((await admin.get('/api/loyalty/rewards?all=1')).json().items.map((r: { id: string }) => r.id)).toEqual([voucher, mug, old]);
    const put = await admin.put(`/api/loyalty/rewards/${voucher}`, { nameFa: 'بن خرید ۵۰ هزار تومانی', points: 200, stock: null });
    expect(put.json()).toMatchObject({ points: 200, stock: null });
    expect((await admin.put('/api/loyalty/rewards/00000000-0000-4000-8000-000000000000', { nameFa: 'x', points: 1 })).statusCode).toBe(404);
  });
});

describe('redeeming', () => {
  it('takes the reward\'s points as a redeem entry and one unit of stock', async () => {
    const r = await sales.post(`/api/loyalty/rewards/${mug}/redeem`, { customerId });
    expect(r.statusCode, r.body).toBe(201);
    // 500 − 300 = 200.
    expect(r.json()).toMatchObject({ balance: 200, entry: { kind: 'redeem', points: -300, sourceType: 'reward', sourceId: mug, reason: 'لیوان باشگاه' }, reward: { stock: 0 } });
    expect(await stock(mug)).toBe(0);
  });

  it('out of stock and not enough points are 409 with nothing written', async () => {
    const out = await sales.post(`/api/loyalty/rewards/${mug}/redeem`, { customerId });
    expect(out.statusCode).toBe(409);
    expect(out.json().error.code).toBe('OUT_OF_STOCK');
    // 200 points, the voucher costs 200: once, not twice.
    expect((await sales.post(`/api/loyalty/rewards/${voucher}/redeem`, { customerId })).statusCode).toBe(201);
    const poor = await sales.post(`/api/loyalty/rewards/${voucher}/redeem`, { customerId });
    expect(poor.statusCode).toBe(409);
    expect(poor.json().error.code).toBe('INSUFFICIENT_POINTS');
    expect(await balance(customerId)).toBe(0);
    expect(await redeems(customerId)).toBe(2);
    expect(await stock(mug)).toBe(0);
  });

  it('an archived or unknown reward is 404; a read-only role is 403', async () => {
    const old = (await admin.get('/api/loyalty/rewards?all=1')).json().items.find((x: { active: boolean }) => !x.active).id;
    expect((await sales.post(`/api/loyalty/rewards/${old}/redeem`, { customerId })).statusCode).toBe(404);
    expect((await sales.post('/api/loyalty/rewards/00000000-0000-4000-8000-000000000000/redeem', { customerId })).statusCode).toBe(404);
    const ro = { ...DEFAULT_ROLES.sales.permissions, customers: { ops: ['read'], scope: 'all' } };
    expect((await admin.post('/api/roles', { key: 'ro_customers', name: 'فقط خواندن', permissions: ro })).statusCode).toBe(201);
    const readOnly = await env.login('ro_customers' as 'sales');
    expect((await readOnly.get('/api/loyalty/rewards')).statusCode).toBe(200);
    expect((await readOnly.post(`/api/loyalty/rewards/${voucher}/redeem`, { customerId })).statusCode).toBe(403);
    expect(await redeems(customerId)).toBe(2);
  });

  it('two redemptions of the last unit at once: one gets it, the other is OUT_OF_STOCK', async () => {
    const last = (await admin.post('/api/loyalty/rewards', { nameFa: 'آخرین بلیت', points: 10, stock: 1 })).json().id;
    const ids: string[] = [];
    for (const n of ['الف', 'ب']) {
      const id = (await sales.post('/api/customers', { kind: 'person', lastName: `رقیب ${n}`, force: true })).json().id;
      await admin.post('/api/loyalty/ledger', { customerId: id, kind: 'earn', points: 50, reason: 'شروع' });
      ids.push(id);
    }
    const res = await Promise.all(ids.map((id) => sales.post(`/api/loyalty/rewards/${last}/redeem`, { customerId: id })));
    expect(res.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(res.find((r) => r.statusCode === 409)!.json().error.code).toBe('OUT_OF_STOCK');
    expect(await stock(last)).toBe(0);
    expect((await Promise.all(ids.map(balance))).sort()).toEqual([40, 50]);
  });
});
