/**
 * The documents and contracts lists: server sort (last activity), owner filter, bulk owner with undo (one transaction,
 * in each record's history / audit), permission refusals that change nothing (the database re-read), export of the
 * selected rows as formula-safe CSV / XLSX; saved views per list (deals, tasks, documents, contracts).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, loginAs, type TestEnv, type Agent } from '../../test/harness.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';

let env: TestEnv;
let admin: Agent;
let manager: Agent;
let sales: Agent;
let support: Agent;
let own: Agent;
let customerId: string;
const docs: Record<string, string> = {};
type Row = { id: string; ownerId: string | null; ownerName: string | null; lastActivityAt: string; number: string | null };

const owners = async (table: 'documents' | 'contracts', ids: string[]) => {
  const rows = await env.rt.database.query<{ id: string; owner_id: string | null }>(`SELECT id, owner_id FROM ${table} WHERE id = ANY($1::uuid[])`, [ids]);
  return Object.fromEntries(rows.map((r) => [r.id, r.owner_id]));
};
const quote = async (agent: Agent, price: string, forCustomer = customerId) => {
  const res = await agent.post('/api/documents', { kind: 'quote', customerId: forCustomer, lines: [{ description: 'سرویس', quantity: '1', unitPrice: price }] });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};

beforeAll(async () => {
  env = await createTestEnv({ start: '2026-11-23T08:00:00Z' });
  admin = await env.login('admin');
  manager = await env.login('manager');
  sales = await env.login('sales');
  support = await env.login('support');
  // A salesperson who sees only their own documents (documents scope "own").
  const permissions = structuredClone(DEFAULT_ROLES.sales.permissions);
  permissions.documents = { ...permissions.documents!, scope: 'own' };
  const role = await admin.post('/api/roles', { key: 'own_docs', name: 'فروش محدود', permissions });
  expect(role.statusCode, role.body).toBe(201);
  await admin.post('/api/users', { email: 'own-docs@test.example', name: 'فروشنده محدود', password: 'Kooh-Sabz-Abi-Nazok-12', roleId: role.json().id });
  own = await loginAs(env.app, 'own-docs@test.example', 'Kooh-Sabz-Abi-Nazok-12');
  const c = await sales.post('/api/customers', { kind: 'person', firstName: '=1+2', lastName: 'فرمول', ownerId: sales.userId });
  expect(c.statusCode, c.body).toBe(201);
  customerId = c.json().id;
  // Three quotes a minute apart: A 3,000, B 1,000, C 2,000 Rials before tax.
  docs.A = await quote(sales, '3000');
  env.clock.advance(60_000);
  docs.B = await quote(sales, '1000');
  env.clock.advance(60_000);
  docs.C = await quote(sales, '2000');
  env.clock.advance(60_000);
  // A is edited last: its latest activity (08:03) is after C's creation (08:02).
  const edit = await sales.patch(`/api/documents/${docs.A}`, { notes: 'تحویل فوری' });
  expect(edit.statusCode, edit.body).toBe(200);
}, 180_000);
afterAll(async () => env?.close());

const docList = async (agent: Agent, qs: string) => {
  const res = await agent.get(`/api/documents?customerId=${customerId}&${qs}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Row[];
};
const order = (rows: { id: string }[]) => rows.map((r) => Object.entries(docs).find(([, id]) => id === r.id)?.[0]);

describe('documents list', () => {
  it('sorts by last activity (latest event or edit), by total, and keeps the newest-first default without a sort', async () => {
    expect(order(await docList(sales, ''))).toEqual(['C', 'B', 'A']);
    const recent = await docList(sales, 'sort=-lastActivity');
    expect(order(recent)).toEqual(['A', 'C', 'B']);
    expect(recent.map((r) => r.lastActivityAt)).toEqual(['2026-11-23T08:03:00.000Z', '2026-11-23T08:02:00.000Z', '2026-11-23T08:01:00.000Z']);
    expect(order(await docList(sales, 'sort=lastActivity'))).toEqual(['B', 'C', 'A']);
    expect(order(await docList(sales, 'sort=total'))).toEqual(['B', 'C', 'A']);
    expect(order(await docList(sales, 'sort=-total'))).toEqual(['A', 'C', 'B']);
    expect(recent[0].ownerId).toBe(sales.userId);
    expect(recent[0].ownerName).toMatch(/^sales /);
    expect((await sales.get('/api/documents?sort=customerName')).statusCode).toBe(400);
  });

  it('assigns an owner to the selected documents in one go (an owner_changed event each), filters by owner, and undoes it', async () => {
    const ids = [docs.A, docs.B, docs.C];
    const res = await sales.post('/api/documents/bulk', { action: 'assignOwner', ids, value: manager.userId });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ updated: 3 });
    expect(await owners('documents', ids)).toEqual({ [docs.A]: manager.userId, [docs.B]: manager.userId, [docs.C]: manager.userId });
    const events = (await sales.get(`/api/documents/${docs.B}`)).json().events as { type: string; data: Record<string, unknown> }[];
    expect(events[0]).toMatchObject({ type: 'owner_changed', data: { from: sales.userId, to: manager.userId } });
    expect(order(await docList(sales, `ownerId=${manager.userId}&sort=-lastActivity`))).toHaveLength(3);
    expect(await docList(sales, 'ownerId=me')).toEqual([]);
    // Again with the same owner: nothing changes, no undo token.
    expect((await sales.post('/api/documents/bulk', { action: 'assignOwner', ids, value: manager.userId })).json()).toEqual({ updated: 0, undoToken: null, undoUntil: null });
    const undo = await sales.post('/api/documents/bulk/undo', { undoToken: res.json().undoToken });
    expect(undo.json()).toEqual({ reverted: 3, skipped: [] });
    expect(await owners('documents', ids)).toEqual({ [docs.A]: sales.userId, [docs.B]: sales.userId, [docs.C]: sales.userId });
    expect((await sales.post('/api/documents/bulk/undo', { undoToken: res.json().undoToken })).statusCode).toBe(409);
    // Someone else's token is not found.
    const again = await sales.post('/api/documents/bulk', { action: 'assignOwner', ids: [docs.A], value: manager.userId });
    expect((await manager.post('/api/documents/bulk/undo', { undoToken: again.json().undoToken })).statusCode).toBe(404);
    await sales.post('/api/documents/bulk/undo', { undoToken: again.json().undoToken });
  });

  it('refuses without the update right, outside the scope, an unknown owner or bad input — and changes nothing', async () => {
    const ids = [docs.A, docs.B];
    const before = await owners('documents', ids);
    expect((await support.post('/api/documents/bulk', { action: 'assignOwner', ids, value: support.userId })).statusCode).toBe(403);
    // The own-scope salesperson sees only their own document: the others are "not found", and their own is not changed either.
    const mine = await quote(own, '500');
    const mineBefore = await owners('documents', [mine]); // the customer's owner (sales); visible to its author
    const scoped = await own.post('/api/documents/bulk', { action: 'assignOwner', ids: [mine, docs.A], value: own.userId });
    expect(scoped.statusCode, scoped.body).toBe(404);
    expect(scoped.json().error.details.ids).toEqual([docs.A]);
    expect((await own.get('/api/documents?sort=-lastActivity')).json().items.map((r: Row) => r.id)).toEqual([mine]);
    expect((await sales.post('/api/documents/bulk', { action: 'assignOwner', ids, value: '6f1d2a44-1111-4aaa-8bbb-123456789abc' })).statusCode).toBe(400);
    expect((await sales.post('/api/documents/bulk', { action: 'assignOwner', ids: ['x'], value: manager.userId })).statusCode).toBe(400);
    expect((await sales.post('/api/documents/bulk', { action: 'cancel', ids, value: manager.userId })).statusCode).toBe(400);
    expect(await owners('documents', ids)).toEqual(before);
    expect(await owners('documents', [mine])).toEqual(mineBefore);
    expect(mineBefore[mine]).toBe(sales.userId);
  });

  it('exports the selected documents as formula-safe CSV and as XLSX (export right; rows outside the scope left out)', async () => {
    expect((await sales.get(`/api/documents/export?ids=${docs.A}`)).statusCode).toBe(403);
    const csv = await manager.get(`/api/documents/export?ids=${docs.A},${docs.B}&format=csv`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('number,kind,status,customer,owner,issueDate,due,grandTotal,paidTotal,balance,currency,id');
    expect(lines).toHaveLength(3);
    // The customer's name starts with "=": written with a leading apostrophe, never a formula.
    expect(lines[1].split(',')[3]).toBe("'=1+2 فرمول");
    expect(lines.map((l) => l.split(',').at(-1)).slice(1).sort()).toEqual([docs.A, docs.B].sort());
    const xlsx = await manager.get(`/api/documents/export?ids=${docs.C}&format=xlsx&lang=fa`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await manager.get('/api/documents/export?ids=')).statusCode).toBe(400);
  });
});

describe('contracts list', () => {
  const k: Record<string, string> = {};
  const contract = async (title: string, endDate: string) => {
    const res = await sales.post('/api/contracts', { customerId, kind: 'maintenance', title, startDate: '2026-03-21', endDate, value: '45000000' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const list = async (agent: Agent, qs: string) => {
    const res = await agent.get(`/api/contracts?customerId=${customerId}&${qs}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as Row[]).map((r) => Object.entries(k).find(([, id]) => id === r.id)?.[0]);
  };

  beforeAll(async () => {
    k.X = await contract('سرویس کولر', '2027-03-20');
    env.clock.advance(60_000);
    k.Y = await contract('گارانتی یخچال', '2027-01-10');
    env.clock.advance(60_000);
    k.Z = await contract('سرویس پکیج', '2027-06-01');
    env.clock.advance(60_000);
    await sales.patch(`/api/contracts/${k.X}`, { value: '50000000' });
  }, 120_000);

  it('sorts by last activity, end date, value; finds by title words and by number', async () => {
    expect(await list(sales, '')).toEqual(['Y', 'X', 'Z']); // soonest end first (the default without a sort)
    expect(await list(sales, 'sort=-lastActivity')).toEqual(['X', 'Z', 'Y']);
    expect(await list(sales, 'sort=-endDate')).toEqual(['Z', 'X', 'Y']);
    expect(await list(sales, 'sort=-value')).toEqual(['X', 'Z', 'Y']);
    expect(await list(sales, `q=${encodeURIComponent('سرویس')}&sort=title`)).toEqual(['Z', 'X']);
    const number = (await sales.get(`/api/contracts/${k.Y}`)).json().number as number;
    expect(await list(sales, `q=${number}`)).toEqual(['Y']);
    expect((await sales.get('/api/contracts?sort=owner')).statusCode).toBe(400);
  });

  it('assigns an owner (audited per contract), refuses a cancelled one whole, and undoes', async () => {
    const ids = [k.X, k.Y, k.Z];
    const res = await sales.post('/api/contracts/bulk', { action: 'assignOwner', ids, value: manager.userId });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().updated).toBe(3);
    expect(await owners('contracts', ids)).toEqual({ [k.X]: manager.userId, [k.Y]: manager.userId, [k.Z]: manager.userId });
    const audit = await env.rt.database.query<{ actor_id: string; old_value: unknown; new_value: unknown }>(
      `SELECT actor_id, old_value, new_value FROM audit_log WHERE entity_type = 'contract' AND entity_id = $1 AND field = 'ownerId'`, [k.Y]);
    expect(audit.map((a) => [a.actor_id, a.old_value, a.new_value])).toEqual([[sales.userId, sales.userId, manager.userId]]);
    expect((await sales.post('/api/contracts/bulk/undo', { undoToken: res.json().undoToken })).json()).toEqual({ reverted: 3, skipped: [] });
    expect(await owners('contracts', ids)).toEqual({ [k.X]: sales.userId, [k.Y]: sales.userId, [k.Z]: sales.userId });

    await sales.patch(`/api/contracts/${k.Z}`, { status: 'cancelled' });
    const refused = await sales.post('/api/contracts/bulk', { action: 'assignOwner', ids, value: manager.userId });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error.details.ids).toEqual([k.Z]);
    expect(await owners('contracts', ids)).toEqual({ [k.X]: sales.userId, [k.Y]: sales.userId, [k.Z]: sales.userId });
    expect((await support.post('/api/contracts/bulk', { action: 'assignOwner', ids: [k.X], value: support.userId })).statusCode).toBe(403);
    expect((await owners('contracts', [k.X]))[k.X]).toBe(sales.userId);
  });

  it('exports the selected contracts (export right), formula-safe', async () => {
    expect((await sales.get(`/api/contracts/export?ids=${k.X}`)).statusCode).toBe(403);
    const csv = await manager.get(`/api/contracts/export?ids=${k.X},${k.Y}`);
    expect(csv.statusCode, csv.body).toBe(200);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('number,title,kind,level,status,customer,owner,startDate,endDate,value,currency,id');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(['سرویس کولر', 'گارانتی یخچال']);
    expect(lines[1].split(',')[5]).toBe("'=1+2 فرمول");
    expect(lines[1].split(',')[9]).toBe('50000000');
    const xlsx = await manager.get(`/api/contracts/export?ids=${k.X}&format=xlsx&lang=en`);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('saved views per list', () => {
  it('keeps each list’s views apart (a view without a list is a customers view)', async () => {
    const mk = (name: string, query: Record<string, unknown>) => sales.post('/api/saved-views', { name, query });
    expect((await mk('معاملات باز من', { list: 'deals', status: ['open'], ownerId: 'me', sort: '-amount', columns: 'title,amount' })).statusCode).toBe(201);
    expect((await mk('کارهای امروز', { list: 'tasks', bucket: 'today' })).statusCode).toBe(201);
    expect((await mk('مشتریان تهران', { city: 'تهران' })).statusCode).toBe(201);
    expect((await mk('بد', { list: 'Deals!' })).statusCode).toBe(400);
    const names = async (qs: string) => ((await sales.get(`/api/saved-views${qs}`)).json().items as { name: string }[]).map((v) => v.name);
    expect(await names('?list=deals')).toEqual(['معاملات باز من']);
    expect(await names('?list=tasks')).toEqual(['کارهای امروز']);
    expect(await names('?list=customers')).toEqual(['مشتریان تهران']);
    expect((await names('')).sort()).toEqual(['کارهای امروز', 'مشتریان تهران', 'معاملات باز من'].sort());
    expect((await sales.get('/api/saved-views?list=nope')).statusCode).toBe(400);
    expect(await (async () => ((await manager.get('/api/saved-views?list=deals')).json().items as unknown[]).length)()).toBe(0);
  });
});

describe('saved views of the documents and contracts lists', () => {
  const views = async (agent: Agent, list: string) => (await agent.get(`/api/saved-views?list=${list}`)).json().items as { id: string; name: string; shared: boolean; query: Record<string, unknown> }[];
  it('keeps filters, sort and columns per list; a shared one is seen by others, deleted only by its owner', async () => {
    const docView = { list: 'documents', kind: 'quote', status: 'sent', ownerId: 'me', sort: 'total', columns: 'number,customer,total' };
    const contractView = { list: 'contracts', status: 'active,expired', within: '30', owner: 'me', sort: '-endDate', columns: 'title,endDate' };
    const d = await sales.post('/api/saved-views', { name: 'پیش‌فاکتورهای فرستاده', query: docView });
    expect(d.statusCode, d.body).toBe(201);
    const c = await sales.post('/api/saved-views', { name: 'قراردادهای رو به پایان', query: contractView, shared: true });
    expect(c.statusCode, c.body).toBe(201);

    // Each list has only its own view, with the query exactly as saved.
    expect((await views(sales, 'documents')).map((v) => [v.name, v.query])).toEqual([['پیش‌فاکتورهای فرستاده', docView]]);
    expect((await views(sales, 'contracts')).map((v) => [v.name, v.query, v.shared])).toEqual([['قراردادهای رو به پایان', contractView, true]]);
    expect((await views(sales, 'customers')).map((v) => v.name)).not.toContain('پیش‌فاکتورهای فرستاده');

    // Someone else sees the shared contracts view but not the private documents view, and cannot delete the shared one.
    expect((await views(manager, 'documents')).map((v) => v.name)).toEqual([]);
    expect((await views(manager, 'contracts')).map((v) => v.name)).toEqual(['قراردادهای رو به پایان']);
    expect((await manager.del(`/api/saved-views/${c.json().id}`)).statusCode).toBe(404);
    const kept = await env.rt.database.query<{ id: string }>('SELECT id FROM saved_views WHERE id = $1', [c.json().id]);
    expect(kept).toHaveLength(1);

    // The owner deletes their own.
    expect((await sales.del(`/api/saved-views/${d.json().id}`)).statusCode).toBe(204);
    expect(await views(sales, 'documents')).toEqual([]);
  });
});

