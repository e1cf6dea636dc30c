import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, loginAs, type TestEnv, type Agent } from '../../test/harness.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';

let env: TestEnv;
let admin: Agent;
let agent: Agent;
let own: Agent;
let ids: string[] = [];
type T = { id: string; status: string; priority: string; assigneeId: string | null; sla: unknown };
const ticket = async (id: string) => (await admin.get(`/api/tickets/${id}`)).json().ticket as T;

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  agent = await env.login('support');
  const permissions = structuredClone(DEFAULT_ROLES.support.permissions);
  permissions.customers = { ...permissions.customers!, scope: 'own' };
  const role = await admin.post('/api/roles', { key: 'own_support', name: 'پشتیبانی محدود', permissions });
  await admin.post('/api/users', { email: 'own@test.example', name: 'محدود', password: 'Kooh-Sabz-Abi-Nazok-12', roleId: role.json().id });
  own = await loginAs(env.app, 'own@test.example', 'Kooh-Sabz-Abi-Nazok-12');
  const c = (await own.post('/api/customers', { kind: 'person', firstName: 'مشتری', lastName: 'تیکت' })).json();
  ids = [];
  for (const subject of ['یک', 'دو', 'سه']) {
    const t = await own.post('/api/tickets', { customerId: c.id, channel: 'phone', subject, priority: 'normal' });
    expect(t.statusCode, t.body).toBe(201);
    ids.push(t.json().id);
  }
});
afterAll(async () => env?.close());

describe('tickets bulk edit', () => {
  it('sets the priority of three tickets and undoes it', async () => {
    const res = await own.post('/api/tickets/bulk', { action: 'priority', ids, value: 'urgent' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().updated).toBe(3);
    for (const id of ids) expect((await ticket(id)).priority).toBe('urgent');
    const undo = await own.post('/api/tickets/bulk/undo', { undoToken: res.json().undoToken });
    expect(undo.json()).toEqual({ reverted: 3, skipped: [] });
    for (const id of ids) expect((await ticket(id)).priority).toBe('normal');
  });

  it('assigns (a new ticket opens) and the undo sets back both the assignee and the status', async () => {
    const before = await Promise.all(ids.map(ticket));
    const res = await own.post('/api/tickets/bulk', { action: 'assign', ids, value: agent.userId });
    expect(res.statusCode, res.body).toBe(200);
    for (const id of ids) expect((await ticket(id))).toMatchObject({ assigneeId: agent.userId, status: 'open' });
    await own.post('/api/tickets/bulk/undo', { undoToken: res.json().undoToken });
    const after = await Promise.all(ids.map(ticket));
    expect(after.map((t) => [t.assigneeId, t.status])).toEqual(before.map((t) => [t.assigneeId, t.status]));
  });

  it('refuses the whole request when one ticket is not visible, naming it; nothing is written', async () => {
    const other = (await admin.post('/api/customers', { kind: 'person', firstName: 'دیگری', lastName: 'پنهان' })).json();
    const hidden = (await admin.post('/api/tickets', { customerId: other.id, channel: 'web', subject: 'پنهان' })).json();
    const res = await own.post('/api/tickets/bulk', { action: 'status', ids: [...ids, hidden.id], value: 'resolved' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.details.ids).toEqual([hidden.id]);
    for (const id of [...ids, hidden.id]) expect((await ticket(id)).status).not.toBe('resolved');
  });

  it('a ticket that refuses the change (closed) refuses the whole request', async () => {
    await admin.patch(`/api/tickets/${ids[2]}`, { status: 'closed' });
    const res = await admin.post('/api/tickets/bulk', { action: 'priority', ids, value: 'high' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details.ids).toEqual([ids[2]]);
    for (const id of ids) expect((await ticket(id)).priority).toBe('normal');
  });

  it('the sla order puts running clocks first, the earliest deadline on top (an urgent ticket opened later before normal ones)', async () => {
    const c = (await admin.post('/api/customers', { kind: 'person', firstName: 'فوری', lastName: 'مشتری' })).json();
    env.clock.advance(60_000);
    const urgent = (await admin.post('/api/tickets', { customerId: c.id, channel: 'web', subject: 'فوری', priority: 'urgent' })).json();
    expect(urgent.sla).toBeTruthy();
    const items = (await admin.get('/api/tickets?sort=sla&pageSize=50')).json().items as { id: string; status: string }[];
    expect(items[0].id).toBe(urgent.id);
    expect(items.findIndex((t) => t.id === ids[0])).toBeLessThan(items.findIndex((t) => t.id === ids[2]));
    expect(items.at(-1)!.id).toBe(ids[2]); // closed: last
  });
});
