import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestEnv, loginAs, type TestEnv, type Agent } from '../../test/harness.ts';
import { withTx } from '../../db/tx.ts';
import { systemActor } from '../auth/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { markDealWon } from './index.ts';

let env: TestEnv;
let admin: Agent;
let manager: Agent;
let sales: Agent;
let support: Agent;
let pipelineId: string;
let stage: Record<string, string>;

type Deal = {
  id: string; title: string; amount: string; stageId: string; stageName: string; status: string; closedAt: string | null; lostReason: string | null;
  ownerId: string; customerId: string; customerName: string; items: { productId: string; quantity: string; unitPrice: string; total: string }[];
  history: { fromStageName: string | null; toStageName: string | null; lostReason: string | null }[];
};
type Column = { id: string; name: string; outcome: string; count: number; amount: string; weightedAmount: string; deals: Deal[] };

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  manager = await env.login('manager');
  sales = await env.login('sales');
  support = await env.login('support');
  const list = (await sales.get('/api/pipelines')).json().items;
  pipelineId = list[0].id;
  stage = Object.fromEntries(list[0].stages.map((s: { name: string; id: string }) => [s.name, s.id]));
});
afterAll(async () => env?.close());

async function customer(agent: Agent, lastName: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await agent.post('/api/customers', { kind: 'person', lastName, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
async function deal(agent: Agent, body: Record<string, unknown>): Promise<Deal> {
  const res = await agent.post('/api/deals', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function productId(price: string): Promise<string> {
  const res = await manager.post('/api/products', { code: `D-${randomUUID().slice(0, 8)}`, nameFa: 'کالا', price });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
const board = async (agent: Agent = sales, qs = '') => (await agent.get(`/api/pipelines/${pipelineId}/board${qs}`)).json().stages as Column[];
const column = async (name: string, agent: Agent = sales, qs = '') => (await board(agent, qs)).find((c) => c.name === name)!;
const titlesIn = async (name: string, qs = '') => (await column(name, sales, qs)).deals.map((d) => d.title);
const move = (agent: Agent, id: string, body: Record<string, unknown>) => agent.post(`/api/deals/${id}/move`, body);

describe('the default pipeline', () => {
  it('exists once, with the six stages, one won and one lost', async () => {
    const again = (await support.get('/api/pipelines')).json().items;
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ name: 'فروش', isDefault: true });
    expect(again[0].stages.map((s: { name: string; probability: number; outcome: string }) => [s.name, s.probability, s.outcome])).toEqual([
      ['سرنخ', 10, 'open'], ['نیازسنجی', 25, 'open'], ['ارسال پیش‌فاکتور', 50, 'open'], ['مذاکره', 75, 'open'], ['برنده', 100, 'won'], ['بازنده', 0, 'lost'],
    ]);
  });
});

describe('creating deals', () => {
  it('starts in the first open stage of the default pipeline, owned by the creator, audited, on the timeline', async () => {
    const c = await customer(sales, 'نوری');
    const d = await deal(sales, { customerId: c, title: 'قرارداد پشتیبانی', amount: '25000000', expectedCloseDate: '2026-12-20' });
    expect(d).toMatchObject({ stageName: 'سرنخ', status: 'open', amount: '25000000', ownerId: sales.userId, customerName: 'نوری', expectedCloseDate: '2026-12-20', closedAt: null });
    expect(d.history).toEqual([expect.objectContaining({ fromStageName: null, toStageName: 'سرنخ' })]);
    const audit = (await sales.get(`/api/customers/${c}/audit`)).json().items as { entityType: string; entityId: string; action: string }[];
    expect(audit).toContainEqual(expect.objectContaining({ entityType: 'deal', entityId: d.id, action: 'create' }));
  });

  it('computes the amount from items in bigint: Σ quantity × price, rounded half-up once', async () => {
    const c = await customer(sales, 'اقلام');
    const p1 = await productId('1001');
    const p2 = await productId('10');
    const d = await deal(sales, { customerId: c, title: 'اقلام', items: [{ productId: p1, quantity: '2.5' }, { productId: p2, quantity: '0.333', unitPrice: '10' }, { productId: p2, quantity: '0.333', unitPrice: '10' }] });
    // 2502.5 + 3.33 + 3.33 = 2509.16 → 2509 (rounding each line would give 2503 + 3 + 3 = 2509 too; see the next case)
    expect(d.amount).toBe('2509');
    expect(d.items.map((i) => [i.quantity, i.unitPrice, i.total])).toEqual([['2.5', '1001', '2503'], ['0.333', '10', '3'], ['0.333', '10', '3']]);
    const halves = await deal(sales, { customerId: c, title: 'نیم‌ها', items: [{ productId: p2, quantity: '0.05', unitPrice: '10' }, { productId: p2, quantity: '0.05', unitPrice: '10' }] });
    expect(halves.amount).toBe('1'); // 0.5 + 0.5 = 1, not round(0.5) + round(0.5) = 2
    const big = await deal(sales, { customerId: c, title: 'بزرگ', items: [{ productId: p1, quantity: '3', unitPrice: '3074457345618258602' }] });
    expect(big.amount).toBe('9223372036854775806');
  });

  it('rejects bad money, quantities and products with 400 naming the field, writing nothing', async () => {
    const c = await customer(sales, 'نادرست');
    const p = await productId('1000');
    const cases: [Record<string, unknown>, string][] = [
      [{ amount: '9223372036854775808' }, 'amount'],
      [{ amount: 5000 }, 'amount'],
      [{ items: [{ productId: p, quantity: '-1' }] }, 'items.0.quantity'],
      [{ items: [{ productId: p, quantity: '0' }] }, 'items.0.quantity'],
      [{ items: [{ productId: p, quantity: '1.2345' }] }, 'items.0.quantity'],
      [{ items: [{ productId: p, quantity: 2 }] }, 'items.0.quantity'],
      [{ items: [{ productId: p, quantity: '1' }, { productId: randomUUID(), quantity: '1' }] }, 'items.1.productId'],
      [{ items: [{ productId: p, quantity: '2', unitPrice: '9223372036854775807' }] }, 'items'],
      [{ items: [{ productId: p, quantity: '1' }], amount: '999' }, 'amount'],
      [{ stageId: randomUUID() }, 'stageId'],
      [{ stageId: stage['بازنده'] }, 'lostReason'],
      [{ ownerId: randomUUID() }, 'ownerId'],
    ];
    for (const [extra, field] of cases) {
      const res = await sales.post('/api/deals', { customerId: c, title: 'x', ...extra });
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.details, JSON.stringify(extra)).toHaveProperty([field]);
    }
    expect((await sales.get(`/api/deals?customerId=${c}`)).json().total).toBe(0);
  });

  it('applies the role matrix: support reads but cannot create; only managers delete', async () => {
    const c = await customer(sales, 'مجوز');
    const denied = await support.post('/api/deals', { customerId: c, title: 'ممنوع' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('FORBIDDEN');
    const d = await deal(sales, { customerId: c, title: 'مجاز' });
    expect((await support.get(`/api/deals/${d.id}`)).statusCode).toBe(200);
    expect((await support.patch(`/api/deals/${d.id}`, { title: 'نه' })).statusCode).toBe(403);
    expect((await support.post(`/api/deals/${d.id}/move`, { stageId: stage['مذاکره'] })).statusCode).toBe(403);
    expect((await sales.del(`/api/deals/${d.id}`)).statusCode).toBe(403);
    expect((await manager.del(`/api/deals/${d.id}`)).statusCode).toBe(204);
    expect((await sales.get(`/api/deals/${d.id}`)).statusCode).toBe(404);
    const audit = (await manager.get(`/api/customers/${c}/audit`)).json().items as { entityType: string; action: string }[];
    expect(audit).toContainEqual(expect.objectContaining({ entityType: 'deal', action: 'delete' }));
  });

  it('answers 404 for a customer the actor cannot see, and hides that customer’s deals', async () => {
    const perms = {
      customers: { ops: ['read', 'create', 'update'], scope: 'own' }, deals: { ops: ['read', 'create', 'update'], scope: 'all' },
      products: { ops: ['read'], scope: 'all' }, audit: { ops: ['read'], scope: 'all' },
    };
    const role = await admin.post('/api/roles', { key: 'own_seller', name: 'فروشنده محدود', permissions: perms });
    expect(role.statusCode, role.body).toBe(201);
    const u = await admin.post('/api/users', { email: 'own-seller@test.example', name: 'محدود', password: 'Kooh-Sabz-Abi-Nazok-12', roleId: role.json().id });
    expect(u.statusCode, u.body).toBe(201);
    const limited = await loginAs(env.app, 'own-seller@test.example', 'Kooh-Sabz-Abi-Nazok-12');
    const hidden = await customer(sales, 'پنهان');
    const theirs = await deal(sales, { customerId: hidden, title: 'معامله پنهان' });
    const res = await limited.post('/api/deals', { customerId: hidden, title: 'نباید' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    expect((await limited.get(`/api/deals/${theirs.id}`)).statusCode).toBe(404);
    expect((await limited.post(`/api/deals/${theirs.id}/move`, { stageId: stage['مذاکره'] })).statusCode).toBe(404);
    expect((await limited.get('/api/deals?pageSize=200')).json().items.map((d: Deal) => d.id)).not.toContain(theirs.id);
    expect((await column('سرنخ', limited)).deals.map((d) => d.id)).not.toContain(theirs.id);
    const own = await customer(limited, 'خودم');
    expect((await limited.post('/api/deals', { customerId: own, title: 'مال خودم' })).statusCode).toBe(201);
  });
});

describe('editing deals', () => {
  it('edits fields and items, keeps the amount tied to the items, and audits each field', async () => {
    const c = await customer(sales, 'ویرایش');
    const p = await productId('2000');
    const d = await deal(sales, { customerId: c, title: 'نسخه ۱', amount: '1000' });
    const res = await sales.patch(`/api/deals/${d.id}`, { title: 'نسخه ۲', expectedCloseDate: '2027-01-15', probability: 40, ownerId: manager.userId });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ title: 'نسخه ۲', expectedCloseDate: '2027-01-15', probability: 40, ownerId: manager.userId, amount: '1000' });
    expect((await sales.patch(`/api/deals/${d.id}`, { expectedCloseDate: '1403/05/12' })).statusCode).toBe(400);

    const withItems = await sales.patch(`/api/deals/${d.id}`, { items: [{ productId: p, quantity: '1.5' }] });
    expect(withItems.json().amount).toBe('3000');
    const bad = await sales.patch(`/api/deals/${d.id}`, { amount: '5' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toHaveProperty('amount');
    expect((await sales.get(`/api/deals/${d.id}`)).json().amount).toBe('3000');
    const cleared = await sales.patch(`/api/deals/${d.id}`, { items: [], amount: '5' });
    expect(cleared.json()).toMatchObject({ amount: '5', items: [] });
    expect((await sales.patch(`/api/deals/${d.id}`, { lostReason: 'x' })).statusCode).toBe(400);

    const audit = (await sales.get(`/api/customers/${c}/audit`)).json().items as { entityType: string; field: string | null; oldValue: unknown; newValue: unknown }[];
    const fields = audit.filter((a) => a.entityType === 'deal' && a.field).map((a) => a.field);
    expect(fields).toEqual(expect.arrayContaining(['title', 'expectedCloseDate', 'probability', 'ownerId', 'amount', 'items']));
    expect(audit.find((a) => a.field === 'title')).toMatchObject({ oldValue: 'نسخه ۱', newValue: 'نسخه ۲' });
  });
});

describe('the board', () => {
  it('orders cards by rank: new on top, between two cards, to top, to bottom, to an empty stage', async () => {
    const c = await customer(sales, 'تابلو');
    const mk = async (title: string) => (await deal(sales, { customerId: c, title, stageId: stage['نیازسنجی'] })).id;
    const a = await mk('A');
    const b = await mk('B');
    const x = await mk('X');
    expect(await titlesIn('نیازسنجی')).toEqual(['X', 'B', 'A']);
    // Drag X between B and A.
    expect((await move(sales, x, { stageId: stage['نیازسنجی'], afterId: b, beforeId: a })).statusCode).toBe(200);
    expect(await titlesIn('نیازسنجی')).toEqual(['B', 'X', 'A']);
    // To the top (above the first card), then to the bottom (below the last).
    await move(sales, a, { stageId: stage['نیازسنجی'], beforeId: b });
    expect(await titlesIn('نیازسنجی')).toEqual(['A', 'B', 'X']);
    await move(sales, a, { stageId: stage['نیازسنجی'], afterId: x });
    expect(await titlesIn('نیازسنجی')).toEqual(['B', 'X', 'A']);
    // Only afterId: directly below that card.
    await move(sales, a, { stageId: stage['نیازسنجی'], afterId: b });
    expect(await titlesIn('نیازسنجی')).toEqual(['B', 'A', 'X']);
    // To an empty stage, then between cards of another stage.
    expect(await titlesIn('مذاکره')).toEqual([]);
    const moved = await move(sales, x, { stageId: stage['مذاکره'] });
    expect(moved.json()).toMatchObject({ stageName: 'مذاکره', status: 'open' });
    expect(await titlesIn('مذاکره')).toEqual(['X']);
    expect(await titlesIn('نیازسنجی')).toEqual(['B', 'A']);
    await move(sales, b, { stageId: stage['مذاکره'], afterId: x });
    await move(sales, a, { stageId: stage['مذاکره'], afterId: x, beforeId: b });
    expect(await titlesIn('مذاکره')).toEqual(['X', 'A', 'B']);
    expect(await titlesIn('نیازسنجی')).toEqual([]);

    // A neighbour from another stage is a 400; neighbours in the wrong order are a 409.
    const wrong = await move(sales, a, { stageId: stage['سرنخ'], afterId: x });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details).toHaveProperty('afterId');
    expect((await move(sales, a, { stageId: stage['مذاکره'], afterId: b, beforeId: x })).statusCode).toBe(409);
    expect(await titlesIn('مذاکره')).toEqual(['X', 'A', 'B']);
  });

  it('keeps the order when the same gap is split many times (the column is renumbered)', async () => {
    const c = await customer(sales, 'شکاف');
    const s = stage['ارسال پیش‌فاکتور'];
    const top = (await deal(sales, { customerId: c, title: 'T', stageId: s })).id;
    const low = (await deal(sales, { customerId: c, title: 'L', stageId: s })).id;
    // Order now: L, T. Keep dropping a new card directly below L: each lands between L and the previous one.
    const expected = ['L'];
    for (let i = 0; i < 45; i++) {
      const id = (await deal(sales, { customerId: c, title: `n${i}`, stageId: s })).id;
      const res = await move(sales, id, { stageId: s, afterId: low });
      expect(res.statusCode, res.body).toBe(200);
      expected.splice(1, 0, `n${i}`);
    }
    expected.push('T');
    expect(await titlesIn('ارسال پیش‌فاکتور', '?limit=500')).toEqual(expected);
    expect(top).toBeTruthy();
  });

  it('counts and sums each column, weighting by probability', async () => {
    const c = await customer(sales, 'جمع');
    const fresh = await env.login('sales');
    await deal(fresh, { customerId: c, title: 'یک', amount: '1000', stageId: stage['سرنخ'] });
    await deal(fresh, { customerId: c, title: 'دو', amount: '3000', stageId: stage['سرنخ'], probability: 50 });
    const col = await column('سرنخ', fresh, '?ownerId=me');
    expect(col).toMatchObject({ count: 2, amount: '4000', weightedAmount: '1600' }); // 1000 × 10% + 3000 × 50%
    expect(col.deals.map((d) => d.title)).toEqual(['دو', 'یک']);
    const limited = await column('سرنخ', fresh, '?ownerId=me&limit=1');
    expect(limited).toMatchObject({ count: 2, amount: '4000' });
    expect(limited.deals).toHaveLength(1);
  });
});

describe('won and lost', () => {
  it('won sets status and closedAt; lost needs a reason (400, nothing changed); reopening clears both', async () => {
    const c = await customer(sales, 'نتیجه');
    const d = await deal(sales, { customerId: c, title: 'برد و باخت', amount: '7000' });
    env.clock.set('2026-11-24T10:00:00Z');
    const won = await move(sales, d.id, { stageId: stage['برنده'] });
    expect(won.json()).toMatchObject({ status: 'won', closedAt: '2026-11-24T10:00:00.000Z', stageName: 'برنده' });
    expect((await column('برنده')).deals.map((x) => x.id)).toContain(d.id);

    env.clock.set('2026-11-24T11:00:00Z');
    const before = (await sales.get(`/api/deals/${d.id}`)).json();
    const noReason = await move(sales, d.id, { stageId: stage['بازنده'] });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details).toHaveProperty('lostReason');
    expect((await sales.get(`/api/deals/${d.id}`)).json()).toEqual(before);

    const lost = await move(sales, d.id, { stageId: stage['بازنده'], lostReason: 'قیمت رقیب پایین‌تر بود' });
    expect(lost.json()).toMatchObject({ status: 'lost', lostReason: 'قیمت رقیب پایین‌تر بود', closedAt: '2026-11-24T11:00:00.000Z' });
    // Reordering inside the lost column needs no new reason.
    expect((await move(sales, d.id, { stageId: stage['بازنده'] })).statusCode).toBe(200);
    const fixed = await sales.patch(`/api/deals/${d.id}`, { lostReason: 'بودجه نداشت' });
    expect(fixed.json().lostReason).toBe('بودجه نداشت');

    env.clock.set('2026-11-24T12:00:00Z');
    const reopened = await move(sales, d.id, { stageId: stage['مذاکره'] });
    expect(reopened.json()).toMatchObject({ status: 'open', closedAt: null, lostReason: null, stageName: 'مذاکره' });
    expect(reopened.json().history.map((h: Deal['history'][number]) => [h.fromStageName, h.toStageName, h.lostReason])).toEqual([
      [null, 'سرنخ', null], ['سرنخ', 'برنده', null], ['برنده', 'بازنده', 'قیمت رقیب پایین‌تر بود'], ['بازنده', 'مذاکره', null],
    ]);
    env.clock.set('2026-11-23T08:00:00Z');
  });

  it('shows closed deals on the board only for the last 30 days', async () => {
    const c = await customer(sales, 'قدیمی');
    env.clock.set('2026-09-01T08:00:00Z');
    const old = await deal(sales, { customerId: c, title: 'برد قدیمی' });
    await move(sales, old.id, { stageId: stage['برنده'] });
    env.clock.set('2026-11-23T08:00:00Z');
    const recent = await deal(sales, { customerId: c, title: 'برد تازه' });
    await move(sales, recent.id, { stageId: stage['برنده'] });
    const ids = (await column('برنده')).deals.map((x) => x.id);
    expect(ids).toContain(recent.id);
    expect(ids).not.toContain(old.id);
    expect((await column('برنده', sales, '?closedDays=120')).deals.map((x) => x.id)).toContain(old.id);
    // The list still finds it.
    expect((await sales.get(`/api/deals?customerId=${c}&status=won`)).json().total).toBe(2);
  });

  it('markDealWon moves a deal to its won stage, audited, once', async () => {
    const c = await customer(sales, 'پیش‌فاکتور پذیرفته');
    const d = await deal(sales, { customerId: c, title: 'پیش‌فاکتور ۱۲' });
    const actor = systemActor(DEFAULT_ROLES.admin.permissions);
    const won = await withTx(env.rt.database, (tx) => markDealWon(tx, actor, d.id, env.clock));
    expect(won).toMatchObject({ status: 'won', stageName: 'برنده' });
    const again = await withTx(env.rt.database, (tx) => markDealWon(tx, actor, d.id, env.clock));
    expect(again.history).toHaveLength(2);
    const audit = (await sales.get(`/api/customers/${c}/audit`)).json().items as { entityType: string; field: string | null; newValue: unknown }[];
    expect(audit).toContainEqual(expect.objectContaining({ entityType: 'deal', field: 'status', newValue: 'won' }));
  });
});

describe('the customer timeline and 360° view', () => {
  it('shows creation, stage changes with names, won and lost with the reason; the deals section sums', async () => {
    const c = await customer(sales, 'زمان‌نگار');
    env.clock.set('2026-11-25T08:00:00Z');
    const a = await deal(sales, { customerId: c, title: 'الف', amount: '100' });
    env.clock.set('2026-11-25T09:00:00Z');
    await move(sales, a.id, { stageId: stage['مذاکره'] });
    env.clock.set('2026-11-25T10:00:00Z');
    await move(sales, a.id, { stageId: stage['بازنده'], lostReason: 'منصرف شد' });
    env.clock.set('2026-11-25T11:00:00Z');
    const b = await deal(sales, { customerId: c, title: 'ب', amount: '250' });
    env.clock.set('2026-11-25T12:00:00Z');
    await move(sales, b.id, { stageId: stage['برنده'] });
    env.clock.set('2026-11-25T13:00:00Z');
    await deal(sales, { customerId: c, title: 'ج', amount: '40', stageId: stage['نیازسنجی'] });

    const tl = (await sales.get(`/api/customers/${c}/timeline?kinds=deal`)).json().items as { kind: string; at: string; data: Record<string, unknown> }[];
    expect(tl.map((i) => [i.data.title, i.data.event, (i.data.fromStage as { name: string } | null)?.name ?? null, (i.data.toStage as { name: string }).name, i.data.lostReason])).toEqual([
      ['ج', 'created', null, 'نیازسنجی', null],
      ['ب', 'won', 'سرنخ', 'برنده', null],
      ['ب', 'created', null, 'سرنخ', null],
      ['الف', 'lost', 'مذاکره', 'بازنده', 'منصرف شد'],
      ['الف', 'stage_changed', 'سرنخ', 'مذاکره', null],
      ['الف', 'created', null, 'سرنخ', null],
    ]);
    expect(tl[3].at).toBe('2026-11-25T10:00:00.000Z');

    const view = (await sales.get(`/api/customers/${c}`)).json();
    expect(view.deals).toMatchObject({ openCount: 1, openAmount: '40', wonCount: 1, wonAmount: '250', lostCount: 1 });
    expect(view.deals.open.map((d: Deal) => [d.title, d.stageName, d.amount])).toEqual([['ج', 'نیازسنجی', '40']]);
    env.clock.set('2026-11-23T08:00:00Z');
  });

  it('hides deals from the timeline, 360° and audit of a role without deal rights', async () => {
    const perms = { customers: { ops: ['read'], scope: 'all' }, audit: { ops: ['read'], scope: 'all' } };
    const role = await admin.post('/api/roles', { key: 'no_deals', name: 'بدون معامله', permissions: perms });
    expect(role.statusCode, role.body).toBe(201);
    await admin.post('/api/users', { email: 'no-deals@test.example', name: 'بدون معامله', password: 'Kooh-Sabz-Abi-Nazok-12', roleId: role.json().id });
    const viewer = await loginAs(env.app, 'no-deals@test.example', 'Kooh-Sabz-Abi-Nazok-12');
    const c = await customer(sales, 'محرمانه');
    const d = await deal(sales, { customerId: c, title: 'معامله محرمانه' });
    await sales.patch(`/api/deals/${d.id}`, { title: 'عنوان محرمانه' });
    const view = (await viewer.get(`/api/customers/${c}`)).json();
    expect(view).not.toHaveProperty('deals');
    expect(JSON.stringify(view)).not.toContain('عنوان محرمانه');
    expect(JSON.stringify(view)).not.toContain('معامله محرمانه');
    expect(view.timeline.items.filter((i: { kind: string }) => i.kind === 'deal')).toEqual([]);
    const audit = (await viewer.get(`/api/customers/${c}/audit`)).json().items as { entityType: string }[];
    expect(audit.filter((a) => a.entityType === 'deal')).toEqual([]);
    expect((await viewer.get('/api/deals')).statusCode).toBe(403);
    // Sales sees them.
    expect(((await sales.get(`/api/customers/${c}/audit`)).json().items as { entityType: string }[]).some((a) => a.entityType === 'deal')).toBe(true);
  });
});

describe('listing deals', () => {
  it('filters by pipeline, stage, owner, status, customer, expected close and text (title or customer, ي/ك), sorts and pages', async () => {
    const owner = await env.login('sales');
    const c1 = await customer(owner, 'كريمي');
    const c2 = await customer(owner, 'رضایی');
    await deal(owner, { customerId: c1, title: 'سرور اصلی', amount: '500', expectedCloseDate: '2026-12-01' });
    await deal(owner, { customerId: c2, title: 'لایسنس نرم‌افزار', amount: '900', expectedCloseDate: '2027-02-01', stageId: stage['مذاکره'] });
    const lost = await deal(owner, { customerId: c2, title: 'سرور پشتیبان', amount: '100' });
    await move(owner, lost.id, { stageId: stage['بازنده'], lostReason: 'گران' });
    await deal(sales, { customerId: c1, title: 'دیگری', amount: '1' });

    const list = async (qs: string) => (await owner.get(`/api/deals?ownerId=me&${qs}`)).json() as { items: Deal[]; total: number; totalAmount: string };
    const titles = async (qs: string) => (await list(qs)).items.map((d) => d.title);
    expect((await list('')).total).toBe(3);
    expect((await list('')).totalAmount).toBe('1500');
    expect(await titles('sort=-amount')).toEqual(['لایسنس نرم‌افزار', 'سرور اصلی', 'سرور پشتیبان']);
    expect(await titles('sort=amount&pageSize=1&page=2')).toEqual(['سرور اصلی']);
    expect(await titles(`stageId=${stage['مذاکره']}`)).toEqual(['لایسنس نرم‌افزار']);
    expect(await titles(`pipelineId=${pipelineId}&status=open&sort=title`)).toEqual(['سرور اصلی', 'لایسنس نرم‌افزار']);
    expect(await titles('status=lost')).toEqual(['سرور پشتیبان']);
    expect(await titles(`customerId=${c2}&sort=title`)).toEqual(['سرور پشتیبان', 'لایسنس نرم‌افزار']);
    expect(await titles('expectedFrom=2026-11-30&expectedTo=2026-12-31')).toEqual(['سرور اصلی']);
    expect(await titles(`q=${encodeURIComponent('کریمی')}`)).toEqual(['سرور اصلی']);
    expect(await titles(`q=${encodeURIComponent('سرور')}&sort=title`)).toEqual(['سرور اصلی', 'سرور پشتیبان']);
    expect(await titles(`q=${encodeURIComponent('نرم افزار')}`)).toEqual(['لایسنس نرم‌افزار']);
    expect(await titles(`q=${encodeURIComponent('رضايي سرور')}`)).toEqual(['سرور پشتیبان']);
    expect((await owner.get(`/api/deals?ownerId=${sales.userId}&customerId=${c1}`)).json().items.map((d: Deal) => d.title)).toEqual(['دیگری']);
    expect((await owner.get('/api/deals?status=bogus')).statusCode).toBe(400);
  });
});
