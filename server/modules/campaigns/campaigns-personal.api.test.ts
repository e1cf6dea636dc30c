/**
 * Campaign gaps of issue 18 and the preferred-channel mode of issue 20: {lastProduct}, {points}, {tier} and {offer}
 * (co-purchase, else the campaign's offer text) in the preview and in the queued messages; the English text for a
 * customer whose language is English; channel `preferred` (preferred channel, else the other, else skipped) with
 * results per channel; the test send (one message, marked, never counted); a scheduled start by env.clock.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, customerRoleUsers, type TestEnv, type Agent } from '../../test/harness.ts';
import { withTx } from '../../db/tx.ts';
import { systemActor } from '../auth/index.ts';
import { recordExternalInvoice } from '../documents/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { runCampaignBatch, campaignTick, type CampaignDeps } from './index.ts';

let env: TestEnv;
let admin: Agent;
const rows = async <T>(q: ReturnType<typeof sql>) => (await env.rt.database.db.execute(q)).rows as T[];
const deps = (): CampaignDeps => ({ database: env.rt.database, clock: env.clock, links: { secret: env.rt.secret, publicUrl: env.rt.config.publicUrl }, rates: { sms: 100_000, email: 100_000 } });
const actor = () => systemActor(DEFAULT_ROLES.admin.permissions);

async function customer(lastName: string, city: string, extra: Record<string, unknown> = {}) {
  const res = await admin.post('/api/customers', { kind: 'person', firstName: 'نگار', lastName, gender: 'female', city, smsConsent: true, force: true, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
async function segment(city: string) {
  const seg = await admin.post('/api/segments', { name: `بخش ${city}`, rules: { field: 'city', op: 'eq', value: city } });
  expect(seg.statusCode, seg.body).toBe(201);
  return seg.json().id as string;
}
let invoiceNo = 0;
async function bought(customerId: string, productIds: string[], issueDate = '2026-10-01') {
  await withTx(env.rt.database, (tx) => recordExternalInvoice(tx, actor(), env.clock, {
    customerId, number: `PRS-${++invoiceNo}`, issueDate, fees: [], cancelled: false, source: 'test', payments: [],
    lines: productIds.map((productId) => ({ productId, code: null, description: 'خط', quantity: '1', unitPrice: 1000n, total: 1000n })),
  }));
}
async function drain(id: string) {
  let r;
  do r = await runCampaignBatch(deps(), id, 50); while (r.remaining > 0 && r.queued > 0);
}
const sentTexts = (id: string) => rows<{ customer_id: string; channel: string; address: string; body: string; subject: string | null }>(
  sql`SELECT customer_id, channel, address, body, subject FROM messages WHERE subject_type = 'campaign' AND subject_id = ${id}`);

const P: Record<string, string> = {};
const C: Record<string, string> = {};

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  for (const [key, code, fa, en] of [['lamp', 'LMP', 'چراغ مطالعه', 'Desk lamp'], ['bulb', 'BLB', 'لامپ ال‌ای‌دی', 'LED bulb'],
    ['shade', 'SHD', 'آباژور', 'Lamp shade'], ['cable', 'CBL', 'سیم رابط', 'Extension cable']]) {
    const res = await admin.post('/api/products', { code, nameFa: fa, nameEn: en, price: '1000' });
    expect(res.statusCode, res.body).toBe(201);
    P[key] = res.json().id;
  }
  // Co-purchase: lamp is bought with shade by three customers and with bulb by one (two with the target below); bulb with cable by one.
  C.a = await customer('الف', 'یزد'); await bought(C.a, [P.lamp, P.bulb]);
  C.b = await customer('ب', 'یزد'); await bought(C.b, [P.lamp, P.shade]);
  C.c = await customer('پ', 'یزد'); await bought(C.c, [P.lamp, P.shade]);
  C.e = await customer('ث', 'یزد'); await bought(C.e, [P.lamp, P.shade]);
  C.d = await customer('ت', 'یزد'); await bought(C.d, [P.bulb, P.cable]);
  // The target: bought only a lamp (latest purchase: a bulb, earlier a lamp) → lamp and bulb owned.
  C.t = await customer('رضایی', 'قم', { phones: [{ number: '09121110001' }] });
  await bought(C.t, [P.lamp], '2026-09-01');
  await bought(C.t, [P.bulb], '2026-10-20');
  C.none = await customer('بی‌خرید', 'قم', { phones: [{ number: '09121110002' }] });
  C.en = await customer('Smith', 'قم', { phones: [{ number: '09121110003' }], firstName: 'Anna' });
  await bought(C.en, [P.lamp], '2026-10-05');
  expect((await admin.put(`/api/customers/${C.en}/preferences`, { language: 'en' })).statusCode).toBe(200);
  const program = await admin.put('/api/loyalty/program', {
    enabled: true, rialsPerPoint: 100_000, categoryRates: [], pointValueRials: 1_000, bonuses: { birthday: 0, referral: 0, survey_answered: 0, first_purchase: 0 },
    tierBasis: 'points', tierWindowMonths: 12, expiryMonths: 12,
    tiers: [{ key: 'bronze', nameFa: 'برنزی', nameEn: 'Bronze', threshold: 0 }, { key: 'gold', nameFa: 'طلایی', nameEn: 'Gold', threshold: 1000 }],
  });
  expect(program.statusCode, program.body).toBe(200);
  const adj = await admin.post('/api/loyalty/ledger', { customerId: C.t, kind: 'earn', points: 1250, reason: 'آزمون' });
  expect(adj.statusCode, adj.body).toBe(201);
  expect((await admin.get(`/api/loyalty/members/${C.t}`)).json().tier.key).toBe('gold');
}, 180_000);
afterAll(async () => env?.close());

describe('personal values', () => {
  it('{lastProduct}, {points}, {tier}, {offer}: in the preview and in the queued SMS; fallbacks for a customer with none', async () => {
    const seg = await segment('قم');
    const body = '{greeting}، آخرین خرید: {lastProduct}. امتیاز {points} در سطح {tier}. پیشنهاد ما: {offer}';
    const noOffer = await admin.post('/api/campaigns', { name: 'بی‌پیشنهاد', segmentId: seg, body, holdoutPercent: 0 });
    expect(noOffer.statusCode).toBe(400);
    expect(noOffer.json().error.details).toHaveProperty('offerText');
    const made = await admin.post('/api/campaigns', { name: 'شخصی', segmentId: seg, body, holdoutPercent: 0, offerText: 'ده درصد تخفیف خرید بعدی', offerTextEn: '10% off' });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;
    // The target owns lamp and bulb: shade scores co(lamp, shade) + co(bulb, shade) = 3 + 0, cable 0 + co(bulb, cable) = 1 → shade.
    const want = 'خانم رضایی، آخرین خرید: لامپ ال‌ای‌دی. امتیاز ۱٬۲۵۰ در سطح طلایی. پیشنهاد ما: آباژور';
    // No purchase, no club: empty product and tier, 0 points, the campaign's offer text.
    const wantNone = 'خانم بی‌خرید، آخرین خرید: . امتیاز ۰ در سطح . پیشنهاد ما: ده درصد تخفیف خرید بعدی';
    const preview = (await admin.get(`/api/campaigns/${id}/preview`)).json();
    const byId = new Map(preview.samples.map((s: { customerId: string }) => [s.customerId, s]));
    expect(byId.get(C.t)).toMatchObject({ text: want, language: 'fa', channel: 'sms' });
    expect(byId.get(C.none)).toMatchObject({ text: wantNone, language: 'fa' });
    // No English text in this campaign: the English-speaking customer gets the Persian one, with Persian values; owning
    // only a lamp, shade (3) beats bulb (co(lamp, bulb) = 2: the first customer and the target).
    expect(byId.get(C.en)).toMatchObject({ language: 'fa', text: 'خانم Smith، آخرین خرید: چراغ مطالعه. امتیاز ۰ در سطح . پیشنهاد ما: آباژور' });

    expect((await admin.post(`/api/campaigns/${id}/send`)).statusCode).toBe(200);
    await drain(id);
    const sent = new Map((await sentTexts(id)).map((m) => [m.customer_id, m.body]));
    expect(sent.get(C.t)).toBe(want);
    expect(sent.get(C.none)).toBe(wantNone);
  });

  it('the English text goes to a customer whose language is English (English names of the product and offer, Latin digits); Persian to the rest', async () => {
    const seg = await segment('قم');
    const made = await admin.post('/api/campaigns', {
      name: 'دو زبانه', segmentId: seg, holdoutPercent: 0, offerText: 'هدیه', offerTextEn: 'a gift',
      body: '{greeting} عزیز، پیشنهاد ما {offer}', bodyEn: 'Dear {greeting}, we suggest {offer} after your {lastProduct}. Points: {points}',
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;
    const preview = (await admin.get(`/api/campaigns/${id}/preview`)).json();
    const en = preview.samples.find((s: { customerId: string }) => s.customerId === C.en);
    expect(en).toMatchObject({ language: 'en', text: 'Dear Ms Smith, we suggest Lamp shade after your Desk lamp. Points: 0' });
    expect(preview.samples.find((s: { customerId: string }) => s.customerId === C.none)).toMatchObject({ language: 'fa', text: 'خانم بی‌خرید عزیز، پیشنهاد ما هدیه' });
    expect((await admin.post(`/api/campaigns/${id}/send`)).statusCode).toBe(200);
    await drain(id);
    const sent = new Map((await sentTexts(id)).map((m) => [m.customer_id, m.body]));
    expect(sent.get(C.en)).toBe('Dear Ms Smith, we suggest Lamp shade after your Desk lamp. Points: 0');
    expect(sent.get(C.t)).toBe('خانم رضایی عزیز، پیشنهاد ما آباژور');
    const langs = await rows<{ customer_id: string; language: string }>(sql`SELECT customer_id, language FROM campaign_recipients WHERE campaign_id = ${id}`);
    expect(new Map(langs.map((l) => [l.customer_id, l.language])).get(C.en)).toBe('en');
    expect(new Map(langs.map((l) => [l.customer_id, l.language])).get(C.t)).toBe('fa');
    // An English email needs its English subject; an A/B test stays in one language.
    const bad = await admin.post('/api/campaigns', { name: 'x', segmentId: seg, channel: 'email', subject: 'س', body: 'ب', bodyEn: 'b' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toHaveProperty('subjectEn');
    const ab = await admin.post('/api/campaigns', { name: 'x', segmentId: seg, body: 'ب', bodyEn: 'b', abPercent: 20, bodyB: 'پ', abRule: 'clicks', linkUrl: 'https://example.com' });
    expect(ab.statusCode).toBe(400);
    expect(ab.json().error.details).toHaveProperty('bodyEn');
  });
});

describe('channel by preference', () => {
  it('each recipient by their preferred channel when they consent and have the address, else the other, else skipped; results per channel', async () => {
    const city = 'بم';
    const mk = (lastName: string, o: Record<string, unknown>) => customer(lastName, city, { phones: [{ number: `0912222${String(invoiceNo++).padStart(4, '0')}` }], emails: [{ address: `${invoiceNo}@example.com` }], emailConsent: true, ...o });
    const wantsEmail = await mk('ایمیلی', {});
    const wantsSms = await mk('پیامکی', {});
    const emailNoConsent = await mk('بی‌رضایت‌ایمیل', { emailConsent: false });
    const smsNoConsent = await mk('بی‌رضایت‌پیامک', { smsConsent: false });
    const noPreference = await mk('بی‌ترجیح', {});
    const neither = await mk('هیچ', { smsConsent: false, emailConsent: false });
    const optsOutLater = await mk('بعدا', {});
    for (const [id, ch] of [[wantsEmail, 'email'], [wantsSms, 'sms'], [emailNoConsent, 'email'], [smsNoConsent, 'sms'], [optsOutLater, 'email']] as const) {
      const res = await admin.put(`/api/customers/${id}/preferences`, { preferredChannel: ch });
      expect(res.statusCode, res.body).toBe(200);
    }
    const seg = await segment(city);
    const needsEmail = await admin.post('/api/campaigns', { name: 'ترجیحی', segmentId: seg, channel: 'preferred', subject: 'سلام', body: 'پیامک {firstName}', holdoutPercent: 0 });
    expect(needsEmail.statusCode).toBe(400);
    expect(needsEmail.json().error.details).toHaveProperty('emailBody');
    const made = await admin.post('/api/campaigns', { name: 'ترجیحی', segmentId: seg, channel: 'preferred', subject: 'سلام {firstName}', body: 'پیامک {greeting}', emailBody: 'ایمیل {greeting}', holdoutPercent: 0 });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;
    const preview = (await admin.get(`/api/campaigns/${id}/preview`)).json();
    // wantsEmail, smsNoConsent, optsOutLater by email; wantsSms, emailNoConsent, noPreference by SMS; neither: none.
    expect(preview).toMatchObject({ inSegment: 7, eligible: 6, byChannel: { sms: 3, email: 3 } });
    // The preview shows five of the six: each with its channel and that channel's text.
    const want = new Map([[wantsEmail, 'email'], [smsNoConsent, 'email'], [optsOutLater, 'email'], [wantsSms, 'sms'], [emailNoConsent, 'sms'], [noPreference, 'sms']]);
    expect(preview.samples).toHaveLength(5);
    for (const s of preview.samples as { customerId: string; name: string; channel: string; subject: string | null; text: string }[]) {
      const ch = want.get(s.customerId);
      const last = s.name.replace('نگار ', '');
      expect(s).toMatchObject(ch === 'email' ? { channel: 'email', subject: 'سلام {firstName}', text: `ایمیل خانم ${last}` } : { channel: 'sms', subject: null, text: `پیامک خانم ${last}` });
    }

    expect((await admin.post(`/api/campaigns/${id}/send`)).json().recipients).toBe(6);
    // Withdraws email consent after the start: the SMS it also consents to takes over.
    await env.rt.database.db.execute(sql`UPDATE customers SET email_consent = false WHERE id = ${optsOutLater}`);
    await drain(id);
    const sent = new Map((await sentTexts(id)).map((m) => [m.customer_id, m]));
    expect(sent.size).toBe(6);
    expect(sent.get(wantsEmail)).toMatchObject({ channel: 'email', subject: 'سلام نگار' });
    expect(sent.get(wantsEmail)!.body).toMatch(/^ایمیل خانم ایمیلی\n/);
    expect(sent.get(wantsSms)).toMatchObject({ channel: 'sms', body: 'پیامک خانم پیامکی' });
    expect(sent.get(emailNoConsent)?.channel).toBe('sms');
    expect(sent.get(smsNoConsent)?.channel).toBe('email');
    expect(sent.get(noPreference)?.channel).toBe('sms');
    expect(sent.get(optsOutLater)?.channel).toBe('sms');
    expect(sent.has(neither)).toBe(false);
    const res = (await admin.get(`/api/campaigns/${id}/results`)).json();
    expect(res.byChannel).toEqual([
      { channel: 'sms', queued: 4, sent: 0, delivered: 0, failed: 0, opened: 0, clicked: 0 },
      { channel: 'email', queued: 2, sent: 0, delivered: 0, failed: 0, opened: 0, clicked: 0 },
    ]);
    expect(res).toMatchObject({ recipients: 6, queued: 6, optedOut: 0 });
  });

  it('at night an advertising preferred campaign sends its emails and keeps its SMS for the morning; a recipient with neither consent left is skipped', async () => {
    const city = 'طبس';
    const byEmail = await customer('شب‌ایمیل', city, { phones: [{ number: '09123330001' }], emails: [{ address: 'night@example.com' }], emailConsent: true, preferredChannel: 'email' });
    const bySms = await customer('شب‌پیامک', city, { phones: [{ number: '09123330002' }] });
    const gone = await customer('رفته', city, { phones: [{ number: '09123330003' }] });
    const seg = await segment(city);
    const id = (await admin.post('/api/campaigns', { name: 'شبانه', segmentId: seg, channel: 'preferred', subject: 'س', body: 'پ', emailBody: 'ا', holdoutPercent: 0 })).json().id as string;
    expect((await admin.post(`/api/campaigns/${id}/send`)).json().recipients).toBe(3);
    await env.rt.database.db.execute(sql`UPDATE customers SET sms_consent = false WHERE id = ${gone}`);
    const night = { now: () => new Date('2026-11-23T19:00:00Z') }; // 22:30 Tehran
    await runCampaignBatch({ ...deps(), clock: night }, id, 50);
    let st = new Map((await rows<{ customer_id: string; status: string; channel: string | null; reason: string | null }>(sql`SELECT customer_id, status, channel, reason FROM campaign_recipients WHERE campaign_id = ${id}`)).map((r) => [r.customer_id, r]));
    expect(st.get(byEmail)).toMatchObject({ status: 'queued', channel: 'email' });
    expect(st.get(bySms)).toMatchObject({ status: 'pending', channel: null });
    await drain(id);
    st = new Map((await rows<{ customer_id: string; status: string; channel: string | null; reason: string | null }>(sql`SELECT customer_id, status, channel, reason FROM campaign_recipients WHERE campaign_id = ${id}`)).map((r) => [r.customer_id, r]));
    expect(st.get(bySms)).toMatchObject({ status: 'queued', channel: 'sms' });
    expect(st.get(gone)).toMatchObject({ status: 'skipped', reason: 'opted out' });
    expect((await admin.get(`/api/campaigns/${id}`)).json().status).toBe('sent');
  });
});

describe('test send', () => {
  it('sends ONE message to the given address, rendered for a sample customer, marked as a test and never counted', async () => {
    const seg = await segment('قم');
    const id = (await admin.post('/api/campaigns', { name: 'آزمایشی', segmentId: seg, body: '{greeting}، امتیاز شما {points}', holdoutPercent: 0 })).json().id as string;
    const outboxCount = async () => (await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM outbox`))[0].n;
    const before = await outboxCount();
    for (const to of ['12', 'not-an-email@', 'someone@example.com']) {
      const bad = await admin.post(`/api/campaigns/${id}/test-send`, { to });
      expect(bad.statusCode, to).toBe(400);
      expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect(await outboxCount()).toBe(before);
    const res = await admin.post(`/api/campaigns/${id}/test-send`, { to: '۰۹۱۲ ۹۹۹ ۸۸۷۷', customerId: C.t });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ channel: 'sms', address: '+989129998877', customerId: C.t, language: 'fa', text: 'خانم رضایی، امتیاز شما ۱٬۲۵۰' });
    expect(await outboxCount()).toBe(before + 1);
    const [m] = await rows<{ customer_id: string | null; subject_type: string; body: string; address: string }>(sql`SELECT customer_id, subject_type, body, address FROM messages WHERE id = ${res.json().messageId}`);
    expect(m).toEqual({ customer_id: null, subject_type: 'campaign_test', body: 'خانم رضایی، امتیاز شما ۱٬۲۵۰', address: '+989129998877' });
    // A second test is a second message (not deduplicated away); no recipient rows, nothing in the results.
    expect((await admin.post(`/api/campaigns/${id}/test-send`, { to: '09129998877' })).statusCode).toBe(201);
    expect(await outboxCount()).toBe(before + 2);
    expect(await rows(sql`SELECT 1 FROM campaign_recipients WHERE campaign_id = ${id}`)).toHaveLength(0);
    const view = (await admin.get(`/api/campaigns/${id}`)).json();
    expect(view).toMatchObject({ status: 'draft', recipients: 0, queued: 0 });
    expect((await admin.get(`/api/campaigns/${id}/results`)).json()).toMatchObject({ recipients: 0, queued: 0, sent: 0, byChannel: [] });
    // Someone who may not update customers cannot send a test; a customer out of reach is a 404.
    const viewer = (await customerRoleUsers(env, admin)).readOnly;
    const refused = await viewer.post(`/api/campaigns/${id}/test-send`, { to: '09129998877' });
    expect(refused.statusCode).toBe(403);
    expect(await outboxCount()).toBe(before + 2);
    expect((await admin.post(`/api/campaigns/${id}/test-send`, { to: '09129998877', customerId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
  });
});

describe('scheduling', () => {
  it('a scheduled campaign starts at its time, not before (env.clock)', async () => {
    const seg = await segment('قم');
    const at = new Date(env.clock.now().getTime() + 2 * 3_600_000);
    const made = await admin.post('/api/campaigns', { name: 'زمان‌دار', segmentId: seg, body: 'سلام {firstName}', holdoutPercent: 0, advertising: false, scheduledAt: at.toISOString() });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;
    const started = (await admin.post(`/api/campaigns/${id}/send`)).json();
    expect(started).toMatchObject({ status: 'scheduled', scheduledAt: at.toISOString(), recipients: 3 });
    const queued = async () => (await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM outbox WHERE dedupe_key LIKE ${'campaign:' + id + ':%'}`))[0].n;
    env.clock.advance(2 * 3_600_000 - 60_000); // a minute early
    await campaignTick(deps());
    expect((await admin.get(`/api/campaigns/${id}`)).json().status).toBe('scheduled');
    expect(await queued()).toBe(0);
    env.clock.advance(60_000); // its time
    await campaignTick(deps());
    expect(await queued()).toBe(3);
    expect((await admin.get(`/api/campaigns/${id}`)).json().status).toBe('sent');
  });
});
