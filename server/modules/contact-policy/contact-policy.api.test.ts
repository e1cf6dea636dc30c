/**
 * The marketing contact policy (issue 18) through the real API: the settings (defaults 21:00→09:00, no cap) are an
 * admin's, audited, refused to others; the suppression list normalizes what it stores, takes an opt-out keyword from
 * a number on no customer, and needs a reason to take an entry off; campaigns and automations obey the configured quiet
 * hours, skip suppressed addresses and customers at the frequency cap (campaigns and automations counted together,
 * service messages exempt), and advertising SMS reach the gateway from the advertising line.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { startFakeKavenegar, type FakeGateway } from '../../test/fakes/sms-gateways.ts';
import { deliverOutbox } from '../notifications/index.ts';
import { channelSenders, smsWebhookToken } from '../messaging/index.ts';
import { runCampaignBatch, type CampaignDeps } from '../campaigns/index.ts';
import { processDueRuns } from '../automations/index.ts';

let env: TestEnv;
let admin: Agent;
let sales: Agent;
let kave: FakeGateway;
const KEY = 'kave-policy-key-4321';
const START = '2026-11-23T08:00:00Z'; // 11:30 in Tehran
const DAY = 86_400_000;
const rows = async <T>(q: ReturnType<typeof sql>) => (await env.rt.database.db.execute(q)).rows as T[];
const deps = (): CampaignDeps => ({ database: env.rt.database, clock: env.clock, links: { secret: env.rt.secret, publicUrl: env.rt.config.publicUrl }, rates: { sms: 100_000, email: 100_000 } });
const put = (agent: Agent, url: string, body: unknown) => env.app.inject({ method: 'PUT', url, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf }, payload: body as never });

async function customer(lastName: string, city: string, phone: string) {
  const res = await admin.post('/api/customers', { kind: 'person', firstName: 'نگار', lastName, gender: 'female', city, smsConsent: true, force: true, phones: [{ number: phone }] });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
async function segment(city: string) {
  const res = await admin.post('/api/segments', { name: `شهر ${city}`, rules: { field: 'city', op: 'eq', value: city } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
async function startCampaign(segmentId: string, name: string, advertising = true) {
  const c = await admin.post('/api/campaigns', { name, segmentId, body: 'سلام {firstName}، تخفیف پاییزه', holdoutPercent: 0, advertising });
  expect(c.statusCode, c.body).toBe(201);
  expect((await admin.post(`/api/campaigns/${c.json().id}/send`)).statusCode).toBe(200);
  return c.json().id as string;
}
const recipients = (campaignId: string) => rows<{ customer_id: string; status: string; reason: string | null }>(sql`
  SELECT customer_id, status, reason FROM campaign_recipients WHERE campaign_id = ${campaignId} ORDER BY customer_id`);
async function automation(name: string, advertising: boolean) {
  const res = await admin.post('/api/automations', { name, trigger: { kind: 'manual' }, actions: [{ kind: 'sms', body: `${name} {firstName}`, advertising }], enabled: true });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
async function runFor(automationId: string, customerId: string) {
  expect((await admin.post(`/api/automations/${automationId}/run`, { customerIds: [customerId] })).statusCode).toBe(200);
  await processDueRuns(env.rt.database, env.clock);
  const [run] = await rows<{ status: string; log: { action: string; outcome: string; detail?: string | null }[]; due_at: unknown }>(sql`
    SELECT status, log, due_at FROM automation_runs WHERE automation_id = ${automationId} AND customer_id = ${customerId} ORDER BY created_at DESC LIMIT 1`);
  return run;
}

beforeAll(async () => {
  kave = await startFakeKavenegar({ apiKey: KEY });
  env = await createTestEnv({ start: START });
  admin = await env.login('admin');
  sales = await env.login('sales');
  const sms = await put(admin, '/api/settings/channels/sms', { driver: 'kavenegar', apiKey: KEY, sender: '10004346', advertisingSender: '2000500', baseUrl: kave.url });
  expect(sms.statusCode, sms.body).toBe(200);
}, 180_000);
afterAll(async () => { await env?.close(); await kave?.close(); });

describe('the policy settings', () => {
  it('defaults to 21:00→09:00 and no cap; an admin changes it (audited field by field); others are refused and nothing changes; bad values are 400', async () => {
    expect((await sales.get('/api/settings/contact-policy')).json()).toEqual({ quietStart: '21:00', quietEnd: '09:00', capCount: 0, capDays: 7 });
    const denied = await put(sales, '/api/settings/contact-policy', { quietStart: '20:00', quietEnd: '10:00', capCount: 1, capDays: 3 });
    expect(denied.statusCode).toBe(403);
    expect((await admin.get('/api/settings/contact-policy')).json()).toEqual({ quietStart: '21:00', quietEnd: '09:00', capCount: 0, capDays: 7 });
    const bad = await put(admin, '/api/settings/contact-policy', { quietStart: '25:00', quietEnd: '09:00', capCount: -1, capDays: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect((await admin.get('/api/settings/contact-policy')).json().quietStart).toBe('21:00');

    const ok = await put(admin, '/api/settings/contact-policy', { quietStart: '22:00', quietEnd: '09:00', capCount: 3, capDays: 7 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await sales.get('/api/settings/contact-policy')).json()).toEqual({ quietStart: '22:00', quietEnd: '09:00', capCount: 3, capDays: 7 });
    const log = (await admin.get('/api/settings/contact-policy/log')).json().items as { field: string; oldValue: unknown; newValue: unknown; actorId: string; entityType: string }[];
    expect(log.filter((l) => l.entityType === 'contact_policy').map((l) => [l.field, l.oldValue, l.newValue]).sort()).toEqual([['capCount', 0, 3], ['quietStart', '21:00', '22:00']]);
    expect(log.every((l) => l.actorId === admin.userId)).toBe(true);
    expect((await sales.get('/api/settings/contact-policy/log')).statusCode).toBe(403);
    // back to the defaults for the tests below
    expect((await put(admin, '/api/settings/contact-policy', { quietStart: '21:00', quietEnd: '09:00', capCount: 0, capDays: 7 })).statusCode).toBe(200);
  });
});

describe('the suppression list', () => {
  it('stores phones as E.164 and emails in lower case; a duplicate in another form is 409, a bad one 400, a non-admin 403; search; removal needs a reason; all audited', async () => {
    const added = await admin.post('/api/settings/suppressions', { channel: 'sms', address: '۰۹۱۲ ۳۴۵ ۶۷۸۹', reason: 'شکایت مشتری' });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ channel: 'sms', address: '+989123456789', reason: 'شکایت مشتری', source: 'admin', createdBy: admin.userId });
    const dup = await admin.post('/api/settings/suppressions', { channel: 'sms', address: '+98 912 345 6789', reason: 'دوباره' });
    expect(dup.statusCode).toBe(409);
    expect((await admin.post('/api/settings/suppressions', { channel: 'sms', address: 'abc-not-a-phone', reason: 'x' })).statusCode).toBe(400);
    expect((await admin.post('/api/settings/suppressions', { channel: 'email', address: 'no-at-sign', reason: 'x' })).statusCode).toBe(400);
    const mail = await admin.post('/api/settings/suppressions', { channel: 'email', address: ' Ali.Rezaei@Example.COM ', reason: 'درخواست تلفنی' });
    expect(mail.json().address).toBe('ali.rezaei@example.com');
    expect((await sales.post('/api/settings/suppressions', { channel: 'sms', address: '09121110000', reason: 'x' })).statusCode).toBe(403);
    expect((await sales.get('/api/settings/suppressions')).statusCode).toBe(403);
    expect(await rows(sql`SELECT id FROM marketing_suppressions WHERE address = '+989121110000'`)).toHaveLength(0);

    const found = (await admin.get('/api/settings/suppressions?q=۰۹۱۲۳۴۵')).json();
    expect(found.items.map((s: { address: string }) => s.address)).toEqual(['+989123456789']);
    expect((await admin.get('/api/settings/suppressions?channel=email')).json()).toMatchObject({ total: 1, items: [{ address: 'ali.rezaei@example.com' }] });

    expect((await admin.del(`/api/settings/suppressions/${mail.json().id}`)).statusCode).toBe(400);
    expect(await rows(sql`SELECT id FROM marketing_suppressions WHERE id = ${mail.json().id}`)).toHaveLength(1);
    expect((await sales.del(`/api/settings/suppressions/${mail.json().id}?reason=x`)).statusCode).toBe(403);
    expect(await rows(sql`SELECT id FROM marketing_suppressions WHERE id = ${mail.json().id}`)).toHaveLength(1);
    const gone = await admin.del(`/api/settings/suppressions/${mail.json().id}?reason=${encodeURIComponent('رضایت دوباره داد')}`);
    expect(gone.statusCode).toBe(204);
    expect(await rows(sql`SELECT id FROM marketing_suppressions WHERE id = ${mail.json().id}`)).toHaveLength(0);
    const audit = await rows<{ action: string; new_value: Record<string, unknown>; actor_id: string }>(sql`
      SELECT action, new_value, actor_id FROM audit_log WHERE entity_type = 'suppression' AND entity_id = ${mail.json().id} ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['create', 'delete']);
    expect(audit[1].new_value).toMatchObject({ address: 'ali.rezaei@example.com', reason: 'رضایت دوباره داد', addedFor: 'درخواست تلفنی' });
    expect(audit.every((a) => a.actor_id === admin.userId)).toBe(true);
  });

  it('an opt-out keyword texted from a number on no customer lands on the list; an opt-in keyword takes it off', async () => {
    const token = smsWebhookToken(env.rt.secret);
    const text = (id: number, word: string) => env.app.inject({ method: 'POST', url: `/api/webhooks/sms/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `messageid=${id}&from=09187776655&to=2000500&message=${encodeURIComponent(word)}` });
    expect((await text(880001, 'لغو')).json()).toMatchObject({ received: 1 });
    const [row] = await rows<{ address: string; source: string; channel: string }>(sql`SELECT address, source, channel FROM marketing_suppressions WHERE address = '+989187776655'`);
    expect(row).toEqual({ address: '+989187776655', source: 'opt_out', channel: 'sms' });
    expect((await text(880001, 'لغو')).json()).toMatchObject({ received: 0 }); // the gateway's retry: nothing more
    expect(await rows(sql`SELECT id FROM marketing_suppressions WHERE address = '+989187776655'`)).toHaveLength(1);
    expect((await text(880002, 'عضویت')).json()).toMatchObject({ received: 1 });
    expect(await rows(sql`SELECT id FROM marketing_suppressions WHERE address = '+989187776655'`)).toHaveLength(0);
  });
});

describe('campaigns and automations obey it', () => {
  it('quiet hours follow the setting: 23:00→07:00 lets an advertising SMS out at 22:30 Tehran and holds it at 23:30 (automations too)', async () => {
    expect((await put(admin, '/api/settings/contact-policy', { quietStart: '23:00', quietEnd: '07:00', capCount: 0, capDays: 7 })).statusCode).toBe(200);
    const segmentId = await segment('بم');
    const b1 = await customer('بمی۱', 'بم', '09135550001');
    await customer('بمی۲', 'بم', '09135550002');
    const id = await startCampaign(segmentId, 'شبانهٔ بم');
    const at = (iso: string) => ({ ...deps(), clock: { now: () => new Date(iso) } });
    expect(await runCampaignBatch(at('2026-11-23T20:00:00Z'), id)).toMatchObject({ queued: 0, quiet: true }); // 23:30 Tehran
    expect(await runCampaignBatch(at('2026-11-23T19:00:00Z'), id)).toMatchObject({ queued: 2, quiet: false }); // 22:30 Tehran, quiet under the defaults

    env.clock.set('2026-11-23T20:00:00Z');
    const a = await automation('پیشنهاد شبانه', true);
    const run = await runFor(a, b1);
    expect(run.log.at(-1)).toMatchObject({ action: 'sms', outcome: 'postponed', detail: 'quiet hours' });
    expect(new Date(String(run.due_at)).toISOString()).toBe('2026-11-24T03:30:00.000Z'); // 07:00 Tehran
    env.clock.set(START);
    expect((await put(admin, '/api/settings/contact-policy', { quietStart: '21:00', quietEnd: '09:00', capCount: 0, capDays: 7 })).statusCode).toBe(200);
  });

  it('skips suppressed addresses and customers at the cap (campaigns and automations counted together; service SMS exempt and uncounted); after the window they get messages again', async () => {
    expect((await put(admin, '/api/settings/contact-policy', { quietStart: '21:00', quietEnd: '09:00', capCount: 2, capDays: 7 })).statusCode).toBe(200);
    const segmentId = await segment('یزد');
    const [y1, y2, y3, y4] = [await customer('یزدی۱', 'یزد', '09131000001'), await customer('یزدی۲', 'یزد', '09131000002'),
      await customer('یزدی۳', 'یزد', '09131000003'), await customer('یزدی۴', 'یزد', '09131000004')];
    expect((await admin.post('/api/settings/suppressions', { channel: 'sms', address: '+98 913 100 0001', reason: 'درخواست حذف' })).statusCode).toBe(201);
    const promo = await automation('تخفیف خودکار', true);
    const service = await automation('یادآوری خدمات', false);
    const expectRecipients = async (id: string, want: Record<string, [string, string | null]>) => {
      const got = Object.fromEntries((await recipients(id)).map((r) => [r.customer_id, [r.status, r.reason]]));
      expect(got).toEqual(want);
    };

    // y2 gets one advertising automation SMS: its first marketing message.
    expect((await runFor(promo, y2)).log.at(-1)).toMatchObject({ action: 'sms', outcome: 'queued' });
    expect((await runFor(promo, y1)).log.at(-1)).toMatchObject({ action: 'sms', outcome: 'skipped', detail: 'suppressed' });

    const k1 = await startCampaign(segmentId, 'یزد ۱');
    await runCampaignBatch(deps(), k1);
    await expectRecipients(k1, { [y1]: ['skipped', 'suppressed'], [y2]: ['queued', null], [y3]: ['queued', null], [y4]: ['queued', null] });

    // Now y2 has 2 (automation + campaign), y3 and y4 have 1: the second campaign reaches y3 and y4 only.
    const k2 = await startCampaign(segmentId, 'یزد ۲');
    await runCampaignBatch(deps(), k2);
    await expectRecipients(k2, { [y1]: ['skipped', 'suppressed'], [y2]: ['skipped', 'frequency_cap'], [y3]: ['queued', null], [y4]: ['queued', null] });
    expect((await admin.get(`/api/campaigns/${k2}/results`)).json()).toMatchObject({ queued: 2, suppressed: 1, frequencyCapped: 1 });

    // y3 is at the cap: the advertising automation step is skipped, a service SMS still goes and is not counted.
    expect((await runFor(promo, y3)).log.at(-1)).toMatchObject({ action: 'sms', outcome: 'skipped', detail: 'frequency_cap' });
    expect((await runFor(service, y3)).log.at(-1)).toMatchObject({ action: 'sms', outcome: 'queued' });
    const y3sms = await rows<{ marketing: boolean; subject_type: string }>(sql`SELECT marketing, subject_type FROM messages WHERE customer_id = ${y3} AND direction = 'out' ORDER BY subject_type, marketing`);
    expect(y3sms).toEqual([{ marketing: false, subject_type: 'automation' }, { marketing: true, subject_type: 'campaign' }, { marketing: true, subject_type: 'campaign' }]);

    // Seven days and a minute later the window has passed: everyone but the suppressed number gets the next one.
    env.clock.advance(7 * DAY + 60_000);
    const k3 = await startCampaign(segmentId, 'یزد ۳');
    await runCampaignBatch(deps(), k3);
    await expectRecipients(k3, { [y1]: ['skipped', 'suppressed'], [y2]: ['queued', null], [y3]: ['queued', null], [y4]: ['queued', null] });
    env.clock.set(START);
    expect((await put(admin, '/api/settings/contact-policy', { quietStart: '21:00', quietEnd: '09:00', capCount: 0, capDays: 7 })).statusCode).toBe(200);
  });

  it('advertising SMS (a campaign, an automation step) reach the gateway from the advertising line, service ones from the service line', async () => {
    expect((await admin.get('/api/settings/channels')).json().sms).toMatchObject({ sender: '10004346', advertisingSender: '2000500' });
    const segmentId = await segment('طبس');
    const t1 = await customer('طبسی', 'طبس', '09137770001');
    const ad = await startCampaign(segmentId, 'تبلیغ طبس', true);
    await runCampaignBatch(deps(), ad);
    const svc = await startCampaign(segmentId, 'اطلاع‌رسانی طبس', false);
    await runCampaignBatch(deps(), svc);
    expect((await runFor(await automation('پیشنهاد طبس', true), t1)).log.at(-1)).toMatchObject({ outcome: 'queued' });
    expect((await runFor(await automation('خدمات طبس', false), t1)).log.at(-1)).toMatchObject({ outcome: 'queued' });
    const senders = channelSenders(undefined, await env.rt.channels.sms(), await env.rt.channels.smsLines());
    const queued = await rows<{ outbox_id: string }>(sql`SELECT outbox_id FROM messages WHERE customer_id = ${t1} AND direction = 'out' `);
    expect(queued).toHaveLength(4);
    for (const o of queued) await deliverOutbox(env.rt.database.db, senders, o.outbox_id);
    const atGateway = kave.messages.filter((m) => m.to === '09137770001').map((m) => [m.text.split(' ')[0], m.from]).sort();
    // the two campaigns share their text: one from each line
    expect(atGateway).toEqual([['خدمات', '10004346'], ['سلام', '2000500'], ['سلام', '10004346'], ['پیشنهاد', '2000500']].sort());
  });
});
