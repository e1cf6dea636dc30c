import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import type { RoleKey } from '../../../common/permissions.ts';

let env: TestEnv;
let admin: Agent;
let manager: Agent;

type Task = { id: string; title: string; dueAt: string | null; completedAt: string | null; status: string; assigneeId: string; isPromise: boolean; overdue: boolean };

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  manager = await env.login('manager');
});
afterAll(async () => env?.close());

async function customerOf(agent: Agent, lastName: string): Promise<string> {
  const res = await agent.post('/api/customers', { kind: 'person', lastName });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

const titles = (items: Task[]) => items.map((t) => t.title).sort();

describe('creating tasks', () => {
  it('creates a task for oneself and for another active user', async () => {
    const sales = await env.login('sales');
    const other = await env.login('sales');
    const c = await customerOf(sales, 'بهرامی');
    const own = await sales.post('/api/tasks', { title: 'پیگیری پیش‌فاکتور', customerId: c, dueAt: '2026-11-25T06:30:00Z', priority: 'high' });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json()).toMatchObject({ assigneeId: sales.userId, customerId: c, customerName: 'بهرامی', priority: 'high', status: 'open', isPromise: false, completedAt: null, overdue: false });
    const theirs = await sales.post('/api/tasks', { title: 'ارسال کاتالوگ', assigneeId: other.userId });
    expect(theirs.statusCode, theirs.body).toBe(201);
    expect(theirs.json().assigneeId).toBe(other.userId);
    expect(theirs.json().createdBy).toBe(sales.userId);
    const otherList = (await other.get('/api/tasks?view=mine')).json();
    expect(titles(otherList.items)).toEqual(['ارسال کاتالوگ']);
  });

  it('rejects an unknown or inactive assignee and a reminder after the due time with 400, writing nothing', async () => {
    const sales = await env.login('sales');
    const leaver = await env.login('sales');
    const off = await admin.patch(`/api/users/${leaver.userId}`, { active: false });
    expect(off.statusCode, off.body).toBe(200);
    const cases = [
      { title: 'x', assigneeId: randomUUID() },
      { title: 'x', assigneeId: leaver.userId },
      { title: 'x', dueAt: '2026-11-25T06:30:00Z', reminderAt: '2026-11-25T07:00:00Z' },
    ];
    for (const body of cases) {
      const res = await sales.post('/api/tasks', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await sales.get('/api/tasks?view=mine')).json().total).toBe(0);
    // Moving the due time before an existing reminder is refused too.
    const t = (await sales.post('/api/tasks', { title: 'y', dueAt: '2026-11-25T06:30:00Z', reminderAt: '2026-11-25T06:00:00Z' })).json();
    const bad = await sales.patch(`/api/tasks/${t.id}`, { dueAt: '2026-11-25T05:00:00Z' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toHaveProperty('reminderAt');
    expect((await sales.get(`/api/tasks/${t.id}`)).json().dueAt).toBe('2026-11-25T06:30:00.000Z');
  });
});

describe('my tasks by due bucket', () => {
  it('splits overdue / today / upcoming / no date with counts, "today" in Tehran time', async () => {
    const sales = await env.login('sales');
    // 22:30 in Tehran (UTC+3:30) on 2026-11-23; in UTC it is still 19:00 the same day.
    env.clock.set('2026-11-23T19:00:00Z');
    const make = async (title: string, dueAt: string | null) => {
      const r = await sales.post('/api/tasks', { title, dueAt });
      expect(r.statusCode, r.body).toBe(201);
    };
    await make('overdue-morning', '2026-11-23T05:00:00Z'); // 08:30 Tehran today, passed
    await make('today-2300-tehran', '2026-11-23T19:30:00Z'); // 23:00 Tehran today
    await make('tomorrow-0030-tehran', '2026-11-23T21:00:00Z'); // 00:30 Tehran tomorrow (still the 23rd in UTC)
    await make('next-week', '2026-11-30T08:00:00Z');
    await make('someday', null);

    const all = (await sales.get('/api/tasks?view=mine')).json();
    expect(all.counts).toEqual({ overdue: 1, today: 1, upcoming: 2, noDate: 1 });
    expect(all.total).toBe(5);
    const bucket = async (b: string) => titles((await sales.get(`/api/tasks?view=mine&bucket=${b}`)).json().items);
    expect(await bucket('overdue')).toEqual(['overdue-morning']);
    expect(await bucket('today')).toEqual(['today-2300-tehran']);
    expect(await bucket('upcoming')).toEqual(['next-week', 'tomorrow-0030-tehran']);
    expect(await bucket('no_date')).toEqual(['someday']);
    const overdueItem = all.items.find((t: Task) => t.title === 'overdue-morning');
    expect(overdueItem.overdue).toBe(true);

    // An hour later it is 23:30 Tehran: the 23:00 task is overdue, 00:30 is still tomorrow.
    env.clock.set('2026-11-23T20:00:00Z');
    expect((await sales.get('/api/tasks?view=mine')).json().counts).toEqual({ overdue: 2, today: 0, upcoming: 2, noDate: 1 });
    // After Tehran midnight (00:05 on the 24th, 20:35 UTC on the 23rd) the 00:30 task is today.
    env.clock.set('2026-11-23T20:35:00Z');
    expect(await bucket('today')).toEqual(['tomorrow-0030-tehran']);

    // For a user living in UTC, the day of the 23rd runs to 24:00 UTC, so the 00:30-Tehran task (21:00 UTC) is today.
    const pref = await sales.patch('/api/auth/me/preferences', { timeZone: 'UTC' });
    expect(pref.statusCode, pref.body).toBe(200);
    env.clock.set('2026-11-23T12:00:00Z'); // 15:30 Tehran, 12:00 UTC
    expect(await bucket('today')).toEqual(['today-2300-tehran', 'tomorrow-0030-tehran']);
    await sales.patch('/api/auth/me/preferences', { timeZone: 'Asia/Tehran' });
    expect(await bucket('today')).toEqual(['today-2300-tehran']);
    env.clock.set('2026-11-23T08:00:00Z');
  });
});

describe('today in a zone with daylight saving', () => {
  it('keeps the whole local day on the 25-hour day when clocks go back', async () => {
    const sales = await env.login('sales');
    expect((await sales.patch('/api/auth/me/preferences', { timeZone: 'Europe/Berlin' })).statusCode).toBe(200);
    // Berlin leaves summer time at 03:00 CEST on 2026-10-25 (01:00 UTC): that day runs 22:00Z on the 24th to 23:00Z on the 25th.
    env.clock.set('2026-10-25T12:00:00Z'); // 13:00 CET
    const make = async (title: string, dueAt: string) => expect((await sales.post('/api/tasks', { title, dueAt })).statusCode).toBe(201);
    await make('late-evening-2330', '2026-10-25T22:30:00Z'); // 23:30 CET, still the 25th
    await make('next-day-0030', '2026-10-25T23:30:00Z'); // 00:30 CET on the 26th
    await make('early-0030', '2026-10-24T22:30:00Z'); // 00:30 CEST on the 25th: today, already past
    const list = (await sales.get('/api/tasks?view=mine')).json();
    expect(list.counts).toEqual({ overdue: 1, today: 1, upcoming: 1, noDate: 0 });
    expect(titles((await sales.get('/api/tasks?view=mine&bucket=today')).json().items)).toEqual(['late-evening-2330']);
    // Just after local midnight at the start of that day (00:10 CEST = 22:10Z on the 24th).
    env.clock.set('2026-10-24T22:10:00Z');
    expect(titles((await sales.get('/api/tasks?view=mine&bucket=today')).json().items)).toEqual(['early-0030', 'late-evening-2330']);
    env.clock.set('2026-11-23T08:00:00Z');
  });
});

describe('completing and reopening', () => {
  it('sets and clears completedAt and writes audit rows', async () => {
    const sales = await env.login('sales');
    const c = await customerOf(sales, 'جعفری');
    env.clock.set('2026-11-23T08:00:00Z');
    const t = (await sales.post('/api/tasks', { title: 'تماس با جعفری', customerId: c, dueAt: '2026-11-24T08:00:00Z' })).json();
    env.clock.set('2026-11-23T09:15:00Z');
    const done = await sales.patch(`/api/tasks/${t.id}`, { status: 'done' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', completedAt: '2026-11-23T09:15:00.000Z' });
    expect((await sales.get('/api/tasks?view=mine')).json().total).toBe(0);
    expect(titles((await sales.get('/api/tasks?view=mine&status=done')).json().items)).toEqual(['تماس با جعفری']);

    env.clock.set('2026-11-23T10:00:00Z');
    const reopened = await sales.patch(`/api/tasks/${t.id}`, { status: 'open' });
    expect(reopened.json()).toMatchObject({ status: 'open', completedAt: null });
    expect((await sales.get('/api/tasks?view=mine')).json().total).toBe(1);

    const audit = (await sales.get(`/api/customers/${c}/audit`)).json().items as { entityType: string; entityId: string; action: string; field: string | null; oldValue: unknown; newValue: unknown }[];
    const rows = audit.filter((a) => a.entityType === 'task' && a.entityId === t.id);
    expect(rows.map((r) => r.action).sort()).toEqual(['create', 'update', 'update', 'update', 'update']);
    expect(rows).toEqual(expect.arrayContaining([
      expect.objectContaining({ action: 'update', field: 'status', oldValue: 'open', newValue: 'done' }),
      expect.objectContaining({ action: 'update', field: 'completedAt', oldValue: null, newValue: '2026-11-23T09:15:00.000Z' }),
      expect.objectContaining({ action: 'update', field: 'status', oldValue: 'done', newValue: 'open' }),
      expect.objectContaining({ action: 'update', field: 'completedAt', oldValue: '2026-11-23T09:15:00.000Z', newValue: null }),
    ]));
    env.clock.set('2026-11-23T08:00:00Z');
  });

  it('shows field, old and new values of task edits in the customer audit', async () => {
    const sales = await env.login('sales');
    const other = await env.login('sales');
    const c = await customerOf(sales, 'کاظمی');
    const t = (await sales.post('/api/tasks', { title: 'ارسال نمونه', customerId: c, dueAt: '2026-11-26T08:00:00Z', priority: 'low' })).json();
    const r = await sales.patch(`/api/tasks/${t.id}`, { title: 'ارسال نمونهٔ رنگ', dueAt: '2026-11-27T08:00:00Z', priority: 'urgent', assigneeId: other.userId });
    expect(r.statusCode, r.body).toBe(200);
    const audit = (await sales.get(`/api/customers/${c}/audit`)).json().items as { entityId: string; action: string; field: string; oldValue: unknown; newValue: unknown; actorId: string }[];
    const changes = Object.fromEntries(audit.filter((a) => a.entityId === t.id && a.action === 'update').map((a) => [a.field, [a.oldValue, a.newValue]]));
    expect(changes).toEqual({
      title: ['ارسال نمونه', 'ارسال نمونهٔ رنگ'],
      dueAt: ['2026-11-26T08:00:00.000Z', '2026-11-27T08:00:00.000Z'],
      priority: ['low', 'urgent'],
      assigneeId: [sales.userId, other.userId],
    });
    expect(audit.filter((a) => a.entityId === t.id).every((a) => a.actorId === sales.userId)).toBe(true);
  });
});

describe('team view, promises and broken promises', () => {
  it('keeps the team view and broken promises for managers', async () => {
    const sales = await env.login('sales');
    await sales.post('/api/tasks', { title: 'team-visible', dueAt: '2026-11-24T08:00:00Z' });
    for (const view of ['team', 'broken_promises']) {
      const res = await sales.get(`/api/tasks?view=${view}`);
      expect(res.statusCode, view).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    const team = await manager.get(`/api/tasks?view=team&assigneeId=${sales.userId}`);
    expect(team.statusCode).toBe(200);
    expect(titles(team.json().items)).toEqual(['team-visible']);
    const everyone = (await manager.get('/api/tasks?view=team&pageSize=200')).json();
    expect(everyone.items.map((t: Task) => t.assigneeId)).toContain(sales.userId);
    expect((await manager.get('/api/tasks?view=broken_promises')).statusCode).toBe(200);
  });

  it('lists promises made in a call, and as broken once their time passes', async () => {
    const sales = await env.login('sales');
    const c = await customerOf(sales, 'نوروزی');
    env.clock.set('2026-11-23T08:00:00Z');
    const call = await sales.post('/api/interactions', {
      customerId: c, kind: 'call', direction: 'out', summary: 'قول ارسال قیمت',
      promises: [{ title: 'ارسال قیمت تا فردا ظهر', dueAt: '2026-11-24T08:30:00Z' }, { title: 'تماس پس‌فردا', dueAt: '2026-11-25T08:30:00Z' }],
    });
    expect(call.statusCode, call.body).toBe(201);
    const ids = call.json().promises.map((p: Task) => p.id);
    expect(call.json().promises.every((p: Task) => p.isPromise && p.assigneeId === sales.userId)).toBe(true);

    const mine = (await sales.get('/api/tasks?view=promises')).json();
    expect(titles(mine.items)).toEqual(['ارسال قیمت تا فردا ظهر', 'تماس پس‌فردا']);
    const byManager = (await manager.get(`/api/tasks?view=promises&customerId=${c}`)).json();
    expect(byManager.items.map((t: Task) => t.id).sort()).toEqual([...ids].sort());
    const brokenBefore = (await manager.get(`/api/tasks?view=broken_promises&customerId=${c}`)).json();
    expect(brokenBefore.total).toBe(0);

    env.clock.set('2026-11-24T09:00:00Z'); // past the first promise only
    const broken = (await manager.get(`/api/tasks?view=broken_promises&customerId=${c}`)).json();
    expect(titles(broken.items)).toEqual(['ارسال قیمت تا فردا ظهر']);
    expect(broken.items[0].overdue).toBe(true);
    // Keeping the promise late takes it off the broken list.
    await sales.patch(`/api/tasks/${broken.items[0].id}`, { status: 'done' });
    expect((await manager.get(`/api/tasks?view=broken_promises&customerId=${c}`)).json().total).toBe(0);
    env.clock.set('2026-11-23T08:00:00Z');
  });

  it('refuses a call whose promise has a bad assignee or reminder, and keeps neither the call nor the promise', async () => {
    const sales = await env.login('sales');
    const c = await customerOf(sales, 'رحیمی');
    for (const promise of [
      { title: 'p', dueAt: '2026-11-24T08:30:00Z', assigneeId: randomUUID() },
      { title: 'p', dueAt: '2026-11-24T08:30:00Z', reminderAt: '2026-11-24T09:00:00Z' },
    ]) {
      const res = await sales.post('/api/interactions', { customerId: c, kind: 'note', summary: 'با قول نادرست', promises: [promise] });
      expect(res.statusCode, JSON.stringify(promise)).toBe(400);
    }
    const view = (await sales.get(`/api/customers/${c}`)).json();
    expect(view.counters.interactions).toBe(0);
    expect(view.openPromises).toEqual([]);
  });
});

describe('tasks of a deleted customer', () => {
  it('leaves My tasks and the task views with the customer, instead of lingering as a task nobody can complete', async () => {
    const sales = await env.login('sales');
    const c = await customerOf(sales, 'منحل');
    const t = (await sales.post('/api/tasks', { title: 'پیگیری مشتری حذف‌شده', customerId: c, dueAt: '2026-11-24T08:00:00Z' })).json();
    await sales.post('/api/interactions', { customerId: c, kind: 'note', summary: 'قول', promises: [{ title: 'قول به مشتری حذف‌شده', dueAt: '2026-11-23T09:00:00Z' }] });
    expect((await sales.get('/api/tasks?view=mine')).json().total).toBe(2);
    expect((await manager.del(`/api/customers/${c}`)).statusCode).toBe(204);
    expect((await sales.get('/api/tasks?view=mine')).json()).toMatchObject({ total: 0, counts: { overdue: 0, today: 0, upcoming: 0, noDate: 0 } });
    expect((await sales.get(`/api/tasks/${t.id}`)).statusCode).toBe(404);
    env.clock.set('2026-11-24T08:00:00Z');
    expect((await manager.get(`/api/tasks?view=broken_promises&customerId=${c}`)).json().total).toBe(0);
    expect((await manager.get(`/api/tasks?view=team&assigneeId=${sales.userId}`)).json().total).toBe(0);
    env.clock.set('2026-11-23T08:00:00Z');
  });
});

describe('visibility', () => {
  it('answers 404 for a task on a customer the user may not see', async () => {
    const role = await admin.post('/api/roles', {
      key: 'own_only', name: 'فقط مشتریان خودم',
      permissions: { customers: { ops: ['read', 'create', 'update'], scope: 'own' }, tasks: { ops: ['read', 'create', 'update'], scope: 'all' }, audit: { ops: ['read'], scope: 'all' } },
    });
    expect(role.statusCode, role.body).toBe(201);
    const limited = await env.login('own_only' as RoleKey);
    const owner = await env.login('sales');
    const hidden = await customerOf(owner, 'پنهانی');
    const t = (await owner.post('/api/tasks', { title: 'روی مشتری پنهان', customerId: hidden, assigneeId: limited.userId })).json();
    expect(t.id).toBeTruthy();

    const create = await limited.post('/api/tasks', { title: 'نباید ساخته شود', customerId: hidden });
    expect(create.statusCode).toBe(404);
    expect(create.json().error.code).toBe('NOT_FOUND');
    expect((await limited.get(`/api/tasks/${t.id}`)).statusCode).toBe(404);
    expect((await limited.patch(`/api/tasks/${t.id}`, { status: 'done' })).statusCode).toBe(404);
    expect((await limited.get('/api/tasks?view=mine')).json().items.map((x: Task) => x.id)).not.toContain(t.id);
    expect((await limited.get(`/api/customers/${hidden}/audit`)).statusCode).toBe(404);
    // The owner still sees it, untouched.
    expect((await owner.get(`/api/tasks/${t.id}`)).json().status).toBe('open');
    // A customer of their own works.
    const mine = await customerOf(limited, 'آشکار');
    expect((await limited.post('/api/tasks', { title: 'روی مشتری خودم', customerId: mine })).statusCode).toBe(201);
  });
});
