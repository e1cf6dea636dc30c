import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let admin: Agent;
let manager: Agent;
let sales: Agent;

const opts = (...values: string[]) => values.map((v) => ({ value: v, labelFa: `گزینه ${v}`, labelEn: `Option ${v}` }));

const FIELDS = [
  { key: 'nickname', labelFa: 'لقب', labelEn: 'Nickname', type: 'text', max: 20 },
  { key: 'employees', labelFa: 'تعداد کارکنان', labelEn: 'Employees', type: 'number', min: 1, max: 500 },
  { key: 'contract_date', labelFa: 'تاریخ قرارداد', labelEn: 'Contract date', type: 'date' },
  { key: 'tier', labelFa: 'سطح', labelEn: 'Tier', type: 'select', options: opts('gold', 'silver', 'bronze') },
  { key: 'products', labelFa: 'محصولات', labelEn: 'Products', type: 'multi_select', options: opts('fridge', 'tv', 'washer') },
  { key: 'wholesale', labelFa: 'عمده‌فروش', labelEn: 'Wholesale', type: 'boolean' },
];

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  manager = await env.login('manager');
  sales = await env.login('sales');
});
afterAll(async () => env?.close());

const total = async (agent: Agent = sales) => (await agent.get('/api/customers?pageSize=1')).json().total as number;

describe('defining custom fields', () => {
  it('lets an admin define text, number, date, select, multi-select and boolean fields', async () => {
    for (const f of FIELDS) {
      const res = await admin.post('/api/custom-fields', f);
      expect(res.statusCode, `${f.key}: ${res.body}`).toBe(201);
      expect(res.json()).toMatchObject({ key: f.key, type: f.type, active: true, required: false });
    }
    const list = (await sales.get('/api/custom-fields')).json().items as { key: string; type: string; min: number | null; max: number | null; options: unknown[] }[];
    expect(list.map((f) => f.key).sort()).toEqual(FIELDS.map((f) => f.key).sort());
    expect(list.find((f) => f.key === 'employees')).toMatchObject({ min: 1, max: 500 });
    expect(list.find((f) => f.key === 'tier')!.options).toHaveLength(3);
  });

  it('refuses non-admins (403), a duplicate key (409) and a select without options (400)', async () => {
    const body = { key: 'region', labelFa: 'منطقه', labelEn: 'Region', type: 'text' };
    for (const agent of [manager, sales]) {
      const res = await agent.post('/api/custom-fields', body);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    const dup = await admin.post('/api/custom-fields', { ...FIELDS[0], labelEn: 'Another nickname' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('CONFLICT');
    for (const type of ['select', 'multi_select']) {
      const res = await admin.post('/api/custom-fields', { key: `empty_${type}`, labelFa: 'بی‌گزینه', labelEn: 'No options', type });
      expect(res.statusCode, type).toBe(400);
      expect(res.json().error.details).toHaveProperty('options');
    }
    expect((await admin.post('/api/custom-fields', { ...body, key: 'Bad-Key' })).statusCode).toBe(400);
    expect((await admin.post('/api/custom-fields', { ...body, key: 'rng', type: 'number', min: 10, max: 5 })).statusCode).toBe(400);
    const fields = (await admin.get('/api/custom-fields')).json().items as { key: string }[];
    expect(fields.map((f) => f.key).sort()).toEqual(FIELDS.map((f) => f.key).sort());
    const tier = (await admin.get('/api/custom-fields')).json().items.find((f: { key: string }) => f.key === 'tier');
    expect((await manager.patch(`/api/custom-fields/${tier.id}`, { labelEn: 'Level' })).statusCode).toBe(403);
  });
});

describe('custom values on customers', () => {
  it('rejects values of the wrong type, out of range, not an option, or of an unknown field, writing nothing', async () => {
    const before = await total();
    const cases: [Record<string, unknown>, string][] = [
      [{ employees: 'many' }, 'employees'],
      [{ employees: 0 }, 'employees'],
      [{ employees: 501 }, 'employees'],
      [{ employees: true }, 'employees'],
      [{ nickname: 42 }, 'nickname'],
      [{ nickname: 'x'.repeat(21) }, 'nickname'],
      [{ contract_date: '1402/13/40' }, 'contract_date'],
      [{ contract_date: 'next week' }, 'contract_date'],
      [{ tier: 'platinum' }, 'tier'],
      [{ tier: ['gold'] }, 'tier'],
      [{ products: ['fridge', 'car'] }, 'products'],
      [{ products: 'fridge' }, 'products'],
      [{ wholesale: 'yes' }, 'wholesale'],
      [{ shoe_size: 42 }, 'shoe_size'],
    ];
    for (const [custom, key] of cases) {
      const res = await sales.post('/api/customers', { kind: 'person', lastName: 'نامعتبر', custom });
      expect(res.statusCode, JSON.stringify(custom)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.json().error.details), JSON.stringify(custom)).toEqual([`custom.${key}`]);
    }
    expect(await total()).toBe(before);

    // The same on update: the record keeps its values.
    const c = (await sales.post('/api/customers', { kind: 'person', lastName: 'معتبر', custom: { employees: 12, tier: 'gold' } })).json();
    const bad = await sales.patch(`/api/customers/${c.id}`, { custom: { employees: 9999, tier: 'silver' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual({ 'custom.employees': expect.any(String) });
    expect((await sales.get(`/api/customers/${c.id}`)).json().customer.custom).toEqual({ employees: 12, tier: 'gold' });
  });

  it('accepts Jalali dates and Persian digits, stores ISO dates and numbers, and shows them in the 360 view', async () => {
    const res = await sales.post('/api/customers', {
      kind: 'organization', orgName: 'فروشگاه ستاره',
      custom: { contract_date: '۱۴۰۳/۰۵/۱۲', employees: '۱۲۰', tier: 'silver', products: ['tv', 'fridge', 'tv'], wholesale: true, nickname: '  ستاره  ' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const expected = { contract_date: '2024-08-02', employees: 120, tier: 'silver', products: ['tv', 'fridge'], wholesale: true, nickname: 'ستاره' };
    expect(res.json().custom).toEqual(expected);
    const view = (await sales.get(`/api/customers/${res.json().id}`)).json();
    expect(view.customer.custom).toEqual(expected);

    // Updates merge; null removes one value; an ISO date is kept as is.
    const upd = await sales.patch(`/api/customers/${res.json().id}`, { custom: { tier: 'gold', wholesale: null, contract_date: '2025-03-21' } });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(upd.json().custom).toEqual({ ...expected, tier: 'gold', wholesale: undefined, contract_date: '2025-03-21' });
    expect(upd.json().custom).not.toHaveProperty('wholesale');
    const audit = (await sales.get(`/api/customers/${res.json().id}/audit`)).json().items as { field: string; oldValue: Record<string, unknown>; newValue: Record<string, unknown> }[];
    const customChange = audit.find((a) => a.field === 'custom');
    expect(customChange?.oldValue).toMatchObject({ tier: 'silver', wholesale: true });
    expect(customChange?.newValue).toMatchObject({ tier: 'gold', contract_date: '2025-03-21' });
  });
});

describe('filtering the list by custom fields', () => {
  beforeAll(async () => {
    const rows: [string, Record<string, unknown>][] = [
      ['آفتاب', { nickname: 'علي آقا', employees: 5, contract_date: '2024-01-15', tier: 'gold', products: ['tv'], wholesale: true }],
      ['بهار', { nickname: 'رضا', employees: 50, contract_date: '2024-06-30', tier: 'silver', products: ['fridge', 'washer'], wholesale: false }],
      ['پاییز', { employees: 200, contract_date: '2025-02-01', tier: 'gold', products: ['fridge', 'tv'] }],
      ['تابستان', { nickname: 'علی کوچک', employees: 500, tier: 'bronze', wholesale: true }],
      ['ثمین', {}],
    ];
    for (const [name, custom] of rows) {
      const res = await sales.post('/api/customers', { kind: 'organization', orgName: `شرکت فیلتر ${name}`, tags: ['cf-filter'], custom });
      expect(res.statusCode, res.body).toBe(201);
    }
  });

  const names = async (custom: unknown, extra = '') => {
    const res = await sales.get(`/api/customers?tag=cf-filter&pageSize=100&custom=${encodeURIComponent(JSON.stringify(custom))}${extra}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { displayName: string }[]).map((c) => c.displayName.replace('شرکت فیلتر ', '')).sort();
  };

  const set = (...xs: string[]) => xs.sort();

  it('filters by text (normalized contains), number, date, select, multi-select and boolean', async () => {
    expect(await names({ nickname: 'علی' })).toEqual(set('آفتاب', 'تابستان'));
    expect(await names({ employees: 50 })).toEqual(set('بهار'));
    expect(await names({ employees: { min: 10, max: 200 } })).toEqual(set('بهار', 'پاییز'));
    expect(await names({ employees: { min: '200' } })).toEqual(set('پاییز', 'تابستان'));
    expect(await names({ employees: { max: 5 } })).toEqual(set('آفتاب'));
    expect(await names({ contract_date: { min: '2024-01-01', max: '2024-12-31' } })).toEqual(set('آفتاب', 'بهار'));
    expect(await names({ contract_date: { min: '2024-06-30' } })).toEqual(set('بهار', 'پاییز'));
    expect(await names({ contract_date: '2025-02-01' })).toEqual(set('پاییز'));
    expect(await names({ tier: 'gold' })).toEqual(set('آفتاب', 'پاییز'));
    expect(await names({ products: 'tv' })).toEqual(set('آفتاب', 'پاییز'));
    expect(await names({ products: 'washer' })).toEqual(set('بهار'));
    expect(await names({ wholesale: true })).toEqual(set('آفتاب', 'تابستان'));
    expect(await names({ wholesale: false })).toEqual(set('بهار'));
    expect(await names({ tier: 'gold', products: 'fridge' })).toEqual(set('پاییز'));
    expect(await names({})).toHaveLength(5);
  });

  it('combines custom filters with the search box', async () => {
    expect(await names({ tier: 'gold' }, `&q=${encodeURIComponent('پاییز')}`)).toEqual(set('پاییز'));
    expect(await names({ tier: 'silver' }, `&q=${encodeURIComponent('پاییز')}`)).toEqual([]);
    expect(await names({ wholesale: true }, `&q=${encodeURIComponent('شرکت فیلتر')}`)).toEqual(set('آفتاب', 'تابستان'));
    expect(await names({ employees: { min: 1 } }, `&q=${encodeURIComponent('تابستان')}`)).toEqual(set('تابستان'));
  });

  it('rejects a filter on an unknown field or with a bad range', async () => {
    for (const custom of [{ shoe_size: 42 }, { employees: { min: 'lots' } }, { contract_date: { min: 'yesterday' } }, { employees: 'many' }]) {
      const res = await sales.get(`/api/customers?custom=${encodeURIComponent(JSON.stringify(custom))}`);
      expect(res.statusCode, JSON.stringify(custom)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await sales.get(`/api/customers?custom=${encodeURIComponent('{not json')}`)).statusCode).toBe(400);
  });
});

describe('required and deactivated fields', () => {
  it('requires a required value on create, and refuses clearing it; blank text does not count', async () => {
    const old = (await sales.post('/api/customers', { kind: 'person', lastName: 'قدیمی' })).json();
    const f = await admin.post('/api/custom-fields', { key: 'branch', labelFa: 'شعبه', labelEn: 'Branch', type: 'text', required: true });
    expect(f.statusCode, f.body).toBe(201);
    const before = await total();
    for (const custom of [{}, { branch: '' }, { branch: '   ' }, { branch: null }]) {
      const res = await sales.post('/api/customers', { kind: 'person', lastName: 'بی‌شعبه', custom });
      expect(res.statusCode, JSON.stringify(custom)).toBe(400);
      expect(res.json().error.details).toEqual({ 'custom.branch': expect.any(String) });
    }
    expect(await total()).toBe(before);
    const ok = await sales.post('/api/customers', { kind: 'person', lastName: 'باشعبه', custom: { branch: 'تهران' } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await sales.patch(`/api/customers/${ok.json().id}`, { custom: { branch: null } })).statusCode).toBe(400);
    expect((await sales.patch(`/api/customers/${ok.json().id}`, { custom: { branch: '  ' } })).statusCode).toBe(400);
    // A record made before the field existed can still be edited without it.
    expect((await sales.patch(`/api/customers/${old.id}`, { city: 'اصفهان' })).statusCode).toBe(200);
    expect((await sales.patch(`/api/customers/${old.id}`, { custom: { tier: 'gold' } })).statusCode).toBe(200);

    // Deactivated: no longer required, and new values are refused.
    const off = await admin.patch(`/api/custom-fields/${f.json().id}`, { active: false });
    expect(off.statusCode).toBe(200);
    expect((await sales.post('/api/customers', { kind: 'person', lastName: 'بعد از غیرفعال' })).statusCode).toBe(201);
    const refused = await sales.post('/api/customers', { kind: 'person', lastName: 'با مقدار', custom: { branch: 'شیراز' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details).toHaveProperty('custom.branch');
    const refusedUpdate = await sales.patch(`/api/customers/${ok.json().id}`, { custom: { branch: 'شیراز' } });
    expect(refusedUpdate.statusCode).toBe(400);
    // The old value stays on the record it was stored on.
    expect((await sales.get(`/api/customers/${ok.json().id}`)).json().customer.custom).toEqual({ branch: 'تهران' });
  });
});
