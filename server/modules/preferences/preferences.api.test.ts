/**
 * Preferences remembered: saved and read back with product names, each changed field audited; bad input is a 400 and
 * an unknown product a 400 naming it, with nothing written; no customers:update, no write (the row re-read); the data
 * export carries them. Senders: an automation's SMS waits for the preferred hours (hand-calculated instants), a
 * campaign holds a recipient until its hours; the important-date schedule picks anniversaries by their own calendar.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, customerRoleUsers, type TestEnv, type Agent } from '../../test/harness.ts';
import { automationTick, processDueRuns } from '../automations/index.ts';
import { runCampaignBatch, type CampaignDeps } from '../campaigns/index.ts';

let env: TestEnv;
let admin: Agent;
let readOnly: Agent;
let noCustomers: Agent;
let productA: string;
let productB: string;
const rows = async <T>(q: ReturnType<typeof sql>) => (await env.rt.database.db.execute(q)).rows as T[];
const db = () => env.rt.database;

async function customer(lastName: string, phone: string, extra: Record<string, unknown> = {}) {
  const res = await admin.post('/api/customers', { kind: 'person', firstName: 'نگار', lastName, gender: 'female', smsConsent: true, force: true, phones: [{ number: phone }], ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
const stored = async (id: string) => (await rows<Record<string, unknown>>(sql`SELECT favourite_product_ids, tastes, preferred_channel, preferred_language, contact_from, contact_to, important_dates FROM customers WHERE id = ${id}`))[0];
const BASE = { tastes: null, preferredChannel: null, contactFrom: null, contactTo: null, language: null, importantDates: [] };

beforeAll(async () => {
  env = await createTestEnv({ start: '2026-12-06T07:00:00Z' });
  admin = await env.login('admin');
  ({ readOnly, noCustomers } = await customerRoleUsers(env, admin));
  const p1 = await admin.post('/api/products', { code: 'CAKE-1', nameFa: 'کیک شکلاتی', nameEn: 'Chocolate cake', price: '1500000' });
  expect(p1.statusCode, p1.body).toBe(201);
  productA = p1.json().id;
  const p2 = await admin.post('/api/products', { code: 'TEA-1', nameFa: 'چای سبز', price: '300000' });
  expect(p2.statusCode, p2.body).toBe(201);
  productB = p2.json().id;
}, 180_000);
afterAll(async () => env?.close());

describe('saving and reading', () => {
  it('saves the whole shape, reads it back with product names, and audits each changed field', async () => {
    const id = await customer('ترجیحی', '09124000001');
    const empty = await admin.get(`/api/customers/${id}/preferences`);
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json()).toStrictEqual({ customerId: id, ...BASE, favouriteProducts: [] });

    const body = {
      favouriteProductIds: [productB, productA], tastes: 'کم‌شیرین، سایز M', preferredChannel: 'whatsapp', contactFrom: '17:00', contactTo: '19:30', language: 'fa',
      importantDates: [{ label: 'سالگرد ازدواج', kind: 'anniversary', calendar: 'jalali', month: 9, day: 18, year: 1398 }, { label: 'Shop anniversary', kind: 'other', calendar: 'gregorian', month: 2, day: 29 }],
    };
    const put = await admin.put(`/api/customers/${id}/preferences`, body);
    expect(put.statusCode, put.body).toBe(200);
    const view = (await admin.get(`/api/customers/${id}/preferences`)).json();
    expect(view).toEqual({
      customerId: id, tastes: 'کم‌شیرین، سایز M', preferredChannel: 'whatsapp', contactFrom: '17:00', contactTo: '19:30', language: 'fa',
      favouriteProducts: [{ id: productB, nameFa: 'چای سبز', nameEn: null, code: 'TEA-1' }, { id: productA, nameFa: 'کیک شکلاتی', nameEn: 'Chocolate cake', code: 'CAKE-1' }],
      importantDates: [{ ...body.importantDates[0] }, { ...body.importantDates[1], year: null }],
    });
    // Stored as minutes after midnight: 17 × 60 = 1020, 19 × 60 + 30 = 1170.
    expect(await stored(id)).toMatchObject({ contact_from: 1020, contact_to: 1170, preferred_language: 'fa', preferred_channel: 'whatsapp' });
    const audited = await rows<{ field: string }>(sql`SELECT field FROM audit_log WHERE entity_id = ${id} AND action = 'update' ORDER BY field`);
    expect(audited.map((a) => a.field)).toEqual(['contactFrom', 'contactTo', 'favouriteProductIds', 'importantDates', 'preferredChannel', 'preferredLanguage', 'tastes']);

    // Saving the same again changes nothing, so no new audit rows.
    expect((await admin.put(`/api/customers/${id}/preferences`, body)).statusCode).toBe(200);
    expect(await rows(sql`SELECT 1 FROM audit_log WHERE entity_id = ${id} AND action = 'update'`)).toHaveLength(7);

    // The data export carries them.
    const exp = await admin.get(`/api/customers/${id}/data-export`);
    expect(exp.statusCode, exp.body).toBe(200);
    expect(exp.json().sections.preferences.preferences[0]).toMatchObject({ favouriteProductIds: [productB, productA], contactFrom: '17:00', tastes: 'کم‌شیرین، سایز M' });
  });

  it('refuses bad input with a 400 and writes nothing', async () => {
    const id = await customer('نامعتبر', '09124000002');
    const before = await stored(id);
    const bad: [string, Record<string, unknown>][] = [
      ['hour 25', { contactFrom: '25:00', contactTo: '19:00' }],
      ['one end only', { contactFrom: '09:00' }],
      ['empty window', { contactFrom: '09:00', contactTo: '09:00' }],
      ['Mehr has 30 days', { importantDates: [{ label: 'x', kind: 'other', calendar: 'jalali', month: 7, day: 31 }] }],
      ['Esfand 1404 has 29 days', { importantDates: [{ label: 'x', kind: 'anniversary', calendar: 'jalali', month: 12, day: 30, year: 1404 }] }],
      ['April has 30 days', { importantDates: [{ label: 'x', kind: 'anniversary', calendar: 'gregorian', month: 4, day: 31 }] }],
      ['unknown channel', { preferredChannel: 'fax' }],
      ['unknown language', { language: 'de' }],
      ['a product twice', { favouriteProductIds: [productA, productA] }],
      ['tastes too long', { tastes: 'x'.repeat(301) }],
      ['unknown field', { colour: 'blue' }],
    ];
    for (const [why, body] of bad) {
      const res = await admin.put(`/api/customers/${id}/preferences`, body);
      expect(res.statusCode, why).toBe(400);
      expect(res.json().error.code, why).toBe('VALIDATION_FAILED');
    }
    // Esfand 30 of 1403 (a leap year) is a real day.
    const leap = await admin.put(`/api/customers/${id}/preferences`, { importantDates: [{ label: 'x', kind: 'anniversary', calendar: 'jalali', month: 12, day: 30, year: 1403 }] });
    expect(leap.statusCode, leap.body).toBe(200);
    await admin.put(`/api/customers/${id}/preferences`, {});
    const missing = '00000000-0000-4000-8000-000000000000';
    const unknown = await admin.put(`/api/customers/${id}/preferences`, { favouriteProductIds: [productA, missing], tastes: 'x' });
    expect(unknown.statusCode).toBe(400);
    expect(JSON.stringify(unknown.json().error.details)).toContain(missing);
    expect(await stored(id)).toEqual(before);
  });

  it('needs customers:update to write and customers:read to read; a refused write changes nothing', async () => {
    const id = await customer('محافظت‌شده', '09124000003');
    expect((await admin.put(`/api/customers/${id}/preferences`, { tastes: 'تلخ', contactFrom: '10:00', contactTo: '12:00' })).statusCode).toBe(200);
    const before = await stored(id);
    const auditBefore = await rows(sql`SELECT 1 FROM audit_log WHERE entity_id = ${id}`);
    const refused = await readOnly.put(`/api/customers/${id}/preferences`, { tastes: 'شیرین' });
    expect(refused.statusCode).toBe(403);
    expect(await stored(id)).toEqual(before);
    expect(await rows(sql`SELECT 1 FROM audit_log WHERE entity_id = ${id}`)).toHaveLength(auditBefore.length);
    expect((await readOnly.get(`/api/customers/${id}/preferences`)).json().tastes).toBe('تلخ');
    expect((await noCustomers.get(`/api/customers/${id}/preferences`)).statusCode).toBe(403);
    expect((await noCustomers.put(`/api/customers/${id}/preferences`, { tastes: 'شیرین' })).statusCode).toBe(403);
    expect(await stored(id)).toEqual(before);
    expect((await admin.get('/api/customers/00000000-0000-4000-8000-000000000000/preferences')).statusCode).toBe(404);
  });
});

describe('senders respect the preferred hours', () => {
  it('an automation SMS waits for the hours and goes at their start', async () => {
    // 2026-12-06 07:00 UTC = 10:30 Tehran (UTC+03:30). Hours 17:00–19:00 → 17:00 Tehran = 13:30 UTC the same day.
    env.clock.set('2026-12-06T07:00:00Z');
    const id = await customer('عصرها', '09124000010');
    expect((await admin.put(`/api/customers/${id}/preferences`, { contactFrom: '17:00', contactTo: '19:00' })).statusCode).toBe(200);
    // 22:00–02:00 spans midnight: 22:00 Tehran = 18:30 UTC.
    const night = await customer('شب‌ها', '09124000011');
    expect((await admin.put(`/api/customers/${night}/preferences`, { contactFrom: '22:00', contactTo: '02:00' })).statusCode).toBe(200);
    const free = await customer('هرساعت', '09124000012');
    const made = await admin.post('/api/automations', { name: 'پیام ساعت‌دار', trigger: { kind: 'manual' }, actions: [{ kind: 'sms', body: 'سلام {name}' }], enabled: true });
    expect(made.statusCode, made.body).toBe(201);
    const aid = made.json().id;
    expect((await admin.post(`/api/automations/${aid}/run`, { customerIds: [id, night, free] })).json()).toMatchObject({ started: 3 });
    await processDueRuns(db(), env.clock);
    const runs = async () => new Map((await rows<{ customer_id: string; status: string; due_at: Date | string | null }>(sql`SELECT customer_id, status, due_at FROM automation_runs WHERE automation_id = ${aid}`))
      .map((r) => [r.customer_id, { status: r.status, dueAt: r.due_at ? new Date(r.due_at).toISOString() : null }]));
    const sms = async (c: string) => rows(sql`SELECT 1 FROM messages WHERE customer_id = ${c} AND subject_type = 'automation'`);
    let r = await runs();
    expect(r.get(id)).toEqual({ status: 'waiting', dueAt: '2026-12-06T13:30:00.000Z' });
    expect(r.get(night)).toEqual({ status: 'waiting', dueAt: '2026-12-06T18:30:00.000Z' });
    expect(r.get(free)?.status).toBe('done');
    expect(await sms(id)).toHaveLength(0);
    expect(await sms(free)).toHaveLength(1);

    env.clock.set('2026-12-06T13:29:00Z');
    await processDueRuns(db(), env.clock);
    expect(await sms(id)).toHaveLength(0);
    env.clock.set('2026-12-06T13:30:00Z');
    await processDueRuns(db(), env.clock);
    expect(await sms(id)).toHaveLength(1);
    r = await runs();
    expect(r.get(id)?.status).toBe('done');
    expect(r.get(night)?.status).toBe('waiting');
    env.clock.set('2026-12-06T18:30:00Z');
    await processDueRuns(db(), env.clock);
    expect(await sms(night)).toHaveLength(1);
  });

  it('a campaign holds a recipient until its hours, then sends', async () => {
    // 2026-12-07 06:00 UTC = 09:30 Tehran; hours 12:00–14:00 Tehran = 08:30–10:30 UTC.
    env.clock.set('2026-12-07T06:00:00Z');
    const later = await customer('ظهرها', '09124000020', { city: 'یزد' });
    expect((await admin.put(`/api/customers/${later}/preferences`, { contactFrom: '12:00', contactTo: '14:00' })).statusCode).toBe(200);
    const now = await customer('صبح‌ها', '09124000021', { city: 'یزد' });
    const seg = await admin.post('/api/segments', { name: 'یزدی‌ها', rules: { field: 'city', op: 'eq', value: 'یزد' } });
    expect(seg.statusCode, seg.body).toBe(201);
    const made = await admin.post('/api/campaigns', { name: 'ساعت‌دار', segmentId: seg.json().id, body: 'سلام', holdoutPercent: 0 });
    expect(made.statusCode, made.body).toBe(201);
    const cid = made.json().id;
    expect((await admin.post(`/api/campaigns/${cid}/send`)).statusCode).toBe(200);
    const deps: CampaignDeps = { database: env.rt.database, clock: env.clock, links: { secret: env.rt.secret, publicUrl: env.rt.config.publicUrl }, rates: { sms: 1000, email: 1000 } };
    const status = async () => new Map((await rows<{ customer_id: string; status: string }>(sql`SELECT customer_id, status FROM campaign_recipients WHERE campaign_id = ${cid}`)).map((x) => [x.customer_id, x.status]));
    const first = await runCampaignBatch(deps, cid);
    expect(first).toMatchObject({ queued: 1, remaining: 1 });
    expect(await status()).toEqual(new Map([[now, 'queued'], [later, 'pending']]));
    env.clock.set('2026-12-07T08:29:00Z');
    expect((await runCampaignBatch(deps, cid)).queued).toBe(0);
    env.clock.set('2026-12-07T08:30:00Z');
    expect(await runCampaignBatch(deps, cid)).toMatchObject({ queued: 1, remaining: 0 });
    expect((await admin.get(`/api/campaigns/${cid}`)).json().status).toBe('sent');
  });
});

describe('the important-date schedule', () => {
  it('picks anniversaries three days ahead by their own calendar, once', async () => {
    // 2026-12-10 07:00 UTC = 10:30 Tehran, 19 Azar 1405 (Azar 1 = 22 Nov 2026); +3 days = 22 Azar 1405 = 2026-12-13.
    env.clock.set('2026-12-10T07:00:00Z');
    const date = (calendar: string, month: number, day: number, kind = 'anniversary') => ({ importantDates: [{ label: 'سالگرد', kind, calendar, month, day }] });
    const ids: Record<string, string> = {};
    const cases: [string, Record<string, unknown>][] = [
      ['jalali', date('jalali', 9, 22)], ['gregorian', date('gregorian', 12, 13)], ['other kind', date('jalali', 9, 22, 'other')],
      ['day after', date('jalali', 9, 23)], ['Gregorian 22 Dec', date('gregorian', 12, 22)],
    ];
    let i = 30;
    for (const [name, prefs] of cases) {
      ids[name] = await customer(name, `091240000${i++}`);
      expect((await admin.put(`/api/customers/${ids[name]}/preferences`, prefs)).statusCode).toBe(200);
    }
    const made = await admin.post('/api/automations', {
      name: 'سالگرد', enabled: true, trigger: { kind: 'schedule', hour: 9, rule: { type: 'importantDate', daysBefore: 3 } },
      actions: [{ kind: 'sms', body: '{name} عزیز، سالگردتان پیشاپیش مبارک' }],
    });
    expect(made.statusCode, made.body).toBe(201);
    const aid = made.json().id;
    expect(made.json().trigger.rule).toEqual({ type: 'importantDate', daysBefore: 3, dateKind: 'anniversary' });
    await automationTick(db(), env.clock);
    const picked = await rows<{ customer_id: string; occurrence: string }>(sql`SELECT customer_id, occurrence FROM automation_runs WHERE automation_id = ${aid}`);
    expect(picked.map((r) => r.customer_id).sort()).toEqual([ids.jalali, ids.gregorian].sort());
    expect(new Set(picked.map((r) => r.occurrence))).toEqual(new Set(['importantDate:2026-12-13']));
    // Again the same day with the schedule forgotten: nothing new.
    await env.rt.database.db.execute(sql`UPDATE automations SET scheduled_on = NULL WHERE id = ${aid}`);
    await automationTick(db(), env.clock);
    expect(await rows(sql`SELECT 1 FROM automation_runs WHERE automation_id = ${aid}`)).toHaveLength(2);
  });
});
