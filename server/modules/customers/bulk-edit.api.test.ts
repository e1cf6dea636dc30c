import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, loginAs, type TestEnv, type Agent } from '../../test/harness.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';

let env: TestEnv;
let admin: Agent;
let sales: Agent;
let own: Agent;
let ids: string[] = [];

const mk = async (a: Agent, firstName: string, extra: Record<string, unknown> = {}) => {
  const res = await a.post('/api/customers', { kind: 'person', firstName, lastName: 'آزمون', ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
};
const row = async (id: string) => (await admin.get(`/api/customers/${id}`)).json().customer as { tags: string[]; ownerId: string | null; lifecycleStage: string };

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  sales = await env.login('sales');
  const permissions = structuredClone(DEFAULT_ROLES.sales.permissions);
  permissions.customers = { ...permissions.customers!, scope: 'own' };
  const role = await admin.post('/api/roles', { key: 'own_sales', name: 'فروش (فقط خودش)', permissions });
  expect(role.statusCode, role.body).toBe(201);
  const u = await admin.post('/api/users', { email: 'own@test.example', name: 'محدود', password: 'Kooh-Sabz-Abi-Nazok-12', roleId: role.json().id });
  expect(u.statusCode, u.body).toBe(201);
  own = await loginAs(env.app, 'own@test.example', 'Kooh-Sabz-Abi-Nazok-12');
  ids = [];
  for (const n of ['الف', 'ب', 'پ']) ids.push((await mk(own, n, { tags: n === 'ب' ? ['vip'] : [] })).id);
});
afterAll(async () => env?.close());

describe('customers bulk edit', () => {
  it('adds a tag to three records in one request, audits each changed one, and undoes exactly those', async () => {
    const res = await own.post('/api/customers/bulk', { action: 'addTag', ids, value: 'vip' });
    expect(res.statusCode, res.body).toBe(200);
    // The second record already had the tag: two changed.
    expect(res.json().updated).toBe(2);
    expect((await row(ids[0])).tags).toEqual(['vip']);
    const audit = (await admin.get(`/api/customers/${ids[0]}/audit`)).json().items as { field: string | null }[];
    expect(audit.some((a) => a.field === 'tags')).toBe(true);
    const undo = await own.post('/api/customers/bulk/undo', { undoToken: res.json().undoToken });
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json()).toEqual({ reverted: 2, skipped: [] });
    expect((await row(ids[0])).tags).toEqual([]);
    expect((await row(ids[1])).tags).toEqual(['vip']); // it had the tag before: untouched by the undo
    expect((await row(ids[2])).tags).toEqual([]);
    // Once only.
    expect((await own.post('/api/customers/bulk/undo', { undoToken: res.json().undoToken })).statusCode).toBe(409);
  });

  it('refuses the whole request, naming them, when an id is not visible to the user; nothing is written', async () => {
    const hidden = await mk(sales, 'پنهان');
    const res = await own.post('/api/customers/bulk', { action: 'setStage', ids: [...ids, hidden.id], value: 'customer' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.details.ids).toEqual([hidden.id]);
    for (const id of [...ids, hidden.id]) expect((await row(id)).lifecycleStage).toBe('lead');
  });

  it('assigns an owner and changes the stage; undo by another user is not found, and after 10 minutes it is refused', async () => {
    const res = await admin.post('/api/customers/bulk', { action: 'assignOwner', ids, value: sales.userId });
    expect(res.json().updated).toBe(3);
    for (const id of ids) expect((await row(id)).ownerId).toBe(sales.userId);
    expect((await sales.post('/api/customers/bulk/undo', { undoToken: res.json().undoToken })).statusCode).toBe(404);
    const stage = await admin.post('/api/customers/bulk', { action: 'setStage', ids, value: 'customer' });
    expect(stage.json().updated).toBe(3);
    env.clock.advance(10 * 60_000 + 1);
    const late = await admin.post('/api/customers/bulk/undo', { undoToken: stage.json().undoToken });
    expect(late.statusCode).toBe(409);
    for (const id of ids) expect((await row(id)).lifecycleStage).toBe('customer');
  });

  it('skips on undo a record someone changed again since', async () => {
    const res = await admin.post('/api/customers/bulk', { action: 'setStage', ids, value: 'loyal' });
    expect(res.json().updated).toBe(3);
    await admin.patch(`/api/customers/${ids[0]}`, { lifecycleStage: 'at_risk' });
    const undo = (await admin.post('/api/customers/bulk/undo', { undoToken: res.json().undoToken })).json();
    expect(undo).toEqual({ reverted: 2, skipped: [ids[0]] });
    expect((await row(ids[0])).lifecycleStage).toBe('at_risk');
    expect((await row(ids[1])).lifecycleStage).toBe('customer');
  });

  it('needs the update permission, validates the action and the owner', async () => {
    const permissions = structuredClone(DEFAULT_ROLES.sales.permissions);
    permissions.customers = { ops: ['read'], scope: 'all' };
    const role = await admin.post('/api/roles', { key: 'reader', name: 'فقط خواندن', permissions });
    await admin.post('/api/users', { email: 'reader@test.example', name: 'خواننده', password: 'Kooh-Sabz-Abi-Nazok-12', roleId: role.json().id });
    const reader = await loginAs(env.app, 'reader@test.example', 'Kooh-Sabz-Abi-Nazok-12');
    const denied = await reader.post('/api/customers/bulk', { action: 'addTag', ids, value: 'x' });
    expect(denied.statusCode).toBe(403);
    for (const id of ids) expect((await row(id)).tags).toEqual(id === ids[1] ? ['vip'] : []);
    expect((await admin.post('/api/customers/bulk', { action: 'explode', ids, value: 'x' })).statusCode).toBe(400);
    expect((await admin.post('/api/customers/bulk', { action: 'addTag', ids: [], value: 'x' })).statusCode).toBe(400);
    const badOwner = await admin.post('/api/customers/bulk', { action: 'assignOwner', ids, value: '00000000-0000-4000-8000-000000000000' });
    expect(badOwner.statusCode).toBe(400);
    for (const id of ids) expect((await row(id)).ownerId).toBe(sales.userId);
  });

  it('exports only the selected rows', async () => {
    const res = await admin.get(`/api/customers/export?ids=${ids.slice(0, 2).join(',')}`);
    expect(res.statusCode).toBe(200);
    const lines = res.body.split('\r\n').slice(1).filter(Boolean);
    expect(lines.map((l) => l.split(',')[0]).sort()).toEqual(ids.slice(0, 2).sort());
  });
});
