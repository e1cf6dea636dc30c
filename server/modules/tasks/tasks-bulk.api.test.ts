import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, loginAs, type TestEnv, type Agent } from '../../test/harness.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';

let env: TestEnv;
let admin: Agent;
let sales: Agent;
let other: Agent;
let viewer: Agent;
let ownOnly: Agent;
let ids: string[] = [];
type Task = { id: string; assigneeId: string; dueAt: string | null; status: string; completedAt: string | null };
const task = async (id: string) => (await admin.get(`/api/tasks/${id}`)).json() as Task;

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  sales = await env.login('sales');
  other = await env.login('sales');
  // A reader of tasks (no update), and a salesperson who sees only their own tasks.
  const role = async (key: string, tasks: { ops: ('read' | 'create' | 'update')[]; scope: 'all' | 'own' }) => {
    const permissions = structuredClone(DEFAULT_ROLES.sales.permissions);
    permissions.tasks = tasks;
    const made = await admin.post('/api/roles', { key, name: key, permissions });
    await admin.post('/api/users', { email: `${key}@test.example`, name: key, password: 'Kooh-Sabz-Abi-Nazok-12', roleId: made.json().id });
    return loginAs(env.app, `${key}@test.example`, 'Kooh-Sabz-Abi-Nazok-12');
  };
  viewer = await role('task_reader', { ops: ['read'], scope: 'all' });
  ownOnly = await role('own_tasks', { ops: ['read', 'create', 'update'], scope: 'own' });
  const c = (await sales.post('/api/customers', { kind: 'person', firstName: 'کار', lastName: 'گروهی' })).json();
  ids = [];
  for (const [title, dueAt] of [['یک', '2026-11-25T06:30:00Z'], ['دو', '2026-11-26T06:30:00Z'], ['سه', null]] as const) {
    const t = await sales.post('/api/tasks', { title, customerId: c.id, ...(dueAt ? { dueAt } : {}) });
    expect(t.statusCode, t.body).toBe(201);
    ids.push(t.json().id);
  }
});
afterAll(async () => env?.close());

describe('tasks bulk edit', () => {
  it('completes three tasks and the undo reopens them', async () => {
    const res = await sales.post('/api/tasks/bulk', { action: 'setStatus', ids, value: 'done' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().updated).toBe(3);
    for (const id of ids) expect(await task(id)).toMatchObject({ status: 'done', completedAt: env.clock.now().toISOString() });
    const audit = await env.rt.database.query<{ actor_id: string; new_value: unknown }>(
      `SELECT actor_id, new_value FROM audit_log WHERE entity_type = 'task' AND entity_id = $1 AND field = 'status'`, [ids[1]]);
    expect(audit.map((a) => [a.actor_id, a.new_value])).toEqual([[sales.userId, 'done']]);
    const undo = await sales.post('/api/tasks/bulk/undo', { undoToken: res.json().undoToken });
    expect(undo.json()).toEqual({ reverted: 3, skipped: [] });
    for (const id of ids) expect(await task(id)).toMatchObject({ status: 'open', completedAt: null });
  });

  it('sets one due time (the same instant in another offset counts as unchanged) and the undo restores each own', async () => {
    await sales.patch(`/api/tasks/${ids[0]}`, { dueAt: '2026-11-28T06:30:00Z' });
    const res = await sales.post('/api/tasks/bulk', { action: 'setDue', ids, value: '2026-11-28T10:00:00+03:30' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().updated).toBe(2);
    for (const id of ids) expect((await task(id)).dueAt).toBe('2026-11-28T06:30:00.000Z');
    await sales.post('/api/tasks/bulk/undo', { undoToken: res.json().undoToken });
    expect((await task(ids[0])).dueAt).toBe('2026-11-28T06:30:00.000Z');
    expect((await task(ids[1])).dueAt).toBe('2026-11-26T06:30:00.000Z');
    expect((await task(ids[2])).dueAt).toBeNull();
  });

  it('a task that refuses (its reminder would fall after the new due time) refuses all, named; re-read: unchanged', async () => {
    await sales.patch(`/api/tasks/${ids[1]}`, { reminderAt: '2026-11-26T06:00:00Z' });
    const res = await sales.post('/api/tasks/bulk', { action: 'setDue', ids, value: '2026-11-24T06:00:00Z' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.ids).toEqual([ids[1]]);
    expect((await task(ids[0])).dueAt).toBe('2026-11-28T06:30:00.000Z');
    expect((await task(ids[1])).dueAt).toBe('2026-11-26T06:30:00.000Z');
  });

  it('reassigns; a task the actor may not see refuses the whole request; a viewer may not bulk edit', async () => {
    const res = await sales.post('/api/tasks/bulk', { action: 'assign', ids, value: other.userId });
    expect(res.statusCode, res.body).toBe(200);
    for (const id of ids) expect((await task(id)).assigneeId).toBe(other.userId);
    const undo = await sales.post('/api/tasks/bulk/undo', { undoToken: res.json().undoToken });
    expect(undo.json().reverted).toBe(3);
    for (const id of ids) expect((await task(id)).assigneeId).toBe(sales.userId);

    const denied = await viewer.post('/api/tasks/bulk', { action: 'setStatus', ids, value: 'done' });
    expect(denied.statusCode).toBe(403);
    for (const id of ids) expect((await task(id)).status).toBe('open');
    const mine = (await ownOnly.post('/api/tasks', { title: 'مال خودم' })).json();
    const hidden = await ownOnly.post('/api/tasks/bulk', { action: 'setStatus', ids: [mine.id, ids[0]], value: 'done' });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error.details.ids).toEqual([ids[0]]);
    expect((await task(mine.id)).status).toBe('open');
    expect((await task(ids[0])).status).toBe('open');
    const deleted = (await sales.post('/api/tasks', { title: 'حذف‌شده' })).json();
    await admin.del(`/api/tasks/${deleted.id}`);
    const res2 = await sales.post('/api/tasks/bulk', { action: 'setStatus', ids: [...ids, deleted.id], value: 'done' });
    expect(res2.statusCode).toBe(404);
    expect(res2.json().error.details.ids).toEqual([deleted.id]);
    for (const id of ids) expect((await task(id)).status).toBe('open');
    expect((await sales.post('/api/tasks/bulk', { action: 'setStatus', ids: [], value: 'done' })).statusCode).toBe(400);
  });

  it('sorts the list by the asked column (priority in urgency order), by due time without one', async () => {
    const mk = async (title: string, priority: string, dueAt: string) => (await other.post('/api/tasks', { title, priority, dueAt })).json().id as string;
    const low = await mk('کم', 'low', '2026-11-30T06:00:00Z');
    const urgent = await mk('فوری', 'urgent', '2026-12-01T06:00:00Z');
    const high = await mk('زیاد', 'high', '2026-11-29T06:00:00Z');
    const order = async (sort?: string) => ((await other.get(`/api/tasks?view=mine&pageSize=50${sort ? `&sort=${sort}` : ''}`)).json().items as { id: string }[])
      .map((t) => t.id).filter((id) => [low, urgent, high].includes(id));
    expect(await order()).toEqual([high, low, urgent]);
    expect(await order('-priority')).toEqual([urgent, high, low]);
    expect(await order('priority')).toEqual([low, high, urgent]);
    expect(await order('-due')).toEqual([urgent, low, high]);
    expect((await other.get('/api/tasks?sort=nope')).statusCode).toBe(400);
  });
});
