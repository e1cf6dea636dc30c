/** The bell's answers: the list with its unread count, marking one or all read (204), another user's notice unseen. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { notify } from './index.ts';

let env: TestEnv;
let sales: Agent;
let other: Agent;
beforeAll(async () => { env = await createTestEnv(); sales = await env.login('sales'); other = await env.login('sales'); });
afterAll(async () => env?.close());

describe('notification answers', () => {
  it('lists the user’s own notices with the unread count, and marks one and then all read', async () => {
    const db = env.rt.database.db;
    await notify(db, { userId: sales.userId, kind: 'task_reminder', title: 'پیگیری تماس', body: 'فردا ساعت ۱۰', link: '/tasks', dedupeKey: 'n-1' });
    await notify(db, { userId: sales.userId, kind: 'ticket_breach', title: 'تیکت دیر شد', dedupeKey: 'n-2' });
    await notify(db, { userId: other.userId, kind: 'task_reminder', title: 'مال دیگری', dedupeKey: 'n-3' });

    const list = await sales.get('/api/notifications');
    expect(list.statusCode).toBe(200);
    const body = list.json() as { items: { id: string; title: string; body: string | null; link: string | null; readAt: string | null; createdAt: string }[]; unread: number };
    expect(body.unread).toBe(2);
    expect(body.items.map((n) => n.title).sort()).toEqual(['پیگیری تماس', 'تیکت دیر شد'].sort());
    const reminder = body.items.find((n) => n.title === 'پیگیری تماس')!;
    expect(reminder).toMatchObject({ kind: 'task_reminder', body: 'فردا ساعت ۱۰', link: '/tasks', readAt: null });
    expect(Object.keys(reminder).sort()).toEqual(['body', 'createdAt', 'id', 'kind', 'link', 'readAt', 'title']);

    const one = await sales.post(`/api/notifications/${reminder.id}/read`);
    expect(one.statusCode, one.body).toBe(204);
    expect(one.body).toBe('');
    const after = (await sales.get('/api/notifications')).json();
    expect(after.unread).toBe(1);
    expect(after.items.find((n: { id: string }) => n.id === reminder.id).readAt).toEqual(expect.stringMatching(/Z$/));

    // Another user's notice is "not found" to this one.
    const foreign = (await other.get('/api/notifications')).json().items[0];
    expect((await sales.post(`/api/notifications/${foreign.id}/read`)).statusCode).toBe(404);

    const all = await sales.post('/api/notifications/read-all');
    expect(all.statusCode, all.body).toBe(204);
    expect((await sales.get('/api/notifications')).json().unread).toBe(0);
    expect((await other.get('/api/notifications')).json().unread).toBe(1);
  });
});
