/**
 * Segments through the API: POST /api/segments/preview counts and samples in the reader's scope, compares text the
 * way search does (ي/ی, ك/ک, ZWNJ, Persian digits), takes custom fields, purchases and Jalali birthdays, refuses a
 * bad rule with a 400 naming its place; saved segments: dynamic (live) and static (a snapshot until refreshed).
 * The Jalali month-day of SQL `jalali_md` agrees with jalaali-js for every day of 1920–2080.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { withTx } from '../../db/tx.ts';
import { systemActor } from '../auth/index.ts';
import { recordExternalInvoice } from '../documents/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { jalaliMonthDay } from './index.ts';

let env: TestEnv;
let admin: Agent;
let seller: Agent;
let other: Agent;
const ids: Record<string, string> = {};

async function customer(key: string, agent: Agent, body: Record<string, unknown>) {
  const res = await agent.post('/api/customers', { kind: 'person', lastName: key, force: true, ...body });
  expect(res.statusCode, res.body).toBe(201);
  ids[key] = res.json().id;
}
const preview = (agent: Agent, rules: unknown, sampleSize = 10) => agent.post('/api/segments/preview', { rules, sampleSize });
async function count(agent: Agent, rules: unknown): Promise<number> {
  const res = await preview(agent, rules, 0);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().count;
}
/** Names of the customers a rule selects (as admin, who sees all), among the ones this test made. */
async function names(rules: unknown): Promise<string[]> {
  const res = await preview(admin, rules, 50);
  expect(res.statusCode, res.body).toBe(200);
  const mine = new Set(Object.values(ids));
  return (res.json().sample as { id: string }[]).filter((s) => mine.has(s.id)).map((s) => Object.keys(ids).find((k) => ids[k] === s.id)!).sort();
}

beforeAll(async () => {
  // Thursday 2026-11-19 08:00 UTC = 1405/08/28 in Tehran.
  env = await createTestEnv({ start: '2026-11-19T08:00:00Z' });
  admin = await env.login('admin');
  // Sellers who see only their own customers.
  const own = { ...DEFAULT_ROLES.sales.permissions, customers: { ops: ['read', 'create', 'update'], scope: 'own' } };
  expect((await admin.post('/api/roles', { key: 'own_sales', name: 'فروش (فقط خودش)', permissions: own })).statusCode).toBe(201);
  seller = await env.login('own_sales' as 'sales');
  other = await env.login('own_sales' as 'sales');
  const f = await admin.post('/api/custom-fields', { key: 'score', labelFa: 'امتیاز', labelEn: 'Score', type: 'number' });
  expect(f.statusCode, f.body).toBe(201);
  // Stored with Arabic letters and a ZWNJ, asked for with Persian ones and a space.
  await customer('a', seller, { firstName: 'علي', city: 'شيراز', tags: ['مشتری‌ویژه'], lifecycleStage: 'customer', smsConsent: true, birthday: '1990-11-23', custom: { score: 7 } });
  await customer('b', seller, { firstName: 'مريم', city: 'تهران', tags: ['عمده'], lifecycleStage: 'lead', birthday: '1985-12-30', custom: { score: 3 } });
  await customer('c', other, { firstName: 'كاوه', city: 'شیراز', lifecycleStage: 'customer', smsConsent: true, birthday: '2000-11-19' });
  await customer('d', admin, { firstName: 'سارا', city: null, lifecycleStage: 'churned', custom: { score: 10 } });
}, 180_000);
afterAll(async () => env?.close());

describe('preview', () => {
  it('matches text the way search does, and answers {count, sample}', async () => {
    expect(await names({ field: 'city', op: 'eq', value: 'شیراز' })).toEqual(['a', 'c']);
    expect(await names({ field: 'firstName', op: 'eq', value: 'کاوه' })).toEqual(['c']);
    expect(await names({ field: 'tags', op: 'contains', value: 'مشتری ویژه' })).toEqual(['a']);
    expect(await names({ field: 'city', op: 'contains', value: 'راز' })).toEqual(['a', 'c']);
    const res = await preview(admin, { field: 'city', op: 'eq', value: 'تهران' }, 5);
    expect(res.json().sample).toEqual([{ id: ids.b, displayName: expect.any(String), city: 'تهران', lifecycleStage: 'lead', phone: null }]);
  });

  it('nests all/any/not; a missing value fails eq and passes neq; not is the complement', async () => {
    const rule = { all: [{ field: 'lifecycleStage', op: 'eq', value: 'customer' }, { any: [{ field: 'smsConsent', op: 'eq', value: true }, { field: 'city', op: 'eq', value: 'تهران' }] }] };
    expect(await names(rule)).toEqual(['a', 'c']);
    expect(await names({ all: [{ not: rule }, { field: 'lastName', op: 'in', value: ['a', 'b', 'c', 'd'] }] })).toEqual(['b', 'd']);
    expect(await names({ all: [{ field: 'city', op: 'neq', value: 'تهران' }, { field: 'lastName', op: 'in', value: ['a', 'b', 'c', 'd'] }] })).toEqual(['a', 'c', 'd']);
    expect(await names({ field: 'city', op: 'exists', value: false })).toContain('d');
  });

  it('compares custom number fields; "gt" leaves out customers without the field', async () => {
    expect(await names({ field: 'custom.score', op: 'gt', value: 5 })).toEqual(['a', 'd']);
    expect(await names({ field: 'custom.score', op: 'between', value: [3, 7] })).toEqual(['a', 'b']);
    expect(await names({ all: [{ field: 'custom.score', op: 'lte', value: 100 }, { not: { field: 'custom.score', op: 'gte', value: 5 } }] })).toEqual(['b']);
  });

  it('counts only the customers the reader may see', async () => {
    const shiraz = { field: 'city', op: 'eq', value: 'شیراز' };
    expect(await count(admin, shiraz)).toBe(2);
    expect(await count(seller, shiraz)).toBe(1);
    const s = (await preview(other, shiraz)).json();
    expect(s).toEqual({ count: 1, sample: [expect.objectContaining({ id: ids.c })] });
    expect(await count(seller, { field: 'ownerId', op: 'eq', value: 'me' })).toBe(2);
  });

  it('birthdays by the Jalali calendar in the coming days', async () => {
    // Today 1405/08/28. a: 1990-11-23 = 1369/09/02 → in 4 days; c: 2000-11-19 = 1379/08/29 → tomorrow; b: 1364/10/09 → not within 7.
    expect(await names({ field: 'birthdayWithinDays', op: 'lte', value: 7 })).toEqual(['a', 'c']);
    expect(await names({ field: 'birthdayWithinDays', op: 'lte', value: 0 })).toEqual([]);
    expect(await names({ field: 'birthdayWithinDays', op: 'eq', value: 1 })).toEqual(['c']);
    expect(await names({ field: 'birthdayWithinDays', op: 'lte', value: 45 })).toEqual(['a', 'b', 'c']);
  });

  it('purchases: bought a product (by code, any spelling), in a period, number and spend', async () => {
    const actor = systemActor(DEFAULT_ROLES.admin.permissions);
    await withTx(env.rt.database, (tx) => recordExternalInvoice(tx, actor, env.clock, {
      customerId: ids.a, number: 'SEG-1', issueDate: '2026-10-01', fees: [], cancelled: false, source: 'test',
      lines: [{ productId: null, code: 'TEA-۱', description: 'چای', quantity: '2', unitPrice: 500_000n, total: 1_000_000n }],
      payments: [{ amount: 1_000_000n, paidAt: new Date('2026-10-01T10:00:00Z'), method: 'cash', reference: 'r1' }],
    }));
    await withTx(env.rt.database, (tx) => recordExternalInvoice(tx, actor, env.clock, {
      customerId: ids.b, number: 'SEG-2', issueDate: '2025-01-10', fees: [], cancelled: false, source: 'test',
      lines: [{ productId: null, code: 'TEA-1', description: 'چای', quantity: '1', unitPrice: 500_000n, total: 500_000n }], payments: [],
    }));
    expect(await names({ field: 'boughtProduct', op: 'in', value: ['tea-1'] })).toEqual(['a', 'b']);
    expect(await names({ field: 'boughtProduct', op: 'in', value: ['TEA-1'], withinDays: 90 })).toEqual(['a']);
    expect(await names({ field: 'lastPurchaseAt', op: 'withinLastDays', value: 60 })).toEqual(['a']);
    expect(await names({ field: 'totalSpent', op: 'gte', value: 1_000_000 })).toEqual(['a']);
    expect(await names({ all: [{ field: 'purchaseCount', op: 'eq', value: 0 }, { field: 'lastName', op: 'in', value: ['a', 'b', 'c', 'd'] }] })).toEqual(['c', 'd']);
    expect(await names({ all: [{ field: 'bought', op: 'eq', value: false }, { field: 'lastName', op: 'in', value: ['a', 'b', 'c', 'd'] }] })).toEqual(['c', 'd']);
  });

  it('a bad rule is a 400 naming its place, never a 500', async () => {
    const bad = async (rules: unknown, key: string) => {
      const res = await preview(admin, rules);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.json().error.details ?? {}).join()).toContain(key);
    };
    await bad({ all: [{ field: 'city', op: 'eq', value: 'x' }, { field: 'nope', op: 'eq', value: 1 }] }, 'rules.all.1.field');
    await bad({ field: 'city', op: 'gt', value: 'x' }, 'rules.op');
    await bad({ field: 'birthday', op: 'gt', value: '1990-02-31' }, 'rules.value');
    await bad({ field: 'custom.score', op: 'between', value: [1] }, 'rules.value');
    await bad({ field: 'lifecycleStage', op: 'eq', value: 'dragon' }, 'rules.value');
    await bad({ field: 'ownerId', op: 'eq', value: "x' OR 1=1 --" }, 'rules.value');
    let deep: unknown = { field: 'city', op: 'exists' };
    for (let i = 0; i < 7; i++) deep = { not: deep };
    await bad(deep, 'rules');
    const junk = await preview(admin, { field: 'city', op: 'eq', value: { $ne: 1 } });
    expect(junk.statusCode).toBe(400);
    const sqlish = await count(admin, { field: 'city', op: 'eq', value: "'; DROP TABLE customers; --" });
    expect(sqlish).toBe(0);
  });
});

describe('saved segments', () => {
  it('dynamic follows the data; static keeps its snapshot until refreshed', async () => {
    const rule = { field: 'city', op: 'eq', value: 'اصفهان' };
    const dyn = await admin.post('/api/segments', { name: 'اصفهانی‌ها', rules: rule });
    const stat = await admin.post('/api/segments', { name: 'اصفهانی‌ها (ثابت)', rules: rule, kind: 'static' });
    expect(dyn.statusCode, dyn.body).toBe(201);
    expect(stat.json()).toMatchObject({ kind: 'static', snapshotCount: 0 });
    await customer('e', admin, { city: 'اصفهان' });
    expect((await admin.get(`/api/segments/${dyn.json().id}/customers`)).json().count).toBe(1);
    expect((await admin.get(`/api/segments/${stat.json().id}/customers`)).json().count).toBe(0);
    const refreshed = await admin.patch(`/api/segments/${stat.json().id}`, { refreshSnapshot: true });
    expect(refreshed.json()).toMatchObject({ snapshotCount: 1 });
    expect((await admin.get(`/api/segments/${stat.json().id}/customers`)).json().sample.map((s: { id: string }) => s.id)).toEqual([ids.e]);
    // A seller sees the shared segment but neither changes nor deletes another's; nothing changed.
    expect((await seller.get('/api/segments')).json().items.map((s: { id: string }) => s.id)).toContain(dyn.json().id);
    expect((await seller.patch(`/api/segments/${dyn.json().id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await seller.del(`/api/segments/${dyn.json().id}`)).statusCode).toBe(403);
    expect((await admin.get(`/api/segments/${dyn.json().id}`)).json().name).toBe('اصفهانی‌ها');
    // A broken rule is refused at save time, and nothing is saved.
    const before = (await admin.get('/api/segments')).json().items.length;
    expect((await admin.post('/api/segments', { name: 'bad', rules: { field: 'nope', op: 'eq', value: 1 } })).statusCode).toBe(400);
    expect((await admin.get('/api/segments')).json().items.length).toBe(before);
    expect((await admin.del(`/api/segments/${dyn.json().id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/segments/${dyn.json().id}`)).statusCode).toBe(404);
  });

  it('filters the customers list (and its export) by a saved segment, in the reader\'s scope', async () => {
    // Shiraz (any spelling): a (the seller's) and c (the other seller's).
    const seg = await admin.post('/api/segments', { name: 'شیرازی‌ها', rules: { field: 'city', op: 'eq', value: 'شیراز' } });
    expect(seg.statusCode, seg.body).toBe(201);
    const listed = async (agent: Agent) => {
      const res = await agent.get(`/api/customers?segmentId=${seg.json().id}&pageSize=100`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as { id: string }[]).map((c) => c.id).filter((x) => Object.values(ids).includes(x)).sort();
    };
    expect(await listed(admin)).toEqual([ids.a, ids.c].sort());
    expect(await listed(seller)).toEqual([ids.a]);
    // With other filters: Shiraz and lead → nobody; Shiraz and tag «مشتری‌ویژه» → a.
    expect((await admin.get(`/api/customers?segmentId=${seg.json().id}&stage=lead`)).json().items.filter((c: { id: string }) => Object.values(ids).includes(c.id))).toEqual([]);
    expect((await admin.get(`/api/customers?segmentId=${seg.json().id}&tag=${encodeURIComponent('مشتری‌ویژه')}`)).json().items.map((c: { id: string }) => c.id)).toEqual([ids.a]);
    const csv = await admin.get(`/api/customers/export?segmentId=${seg.json().id}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\n').filter((l) => l.trim()).length).toBe(3); // header + a + c
    // An unknown segment is a 404, a malformed id a 400.
    expect((await admin.get('/api/customers?segmentId=00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await admin.get('/api/customers?segmentId=x')).statusCode).toBe(400);
  });

  it('lists the fields a rule may name, custom ones included', async () => {
    const items = (await seller.get('/api/segments/fields')).json().items as { field: string; type: string; ops: string[] }[];
    const by = new Map(items.map((i) => [i.field, i]));
    expect(by.get('city')).toMatchObject({ type: 'text', ops: ['eq', 'neq', 'in', 'contains', 'exists'] });
    expect(by.get('custom.score')).toMatchObject({ type: 'number' });
    expect(by.get('boughtProduct')).toMatchObject({ type: 'event', ops: ['eq', 'in'] });
    expect(by.get('npsDetractor')).toMatchObject({ type: 'event', ops: ['eq'] });
  });
});

describe('jalali_md', () => {
  it('agrees with jalaali-js on every day from 1940 to 2070', async () => {
    const rows = (await env.rt.database.db.execute(sql`
      SELECT to_char(d, 'YYYY-MM-DD') AS day, jalali_md(d::date) AS md FROM generate_series('1940-01-01'::date, '2070-12-31'::date, '1 day') d`)).rows as { day: string; md: number }[];
    expect(rows.length).toBe(47848);
    const wrong = rows.filter((r) => jalaliMonthDay(r.day) !== r.md).slice(0, 5);
    expect(wrong).toEqual([]);
    // Spot checks by hand: Nowruz 1403 = 2024-03-20; 1370/05/12 = 1991-08-03; Esfand 30 of leap 1403 = 2025-03-20.
    expect([jalaliMonthDay('2024-03-20'), jalaliMonthDay('1991-08-03'), jalaliMonthDay('2025-03-20')]).toEqual([101, 512, 1230]);
  });
});
