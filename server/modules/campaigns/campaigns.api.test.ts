/**
 * SMS campaigns: recipients are the segment's customers with SMS consent and a mobile; a random hold-out is kept out;
 * each text is personal («خانم رضایی»); batches queue each message once, also when a batch runs twice (a crash and
 * a restart); advertising waits for 09:00 Tehran; an opt-out after the start is skipped; results compare purchases.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { withTx } from '../../db/tx.ts';
import { NullQueue } from '../../jobs/queue.ts';
import { systemActor } from '../auth/index.ts';
import { recordExternalInvoice } from '../documents/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { runCampaignBatch, liftInterval, renderCampaignText, type CampaignDeps } from './index.ts';

let env: TestEnv;
let admin: Agent;
let segmentId: string;
const rows = async <T>(q: ReturnType<typeof sql>) => (await env.rt.database.db.execute(q)).rows as T[];
const deps = (): CampaignDeps => ({ database: env.rt.database, clock: env.clock, links: { secret: env.rt.secret, publicUrl: env.rt.config.publicUrl }, rates: { sms: 100_000, email: 100_000 } });

beforeAll(async () => {
  // 2026-11-23 08:00 UTC = 11:30 in Tehran (inside sending hours).
  env = await createTestEnv();
  admin = await env.login('admin');
  const people: [string, string, string | null, boolean][] = [];
  for (let i = 0; i < 40; i++) people.push([`مشتری${i}`, `0912300${String(i).padStart(4, '0')}`, i % 2 ? 'female' : 'male', i !== 5]);
  people.push(['بی‌شماره', '', null, true]);
  for (const [lastName, phone, gender, consent] of people) {
    const res = await admin.post('/api/customers', {
      kind: 'person', firstName: 'سارا', lastName, gender, city: 'کرمان', smsConsent: consent, force: true,
      phones: phone ? [{ number: phone }] : [{ number: '02188776655', label: 'work' }],
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  const seg = await admin.post('/api/segments', { name: 'کرمانی‌ها', rules: { field: 'city', op: 'eq', value: 'کرمان' } });
  expect(seg.statusCode, seg.body).toBe(201);
  segmentId = seg.json().id;
}, 180_000);
afterAll(async () => env?.close());

describe('personal text', () => {
  it('greets by gender and name; unknown placeholders stay', () => {
    const r = { display_name: 'سارا رضایی', first_name: 'سارا', last_name: 'رضایی', gender: 'female' };
    expect(renderCampaignText('{greeting} عزیز، {firstName} جان! {نام} {unknown}', r)).toBe('خانم رضایی عزیز، سارا جان! سارا {unknown}');
    expect(renderCampaignText('{خطاب}', { ...r, gender: null })).toBe('سارا رضایی');
    expect(renderCampaignText('{greeting}', { ...r, gender: 'male' })).toBe('آقای رضایی');
  });

  it('lift and its interval (two proportions, by hand)', () => {
    // 30/100 against 10/100: lift 0.2, se = sqrt(.3*.7/100 + .1*.9/100) = sqrt(.003) = 0.054772
    const l = liftInterval({ customers: 100, converted: 30 }, { customers: 100, converted: 10 });
    expect(l.lift).toBeCloseTo(0.2, 10);
    expect(l.liftLow).toBeCloseTo(0.2 - 1.96 * 0.0547723, 6);
    expect(l.liftHigh).toBeCloseTo(0.2 + 1.96 * 0.0547723, 6);
    expect(liftInterval({ customers: 10, converted: 1 }, { customers: 0, converted: 0 }).lift).toBeNull();
  });
});

describe('sending', () => {
  it('reaches the consenting mobiles once each, keeps a hold-out, and skips a later opt-out', async () => {
    const made = await admin.post('/api/campaigns', { name: 'جشنواره', segmentId, body: '{greeting}، جشنوارهٔ پاییز شروع شد!', holdoutPercent: 20 });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;
    const preview = (await admin.get(`/api/campaigns/${id}/preview`)).json();
    // 41 in the segment; one without consent and one without a mobile are not eligible.
    expect(preview).toMatchObject({ inSegment: 41, eligible: 39 });
    expect(preview.recipients + preview.holdout).toBe(39);
    expect(preview.holdout).toBeGreaterThan(0);
    expect(preview.samples[0].text).toMatch(/^(آقای|خانم) مشتری\d+، جشنوارهٔ پاییز شروع شد!$/);

    const started = await admin.post(`/api/campaigns/${id}/send`);
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json()).toMatchObject({ status: 'sending', recipients: preview.recipients, holdout: preview.holdout, remaining: preview.recipients });
    expect((await admin.post(`/api/campaigns/${id}/send`)).statusCode).toBe(409);
    // The first batch is asked for at once (the job queue is off in these tests: it only records the request).
    expect((env.rt.queue as NullQueue).sent.filter((j) => j.name === 'campaigns.tick')).toHaveLength(1);

    // Someone opts out after the start: skipped at sending time.
    const [optOut] = await rows<{ customer_id: string }>(sql`SELECT customer_id FROM campaign_recipients WHERE campaign_id = ${id} AND grp = 'send' ORDER BY id LIMIT 1`);
    await env.rt.database.db.execute(sql`UPDATE customers SET sms_consent = false WHERE id = ${optOut.customer_id}`);

    const first = await runCampaignBatch(deps(), id, 10);
    expect(first.queued).toBe(9);
    // A crash after the commit and a restart: the next batches take the rest, nothing twice.
    await runCampaignBatch(deps(), id, 10);
    let last;
    do last = await runCampaignBatch(deps(), id, 10); while (last.remaining > 0);
    expect((await runCampaignBatch(deps(), id, 10)).queued).toBe(0);
    const out = await rows<{ n: number; distinct_to: number }>(sql`SELECT count(*)::int AS n, count(DISTINCT recipient)::int AS distinct_to FROM outbox WHERE dedupe_key LIKE ${'campaign:' + id + ':%'}`);
    expect(out[0]).toEqual({ n: preview.recipients - 1, distinct_to: preview.recipients - 1 });
    const holdSent = await rows(sql`SELECT 1 FROM campaign_recipients r JOIN outbox o ON o.dedupe_key = 'campaign:' || r.campaign_id || ':' || r.customer_id WHERE r.campaign_id = ${id} AND r.grp = 'holdout'`);
    expect(holdSent).toHaveLength(0);
    const view = (await admin.get(`/api/campaigns/${id}`)).json();
    expect(view.status).toBe('sent');
    const [skip] = await rows<{ status: string; reason: string }>(sql`SELECT status, reason FROM campaign_recipients WHERE campaign_id = ${id} AND customer_id = ${optOut.customer_id}`);
    expect(skip).toEqual({ status: 'skipped', reason: 'opted out' });

    // Two recipients and one hold-out customer buy within the window.
    const buyers = await rows<{ customer_id: string; grp: string }>(sql`
      (SELECT customer_id, grp FROM campaign_recipients WHERE campaign_id = ${id} AND grp = 'send' AND status = 'queued' ORDER BY id LIMIT 2)
      UNION ALL (SELECT customer_id, grp FROM campaign_recipients WHERE campaign_id = ${id} AND grp = 'holdout' ORDER BY id LIMIT 1)`);
    const actor = systemActor(DEFAULT_ROLES.admin.permissions);
    for (const [i, b] of buyers.entries()) {
      await withTx(env.rt.database, (tx) => recordExternalInvoice(tx, actor, env.clock, {
        customerId: b.customer_id, number: `CMP-${i}`, issueDate: '2026-11-25', fees: [], cancelled: false, source: 'test', payments: [],
        lines: [{ productId: null, code: 'X', description: 'x', quantity: '1', unitPrice: 1000n, total: 1000n }],
      }));
    }
    const res = (await admin.get(`/api/campaigns/${id}/results`)).json();
    const sentN = preview.recipients - 1;
    expect(res).toMatchObject({ status: 'sent', recipients: preview.recipients, queued: sentN, optedOut: 1 });
    expect(res.conversion.sent).toEqual({ customers: sentN, converted: 2, rate: 2 / sentN });
    expect(res.conversion.holdout).toEqual({ customers: preview.holdout, converted: 1, rate: 1 / preview.holdout });
    expect(res.conversion.lift).toBeCloseTo(2 / sentN - 1 / preview.holdout, 10);
  });

  it('advertising waits for 09:00 Tehran; pause stops the batches; a seller without update rights cannot start one', async () => {
    const id = (await admin.post('/api/campaigns', { name: 'شبانه', segmentId, body: 'سلام {firstName}', holdoutPercent: 0 })).json().id as string;
    expect((await admin.post(`/api/campaigns/${id}/send`)).statusCode).toBe(200);
    const night = new Date('2026-11-23T19:00:00Z'); // 22:30 in Tehran
    const clock = { now: () => night };
    expect(await runCampaignBatch({ ...deps(), clock }, id, 5)).toMatchObject({ queued: 0, quiet: true });
    expect((await admin.post(`/api/campaigns/${id}/pause`)).json().status).toBe('paused');
    expect((await runCampaignBatch(deps(), id, 5)).queued).toBe(0);
    expect((await admin.post(`/api/campaigns/${id}/resume`)).json().status).toBe('sending');
    expect((await runCampaignBatch(deps(), id, 5)).queued).toBe(5);
    expect((await admin.post(`/api/campaigns/${id}/cancel`)).json().status).toBe('cancelled');
    expect((await runCampaignBatch(deps(), id, 5)).queued).toBe(0);

    const reader = { ...DEFAULT_ROLES.sales.permissions, customers: { ops: ['read'], scope: 'all' } };
    expect((await admin.post('/api/roles', { key: 'reader_only', name: 'reader', permissions: reader })).statusCode).toBe(201);
    const viewer = await env.login('reader_only' as 'sales');
    const before = (await admin.get('/api/campaigns')).json().items.length;
    expect((await viewer.post('/api/campaigns', { name: 'x', segmentId, body: 'x' })).statusCode).toBe(403);
    expect((await admin.get('/api/campaigns')).json().items.length).toBe(before);
  });
});
