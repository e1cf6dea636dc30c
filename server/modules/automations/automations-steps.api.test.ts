/**
 * The steps of issue 18 and 20: assign an owner (a user; round-robin in a team), update a field (whitelisted,
 * validated like the customer API), start a survey (its answer starts survey.answered rules), call a registered
 * webhook endpoint (never a typed URL), branch on a condition (the log says which branch), send by the preferred
 * channel with consent and fall back to the other; the runs on the customer's timeline, for readers of the run log.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { processDueRuns } from './index.ts';

let env: TestEnv;
let admin: Agent;
const rows = async <T>(q: ReturnType<typeof sql>) => (await env.rt.database.db.execute(q)).rows as T[];
const db = () => env.rt.database;
let phoneNo = 1000;

async function customer(lastName: string, extra: Record<string, unknown> = {}) {
  const res = await admin.post('/api/customers', { kind: 'person', firstName: 'نگار', lastName, gender: 'female', smsConsent: true, force: true, phones: [{ number: `0912300${phoneNo++}` }], ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
async function manual(name: string, actions: unknown[]) {
  const res = await admin.post('/api/automations', { name, trigger: { kind: 'manual' }, enabled: true, actions });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
async function start(id: string, customerIds: string[]) {
  env.clock.advance(60_000); // each start a minute apart: "the latest run" below is well defined
  const res = await admin.post(`/api/automations/${id}/run`, { customerIds });
  expect(res.statusCode, res.body).toBe(200);
  await processDueRuns(db(), env.clock);
}
const logOf = async (automationId: string, customerId: string) => (await rows<{ status: string; log: { action: string; outcome: string; detail: string | null }[] }>(
  sql`SELECT status, log FROM automation_runs WHERE automation_id = ${automationId} AND customer_id = ${customerId} ORDER BY created_at DESC LIMIT 1`))[0];
const steps = (l: { log: { action: string; outcome: string }[] }) => l.log.map((x) => `${x.action}:${x.outcome}`);
const cust = async (id: string) => (await rows<{ owner_id: string | null; city: string | null; tags: string[]; custom: Record<string, unknown>; preferred_channel: string | null }>(sql`SELECT owner_id, city, tags, custom, preferred_channel FROM customers WHERE id = ${id}`))[0];

beforeAll(async () => {
  env = await createTestEnv({ start: '2026-12-06T08:00:00Z' }); // 11:30 Tehran
  admin = await env.login('admin');
}, 180_000);
afterAll(async () => env?.close());

describe('assign owner', () => {
  it('a named user; round-robin takes the team members in turn', async () => {
    const team = (await admin.post('/api/teams', { name: 'فروش شمال' })).json().id as string;
    const m1 = await env.login('sales', { teamId: team });
    const m2 = await env.login('sales', { teamId: team });
    const [first, second] = [m1.userId, m2.userId].sort();
    const toUser = await manual('به مینا', [{ kind: 'assignOwner', userId: m2.userId }]);
    const a = await customer('مالک‌دار');
    await start(toUser, [a]);
    expect((await cust(a)).owner_id).toBe(m2.userId);

    const rr = await manual('نوبتی', [{ kind: 'assignOwner', teamId: team }]);
    const cs = [await customer('نوبت۱'), await customer('نوبت۲'), await customer('نوبت۳')];
    for (const c of cs) await start(rr, [c]);
    expect(await Promise.all(cs.map(async (c) => (await cust(c)).owner_id))).toEqual([first, second, first]);
    expect(steps(await logOf(rr, cs[0]))).toEqual(['condition:met', 'assignOwner:assigned']);

    // Neither or both: refused at the edge.
    expect((await admin.post('/api/automations', { name: 'x', trigger: { kind: 'manual' }, actions: [{ kind: 'assignOwner' }] })).statusCode).toBe(400);
  });
});

describe('update a field', () => {
  it('sets a whitelisted field and a custom field; a bad value or a field outside the list is refused when saving', async () => {
    const def = await admin.post('/api/custom-fields', { key: 'vip_level', labelFa: 'سطح', labelEn: 'Level', type: 'number' });
    expect([201, 200]).toContain(def.statusCode);
    const id = await manual('شهر و سطح', [{ kind: 'setField', field: 'city', value: 'شیراز' }, { kind: 'setField', field: 'custom.vip_level', value: 3 }]);
    const c = await customer('فیلدی', { city: 'تهران' });
    await start(id, [c]);
    const got = await cust(c);
    expect(got.city).toBe('شیراز');
    expect(got.custom).toMatchObject({ vip_level: 3 });
    expect(steps(await logOf(id, c))).toEqual(['condition:met', 'setField:changed', 'setField:changed']);

    const bad = await admin.post('/api/automations', { name: 'بد', trigger: { kind: 'manual' }, actions: [{ kind: 'setField', field: 'preferredChannel', value: 'pigeon' }] });
    expect(bad.statusCode, bad.body).toBe(400);
    const hidden = await admin.post('/api/automations', { name: 'بد۲', trigger: { kind: 'manual' }, actions: [{ kind: 'setField', field: 'nationalId', value: '0012345678' }] });
    expect(hidden.statusCode, hidden.body).toBe(400);
    expect(await rows(sql`SELECT id FROM automations WHERE name IN ('بد', 'بد۲')`)).toHaveLength(0);
  });
});

describe('start a survey', () => {
  it('sends the survey through the surveys module (fatigue respected); the answer starts a survey.answered rule', async () => {
    const s = await admin.post('/api/surveys', { name: 'رضایت خودکار', status: 'active', channel: 'sms', trigger: { type: 'manual' },
      questions: [{ id: 'nps', type: 'nps', text: { fa: 'ما را پیشنهاد می‌کنید؟', en: 'Recommend us?' } }] });
    expect(s.statusCode, s.body).toBe(201);
    const answered = await admin.post('/api/automations', { name: 'پاسخ داد', trigger: { kind: 'event', event: 'survey.answered' }, enabled: true, actions: [{ kind: 'addTag', tag: 'پاسخ‌داده' }] });
    expect(answered.statusCode).toBe(201);
    const id = await manual('نظرسنجی', [{ kind: 'startSurvey', surveyId: s.json().id }]);
    const c = await customer('نظردهنده');
    await start(id, [c]);
    expect(steps(await logOf(id, c))).toEqual(['condition:met', 'startSurvey:sent']);
    const [m] = await rows<{ body: string }>(sql`SELECT body FROM messages WHERE customer_id = ${c} AND subject_type = 'survey_invitation'`);
    const token = m.body.match(/\/s\/([A-Za-z0-9_-]+)/)![1];
    // Asked again the same day: the fatigue rule skips it.
    await start(id, [c]);
    expect((await logOf(id, c)).log.at(-1)).toMatchObject({ action: 'startSurvey', outcome: 'skipped', detail: 'fatigue' });
    const res = await env.app.inject({ method: 'POST', url: `/s/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'nps=9', remoteAddress: '10.0.0.9' });
    expect(res.statusCode, res.body).toBeLessThan(400);
    await processDueRuns(db(), env.clock);
    expect((await cust(c)).tags).toEqual(['پاسخ‌داده']);
    await admin.patch(`/api/automations/${answered.json().id}`, { enabled: false });
  });
});

describe('outbound webhook', () => {
  it('only to an endpoint registered in the settings; the event is queued for that endpoint alone', async () => {
    const ep = await admin.post('/api/webhooks', { url: 'http://127.0.0.1:9/automation', events: ['deal.won'] });
    expect(ep.statusCode, ep.body).toBe(201);
    const typed = await admin.post('/api/automations', { name: 'آدرس دستی', trigger: { kind: 'manual' }, actions: [{ kind: 'webhook', url: 'http://evil.example/' }] });
    expect(typed.statusCode).toBe(400);
    const unknown = await admin.post('/api/automations', { name: 'ناشناس', trigger: { kind: 'manual' }, actions: [{ kind: 'webhook', endpointId: '00000000-0000-4000-8000-000000000000' }] });
    expect(unknown.statusCode).toBe(400);
    const id = await manual('وب‌هوک', [{ kind: 'webhook', endpointId: ep.json().id }]);
    const c = await customer('وب‌هوکی');
    await start(id, [c]);
    const events = await rows<{ endpoint_id: string; type: string; payload: { automation: { id: string }; customer: { id: string } } }>(sql`SELECT endpoint_id, type, payload FROM webhook_events WHERE type = 'automation.step'`);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ endpoint_id: ep.json().id, payload: { automation: { id }, customer: { id: c } } });
    // A switched-off endpoint gets nothing: the step is skipped.
    const offed = await admin.patch(`/api/webhooks/${ep.json().id}`, { active: false });
    expect(offed.statusCode, offed.body).toBe(200);
    await start(id, [c]);
    expect((await logOf(id, c)).log.at(-1)).toMatchObject({ action: 'webhook', outcome: 'skipped' });
    expect(await rows(sql`SELECT id FROM webhook_events WHERE type = 'automation.step'`)).toHaveLength(1);
  });
});

describe('branch', () => {
  it('runs the then-steps when the condition holds, else the else-steps, and logs the branch', async () => {
    const id = await manual('شاخه', [
      { kind: 'branch', condition: { field: 'city', op: 'eq', value: 'تهران' }, then: [{ kind: 'addTag', tag: 'پایتخت' }], else: [{ kind: 'addTag', tag: 'شهرستان' }, { kind: 'addTag', tag: 'دور' }] },
      { kind: 'addTag', tag: 'پایان' },
    ]);
    const tehran = await customer('تهرانی', { city: 'تهران' });
    const yazd = await customer('یزدی', { city: 'یزد' });
    await start(id, [tehran, yazd]);
    expect((await cust(tehran)).tags).toEqual(['پایتخت', 'پایان']);
    expect((await cust(yazd)).tags).toEqual(['شهرستان', 'دور', 'پایان']);
    expect(steps(await logOf(id, tehran))).toEqual(['condition:met', 'branch:then', 'addTag:changed', 'addTag:changed']);
    expect(steps(await logOf(id, yazd))).toEqual(['condition:met', 'branch:else', 'addTag:changed', 'addTag:changed', 'addTag:changed']);
    // The rule itself is unchanged (the chosen steps live in the run's own copy).
    expect((await admin.get(`/api/automations/${id}`)).json().actions).toHaveLength(2);
    const bad = await admin.post('/api/automations', { name: 'شرط بد', trigger: { kind: 'manual' }, actions: [{ kind: 'branch', condition: { field: 'nope', op: 'eq', value: 1 }, then: [] }] });
    expect(bad.statusCode).toBe(400);
  });
});

describe('send by preferred channel', () => {
  it('the preferred channel with consent; else the other; neither: skipped', async () => {
    const step = { kind: 'preferredChannel', sms: 'پیامک برای {greeting}', subject: 'ایمیل', email: 'ایمیل برای {greeting}' };
    const id = await manual('راه دلخواه', [step]);
    const emailFan = await customer('ایمیلی', { preferredChannel: 'email', emailConsent: true, emails: [{ address: 'a@example.com' }] });
    const noEmailConsent = await customer('بی‌رضایت‌ایمیل', { preferredChannel: 'email', emailConsent: false, emails: [{ address: 'b@example.com' }] });
    const smsFan = await customer('پیامکی', { preferredChannel: 'sms', emailConsent: true, emails: [{ address: 'c@example.com' }] });
    const nobody = await customer('بی‌رضایت', { smsConsent: false, emailConsent: false });
    await start(id, [emailFan, noEmailConsent, smsFan, nobody]);
    const sent = async (c: string) => (await rows<{ channel: string; body: string }>(sql`SELECT channel, body FROM messages WHERE customer_id = ${c} AND subject_type = 'automation'`));
    expect(await sent(emailFan)).toEqual([{ channel: 'email', body: 'ایمیل برای خانم ایمیلی' }]);
    expect(await sent(noEmailConsent)).toEqual([{ channel: 'sms', body: 'پیامک برای خانم بی‌رضایت‌ایمیل' }]);
    expect((await logOf(id, noEmailConsent)).log.at(-1)!.detail).toMatch(/^sms \(fallback\)/);
    expect(await sent(smsFan)).toEqual([{ channel: 'sms', body: 'پیامک برای خانم پیامکی' }]);
    expect(await sent(nobody)).toEqual([]);
    expect((await logOf(id, nobody)).log.at(-1)).toMatchObject({ action: 'preferredChannel', outcome: 'skipped' });
  });
});

describe('the win-back template by churn risk, and runs on the timeline', () => {
  it('the template starts on churn risk turning high (the 90-day one stays); a run shows on the timeline for run-log readers only', async () => {
    const keys = ((await admin.get('/api/automations/templates')).json().items as { key: string; definition: { trigger: unknown } }[]);
    expect(keys.map((k) => k.key)).toEqual(expect.arrayContaining(['win-back', 'win-back-churn']));
    expect(keys.find((k) => k.key === 'win-back-churn')!.definition.trigger).toEqual({ kind: 'event', event: 'customer.churn_risk_high' });

    const id = await manual('برای خط زمان', [{ kind: 'addTag', tag: 'زمان' }]);
    const c = await customer('خط‌زمانی');
    await start(id, [c]);
    const tl = await admin.get(`/api/customers/${c}/timeline`);
    expect(tl.statusCode, tl.body).toBe(200);
    const item = (tl.json().items as { kind: string; data: Record<string, unknown> }[]).find((i) => i.kind === 'automation_run');
    expect(item?.data).toMatchObject({ automationId: id, automationName: 'برای خط زمان', status: 'done', lastAction: 'addTag', lastOutcome: 'changed' });
    expect(String(item?.data.link)).toMatch(new RegExp(`^/automations\\?automation=${id}&run=`));

    expect((await admin.post('/api/roles', { key: 'no_settings', name: 'بدون تنظیمات', permissions: { customers: { ops: ['read'], scope: 'all' } } })).statusCode).toBe(201);
    const reader = await env.login('no_settings' as 'sales');
    const theirs = await reader.get(`/api/customers/${c}/timeline`);
    expect(theirs.statusCode, theirs.body).toBe(200);
    expect((theirs.json().items as { kind: string }[]).filter((i) => i.kind === 'automation_run')).toEqual([]);
  });
});
