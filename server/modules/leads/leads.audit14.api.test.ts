/**
 * Issue 14's web-to-lead points the other lead tests leave unasserted (audit14): the form page is right-to-left for a
 * Persian form and left-to-right for an English one, any site may frame it and its script builds that frame; a form
 * field aimed at a custom field fills it; and a submission is an event an automation reacts to (a `lead.submitted`
 * rule runs for the customer the form made).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { processDueRuns } from '../automations/index.ts';

let env: TestEnv;
let admin: Agent;
const rows = async <T>(q: ReturnType<typeof sql>) => (await env.rt.database.db.execute(q)).rows as T[];

const fields = [
  { key: 'name', target: 'lastName', label: { fa: 'نام', en: 'Name' }, required: true, type: 'text' },
  { key: 'mobile', target: 'phone', label: { fa: 'موبایل', en: 'Mobile' }, required: true, type: 'tel' },
];

async function makeForm(extra: Record<string, unknown> = {}) {
  const res = await admin.post('/api/lead-forms', {
    name: 'فرم سایت', title: { fa: 'درخواست مشاوره', en: 'Ask us' }, fields, consents: [],
    thankYou: { kind: 'message', text: { fa: 'ممنون از شما', en: 'Thanks a lot' } }, createDeal: false, ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; token: string };
}

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
}, 180_000);
afterAll(async () => env?.close());

describe('the form page in either direction, framed anywhere', () => {
  it('a Persian form is rtl in Persian, an English form ltr in English; both may be framed by any site', async () => {
    const fa = await makeForm();
    const en = await makeForm({ language: 'en' });
    const faPage = await env.app.inject({ method: 'GET', url: `/f/${fa.token}` });
    const enPage = await env.app.inject({ method: 'GET', url: `/f/${en.token}` });
    expect([faPage.statusCode, enPage.statusCode]).toEqual([200, 200]);
    expect(faPage.body).toContain('<html lang="fa" dir="rtl">');
    expect(faPage.body).toContain('درخواست مشاوره');
    expect(faPage.body).toContain('ارسال');
    expect(enPage.body).toContain('<html lang="en" dir="ltr">');
    expect(enPage.body).toContain('Ask us');
    expect(enPage.body).toContain('>Send<');
    for (const page of [faPage, enPage]) {
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(String(page.headers['content-security-policy'])).toContain('frame-ancestors *');
      expect(page.headers['x-frame-options']).toBeUndefined();
    }
    // The thank-you message the form was given, in the form's language, shown after a plain post.
    const sent = await env.app.inject({ method: 'POST', url: `/f/${en.token}`, payload: 'name=Smith&mobile=09120007001', headers: { 'content-type': 'application/x-www-form-urlencoded' }, remoteAddress: '10.14.0.1' });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.body).toContain('Thanks a lot');
  });

  it('the embed script, loadable from another origin, puts the form page in an iframe', async () => {
    const f = await makeForm();
    const js = await env.app.inject({ method: 'GET', url: `/f/${f.token}/embed.js`, headers: { origin: 'https://shop.example' } });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/text\/javascript/);
    expect(js.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(js.body).toContain("document.createElement('iframe')");
    expect(js.body).toContain(`/f/${f.token}`);
  });
});

describe('fields mapped to custom fields', () => {
  it('a form field aimed at custom:<key> fills that custom field of the customer it creates', async () => {
    const cf = await admin.post('/api/custom-fields', { key: 'budget_a14', labelFa: 'بودجه', labelEn: 'Budget', type: 'number' });
    expect(cf.statusCode, cf.body).toBe(201);
    const f = await makeForm({ fields: [...fields, { key: 'budget', target: 'custom:budget_a14', label: { fa: 'بودجه', en: 'Budget' }, type: 'number' }] });
    const res = await env.app.inject({ method: 'POST', url: `/f/${f.token}`, payload: { name: 'بودجه‌دار', mobile: '09120007003', budget: '5000000' }, headers: { origin: 'https://shop.example', accept: 'application/json' }, remoteAddress: '10.14.0.3' });
    expect(res.statusCode, res.body).toBe(200);
    const [sub] = await rows<{ customer_id: string }>(sql`SELECT customer_id FROM lead_submissions WHERE form_id = ${f.id}`);
    const view = (await admin.get(`/api/customers/${sub.customer_id}`)).json();
    expect(view.customer.custom).toEqual({ budget_a14: 5000000 });
    expect(view.customer.lastName).toBe('بودجه‌دار');
  });
});

describe('a submission as an automation event', () => {
  it('a lead.submitted rule runs once for the customer the form created', async () => {
    const rule = await admin.post('/api/automations', { name: 'سرنخ وب', trigger: { kind: 'event', event: 'lead.submitted' }, enabled: true, actions: [{ kind: 'addTag', tag: 'سرنخ-وب' }] });
    expect(rule.statusCode, rule.body).toBe(201);
    const f = await makeForm();
    const res = await env.app.inject({ method: 'POST', url: `/f/${f.token}`, payload: { name: 'فرمی', mobile: '09120007002' }, headers: { origin: 'https://shop.example', accept: 'application/json' }, remoteAddress: '10.14.0.2' });
    expect(res.statusCode, res.body).toBe(200);
    const [sub] = await rows<{ customer_id: string }>(sql`SELECT customer_id FROM lead_submissions WHERE form_id = ${f.id}`);
    expect(sub.customer_id).toBeTruthy();
    await processDueRuns(env.rt.database, env.clock);
    const runs = await rows<{ customer_id: string; status: string }>(sql`SELECT customer_id, status FROM automation_runs WHERE automation_id = ${rule.json().id}`);
    expect(runs).toEqual([{ customer_id: sub.customer_id, status: 'done' }]);
    const [c] = await rows<{ tags: string[] }>(sql`SELECT tags FROM customers WHERE id = ${sub.customer_id}`);
    expect(c.tags).toEqual(['سرنخ-وب']);
  });
});
