/**
 * Email campaigns through a local SMTP server: every email carries List-Unsubscribe (+ one-click Post) and a footer
 * unsubscribe link; the personal tracked link redirects only to the campaign's stored link and counts clicks; the
 * pixel counts opens; unsubscribing withdraws the customer's email consent and later sends leave them out.
 * Throttling per gateway and per campaign; an A/B test whose winner (the stated rule) goes to the rest.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { startSmtp, headerOf, type Smtp } from '../../test/fakes/smtp.ts';
import { deliverOutbox } from '../notifications/index.ts';
import { channelSenders } from '../messaging/index.ts';
import { runCampaignBatch, linkToken, type CampaignDeps } from './index.ts';

let env: TestEnv;
let admin: Agent;
let smtp: Smtp;
let segmentId: string;
const LINK = 'https://shop.example/autumn?c=1';
const rows = async <T>(q: ReturnType<typeof sql>) => (await env.rt.database.db.execute(q)).rows as T[];
const deps = (rates = { sms: 100_000, email: 100_000 }): CampaignDeps => ({ database: env.rt.database, clock: env.clock, links: { secret: env.rt.secret, publicUrl: env.rt.config.publicUrl }, rates });
const get = (url: string) => env.app.inject({ method: 'GET', url });
const tokenOf = (url: string) => url.split('/').pop()!;

async function sendAll(id: string, d = deps()) {
  let r;
  do r = await runCampaignBatch(d, id, 7); while (r.queued > 0 && r.remaining > 0);
  return r;
}
async function deliverAll() {
  const out = await rows<{ id: string }>(sql`SELECT id FROM outbox WHERE status = 'pending' ORDER BY created_at`);
  const senders = channelSenders(await env.rt.channels.email(), undefined);
  for (const o of out) await deliverOutbox(env.rt.database.db, senders, o.id);
}

beforeAll(async () => {
  smtp = await startSmtp();
  env = await createTestEnv();
  admin = await env.login('admin');
  expect((await admin.put('/api/settings/channels/smtp', { url: smtp.url, from: 'Shop <shop@test.example>' })).statusCode).toBe(200);
  // 12 customers in Yazd: 10 with an email and consent, one without consent, one without an email.
  for (let i = 0; i < 12; i++) {
    const res = await admin.post('/api/customers', {
      kind: 'person', firstName: 'علی', lastName: `یزدی${i}`, gender: 'male', city: 'یزد', emailConsent: i !== 10, smsConsent: true, force: true,
      emails: i === 11 ? [] : [{ address: `c${i}@test.example` }], phones: [{ number: `0913400${String(i).padStart(4, '0')}` }],
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  const seg = await admin.post('/api/segments', { name: 'یزدی‌ها', rules: { field: 'city', op: 'eq', value: 'یزد' } });
  segmentId = seg.json().id;
}, 180_000);
afterAll(async () => { await env?.close(); await smtp?.close(); });

describe('email campaign', () => {
  it('refuses what does not fit together, and stores nothing', async () => {
    const before = (await admin.get('/api/campaigns')).json().items.length;
    const noSubject = await admin.post('/api/campaigns', { name: 'x', segmentId, channel: 'email', body: 'سلام' });
    expect(noSubject.statusCode).toBe(400);
    expect(noSubject.json().error.details).toMatchObject({ subject: expect.any(String) });
    const noLink = await admin.post('/api/campaigns', { name: 'x', segmentId, channel: 'email', subject: 's', body: 'ببینید: {link}' });
    expect(noLink.json().error.details).toMatchObject({ linkUrl: expect.any(String) });
    const badLink = await admin.post('/api/campaigns', { name: 'x', segmentId, channel: 'email', subject: 's', body: 'x', linkUrl: 'javascript:alert(1)' });
    expect(badLink.statusCode).toBe(400);
    expect((await admin.get('/api/campaigns')).json().items.length).toBe(before);
  });

  it('sends each consenting address one email with unsubscribe headers; links, pixel and unsubscribe are recorded', async () => {
    const made = await admin.post('/api/campaigns', {
      name: 'پاییز', segmentId, channel: 'email', subject: '{greeting}، تخفیف پاییز', body: '{greeting} عزیز،\nتخفیف پاییز: {link}', linkUrl: LINK, holdoutPercent: 0,
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;
    const preview = (await admin.get(`/api/campaigns/${id}/preview`)).json();
    expect(preview).toMatchObject({ inSegment: 12, eligible: 10, recipients: 10, holdout: 0 });
    expect(preview.samples[0]).toMatchObject({ subject: '{greeting}، تخفیف پاییز', phone: expect.stringMatching(/@test\.example$/) });
    expect((await admin.post(`/api/campaigns/${id}/send`)).statusCode).toBe(200);
    await sendAll(id);
    await deliverAll();
    const mails = smtp.messages.filter((m) => m.subject.endsWith('تخفیف پاییز'));
    expect(mails).toHaveLength(10);
    expect(new Set(mails.map((m) => m.to[0])).size).toBe(10);
    expect(mails[0].subject).toMatch(/^آقای یزدی\d+، تخفیف پاییز$/);
    for (const m of mails) {
      expect(headerOf(m.raw, 'List-Unsubscribe').replace(/\s/g, '')).toMatch(/^<http:\/\/localhost:3000\/u\/[A-Za-z0-9_-]{34}>$/);
      expect(headerOf(m.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    }
    // The same campaign batch again (a restart) queues nothing more.
    expect((await runCampaignBatch(deps(), id)).queued).toBe(0);

    const [first] = await rows<{ id: string; customer_id: string; recipient: string; html: string; text: string; unsub: string }>(sql`
      SELECT r.id, r.customer_id, o.recipient, o.payload ->> 'html' AS html, o.payload ->> 'text' AS text, o.payload -> 'headers' ->> 'List-Unsubscribe' AS unsub
      FROM campaign_recipients r JOIN outbox o ON o.dedupe_key = 'campaign:' || r.campaign_id || ':' || r.customer_id WHERE r.campaign_id = ${id} ORDER BY r.id LIMIT 1`);
    const click = first.text.match(/http:\/\/localhost:3000\/c\/[A-Za-z0-9_-]{34}/)![0];
    const pixel = first.html.match(/http:\/\/localhost:3000\/o\/[A-Za-z0-9_-]{34}/)![0];
    const unsub = first.unsub.slice(1, -1);
    expect(first.html).toContain(`<a href="${click}">`);
    expect(first.html).toContain(`<a href="${unsub}">لغو دریافت ایمیل‌ها</a>`);
    expect(first.text).toContain(`لغو دریافت ایمیل‌ها: ${unsub}`);

    // The tracked link: only ever to the stored link, whatever the request adds; forged or cross-purpose tokens are 404.
    const go = await get(`/c/${tokenOf(click)}?url=https://evil.example`);
    expect(go.statusCode).toBe(302);
    expect(go.headers.location).toBe(LINK);
    expect((await get(`/c/${tokenOf(click)}`)).headers.location).toBe(LINK);
    const t = tokenOf(click);
    const forged = t.slice(0, -1) + (t.endsWith('A') ? 'B' : 'A');
    expect((await get(`/c/${forged}`)).statusCode).toBe(404);
    expect((await get(`/c/${linkToken(env.rt.secret, 'u', first.id)}`)).statusCode).toBe(404);
    expect((await get('/c/https%3A%2F%2Fevil.example')).statusCode).toBe(404);
    // The pixel: a GIF for anyone, an open only for a real token.
    const px = await get(`/o/${tokenOf(pixel)}`);
    expect(px.statusCode).toBe(200);
    expect(px.headers['content-type']).toBe('image/gif');
    expect((await get(`/o/${forged}`)).statusCode).toBe(200);

    // Unsubscribe: GET shows one button and changes nothing; the one-click POST withdraws the consent.
    const page = await get(`/u/${tokenOf(unsub)}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-testid="unsubscribe"');
    expect((await rows<{ email_consent: boolean }>(sql`SELECT email_consent FROM customers WHERE id = ${first.customer_id}`))[0].email_consent).toBe(true);
    const post = await env.app.inject({ method: 'POST', url: `/u/${tokenOf(unsub)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(post.statusCode, post.body).toBe(200);
    expect(post.body).toContain('data-testid="unsubscribe-state"');
    expect((await rows<{ email_consent: boolean; sms_consent: boolean }>(sql`SELECT email_consent, sms_consent FROM customers WHERE id = ${first.customer_id}`))[0])
      .toEqual({ email_consent: false, sms_consent: true });
    // Twice is harmless.
    expect((await env.app.inject({ method: 'POST', url: `/u/${tokenOf(unsub)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' })).statusCode).toBe(200);
    expect((await get(`/u/${forged}`)).statusCode).toBe(404);

    const res = (await admin.get(`/api/campaigns/${id}/results`)).json();
    // One recipient clicked twice (a click implies an open) and opened the pixel; they unsubscribed.
    expect(res).toMatchObject({ recipients: 10, queued: 10, sent: 10, opened: 1, clicked: 1, clicks: 2, unsubscribed: 1, optedOut: 1, ab: null });

    // A later campaign leaves them out.
    const later = (await admin.post('/api/campaigns', { name: 'بعدی', segmentId, channel: 'email', subject: 'خبر', body: 'سلام', holdoutPercent: 0 })).json();
    expect((await admin.get(`/api/campaigns/${later.id}/preview`)).json()).toMatchObject({ eligible: 9 });
    await admin.post(`/api/campaigns/${later.id}/send`);
    const inLater = await rows(sql`SELECT 1 FROM campaign_recipients WHERE campaign_id = ${later.id} AND customer_id = ${first.customer_id}`);
    expect(inLater).toHaveLength(0);
  });
});

describe('throttling', () => {
  it('a gateway takes at most its rate a minute from all campaigns together; a campaign at most its own rate', async () => {
    const mk = async (name: string, ratePerMinute: number | null) => {
      const c = (await admin.post('/api/campaigns', { name, segmentId, body: 'سلام {firstName}', holdoutPercent: 0, advertising: false, ratePerMinute })).json();
      expect((await admin.post(`/api/campaigns/${c.id}/send`)).statusCode).toBe(200);
      return c.id as string;
    };
    env.clock.advance(120_000); // past the minute of the earlier tests' sends
    const a = await mk('تند', null);
    const b = await mk('کند', 3);
    const d = deps({ sms: 5, email: 100_000 });
    expect(await runCampaignBatch(d, a, 100)).toMatchObject({ queued: 5, throttled: true });
    expect(await runCampaignBatch(d, a, 100)).toMatchObject({ queued: 0, throttled: true });
    expect(await runCampaignBatch(d, b, 100)).toMatchObject({ queued: 0, throttled: true }); // the gateway's minute is spent
    env.clock.advance(61_000);
    expect(await runCampaignBatch(d, b, 100)).toMatchObject({ queued: 3 }); // its own rate
    expect(await runCampaignBatch(d, a, 100)).toMatchObject({ queued: 2 }); // what is left of the gateway's 5
    expect(await runCampaignBatch(d, b, 100)).toMatchObject({ queued: 0, throttled: true });
    // Pause and cancel still hold whatever the budget.
    expect((await admin.post(`/api/campaigns/${b}/pause`)).json().status).toBe('paused');
    env.clock.advance(61_000);
    expect((await runCampaignBatch(d, b, 100)).queued).toBe(0);
    const [n] = await rows<{ a: number; b: number }>(sql`SELECT count(*) FILTER (WHERE campaign_id = ${a} AND status = 'queued')::int AS a, count(*) FILTER (WHERE campaign_id = ${b} AND status = 'queued')::int AS b FROM campaign_recipients`);
    expect(n).toEqual({ a: 7, b: 3 });
  });
});

describe('A/B test', () => {
  it('sends A and B to the test share, picks the higher click rate after the stated hours, and sends the winner to the rest', async () => {
    env.clock.advance(120_000);
    const made = await admin.post('/api/campaigns', {
      name: 'آزمون', segmentId, body: 'A: {link}', bodyB: 'B: {link}', linkUrl: LINK, abPercent: 50, abRule: 'clicks', abHours: 4, holdoutPercent: 0, advertising: false,
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;
    const started = (await admin.post(`/api/campaigns/${id}/send`)).json();
    await sendAll(id);
    const test = await rows<{ id: string; variant: 'a' | 'b'; status: string }>(sql`SELECT id, variant, status FROM campaign_recipients WHERE campaign_id = ${id} AND status = 'queued' ORDER BY id`);
    const waiting = await rows(sql`SELECT 1 FROM campaign_recipients WHERE campaign_id = ${id} AND status = 'waiting'`);
    expect(test.length + waiting.length).toBe(started.recipients);
    const bs = test.filter((r) => r.variant === 'b');
    const as = test.filter((r) => r.variant === 'a');
    // The test share is split in alternation: the two sides differ by at most one, so neither is empty.
    expect(Math.abs(as.length - bs.length), `a=${as.length} b=${bs.length}`).toBeLessThanOrEqual(1);
    // The draw must leave a rest for this test to mean anything (it is deterministic per id).
    if (!bs.length || !as.length || !waiting.length) return expect.fail(`draw gave a=${as.length} b=${bs.length} rest=${waiting.length}`);
    expect((await admin.get(`/api/campaigns/${id}`)).json()).toMatchObject({ status: 'sending', waiting: waiting.length });
    // One B recipient clicks: B's rate 1/|B| beats A's 0.
    expect((await get(`/c/${linkToken(env.rt.secret, 'c', bs[0].id)}`)).statusCode).toBe(302);
    env.clock.advance(3 * 3_600_000);
    expect((await runCampaignBatch(deps(), id)).queued).toBe(0); // not yet: 4 hours
    env.clock.advance(3_600_000);
    const after = await runCampaignBatch(deps(), id);
    expect(after.queued).toBe(waiting.length);
    const res = (await admin.get(`/api/campaigns/${id}/results`)).json();
    expect(res.status).toBe('sent');
    expect(res.ab).toMatchObject({ rule: 'clicks', percent: 50, winner: 'b' });
    expect(res.ab.variants).toEqual([
      { variant: 'a', queued: as.length, opened: 0, clicked: 0, rate: 0 },
      { variant: 'b', queued: bs.length, opened: 0, clicked: 1, rate: 1 / bs.length },
    ]);
    const texts = await rows<{ text: string }>(sql`SELECT o.payload ->> 'text' AS text FROM campaign_recipients r JOIN outbox o ON o.dedupe_key = 'campaign:' || r.campaign_id || ':' || r.customer_id
      WHERE r.campaign_id = ${id} AND NOT (r.id = ANY(${`{${test.map((x) => x.id).join(',')}}`}::uuid[]))`);
    expect(texts).toHaveLength(waiting.length);
    for (const x of texts) expect(x.text).toMatch(/^B: http:\/\/localhost:3000\/c\/[A-Za-z0-9_-]{34}$/);
  });
});
