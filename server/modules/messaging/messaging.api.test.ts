/**
 * Messaging through the HTTP API: the channel settings (secrets never shown back), the test-send button, an SMS to a
 * customer, and the gateway webhook — delivery reports, a reply on the customer's timeline, and «لغو» withdrawing
 * SMS consent (audited), with the owner told. The fake Kavenegar gateway speaks the real wire format.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { startFakeKavenegar, type FakeGateway } from '../../test/fakes/sms-gateways.ts';
import { startSmtp, type Smtp } from '../../test/fakes/smtp.ts';
import { deliverOutbox } from '../notifications/index.ts';
import { channelSenders, smsWebhookToken } from './index.ts';

let env: TestEnv;
let kave: FakeGateway;
let smtp: Smtp;
let admin: Agent;
let sales: Agent;
const KEY = 'kave-secret-key-9876';

beforeAll(async () => {
  kave = await startFakeKavenegar({ apiKey: KEY });
  smtp = await startSmtp();
  env = await createTestEnv();
  admin = await env.login('admin');
  sales = await env.login('sales');
});
afterAll(async () => { await env?.close(); await kave?.close(); await smtp?.close(); });

const put = (agent: Agent, url: string, body: unknown) => env.app.inject({ method: 'PUT', url, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf }, payload: body as never });
const deliverAll = async () => {
  const rows = (await env.rt.database.db.execute(sql`SELECT id FROM outbox WHERE status = 'pending'`)).rows as { id: string }[];
  for (const r of rows) await deliverOutbox(env.rt.database.db, channelSenders(await env.rt.channels.email(), await env.rt.channels.sms()), r.id);
};

describe('channel settings', () => {
  it('stores the gateway and SMTP server, shows secrets masked, keeps them when the mask comes back', async () => {
    expect((await put(sales, '/api/settings/channels/sms', { driver: 'log' })).statusCode).toBe(403);
    const missing = await put(admin, '/api/settings/channels/sms', { driver: 'kavenegar' });
    expect(missing.statusCode).toBe(400);
    const res = await put(admin, '/api/settings/channels/sms', { driver: 'kavenegar', apiKey: KEY, sender: '10004346', baseUrl: kave.url });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toContain(KEY);
    expect(res.json().sms).toMatchObject({ driver: 'kavenegar', apiKey: '•••876', sender: '10004346', source: 'settings' });
    // Saving the form again with the masked key keeps the real one.
    await put(admin, '/api/settings/channels/sms', { ...res.json().sms, source: undefined });
    const smtpRes = await put(admin, '/api/settings/channels/smtp', { url: smtp.url.replace('smtp://', 'smtp://user:pa55word@'), from: 'Shop <shop@test>' });
    expect(smtpRes.json().smtp.url).toBe(smtp.url.replace('smtp://', 'smtp://user:•••@'));
    expect((await admin.get('/api/settings/channels')).body).not.toContain('pa55word');
  });

  it('test-send reaches the gateway and reports the gateway’s refusal clearly', async () => {
    const ok = await admin.post('/api/settings/channels/test', { channel: 'sms', to: '۰۹۱۲ ۱۱۱ ۲۲۳۳' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(kave.messages.at(-1)).toMatchObject({ to: '09121112233', text: 'پیامک آزمایشی محور' });
    kave.failNext(1, 'insufficient_credit');
    const refused = await admin.post('/api/settings/channels/test', { channel: 'sms', to: '09121112233' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toMatch(/refused/);
    expect(refused.body).not.toContain(KEY);
    expect((await admin.post('/api/settings/channels/test', { channel: 'sms', to: 'abc' })).statusCode).toBe(400);
  });
});

describe('messages to and from a customer', () => {
  let customerId: string;

  it('sends an SMS to a customer who agreed, logged on the timeline with its delivery status', async () => {
    const c = (await sales.post('/api/customers', { kind: 'person', firstName: 'نگار', lastName: 'امینی', phones: [{ number: '09125556677' }], smsConsent: true })).json();
    customerId = c.id;
    const res = await sales.post(`/api/customers/${customerId}/messages`, { channel: 'sms', text: 'سفارش شما آمادهٔ تحویل است' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().parts).toMatchObject({ encoding: 'UCS-2', parts: 1 });
    await deliverAll();
    const sent = kave.messages.at(-1)!;
    expect(sent).toMatchObject({ to: '09125556677', text: 'سفارش شما آمادهٔ تحویل است' });
    // The gateway reports delivery to the webhook.
    const token = smsWebhookToken(env.rt.secret);
    const report = await env.app.inject({ method: 'POST', url: `/api/webhooks/sms/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `messageid=${sent.id}&status=10` });
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json()).toMatchObject({ statuses: 1, received: 0 });
    const tl = (await sales.get(`/api/customers/${customerId}/timeline?kinds=message`)).json().items;
    expect(tl[0].data).toMatchObject({ channel: 'sms', direction: 'out', status: 'delivered', providerStatus: '10' });
  });

  it('refuses an SMS without consent and a wrong webhook token', async () => {
    const c = (await sales.post('/api/customers', { kind: 'person', firstName: 'بدون', lastName: 'رضایت', phones: [{ number: '09125556600' }] })).json();
    expect((await sales.post(`/api/customers/${c.id}/messages`, { channel: 'sms', text: 'سلام' })).statusCode).toBe(422);
    const bad = await env.app.inject({ method: 'POST', url: '/api/webhooks/sms/not-the-token-at-all-xxxxxxxxxxxx', payload: { from: '09125556677', message: 'x' } });
    expect(bad.statusCode).toBe(404);
  });

  it('a reply lands on the timeline; «لغو» withdraws SMS consent (audited) and the owner is told; a repeated webhook is ignored', async () => {
    await sales.patch(`/api/customers/${customerId}`, { ownerId: sales.userId });
    const token = smsWebhookToken(env.rt.secret);
    const reply = () => env.app.inject({ method: 'POST', url: `/api/webhooks/sms/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `messageid=777001&from=09125556677&to=10004346&message=${encodeURIComponent('لغو')}` });
    expect((await reply()).json()).toMatchObject({ received: 1 });
    expect((await reply()).json()).toMatchObject({ received: 0 });
    const c = (await sales.get(`/api/customers/${customerId}`)).json();
    expect(c.customer?.smsConsent ?? c.smsConsent).toBe(false);
    const tl = (await sales.get(`/api/customers/${customerId}/timeline?kinds=message`)).json().items;
    expect(tl[0].data).toMatchObject({ direction: 'in', body: 'لغو', status: 'received', meta: expect.objectContaining({ optOut: true }) });
    const audit = (await env.rt.database.db.execute(sql`SELECT field, old_value, new_value FROM audit_log WHERE entity_id = ${customerId} AND field = 'smsConsent'`)).rows;
    expect(audit).toEqual([{ field: 'smsConsent', old_value: true, new_value: false }]);
    const notes = (await sales.get('/api/notifications')).json().items as { kind: string; body: string }[];
    expect(notes.filter((n) => n.kind === 'sms_received')).toHaveLength(1);
    expect((await sales.post(`/api/customers/${customerId}/messages`, { channel: 'sms', text: 'باز هم سلام' })).statusCode).toBe(422);
  });
});
