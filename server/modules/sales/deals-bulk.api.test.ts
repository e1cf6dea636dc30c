import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, loginAs, type TestEnv, type Agent } from '../../test/harness.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';

let env: TestEnv;
let admin: Agent;
let manager: Agent;
let support: Agent;
let own: Agent;
let stage: Record<string, string>;
let ids: string[] = [];
type Deal = { id: string; ownerId: string | null; stageId: string; status: string; lostReason: string | null; closedAt: string | null; history: unknown[] };
const deal = async (id: string) => (await admin.get(`/api/deals/${id}`)).json() as Deal;

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  manager = await env.login('manager');
  support = await env.login('support');
  // A salesperson who sees only their own deals (deals scope "own").
  const permissions = structuredClone(DEFAULT_ROLES.sales.permissions);
  permissions.deals = { ...permissions.deals!, scope: 'own' };
  const role = await admin.post('/api/roles', { key: 'own_sales', name: 'فروش محدود', permissions });
  await admin.post('/api/users', { email: 'own-sales@test.example', name: 'فروشنده محدود', password: 'Kooh-Sabz-Abi-Nazok-12', roleId: role.json().id });
  own = await loginAs(env.app, 'own-sales@test.example', 'Kooh-Sabz-Abi-Nazok-12');
  const pipelines = (await own.get('/api/pipelines')).json().items;
  stage = Object.fromEntries(pipelines[0].stages.map((s: { name: string; id: string }) => [s.name, s.id]));
  const c = (await own.post('/api/customers', { kind: 'person', firstName: 'خریدار', lastName: 'گروهی' })).json();
  ids = [];
  for (const title of ['یک', 'دو', 'سه']) {
    const d = await own.post('/api/deals', { customerId: c.id, title, amount: '1000' });
    expect(d.statusCode, d.body).toBe(201);
    ids.push(d.json().id);
  }
});
afterAll(async () => env?.close());

describe('deals bulk edit', () => {
  it('assigns an owner to three deals (audited per deal) and undoes it', async () => {
    const res = await own.post('/api/deals/bulk', { action: 'assignOwner', ids, value: manager.userId });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ updated: 3 });
    for (const id of ids) expect((await deal(id)).ownerId).toBe(manager.userId);
    const audit = await env.rt.database.query<{ actor_id: string; new_value: unknown }>(
      `SELECT actor_id, new_value FROM audit_log WHERE entity_type = 'deal' AND entity_id = $1 AND field = 'ownerId'`, [ids[0]]);
    expect(audit.map((a) => [a.actor_id, a.new_value])).toEqual([[own.userId, manager.userId]]);
    const undo = await own.post('/api/deals/bulk/undo', { undoToken: res.json().undoToken });
    expect(undo.json()).toEqual({ reverted: 3, skipped: [] });
    for (const id of ids) expect((await deal(id)).ownerId).toBe(own.userId);
    // Once only.
    expect((await own.post('/api/deals/bulk/undo', { undoToken: res.json().undoToken })).statusCode).toBe(409);
  });

  it('moves deals to a stage (a stage event each), leaves one already there alone, and the undo moves them back', async () => {
    await own.post(`/api/deals/${ids[2]}/move`, { stageId: stage['مذاکره'] });
    const res = await own.post('/api/deals/bulk', { action: 'setStage', ids, value: stage['مذاکره'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().updated).toBe(2);
    for (const id of ids) expect((await deal(id)).stageId).toBe(stage['مذاکره']);
    expect((await deal(ids[0])).history).toHaveLength(2); // created into سرنخ, then moved
    const undo = await own.post('/api/deals/bulk/undo', { undoToken: res.json().undoToken });
    expect(undo.json()).toEqual({ reverted: 2, skipped: [] });
    expect((await deal(ids[0])).stageId).toBe(stage['سرنخ']);
    expect((await deal(ids[1])).stageId).toBe(stage['سرنخ']);
    expect((await deal(ids[2])).stageId).toBe(stage['مذاکره']);
  });

  it('marks deals lost only with a reason; without one nothing is written', async () => {
    const bad = await own.post('/api/deals/bulk', { action: 'setStatus', ids, value: 'lost' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.ids).toEqual([ids[0]]);
    for (const id of ids) expect((await deal(id)).status).toBe('open');
    const res = await own.post('/api/deals/bulk', { action: 'setStatus', ids, value: 'lost', lostReason: 'قیمت' });
    expect(res.statusCode, res.body).toBe(200);
    for (const id of ids) expect(await deal(id)).toMatchObject({ status: 'lost', stageId: stage['بازنده'], lostReason: 'قیمت' });
    const undo = await own.post('/api/deals/bulk/undo', { undoToken: res.json().undoToken });
    expect(undo.json().reverted).toBe(3);
    expect(await deal(ids[1])).toMatchObject({ status: 'open', stageId: stage['سرنخ'], closedAt: null });
    expect((await deal(ids[2])).stageId).toBe(stage['مذاکره']);
  });

  it('refuses the whole request when one deal is not the actor’s to see, naming it; re-read: nothing changed', async () => {
    const c = (await admin.post('/api/customers', { kind: 'person', firstName: 'دیگری', lastName: 'پنهان' })).json();
    const hidden = (await admin.post('/api/deals', { customerId: c.id, title: 'پنهان', amount: '5' })).json();
    const res = await own.post('/api/deals/bulk', { action: 'setStatus', ids: [...ids, hidden.id], value: 'won' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.details.ids).toEqual([hidden.id]);
    for (const id of [...ids, hidden.id]) expect((await deal(id)).status).not.toBe('won');
    expect((await deal(hidden.id)).stageId).toBe(stage['سرنخ']);
  });

  it('needs deals update (support only reads them); another user cannot undo my edit', async () => {
    const res = await support.post('/api/deals/bulk', { action: 'assignOwner', ids, value: support.userId });
    expect(res.statusCode).toBe(403);
    for (const id of ids) expect((await deal(id)).ownerId).toBe(own.userId);
    const mine = await own.post('/api/deals/bulk', { action: 'assignOwner', ids: [ids[0]], value: manager.userId });
    expect((await admin.post('/api/deals/bulk/undo', { undoToken: mine.json().undoToken })).statusCode).toBe(404);
    expect((await deal(ids[0])).ownerId).toBe(manager.userId);
    // An inactive or unknown owner is refused before anything is written.
    const bad = await own.post('/api/deals/bulk', { action: 'assignOwner', ids, value: '00000000-0000-4000-8000-000000000000' });
    expect(bad.statusCode).toBe(400);
    expect((await deal(ids[1])).ownerId).toBe(own.userId);
  });

  it('a deal someone changed since the bulk edit is skipped by the undo', async () => {
    const res = await own.post('/api/deals/bulk', { action: 'setStage', ids: [ids[0], ids[1]], value: stage['نیازسنجی'] });
    await own.post(`/api/deals/${ids[1]}/move`, { stageId: stage['ارسال پیش‌فاکتور'] });
    const undo = await own.post('/api/deals/bulk/undo', { undoToken: res.json().undoToken });
    expect(undo.json()).toEqual({ reverted: 1, skipped: [ids[1]] });
    expect((await deal(ids[1])).stageId).toBe(stage['ارسال پیش‌فاکتور']);
  });

  it('the list sorts by last activity (a stage move or an interaction counts) and validates the sort', async () => {
    const c = (await admin.post('/api/customers', { kind: 'person', firstName: 'فعالیت', lastName: 'معامله' })).json();
    const a = (await admin.post('/api/deals', { customerId: c.id, title: 'فعالیت الف', amount: '1' })).json();
    env.clock.advance(60_000);
    const b = (await admin.post('/api/deals', { customerId: (await admin.post('/api/customers', { kind: 'person', lastName: 'دوم' })).json().id, title: 'فعالیت ب', amount: '1' })).json();
    env.clock.advance(60_000);
    await admin.post(`/api/deals/${a.id}/move`, { stageId: stage['نیازسنجی'] }); // a: latest
    const q = encodeURIComponent('فعالیت');
    const desc = (await admin.get(`/api/deals?q=${q}&sort=-lastActivity`)).json().items as { id: string; lastActivityAt: string }[];
    expect(desc.map((d) => d.id)).toEqual([a.id, b.id]);
    expect(Date.parse(desc[0].lastActivityAt) - Date.parse(desc[1].lastActivityAt)).toBe(60_000);
    const asc = (await admin.get(`/api/deals?q=${q}&sort=lastActivity`)).json().items as { id: string }[];
    expect(asc.map((d) => d.id)).toEqual([b.id, a.id]);
    expect((await admin.get('/api/deals?sort=city')).statusCode).toBe(400);
  });
});
