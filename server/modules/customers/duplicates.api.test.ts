/**
 * The duplicate finder: which pairs it reports and why (phones, emails and national IDs in any format; normalized
 * names with the same city or phone prefix), the read scope (a pair with a record the reader cannot see is not shown),
 * and the merge movers covering every table that points at a customer.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, nationalIdFrom, type TestEnv, type Agent } from '../../test/harness.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { customerMovers } from './merge-movers.ts';

let env: TestEnv;
let admin: Agent;
let own: Agent;
const ids: Record<string, string> = {};

const toPersianDigits = (s: string) => s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);

async function create(agent: Agent, key: string, body: Record<string, unknown>) {
  const res = await agent.post('/api/customers', { kind: 'person', force: true, ...body });
  expect(res.statusCode, res.body).toBe(201);
  ids[key] = res.json().id;
}

type Pair = { a: { id: string }; b: { id: string }; reasons: string[] };
const keyOf = (x: string, y: string) => [x, y].sort().join(':');

async function pairs(agent: Agent, query = '') {
  const res = await agent.get(`/api/customers/duplicates?pageSize=100${query}`);
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as { items: Pair[]; total: number };
  return { total: body.total, map: new Map(body.items.map((p) => [keyOf(p.a.id, p.b.id), p.reasons])) };
}

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  // A manager who sees only the customers they own or made (and may update and delete them).
  const roles = (await admin.get('/api/roles')).json().items as { id: string; key: string }[];
  const permissions = structuredClone(DEFAULT_ROLES.manager.permissions);
  permissions.customers = { ...permissions.customers!, scope: 'own' };
  expect((await admin.patch(`/api/roles/${roles.find((r) => r.key === 'manager')!.id}`, { permissions })).statusCode).toBe(200);
  own = await env.login('manager');

  // The same mobile number written three ways.
  await create(admin, 'phone1', { firstName: 'پرویز', lastName: 'یکم', phones: [{ number: '09121110001' }] });
  await create(admin, 'phone2', { firstName: 'کامران', lastName: 'دوم', phones: [{ number: '+989121110001' }] });
  await create(admin, 'phone3', { firstName: 'بهروز', lastName: 'سوم', phones: [{ number: '۰۹۱۲ ۱۱۱ ۰۰۰۱' }] });
  // An email in two cases.
  await create(admin, 'email1', { firstName: 'نگار', lastName: 'الف', emails: [{ address: 'Negar.A@Example.com' }] });
  await create(admin, 'email2', { firstName: 'نگین', lastName: 'ب', emails: [{ address: 'negar.a@example.COM' }] });
  // A national ID in Latin and in Persian digits.
  const nid = nationalIdFrom(4242);
  await create(admin, 'nid1', { firstName: 'هوشنگ', lastName: 'ج', nationalId: nid });
  await create(admin, 'nid2', { firstName: 'فرهاد', lastName: 'د', nationalId: toPersianDigits(nid) });
  // One name spelled with Arabic ي/ك and Persian ی/ک, in the same city; and the same name in another city.
  await create(admin, 'name1', { firstName: 'علي', lastName: 'كريمي', city: 'تهران' });
  await create(admin, 'name2', { firstName: 'علی', lastName: 'کریمی', city: 'تهران' });
  await create(admin, 'name3', { firstName: 'علی', lastName: 'کریمی', city: 'شیراز' });
  // One name, numbers that differ only in the last four digits.
  await create(admin, 'prefix1', { firstName: 'مهدي', lastName: 'صالحي', phones: [{ number: '09351234567' }] });
  await create(admin, 'prefix2', { firstName: 'مهدی', lastName: 'صالحی', phones: [{ number: '09351239999' }] });
  // Alike in nothing that counts.
  await create(admin, 'alone', { firstName: 'ژاله', lastName: 'تنها', city: 'تهران', phones: [{ number: '09131112233' }] });

  // Scope: the own-scope manager's record and an admin's record share a number; and two of the manager's share another.
  await create(own, 'mine1', { firstName: 'سیما', lastName: 'خودی', phones: [{ number: '09187770001' }] });
  await create(admin, 'hiddenTwin', { firstName: 'سیمین', lastName: 'پنهان', phones: [{ number: '09187770001' }] });
  await create(own, 'mine2', { firstName: 'سیما', lastName: 'خودی', phones: [{ number: '09187770002' }], city: 'کرج' });
  await create(own, 'mine3', { firstName: 'سیما', lastName: 'خودی', phones: [{ number: '09187770003' }], city: 'کرج' });
}, 180_000);
afterAll(async () => env?.close());

describe('the duplicate finder', () => {
  it('pairs records by phone, email, national ID in any format and by normalized name with the same city or phone prefix', async () => {
    const { total, map } = await pairs(admin);
    const expected = new Map<string, string[]>([
      [keyOf(ids.phone1, ids.phone2), ['phone']],
      [keyOf(ids.phone1, ids.phone3), ['phone']],
      [keyOf(ids.phone2, ids.phone3), ['phone']],
      [keyOf(ids.email1, ids.email2), ['email']],
      [keyOf(ids.nid1, ids.nid2), ['nationalId']],
      [keyOf(ids.name1, ids.name2), ['name+city']],
      [keyOf(ids.prefix1, ids.prefix2), ['name+phonePrefix']],
      [keyOf(ids.mine1, ids.hiddenTwin), ['phone']],
      // mine1's number is …0001, mine2's …0002: the same name, the same prefix; mine2 and mine3 also share the city.
      [keyOf(ids.mine1, ids.mine2), ['name+phonePrefix']],
      [keyOf(ids.mine1, ids.mine3), ['name+phonePrefix']],
      [keyOf(ids.mine2, ids.mine3), ['name+city', 'name+phonePrefix']],
    ]);
    expect(new Map([...map].map(([k, v]) => [k, [...v].sort()]))).toEqual(new Map([...expected].map(([k, v]) => [k, [...v].sort()])));
    expect(total).toBe(expected.size);
    // name3 (same name, another city, no phone) and the lone record are in no pair.
    expect([...map.keys()].some((k) => k.includes(ids.name3) || k.includes(ids.alone))).toBe(false);
  });

  it('pages the pairs and filters them by reason', async () => {
    const first = (await admin.get('/api/customers/duplicates?pageSize=4&page=1')).json();
    const third = (await admin.get('/api/customers/duplicates?pageSize=4&page=3')).json();
    expect(first.items).toHaveLength(4);
    expect(third.items).toHaveLength(3);
    expect(first.total).toBe(11);
    const byEmail = await pairs(admin, '&reason=email');
    expect([...byEmail.map.keys()]).toEqual([keyOf(ids.email1, ids.email2)]);
    expect(byEmail.total).toBe(1);
    const bad = await admin.get('/api/customers/duplicates?reason=surname');
    expect(bad.statusCode).toBe(400);
  });

  it('shows an own-scope user only pairs where both records are visible to them', async () => {
    const { total, map } = await pairs(own);
    expect([...map.keys()].sort()).toEqual([keyOf(ids.mine1, ids.mine2), keyOf(ids.mine1, ids.mine3), keyOf(ids.mine2, ids.mine3)].sort());
    expect(total).toBe(3);
    const side = await own.get(`/api/customers/duplicates/pair?a=${ids.mine1}&b=${ids.hiddenTwin}`);
    expect(side.statusCode).toBe(404);
    expect(side.body).not.toContain('پنهان');
  });

  it('still answers the create form’s probe by phone, email or national ID', async () => {
    const res = await admin.get('/api/customers/duplicates?phone=00989121110001');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().matches.map((m: { id: string }) => m.id).sort()).toEqual([ids.phone1, ids.phone2, ids.phone3].sort());
  });

  it('shows a pair side by side: both records, the reasons, the differing fields and what each holds', async () => {
    const res = await admin.get(`/api/customers/duplicates/pair?a=${ids.name1}&b=${ids.name2}`);
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json();
    expect(v.a.id).toBe(ids.name1);
    expect(v.b.id).toBe(ids.name2);
    expect(v.reasons).toEqual(['name+city']);
    // ي/ك against ی/ک: the stored names differ though they normalize alike.
    expect(v.differing).toEqual(['firstName', 'lastName']);
    expect(v.related.a.audit_log).toBe(1); // its creation
    expect(v.related.a.interactions).toBe(0);
    expect((await admin.get(`/api/customers/duplicates/pair?a=${ids.name1}&b=${ids.name1}`)).statusCode).toBe(400);
  });
});

describe('a key shared by many records', () => {
  it('makes no pairs past 50 records (a switchboard number says nothing about duplicates)', async () => {
    const db = env.rt.database.db;
    const insert = (n: number, phone: string) => db.execute(sql`INSERT INTO customers (kind, first_name, display_name, search_doc, phone_keys)
      SELECT 'person', 'کارمند' || g, 'کارمند' || g, 'کارمند' || g, ARRAY[${phone}] FROM generate_series(1, ${n}) g`);
    await insert(51, '+982188880000');
    expect((await pairs(admin)).total).toBe(11);
    await insert(3, '+982188881111');
    const after = await pairs(admin, '&reason=phone');
    expect(after.total).toBe(4 + 3); // the three pairs of the phone1–3 group and mine1/hiddenTwin, and the three of the new group
  });
});

describe('the merge movers', () => {
  it('cover every table with a customer_id column or a foreign key to customers', async () => {
    const db = env.rt.database.db;
    const withColumn = (await db.execute(sql`SELECT table_name AS t FROM information_schema.columns
      WHERE table_schema = current_schema() AND column_name = 'customer_id'`)).rows as { t: string }[];
    const withForeignKey = (await db.execute(sql`SELECT DISTINCT src.relname AS t FROM pg_constraint k
      JOIN pg_class src ON src.oid = k.conrelid JOIN pg_class dst ON dst.oid = k.confrelid
      WHERE k.contype = 'f' AND dst.relname = 'customers' AND src.relname NOT IN ('customers', 'customer_merges')`)).rows as { t: string }[];
    const linked = new Set([...withColumn, ...withForeignKey].map((r) => r.t));
    expect(linked.size).toBeGreaterThanOrEqual(16);
    const covered = new Set(customerMovers().flatMap((m) => m.tables));
    expect([...linked].filter((t) => !covered.has(t)).sort()).toEqual([]);
    // A mover naming a table that does not exist is a typo.
    expect([...covered].filter((t) => !linked.has(t)).sort()).toEqual([]);
  });
});
