/** My tasks at scale: counts stop at the cap whatever the backlog, pages come in the list's order, others' tasks never count. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(async () => env?.close());

/** n open tasks for a user, due one minute apart from `from`, straight into the table (the API would take minutes). */
async function bulkTasks(userId: string, customerId: string | null, n: number, from: string, title: string) {
  await env.rt.database.query(`INSERT INTO tasks (customer_id, title, due_at, assignee_id, created_by, priority, status)
    SELECT $1::uuid, $2 || ' ' || lpad(g::text, 5, '0'), $3::timestamptz + make_interval(mins => g), $4::uuid, $4::uuid, 'normal', 'open'
    FROM generate_series(1, $5::int) g`, [customerId, title, from, userId, n]);
}

describe('my tasks with a large backlog', () => {
  it('caps each count at 1000, pages in due order, and is not moved by another user\'s backlog', async () => {
    env.clock.set('2026-11-23T08:00:00Z');
    const busy = await env.login('sales');
    const other = await env.login('sales');
    const c = (await busy.post('/api/customers', { kind: 'person', lastName: 'پرکار' })).json().id as string;
    // 1,003 overdue (from 3 days ago), 2 later today (Tehran day ends 20:30 UTC), 1 without a date.
    await bulkTasks(busy.userId, c, 1003, '2026-11-20T00:00:00Z', 'عقب‌افتاده');
    await bulkTasks(busy.userId, c, 2, '2026-11-23T09:00:00Z', 'امروز');
    await env.rt.database.query(`INSERT INTO tasks (title, assignee_id, created_by) VALUES ('بی‌تاریخ', $1, $1)`, [busy.userId]);
    await bulkTasks(other.userId, null, 1500, '2026-11-01T00:00:00Z', 'دیگری');
    await bulkTasks(other.userId, null, 3, '2026-11-24T00:00:00Z', 'آینده دیگری');

    const all = (await busy.get('/api/tasks?view=mine')).json();
    expect(all.counts).toEqual({ overdue: 1000, today: 2, upcoming: 0, noDate: 1 });
    expect(all.countCap).toBe(1000);
    expect(all.total).toBe(1000);
    expect(all.items).toHaveLength(50);
    // Soonest first: the first overdue task (due 2026-11-20 00:01) leads; the 50th is 00:50.
    expect(all.items[0]).toMatchObject({ title: 'عقب‌افتاده 00001', dueAt: '2026-11-20T00:01:00.000Z', overdue: true, customerName: 'پرکار' });
    expect(all.items[49].title).toBe('عقب‌افتاده 00050');

    const today = (await busy.get('/api/tasks?view=mine&bucket=today')).json();
    expect(today.total).toBe(2);
    expect(today.items.map((t: { title: string }) => t.title)).toEqual(['امروز 00001', 'امروز 00002']);
    const noDate = (await busy.get('/api/tasks?view=mine&bucket=no_date')).json();
    expect(noDate.items.map((t: { title: string }) => t.title)).toEqual(['بی‌تاریخ']);
    // Page 21 of the overdue bucket (rows 1001–1003) is past the capped total but still answers in order.
    const last = (await busy.get('/api/tasks?view=mine&bucket=overdue&page=21&pageSize=50')).json();
    expect(last.items.map((t: { title: string }) => t.title)).toEqual(['عقب‌افتاده 01001', 'عقب‌افتاده 01002', 'عقب‌افتاده 01003']);

    // The other seller counts only their own: 1,500 overdue (capped), 3 upcoming.
    expect((await other.get('/api/tasks?view=mine')).json().counts).toEqual({ overdue: 1000, today: 0, upcoming: 3, noDate: 0 });

    // Done tasks leave the open counts; a deleted customer takes its tasks along.
    await env.rt.database.query(`UPDATE tasks SET status = 'done' WHERE assignee_id = $1 AND title LIKE 'امروز%'`, [busy.userId]);
    const manager = await env.login('manager');
    expect((await manager.del(`/api/customers/${c}`)).statusCode).toBe(204);
    expect((await busy.get('/api/tasks?view=mine')).json()).toMatchObject({ total: 1, counts: { overdue: 0, today: 0, upcoming: 0, noDate: 1 } });
  });
});
