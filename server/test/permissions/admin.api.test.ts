/**
 * The expected matrix, probed over HTTP: reports, users, roles, custom fields, settings (organization, logo, email and
 * SMS channels, telephony, outbound allow-list, support desk and voice-of-the-customer settings) and API keys.
 */
import { describe, it, expect } from 'vitest';
import { TEST_PASSWORD, loginAs, type Agent } from '../harness.ts';
import type { PermObject } from '../../../common/permissions.ts';
import { useWorld, matrix, created, idsOf, expectForbidden, type World, type Res } from './world.ts';

const w: World = useWorld();

// Smallest valid PNG (1×1) and JPEG headers: what the logo guard accepts.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const logoUrl = (b64 = PNG) => `data:image/png;base64,${b64}`;

const REPORTS = ['sales', 'revenue-by-owner', 'pipeline', 'win-rate', 'quote-conversion'];
const user = async () => {
  const [{ id: roleId }] = await w.q<{ id: string }>("SELECT id FROM roles WHERE key = 'sales'");
  return created(w.admin.post('/api/users', { email: `u${w.n()}@test.example`, name: `کاربر ${w.n()}`, password: TEST_PASSWORD, roleId }));
};
const role = () => created(w.admin.post('/api/roles', { key: `r_${w.n()}`, name: `نقش ${w.n()}`, permissions: { customers: { ops: ['read'], scope: 'own' } } }));
const settingsRows = () => w.q('SELECT key, value, updated_by FROM settings ORDER BY key');

matrix('reports', {
  read: async () => ({
    act: (a) => Promise.all(REPORTS.map((r) => a.get(`/api/reports/${r}`))),
    allowed: (list) => { for (const r of list) expect(r.headers['content-type']).toMatch(/json/); },
  }),
  export: async () => ({
    act: (a) => Promise.all([a.get('/api/reports/sales?format=csv'), a.get('/api/reports/win-rate?format=xlsx')]),
    allowed: ([csv, xlsx]) => {
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    },
  }),
}, w);

matrix('users', {
  read: async () => ({
    act: (a) => a.get('/api/users'),
    allowed: ([res]) => expect(idsOf(res)).toContain(w.admin.userId),
  }),
  create: async () => {
    const email = `new${w.n()}@test.example`;
    const [{ id: roleId }] = await w.q<{ id: string }>("SELECT id FROM roles WHERE key = 'admin'");
    const state = () => w.q('SELECT id, role_id FROM users WHERE email = $1', [email]);
    return {
      state,
      // An admin account: the worst a wrongly allowed create could make.
      act: (a) => a.post('/api/users', { email, name: 'تازه', password: TEST_PASSWORD, roleId }),
      allowed: async ([res]) => expect(await state()).toEqual([{ id: res.json().id, role_id: roleId }]),
    };
  },
  update: async () => {
    const id = await user();
    return {
      state: () => w.row('users', id),
      act: (a) => a.patch(`/api/users/${id}`, { name: 'نام تازه', active: false }),
      allowed: async () => expect(await w.row('users', id)).toMatchObject({ name: 'نام تازه', active: false }),
    };
  },
}, w);

matrix('roles', {
  create: async () => {
    const key = `made_${w.n()}`;
    const state = () => w.q('SELECT id, permissions FROM roles WHERE key = $1', [key]);
    return {
      state,
      act: (a) => a.post('/api/roles', { key, name: 'همه‌کاره', permissions: { settings: { ops: ['read', 'update'], scope: 'all' } } }),
      allowed: async ([res]) => expect((await state()).map((r) => r.id)).toEqual([res.json().id]),
    };
  },
  update: async () => {
    const id = await role();
    return {
      state: () => w.row('roles', id),
      act: (a) => a.patch(`/api/roles/${id}`, { name: 'نام تازه', permissions: { api_keys: { ops: ['read', 'create'], scope: 'all' } } }),
      allowed: async () => expect(await w.row('roles', id)).toMatchObject({ name: 'نام تازه', permissions: { api_keys: { ops: ['read', 'create'], scope: 'all' } } }),
    };
  },
  delete: async () => {
    const id = await role();
    return {
      state: () => w.row('roles', id),
      act: (a) => a.del(`/api/roles/${id}`),
      allowed: async () => expect(await w.row('roles', id)).toBeUndefined(),
    };
  },
}, w);

matrix('custom_fields', {
  read: async () => {
    const id = await created(w.admin.post('/api/custom-fields', { key: `f_${w.n()}`, labelFa: 'فیلد', labelEn: 'Field', type: 'text' }));
    return { act: (a) => a.get('/api/custom-fields'), allowed: ([res]) => expect(idsOf(res)).toContain(id) };
  },
  create: async () => {
    const key = `g_${w.n()}`;
    const state = () => w.q('SELECT id FROM custom_field_defs WHERE key = $1', [key]);
    return {
      state,
      act: (a) => a.post('/api/custom-fields', { key, labelFa: 'فیلد تازه', labelEn: 'New', type: 'text' }),
      allowed: async ([res]) => expect(await state()).toEqual([{ id: res.json().id }]),
    };
  },
  update: async () => {
    const id = await created(w.admin.post('/api/custom-fields', { key: `h_${w.n()}`, labelFa: 'فیلد', labelEn: 'Field', type: 'text' }));
    return {
      state: () => w.row('custom_field_defs', id),
      act: (a) => a.patch(`/api/custom-fields/${id}`, { labelFa: 'برچسب تازه' }),
      allowed: async () => expect((await w.row('custom_field_defs', id))!.label_fa).toBe('برچسب تازه'),
    };
  },
}, w);

matrix('settings', {
  read: async () => ({
    act: (a) => a.get('/api/settings'),
    allowed: ([res]) => expect(res.json()).toHaveProperty('companyName'),
  }),
  update: async (role) => {
    // A logo is there first, so that the denied DELETE has something to (not) remove.
    expect((await w.admin.put('/api/settings/logo', { dataUrl: logoUrl() })).statusCode).toBe(200);
    const company = `شرکت ${role} ${w.n()}`;
    const state = async () => ({ settings: await settingsRows(), topics: await w.q('SELECT * FROM feedback_topics ORDER BY id'), sla: await w.q('SELECT * FROM sla_policies ORDER BY id') });
    const steps: [string, (a: World['admin']) => Promise<Res>][] = [
      ['organization', (a) => a.patch('/api/settings', { companyName: company })],
      ['logo removed', (a) => a.del('/api/settings/logo')],
      ['logo', (a) => a.put('/api/settings/logo', { dataUrl: logoUrl() })],
      ['smtp', (a) => a.put('/api/settings/channels/smtp', { url: 'smtp://127.0.0.1:2525', from: 'Shop <shop@test.example>' })],
      ['sms', (a) => a.put('/api/settings/channels/sms', { driver: 'kavenegar', apiKey: 'test-key-1234567890', sender: '10004346', baseUrl: 'http://127.0.0.1:9' })],
      ['telephony', (a) => a.put('/api/telephony/settings', { internalNumbers: [`2188${w.n()}`] })],
      ['telephony webhook secret', (a) => a.post('/api/telephony/webhook-secret')],
      ['outbound allow-list', (a) => a.put('/api/settings/outbound-allow', { entries: ['10.0.0.5'] })],
      ['support desk', (a) => a.put('/api/support/settings', { assignment: 'manual', problemAlertThreshold: 4 })],
      ['voice of the customer', (a) => a.put('/api/voc/settings', { fatigueDays: 20 })],
      ['feedback topic', (a) => a.post('/api/feedback/topics', { name: `موضوع ${w.n()}`, keywords: ['گران'] })],
    ];
    return {
      state,
      act: async (a) => { const out: Res[] = []; for (const [, step] of steps) out.push(await step(a)); return out; },
      allowed: async () => {
        const rows = Object.fromEntries((await settingsRows()).map((r) => [r.key, r.value]));
        expect(rows['org.companyName']).toBe(company);
        expect(rows['org.pdfLogo']).toMatchObject({ mime: 'image/png', base64: PNG });
        expect(JSON.stringify(rows)).toContain('smtp://127.0.0.1:2525');
        expect(JSON.stringify(rows)).toContain('10.0.0.5');
      },
    };
  },
}, w);

matrix('api_keys', {
  read: async () => {
    const id = (await w.admin.post('/api/api-keys', { name: `کلید ${w.n()}` })).json().id as string;
    return { act: (a) => a.get('/api/api-keys'), allowed: ([res]) => expect(idsOf(res)).toContain(id) };
  },
  create: async () => {
    const name = `کلید تازه ${w.n()}`;
    const state = () => w.q('SELECT id, user_id FROM api_keys WHERE name = $1', [name]);
    return {
      state,
      act: (a) => a.post('/api/api-keys', { name }),
      allowed: async ([res], a) => expect(await state()).toEqual([{ id: res.json().id, user_id: a.userId }]),
    };
  },
  delete: async () => {
    const id = await created(w.admin.post('/api/api-keys', { name: `کلید ${w.n()}` }));
    return {
      state: () => w.row('api_keys', id),
      act: (a) => a.del(`/api/api-keys/${id}`),
      allowed: async () => {
        const row = await w.row('api_keys', id);
        expect(row === undefined || row.revoked_at != null).toBe(true);
      },
    };
  },
}, w);

/**
 * A role with no permission at all (made through the roles API) meets a 403 on every read of every object: the
 * reads are checked, not merely unused by the built-in roles (which all read users, custom fields, settings, audit).
 */
describe('a role with no permissions', () => {
  const READS: [PermObject, string][] = [
    ['customers', '/api/customers'], ['customers', '/api/customers/search?q=x'], ['customers', '/api/customers/export'],
    ['tasks', '/api/tasks'], ['products', '/api/products'], ['products', '/api/price-lists'], ['deals', '/api/deals'], ['deals', '/api/pipelines'],
    ['documents', '/api/documents'], ['tickets', '/api/tickets'], ['tickets', '/api/support/problems'], ['contracts', '/api/contracts'],
    ['surveys', '/api/surveys'], ['surveys', '/api/survey-responses'], ['surveys', '/api/voc/metrics?metric=nps'], ['feedback', '/api/feedback'],
    ['feedback', '/api/feedback/trend'], ['reports', '/api/reports/sales'], ['reports', '/api/reports/pipeline'], ['users', '/api/users'],
    ['users', '/api/roles'], ['custom_fields', '/api/custom-fields'], ['api_keys', '/api/api-keys'],
    ['interactions', '/api/telephony/calls'], ['settings', '/api/settings/channels'], ['settings', '/api/telephony/settings'],
    ['settings', '/api/settings/outbound-allow'],
  ];
  let nobody: Agent;
  it('is made through the roles API', async () => {
    const roleId = await created(w.admin.post('/api/roles', { key: 'nobody', name: 'هیچ', permissions: {} }));
    await created(w.admin.post('/api/users', { email: 'nobody@test.example', name: 'بی‌دسترسی', password: TEST_PASSWORD, roleId }));
    nobody = await loginAs(w.env.app, 'nobody@test.example', TEST_PASSWORD);
  });
  for (const [object, url] of READS) {
    it(`may not read ${object}: GET ${url}`, async () => expectForbidden(await nobody.get(url)));
  }
  it('may not read the audit trail of a customer', async () => {
    const id = await created(w.admin.post('/api/customers', { kind: 'person', lastName: 'بی‌نام' }));
    const res = await nobody.get(`/api/customers/${id}/audit`);
    expect([403, 404]).toContain(res.statusCode);
  });
});
