/**
 * Property test of GET /api/customers query parameters: any combination, valid or garbage, answers 200 or a 400 in the
 * error shape (never a 500), and a user whose role sees only their own customers never gets anyone else's, whatever
 * the filters: the restricted answer is exactly the unrestricted answer cut down to the user's records.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { createTestEnv, loginAs, mobileFrom, type TestEnv, type Agent } from '../../test/harness.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { LIFECYCLE_STAGES, SOURCES, CUSTOMER_SORTS } from '../../../common/customer.schemas.ts';

let env: TestEnv;
let admin: Agent;
let own: Agent;
let others: Agent[];
let visible: Set<string>;
let allIds: Set<string>;

const CITIES = ['تهران', 'شیراز', 'اصفهان', 'مشهد', 'تبريز'];
const TAGS = ['vip', 'عمده', 'new', 'پیگیری'];
const NAMES = ['علی', 'رضا', 'مریم', 'زهرا', 'کیان', 'سارا', 'محمد رضا', 'نیلوفر'];

beforeAll(async () => {
  const t0 = Date.now();
  env = await createTestEnv();
  admin = await env.login('admin');
  const permissions = structuredClone(DEFAULT_ROLES.sales.permissions);
  permissions.customers = { ...permissions.customers!, scope: 'own' };
  const role = await admin.post('/api/roles', { key: 'own_sales', name: 'فروش (فقط خودش)', permissions });
  expect(role.statusCode, role.body).toBe(201);
  const u = await admin.post('/api/users', { email: 'own@test.example', name: 'محدود', password: 'Kooh-Sabz-Abi-Nazok-12', roleId: role.json().id });
  expect(u.statusCode, u.body).toBe(201);
  own = await loginAs(env.app, 'own@test.example', 'Kooh-Sabz-Abi-Nazok-12');
  others = [await env.login('sales'), await env.login('manager')];

  for (const [key, type, extra] of [
    ['n', 'number', {}], ['t', 'text', {}], ['d', 'date', {}], ['b', 'boolean', {}],
    ['s', 'select', { options: [{ value: 'a', labelFa: 'الف', labelEn: 'A' }, { value: 'b', labelFa: 'ب', labelEn: 'B' }] }],
    ['m', 'multi_select', { options: [{ value: 'a', labelFa: 'الف', labelEn: 'A' }, { value: 'b', labelFa: 'ب', labelEn: 'B' }] }],
  ] as const) {
    const f = await admin.post('/api/custom-fields', { key, labelFa: key, labelEn: key, type, ...extra });
    expect(f.statusCode, f.body).toBe(201);
  }

  // 36 customers over three weeks: some owned by the restricted user, some only created by them, the rest not theirs.
  const ownerIds = [own.userId, others[0].userId, others[1].userId, null];
  for (let i = 0; i < 36; i++) {
    const by = i % 5 === 0 ? own : i % 5 === 1 ? others[0] : admin;
    const person = i % 3 !== 0;
    const body = {
      kind: person ? 'person' : 'organization',
      ...(person ? { firstName: NAMES[i % NAMES.length], lastName: `نمونه${i}` } : { orgName: `شرکت ${NAMES[i % NAMES.length]} ${i}` }),
      phones: i % 4 === 0 ? [] : [{ number: mobileFrom(1000 + i) }],
      city: CITIES[i % CITIES.length],
      tags: TAGS.filter((_, k) => (i >> k) & 1),
      lifecycleStage: LIFECYCLE_STAGES[i % LIFECYCLE_STAGES.length],
      source: SOURCES[i % SOURCES.length],
      smsConsent: i % 2 === 0,
      ownerId: ownerIds[(i * 7) % ownerIds.length],
      custom: { n: i * 10, t: `متن ${NAMES[i % NAMES.length]}`, d: `2026-0${1 + (i % 9)}-1${i % 10}`, b: i % 3 === 0, s: i % 2 ? 'a' : 'b', m: i % 4 ? ['a'] : ['a', 'b'] },
    };
    const res = await by.post('/api/customers', body);
    expect(res.statusCode, res.body).toBe(201);
    env.clock.advance(14 * 3600_000);
  }
  // A deleted record of the user's must never come back.
  const mine = (await own.get('/api/customers?pageSize=100')).json().items;
  expect((await admin.del(`/api/customers/${mine[0].id}`)).statusCode).toBe(204);

  const q = (text: string, params: unknown[] = []) => env.rt.database.query<{ id: string }>(text, params);
  visible = new Set((await q('SELECT id FROM customers WHERE deleted_at IS NULL AND (owner_id = $1 OR created_by = $1)', [own.userId])).map((r) => r.id));
  allIds = new Set((await q('SELECT id FROM customers WHERE deleted_at IS NULL')).map((r) => r.id));
  expect(visible.size).toBeGreaterThan(5);
  if (process.env.FC_DEBUG) console.log('setup ms', Date.now() - t0);
  expect(allIds.size - visible.size).toBeGreaterThan(15);
});
afterAll(async () => env?.close());

const garbage = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', ' ', '%', '_', '\\', "'", '"', ';--', "' OR 1=1 --", '\u0000', 'null', 'undefined', 'NaN', '-1', '0', '1e9', '1e400', '0x1F', '[]', '{}', 'true', '١٢', '۱۲', '\u202E', 'a'.repeat(300)),
);
const validDate = fc.oneof(
  { arbitrary: fc.date({ min: new Date('2026-11-01'), max: new Date('2027-01-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), weight: 6 },
  { arbitrary: fc.date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), weight: 1 },
);
const date = fc.oneof(
  { arbitrary: validDate, weight: 3 },
  { arbitrary: fc.constantFrom('0000-01-01', '0001-01-01', '9999-12-31', '2024-02-29', '2023-02-29', '2026-13-01', '2026-1-1', '1403/09/02', '2026-11-23T00:00:00Z'), weight: 2 },
  { arbitrary: garbage, weight: 1 },
);
const csvOf = (values: readonly string[]) => fc.oneof(
  fc.subarray([...values], { minLength: 1 }).map((v) => v.join(',')),
  fc.subarray([...values], { minLength: 1 }), // the parameter repeated
);
const wildCsvOf = (values: readonly string[]) => fc.oneof(
  csvOf(values),
  fc.array(fc.constantFrom(...values, 'bogus', ''), { maxLength: 25 }).map((v) => v.join(',')),
  fc.array(garbage, { minLength: 2, maxLength: 3 }),
  garbage,
);
const validCustom = fc.oneof(
  fc.record({ n: fc.oneof(fc.integer({ min: -10, max: 500 }), fc.record({ min: fc.oneof(fc.integer({ min: -10, max: 500 }), fc.constantFrom('100', '1e3')), max: fc.integer({ min: -10, max: 500 }) }, { requiredKeys: [] })) }),
  fc.record({ t: fc.oneof(fc.constantFrom('متن', 'علی', 'رضا', 'علي', '%', '_', '\\'), fc.string({ maxLength: 5 })) }),
  fc.record({ d: fc.oneof(validDate, fc.record({ min: validDate, max: validDate }, { requiredKeys: [] })) }),
  fc.record({ b: fc.oneof(fc.boolean(), fc.constantFrom('true', 'false')) }),
  fc.record({ s: fc.constantFrom('a', 'b', 'c') }),
  fc.record({ m: fc.constantFrom('a', 'b') }),
);
const wildCustom = fc.oneof(
  validCustom,
  fc.record({ n: fc.constantFrom('12', 'abc', true, '', ' ', { min: 'x' }, { min: '1e400' }, { min: 1, max: 2, extra: 3 }) }),
  fc.record({ t: fc.integer() }),
  fc.record({ d: fc.oneof(date, fc.record({ min: date, max: date }, { requiredKeys: [] })) }),
  fc.record({ b: fc.constantFrom('yes', 1, null) }),
  fc.record({ s: fc.integer() }),
  fc.record({ m: fc.constant(['a']) }),
  fc.record({ unknown_key: fc.constant('x') }),
  fc.record({ 'Bad-Key': fc.constant(1) }),
);
const customJson = (part: fc.Arbitrary<object>) => fc.array(part, { minLength: 1, maxLength: 3 }).map((parts) => JSON.stringify(Object.assign({}, ...parts)));
const qValue = fc.constantFrom(...NAMES, 'نمونه', 'نمونه1', 'شرکت', 'محمدرضا', 'علي', '0912', '۰۹۱۲۰۰۰', '+98912', 'own@test.example', 'vip', 'نمونه 1', '  ');

/** A well-formed query: every value is one the API accepts, so it reaches the database; a few filters at a time. */
const validQuery = fc.tuple(fc.record({
  q: qValue,
  kind: fc.constantFrom('person', 'organization'),
  stage: csvOf(LIFECYCLE_STAGES),
  source: csvOf(SOURCES),
  tag: csvOf([...TAGS, 'none-such']),
  ownerId: fc.oneof(fc.constantFrom('me', 'none', 'OWN', 'OTHER'), fc.uuid()),
  city: fc.constantFrom(...CITIES, 'تبریز', ' تهران ', 'کرج'),
  smsConsent: fc.constantFrom('true', 'false'),
  createdFrom: validDate,
  createdTo: validDate,
  custom: customJson(validCustom),
  sort: fc.constantFrom(...CUSTOMER_SORTS),
  page: fc.oneof({ arbitrary: fc.constant('1'), weight: 4 }, { arbitrary: fc.integer({ min: 1, max: 100_000 }).map(String), weight: 1 }),
  pageSize: fc.integer({ min: 1, max: 100 }).map(String),
}), fc.subarray(['q', 'kind', 'stage', 'source', 'tag', 'ownerId', 'city', 'smsConsent', 'createdFrom', 'createdTo', 'custom'], { maxLength: 3 }), fc.subarray(['sort', 'page', 'pageSize']))
  .map(([all, filters, paging]) => Object.fromEntries([...filters, ...paging].map((k) => [k, all[k as keyof typeof all]])));

/** A query where anything goes: garbage, out-of-range and malformed values in any parameter. */
const wildQuery = fc.record({
  q: fc.oneof(qValue, garbage),
  kind: fc.oneof(fc.constantFrom('person', 'organization'), garbage),
  stage: wildCsvOf(LIFECYCLE_STAGES),
  source: wildCsvOf(SOURCES),
  tag: wildCsvOf(TAGS),
  ownerId: fc.oneof(fc.constantFrom('me', 'none', 'OWN', 'OTHER'), fc.uuid(), garbage),
  city: fc.oneof(fc.constantFrom(...CITIES), garbage),
  smsConsent: fc.oneof(fc.constantFrom('true', 'false'), garbage),
  createdFrom: date,
  createdTo: date,
  custom: fc.oneof(customJson(wildCustom), fc.constantFrom('{', '[]', '[1,2]', 'null', '"x"', '1', '{"n":{"min":{"$gt":1}}}', '{"__proto__":{"x":1}}', '{"n":1e400}', '{}', ''), garbage),
  sort: fc.oneof(fc.constantFrom(...CUSTOMER_SORTS), garbage),
  page: fc.oneof(fc.integer({ min: -5, max: 200_000 }).map(String), garbage),
  pageSize: fc.oneof(fc.integer({ min: -5, max: 150 }).map(String), garbage),
}, { requiredKeys: [] });

const queryArb = fc.oneof({ arbitrary: validQuery, weight: 3 }, { arbitrary: wildQuery, weight: 2 });

type Query = Partial<Record<string, string | string[]>>;

function urlOf(query: Query, override: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...query, ...override })) {
    if (v === undefined) continue;
    let value = v;
    if (k === 'ownerId' && v === 'OWN') value = own.userId;
    if (k === 'ownerId' && v === 'OTHER') value = others[0].userId;
    for (const item of Array.isArray(value) ? value : [value]) params.append(k, item);
  }
  return `/api/customers?${params.toString()}`;
}

function checkAnswer(res: { statusCode: number; body: string; json(): unknown }, url: string) {
  expect([200, 400], `${url} → ${res.statusCode} ${res.body.slice(0, 300)}`).toContain(res.statusCode);
  const body = res.json() as { error?: { code: string; message: string; details: unknown }; items?: { id: string; createdAt: string; updatedAt: string }[]; total?: number; page?: number; pageSize?: number };
  if (res.statusCode === 400) {
    expect(Object.keys(body)).toEqual(['error']);
    expect(['VALIDATION_FAILED', 'BAD_REQUEST']).toContain(body.error!.code);
    expect(typeof body.error!.message).toBe('string');
    expect(res.body).not.toMatch(/\bSELECT\b|\bat .*\.ts:\d+/);
    return undefined;
  }
  expect(Array.isArray(body.items)).toBe(true);
  expect(body.items!.length).toBeLessThanOrEqual(body.pageSize!);
  for (const c of body.items!) {
    expect(allIds.has(c.id), `${url}: unknown or deleted id ${c.id}`).toBe(true);
    expect(c.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(c.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  }
  return body as { items: { id: string }[]; total: number };
}

describe('GET /api/customers with any query', () => {
  it('never answers 500, and the own-scope user never sees another user’s record', async () => {
    const seen = { rejected: 0, answered: 0, nonEmpty: 0, mixedAdmin: 0 };
    await fc.assert(fc.asyncProperty(queryArb, async (query) => {
      const url = urlOf(query as Query);
      const mine = await own.get(url);
      const got = checkAnswer(mine, url);
      const adminRes = await admin.get(url);
      const adminGot = checkAnswer(adminRes, url);
      // Validation does not depend on who asks.
      expect(adminRes.statusCode, url).toBe(mine.statusCode);
      if (!got) { seen.rejected++; if (process.env.FC_DEBUG) console.log(JSON.parse(mine.body).error.message, url); return; }
      seen.answered++;
      if (got.items.length) seen.nonEmpty++;
      if (adminGot?.items.some((c) => !visible.has(c.id))) seen.mixedAdmin++;
      for (const c of got.items) expect(visible.has(c.id), `${url}: ${c.id} is not the user's`).toBe(true);
      expect(got.total).toBeLessThanOrEqual(visible.size);

      // All matches at once (36 rows fit one page): the restricted set is the full set cut to the user's records.
      if (query.ownerId === 'me') return;
      const whole = { page: '1', pageSize: '100' };
      const a = checkAnswer(await admin.get(urlOf(query as Query, whole)), url);
      const m = checkAnswer(await own.get(urlOf(query as Query, whole)), url);
      if (!a || !m) return;
      const expected = a.items.map((c) => c.id).filter((id) => visible.has(id)).sort();
      expect(m.items.map((c) => c.id).sort(), url).toEqual(expected);
      expect(m.total, url).toBe(expected.length);
    }), { numRuns: 150, seed: Number(process.env.FC_SEED ?? 20261123) });
    // The runs were not vacuous: many reached the database, found rows, and would have shown hidden ones unfiltered.
    expect(seen.answered).toBeGreaterThanOrEqual(40);
    expect(seen.rejected).toBeGreaterThanOrEqual(15);
    expect(seen.nonEmpty).toBeGreaterThanOrEqual(15);
    expect(seen.mixedAdmin).toBeGreaterThanOrEqual(10);
    if (process.env.FC_DEBUG) console.log('list-filters runs:', seen);
  });

  it('the same holds for the CSV export of a role with export and own scope', async () => {
    const roles = (await admin.get('/api/roles')).json().items as { id: string; key: string; permissions: Record<string, { ops: string[]; scope: string }> }[];
    const role = roles.find((r) => r.key === 'own_sales')!;
    const permissions = { ...role.permissions, customers: { ops: ['read', 'create', 'update', 'export'], scope: 'own' } };
    expect((await admin.patch(`/api/roles/${role.id}`, { permissions })).statusCode).toBe(200);
    await fc.assert(fc.asyncProperty(queryArb, async (query) => {
      const { page: _p, pageSize: _s, ...rest } = query as Query;
      const url = urlOf(rest).replace('/api/customers?', '/api/customers/export?');
      const res = await own.get(url);
      expect([200, 400], `${url} → ${res.statusCode} ${res.body.slice(0, 200)}`).toContain(res.statusCode);
      if (res.statusCode !== 200) return;
      const ids = res.body.split('\r\n').slice(1).filter(Boolean).map((line) => line.split(',')[0]);
      for (const id of ids) expect(visible.has(id), `${url}: ${id}`).toBe(true);
    }), { numRuns: 40, seed: 7 });
  });
});
