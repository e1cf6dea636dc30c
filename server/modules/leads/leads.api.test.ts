/** Web-to-lead: owner round robin, update by phone in another format, honeypot, rate limit, proof of work, consent text, inactive form. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestEnv, secondInstance, TEST_PG, type TestEnv, type Agent } from '../../test/harness.ts';
import { withTx } from '../../db/tx.ts';
import { AppError } from '../../errors.ts';
import { leadSubmissions, publicForm, submitLead } from './index.ts';
import { webhookEvents } from '../webhooks/index.ts';
import { leadingZeroBits, powHash, solvePow } from './pow.ts';

/** A counter that does not do the work (most do not). */
const wrongNonce = (c: string, d: number) => { let i = 0; while (leadingZeroBits(powHash(c, String(i))) >= d) i++; return String(i); };

let env: TestEnv;
let admin: Agent;
let s1: Agent, s2: Agent, s3: Agent;
let stageId: string;

const fields = [
  { key: 'name', target: 'lastName', label: { fa: 'نام', en: 'Name' }, required: true, type: 'text' },
  { key: 'mobile', target: 'phone', label: { fa: 'موبایل', en: 'Mobile' }, required: true, type: 'tel' },
  { key: 'mail', target: 'email', label: { fa: 'ایمیل', en: 'Email' }, type: 'email' },
];
const SMS_TEXT = 'با دریافت پیامک‌های تبلیغاتی موافقم.';

async function makeForm(extra: Record<string, unknown> = {}) {
  const res = await admin.post('/api/lead-forms', {
    name: 'فرم سایت', title: { fa: 'درخواست مشاوره', en: 'Ask us' }, fields, consents: [{ channel: 'sms', text: { fa: SMS_TEXT, en: '' } }],
    thankYou: { kind: 'message', text: { fa: 'ممنون', en: 'Thanks' } }, ownerRule: { kind: 'round_robin', userIds: [s1.userId, s2.userId, s3.userId] },
    createDeal: true, stageId, ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; token: string };
}
let ipSeq = 0;
const post = (token: string, body: Record<string, unknown>, ip = `10.9.0.${++ipSeq}`) =>
  env.app.inject({ method: 'POST', url: `/f/${token}`, payload: body, headers: { origin: 'https://shop.example', accept: 'application/json' }, remoteAddress: ip });
const submissionsOf = async (formId: string) => env.rt.database.db.select().from(leadSubmissions).where(eq(leadSubmissions.formId, formId));

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  [s1, s2, s3] = [await env.login('sales'), await env.login('sales'), await env.login('sales')];
  const list = (await admin.get('/api/pipelines')).json().items;
  stageId = list[0].stages[0].id;
}, 180_000);
afterAll(async () => env?.close());

describe('lead forms', () => {
  it('three submissions make three customers and deals whose owners go round the list', async () => {
    const f = await makeForm();
    const owners: string[] = [];
    for (const [i, m] of ['09121110001', '09121110002', '09121110003'].entries()) {
      const res = await post(f.token, { name: `لید ${i}`, mobile: m });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.json()).toEqual({ ok: true, message: 'ممنون', redirect: null });
    }
    const subs = (await submissionsOf(f.id)).sort((a, b) => a.at.getTime() - b.at.getTime() || a.payload.mobile.localeCompare(b.payload.mobile));
    expect(subs).toHaveLength(3);
    for (const s of subs) {
      expect(s.outcome).toBe('created');
      const c = (await admin.get(`/api/customers/${s.customerId}`)).json().customer;
      expect(c.source).toBe('website');
      const d = (await admin.get(`/api/deals/${s.dealId}`)).json();
      expect(d.customerId).toBe(s.customerId);
      owners.push(d.ownerId);
    }
    expect(owners).toEqual([s1.userId, s2.userId, s3.userId]);
    expect((await admin.get(`/api/lead-forms/${f.id}`)).json().submissions).toBe(3);
  });

  it('updates the existing customer found by a phone written another way, and stores the consent text', async () => {
    const c = await admin.post('/api/customers', { kind: 'person', lastName: 'موجود', phones: [{ number: '09124445566' }] });
    expect(c.statusCode, c.body).toBe(201);
    const f = await makeForm({ createDeal: false });
    const res = await post(f.token, { name: 'دیگر', mobile: '+98 912 444 5566', mail: 'Old@Example.com', consent_sms: 'on' });
    expect(res.statusCode, res.body).toBe(200);
    const [s] = await submissionsOf(f.id);
    expect(s.outcome).toBe('updated');
    expect(s.customerId).toBe(c.json().id);
    expect(s.consents).toEqual([{ channel: 'sms', text: SMS_TEXT, at: expect.any(String) }]);
    const after = (await admin.get(`/api/customers/${c.json().id}`)).json().customer;
    expect(after.lastName).toBe('موجود');
    expect(after.emails.map((e: { address: string }) => e.address)).toEqual(['old@example.com']);
    expect(after.smsConsent).toBe(true);
  });

  it('a filled honeypot is thanked and stores nothing', async () => {
    const f = await makeForm();
    const res = await post(f.token, { name: 'ربات', mobile: '09127778899', website: 'http://spam.example' });
    expect(res.statusCode).toBe(200);
    expect(await submissionsOf(f.id)).toHaveLength(0);
  });

  it('too many posts from one address to one form: 429 with Retry-After', async () => {
    const f = await makeForm({ createDeal: false });
    const codes: number[] = [];
    let last;
    for (let i = 0; i < 6; i++) { last = await post(f.token, { name: 'x', mobile: 'bad' }, '10.8.8.8'); codes.push(last.statusCode); }
    expect(codes).toEqual([400, 400, 400, 400, 400, 429]);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.json().error.code).toBe('RATE_LIMITED');
  });

  it('the limit is kept in the database too: a sixth stored lead from one address within 10 minutes is refused, whatever process counts', async () => {
    const f = await makeForm({ createDeal: false });
    const form = await publicForm(env.rt.database.db, f.token);
    // Straight to the service, past the route's in-memory counter (as another instance would be).
    const submit = (i: number, ip = '10.6.6.6') => withTx(env.rt.database, (tx) => submitLead(tx, env.clock, form, { values: { name: `حد ${i}`, mobile: `0912557100${i}` }, ip }));
    for (let i = 0; i < 5; i++) expect((await submit(i)).outcome).toBe('created');
    const refused = await submit(5).then(() => null, (e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('RATE_LIMITED');
    expect(((refused as AppError).details as { retryAfterSec: number }).retryAfterSec).toBe(600);
    expect(await submissionsOf(f.id)).toHaveLength(5);
    expect((await submit(5, '10.6.6.7')).outcome).toBe('created');
    env.clock.advance(10 * 60_000 + 1000);
    expect((await submit(6)).outcome).toBe('created');
    expect(await submissionsOf(f.id)).toHaveLength(7);
  });

  it.runIf(Boolean(TEST_PG))('two instances share the limit (PostgreSQL: the embedded database has one process)', async () => {
    const f = await makeForm({ createDeal: false });
    const b = await secondInstance(env);
    try {
      const via = (app: typeof env.app, i: number) => app.inject({ method: 'POST', url: `/f/${f.token}`, payload: { name: `دو ${i}`, mobile: `0912667100${i}` }, headers: { accept: 'application/json' }, remoteAddress: '10.5.5.5' });
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) codes.push((await via(env.app, i)).statusCode);
      for (let i = 3; i < 5; i++) codes.push((await via(b.app, i)).statusCode);
      const sixth = await via(env.app, 5);
      codes.push(sixth.statusCode);
      expect(codes).toEqual([200, 200, 200, 200, 200, 429]);
      expect(sixth.json().error.code).toBe('RATE_LIMITED');
      expect(await submissionsOf(f.id)).toHaveLength(5);
    } finally { await b.close(); }
  });

  it('proof of work: a wrong answer is 400, a right one passes once, its reuse is 400', async () => {
    const f = await makeForm({ createDeal: false, proofOfWork: 8 });
    const ch = await env.app.inject({ method: 'POST', url: `/f/${f.token}/challenge`, remoteAddress: '10.7.0.1' });
    expect(ch.statusCode, ch.body).toBe(200);
    const { challenge, difficulty } = ch.json();
    expect(difficulty).toBe(8);
    const good = solvePow(challenge, 8);
    const bad = await post(f.token, { name: 'کار', mobile: '09120001111', pow_challenge: challenge, pow_nonce: wrongNonce(challenge, 8) });
    expect(bad.statusCode).toBe(400);
    expect(await post(f.token, { name: 'کار', mobile: '09120001111' }).then((r) => r.statusCode)).toBe(400);
    expect((await post(f.token, { name: 'کار', mobile: '09120001111', pow_challenge: challenge, pow_nonce: good })).statusCode).toBe(200);
    const again = await post(f.token, { name: 'کار', mobile: '09120001111', pow_challenge: challenge, pow_nonce: good });
    expect(again.statusCode).toBe(400);
    expect(await submissionsOf(f.id)).toHaveLength(1);
  });

  it('an inactive form is 404 on the page, the script and the post', async () => {
    const f = await makeForm();
    expect((await env.app.inject({ method: 'GET', url: `/f/${f.token}` })).statusCode).toBe(200);
    expect((await admin.patch(`/api/lead-forms/${f.id}`, { active: false })).statusCode).toBe(200);
    expect((await env.app.inject({ method: 'GET', url: `/f/${f.token}` })).statusCode).toBe(404);
    expect((await env.app.inject({ method: 'GET', url: `/f/${f.token}/embed.js` })).statusCode).toBe(404);
    expect((await post(f.token, { name: 'x', mobile: '09120002222' })).statusCode).toBe(404);
    expect(await submissionsOf(f.id)).toHaveLength(0);
  });

  it('a plain form post to a redirect form gets a 303; a sales user may not create forms', async () => {
    const f = await makeForm({ thankYou: { kind: 'redirect', url: 'https://shop.example/thanks' }, createDeal: false });
    const res = await env.app.inject({ method: 'POST', url: `/f/${f.token}`, payload: 'name=%D9%81%D8%B1%D9%85&mobile=09120003333', headers: { 'content-type': 'application/x-www-form-urlencoded' }, remoteAddress: '10.6.0.1' });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe('https://shop.example/thanks');
    expect((await s1.post('/api/lead-forms', { name: 'x', title: { fa: 'x' }, fields, thankYou: { kind: 'message', text: { fa: 'x' } } })).statusCode).toBe(403);
    expect((await admin.post('/api/lead-forms', { name: 'x', title: { fa: 'x' }, fields, thankYou: { kind: 'redirect', url: 'javascript:alert(1)' } })).statusCode).toBe(400);
    // What a submission will need is checked when the form is saved: a stage and owners that exist.
    const unknown = '00000000-0000-4000-8000-000000000001';
    const base = { name: 'x', title: { fa: 'x' }, fields, thankYou: { kind: 'message', text: { fa: 'x' } } };
    const badStage = await admin.post('/api/lead-forms', { ...base, createDeal: true, stageId: unknown });
    expect([badStage.statusCode, badStage.json().error.details]).toEqual([400, { stageId: 'unknown stage' }]);
    const badOwner = await admin.post('/api/lead-forms', { ...base, ownerRule: { kind: 'round_robin', userIds: [s1.userId, unknown] } });
    expect(badOwner.statusCode).toBe(400);
    expect(badOwner.json().error.details.ownerRule).toContain(unknown);
  });

  it('an erased person\'s contact is thanked and not stored; a webhook listening to lead.submitted gets the lead', async () => {
    const ep = await admin.post('/api/webhooks', { url: 'http://127.0.0.1:9/never-called', events: ['lead.submitted'] });
    expect(ep.statusCode, ep.body).toBe(201);
    const c = await admin.post('/api/customers', { kind: 'person', lastName: 'پاک‌شدنی', phones: [{ number: '09125550000' }] });
    const gone = await admin.post(`/api/customers/${c.json().id}/erase`, { confirm: 'پاک‌شدنی' });
    expect(gone.statusCode, gone.body).toBe(200);
    const f = await makeForm({ createDeal: false });
    const res = await post(f.token, { name: 'دوباره', mobile: '0912 555 0000' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().ok).toBe(true);
    expect(await submissionsOf(f.id)).toHaveLength(0);
    expect((await admin.get('/api/customers?q=%D8%AF%D9%88%D8%A8%D8%A7%D8%B1%D9%87')).json().total).toBe(0);

    expect((await post(f.token, { name: 'تازه', mobile: '09125550001' })).statusCode).toBe(200);
    const [sub] = await submissionsOf(f.id);
    const events = await env.rt.database.db.select().from(webhookEvents).where(eq(webhookEvents.endpointId, ep.json().id));
    expect(events.map((e) => e.type)).toEqual(['lead.submitted']);
    expect(events[0].payload).toMatchObject({ id: sub.id, formId: f.id, customerId: sub.customerId, outcome: 'created', ownerId: s1.userId, payload: { name: 'تازه', mobile: '09125550001' } });
  });

  it('owner by a field\'s value, with a fallback; a select of the field the rule names', async () => {
    const f = await makeForm({
      fields: [...fields, { key: 'city', target: 'city', label: { fa: 'شهر', en: 'City' }, type: 'text' }],
      ownerRule: { kind: 'field', field: 'city', map: { 'تهران': s2.userId, 'شیراز': s3.userId }, fallbackUserId: s1.userId },
    });
    for (const [m, city] of [['09126660001', 'شیراز'], ['09126660002', 'تهران'], ['09126660003', 'یزد']]) {
      expect((await post(f.token, { name: 'شهری', mobile: m, city })).statusCode).toBe(200);
    }
    const subs = await submissionsOf(f.id);
    const ownerOf = async (city: string) => (await admin.get(`/api/deals/${subs.find((x) => x.payload.city === city)!.dealId}`)).json().ownerId;
    expect([await ownerOf('شیراز'), await ownerOf('تهران'), await ownerOf('یزد')]).toEqual([s3.userId, s2.userId, s1.userId]);
    const c = (await admin.get(`/api/customers/${subs.find((x) => x.payload.city === 'تهران')!.customerId}`)).json().customer;
    expect([c.city, c.ownerId]).toEqual(['تهران', s2.userId]);
    const bad = await admin.post('/api/lead-forms', { name: 'x', title: { fa: 'x' }, fields, thankYou: { kind: 'message', text: { fa: 'x' } }, ownerRule: { kind: 'field', field: 'nope', map: {} } });
    expect(bad.statusCode).toBe(400);
  });

  it('a phone of one customer and an email of another: the first is updated, nobody gets a duplicate contact', async () => {
    const a = await admin.post('/api/customers', { kind: 'person', lastName: 'تلفنی', phones: [{ number: '09128880001' }] });
    const b = await admin.post('/api/customers', { kind: 'person', lastName: 'ایمیلی', emails: [{ address: 'b@example.com' }] });
    const f = await makeForm({ createDeal: false });
    const res = await post(f.token, { name: 'هر دو', mobile: '09128880001', mail: 'b@example.com' });
    expect(res.statusCode, res.body).toBe(200);
    const [sub] = await submissionsOf(f.id);
    expect(sub.outcome).toBe('updated');
    expect([a.json().id, b.json().id]).toContain(sub.customerId);
    const emailsOfA = (await admin.get(`/api/customers/${a.json().id}`)).json().customer.emails;
    const phonesOfB = (await admin.get(`/api/customers/${b.json().id}`)).json().customer.phones;
    expect([emailsOfA, phonesOfB]).toEqual([[], []]);
  });
});
