import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let admin: Agent;
let sales: Agent;
const names = (res: { json(): { items: { displayName: string }[] } }) => res.json().items.map((c) => c.displayName);

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  sales = await env.login('sales');
});
afterAll(async () => env?.close());

describe('list columns per user', () => {
  it('are null until saved, then kept per user and per list', async () => {
    expect((await sales.get('/api/list-preferences/customers')).json()).toEqual({ list: 'customers', columns: null });
    const put = await sales.put('/api/list-preferences/customers', { columns: ['name', 'lastContact', 'stage'] });
    expect(put.statusCode, put.body).toBe(200);
    await sales.put('/api/list-preferences/customers', { columns: ['stage', 'name'] });
    expect((await sales.get('/api/list-preferences/customers')).json().columns).toEqual(['stage', 'name']);
    expect((await admin.get('/api/list-preferences/customers')).json().columns).toBeNull();
    expect((await sales.get('/api/list-preferences/tickets')).json().columns).toBeNull();
    expect((await sales.put('/api/list-preferences/customers', { columns: ['a', 'a'] })).statusCode).toBe(400);
    expect((await sales.put('/api/list-preferences/nope', { columns: ['a'] })).statusCode).toBe(400);
  });
});

describe('customers list order and columns', () => {
  it('lists by last activity (the latest touch), not by last update; sorts by the whitelisted keys only', async () => {
    const mk = async (firstName: string) => (await admin.post('/api/customers', { kind: 'person', firstName, lastName: 'ترتیب' })).json() as { id: string };
    const a = await mk('اول');
    env.clock.advance(60_000);
    const b = await mk('دوم');
    env.clock.advance(60_000);
    const c = await mk('سوم');
    env.clock.advance(60_000);
    // A call with the first, a ticket for the second; the third is edited (an update, not a touch) last. A call logged
    // now that happened before everything else counts at its own time and moves nothing.
    await admin.post('/api/interactions', { customerId: a.id, kind: 'call', direction: 'out', summary: 'تماس' });
    env.clock.advance(60_000);
    const t = await admin.post('/api/tickets', { customerId: b.id, channel: 'phone', subject: 'خرابی' });
    expect(t.statusCode, t.body).toBe(201);
    env.clock.advance(60_000);
    await admin.patch(`/api/customers/${c.id}`, { city: 'تبریز' });
    await admin.post('/api/interactions', { customerId: c.id, kind: 'call', direction: 'in', summary: 'دیروز', occurredAt: '2026-11-22T08:00:00Z' });
    const list = await admin.get(`/api/customers?tag=&q=&pageSize=100`);
    const mine = list.json().items.filter((i: { lastName: string }) => i.lastName === 'ترتیب');
    expect(mine.map((i: { firstName: string }) => i.firstName)).toEqual(['دوم', 'اول', 'سوم']);
    expect(mine[0].lastActivityAt).toBe('2026-11-23T08:04:00.000Z');
    expect(mine[1].lastActivityAt).toBe('2026-11-23T08:03:00.000Z');
    expect(mine[2].lastActivityAt).toBe('2026-11-23T08:02:00.000Z'); // created: the first touch
    const asc = (await admin.get('/api/customers?sort=lastActivity&pageSize=100')).json().items.filter((i: { lastName: string }) => i.lastName === 'ترتیب');
    expect(asc.map((i: { firstName: string }) => i.firstName)).toEqual(['سوم', 'اول', 'دوم']);
    expect(names(await admin.get('/api/customers?sort=-updated&pageSize=3'))[0]).toBe('سوم ترتیب');
    expect((await admin.get('/api/customers?sort=city')).statusCode).toBe(400);
  });

  it('shows each row’s next open task or promise (the earliest due; none: null)', async () => {
    const c = (await admin.post('/api/customers', { kind: 'person', firstName: 'وظیفه', lastName: 'دار' })).json() as { id: string };
    await admin.post('/api/tasks', { title: 'دیرتر', customerId: c.id, dueAt: '2026-11-30T08:00:00Z' });
    await admin.post('/api/tasks', { title: 'زودتر', customerId: c.id, dueAt: '2026-11-25T08:00:00Z' });
    await admin.post('/api/tasks', { title: 'بی‌تاریخ', customerId: c.id });
    const item = (await admin.get(`/api/customers?q=${encodeURIComponent('وظیفه دار')}`)).json().items[0];
    expect(item.nextTask).toMatchObject({ title: 'زودتر', dueAt: '2026-11-25T08:00:00.000Z', isPromise: false });
    const other = (await admin.get(`/api/customers?q=${encodeURIComponent('اول ترتیب')}`)).json().items[0];
    expect(other.nextTask).toBeNull();
  });
});
