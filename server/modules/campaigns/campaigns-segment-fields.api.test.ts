/**
 * Campaign engagement and the club as segment fields (issue 18): campaignOpened, campaignClicked, campaignConverted
 * (within N days too), loyaltyTier (compared like search: ي/ی) and loyaltyPoints. The engagement is made through the
 * real paths: an SMS campaign sent by its batch, its personal short link on the public URL followed (/c/), the open
 * pixel (/o/), an invoice inside the conversion window.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { withTx } from '../../db/tx.ts';
import { systemActor } from '../auth/index.ts';
import { recordExternalInvoice } from '../documents/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { linkToken, runCampaignBatch, type CampaignDeps } from './index.ts';

let env: TestEnv;
let admin: Agent;
const ids: Record<string, string> = {};
const rows = async <T>(q: ReturnType<typeof sql>) => (await env.rt.database.db.execute(q)).rows as T[];
const deps = (): CampaignDeps => ({ database: env.rt.database, clock: env.clock, links: { secret: env.rt.secret, publicUrl: env.rt.config.publicUrl }, rates: { sms: 100_000, email: 100_000 } });
const LINK = 'https://shop.example/autumn';

async function names(rules: unknown): Promise<string[]> {
  const res = await admin.post('/api/segments/preview', { rules: { all: [{ field: 'city', op: 'eq', value: 'قم' }, rules] }, sampleSize: 50 });
  expect(res.statusCode, res.body).toBe(200);
  const byId = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
  return (res.json().sample as { id: string }[]).map((s) => byId.get(s.id)!).sort();
}

beforeAll(async () => {
  // 2026-11-23 08:00 UTC = 11:30 Tehran.
  env = await createTestEnv();
  admin = await env.login('admin');
  for (const [i, key] of ['a', 'b', 'c', 'd'].entries()) {
    const res = await admin.post('/api/customers', { kind: 'person', firstName: 'نرگس', lastName: key, city: 'قم', smsConsent: key !== 'd', force: true, phones: [{ number: `0912500000${i}` }] });
    expect(res.statusCode, res.body).toBe(201);
    ids[key] = res.json().id;
  }
}, 180_000);
afterAll(async () => env?.close());

describe('campaign engagement as segment fields', () => {
  it('opened, clicked (the SMS short link on the public URL) and converted, also within the last N days', async () => {
    const seg = await admin.post('/api/segments', { name: 'قمی‌ها', rules: { field: 'city', op: 'eq', value: 'قم' } });
    const made = await admin.post('/api/campaigns', { name: 'پاییز قم', segmentId: seg.json().id, body: '{greeting}، حراج پاییز: {link}', linkUrl: LINK, holdoutPercent: 0, advertising: false });
    expect(made.statusCode, made.body).toBe(201);
    expect((await admin.post(`/api/campaigns/${made.json().id}/send`)).statusCode).toBe(200);
    await runCampaignBatch(deps(), made.json().id);
    const sent = await rows<{ id: string; customer_id: string; body: string }>(sql`
      SELECT r.id, r.customer_id, m.body FROM campaign_recipients r JOIN messages m ON m.id = r.message_id WHERE r.campaign_id = ${made.json().id}`);
    // d has no SMS consent: three messages, each with its own short link on the public URL.
    expect(sent.map((s) => s.customer_id).sort()).toEqual([ids.a, ids.b, ids.c].sort());
    const rec = (key: string) => sent.find((s) => s.customer_id === ids[key])!;
    const base = env.rt.config.publicUrl.replace(/\/+$/, '');
    expect(rec('a').body).toContain(`${base}/c/${linkToken(env.rt.secret, 'c', rec('a').id)}`);

    // Before anything happened: nobody.
    expect(await names({ field: 'campaignClicked', op: 'eq', value: true })).toEqual([]);
    // a follows the link from the SMS; b's pixel is fetched (as an email client would).
    const click = await env.app.inject({ method: 'GET', url: rec('a').body.slice(rec('a').body.indexOf('/c/')) });
    expect(click.statusCode).toBe(302);
    expect(click.headers.location).toBe(LINK);
    expect((await env.app.inject({ method: 'GET', url: `/o/${linkToken(env.rt.secret, 'o', rec('b').id)}` })).statusCode).toBe(200);
    // c buys two days later (inside the 14-day window).
    await withTx(env.rt.database, (tx) => recordExternalInvoice(tx, systemActor(DEFAULT_ROLES.admin.permissions), env.clock, {
      customerId: ids.c, number: 'QOM-1', issueDate: '2026-11-25', fees: [], cancelled: false, source: 'test',
      lines: [{ productId: null, code: 'X-1', description: 'کالا', quantity: '1', unitPrice: 900_000n, total: 900_000n }], payments: [],
    }));
    // d buys too, but was no recipient.
    await withTx(env.rt.database, (tx) => recordExternalInvoice(tx, systemActor(DEFAULT_ROLES.admin.permissions), env.clock, {
      customerId: ids.d, number: 'QOM-2', issueDate: '2026-11-25', fees: [], cancelled: false, source: 'test',
      lines: [{ productId: null, code: 'X-1', description: 'کالا', quantity: '1', unitPrice: 900_000n, total: 900_000n }], payments: [],
    }));

    expect(await names({ field: 'campaignClicked', op: 'eq', value: true })).toEqual(['a']);
    expect(await names({ field: 'campaignOpened', op: 'eq', value: true })).toEqual(['b']);
    expect(await names({ field: 'campaignConverted', op: 'eq', value: true })).toEqual(['c']);
    expect(await names({ field: 'campaignConverted', op: 'eq', value: false })).toEqual(['a', 'b', 'd']);
    // The results count the same conversion.
    expect((await admin.get(`/api/campaigns/${made.json().id}/results`)).json().conversion.sent).toMatchObject({ customers: 3, converted: 1 });

    // Thirty days on: still "ever clicked", no longer "clicked in the last 7 days".
    env.clock.advance(30 * 86_400_000);
    admin = await env.login('admin'); // the session of a month ago has ended
    expect(await names({ field: 'campaignClicked', op: 'eq', value: true })).toEqual(['a']);
    expect(await names({ field: 'campaignClicked', op: 'eq', value: true, withinDays: 7 })).toEqual([]);
    expect(await names({ field: 'campaignConverted', op: 'eq', value: true, withinDays: 7 })).toEqual([]);
    expect(await names({ field: 'campaignConverted', op: 'eq', value: true, withinDays: 60 })).toEqual(['c']);
  });
});

describe('the club as segment fields', () => {
  it('tier by name (any spelling of ی), points, and a non-member passes only neq', async () => {
    // The club's own rows (the tier job's output): a with the Arabic ye, b with the Persian one, c with points only.
    await env.rt.database.db.execute(sql`INSERT INTO loyalty_members (customer_id, balance, tier) VALUES
      (${ids.a}, 1200, ${'طلاي'}), (${ids.b}, 300, ${'طلایی'}), (${ids.c}, 50, NULL)`);
    expect(await names({ field: 'loyaltyTier', op: 'eq', value: 'طلایی' })).toEqual(['b']);
    expect(await names({ field: 'loyaltyTier', op: 'in', value: ['طلاي', 'طلایی'] })).toEqual(['a', 'b']);
    expect(await names({ field: 'loyaltyTier', op: 'eq', value: 'طلای' })).toEqual(['a']);
    expect(await names({ field: 'loyaltyTier', op: 'neq', value: 'طلایی' })).toEqual(['a', 'c', 'd']);
    expect(await names({ field: 'loyaltyTier', op: 'exists', value: true })).toEqual(['a', 'b']);
    expect(await names({ field: 'loyaltyPoints', op: 'gte', value: 300 })).toEqual(['a', 'b']);
    expect(await names({ field: 'loyaltyPoints', op: 'lt', value: 100 })).toEqual(['c']);
    const fields = (await admin.get('/api/segments/fields')).json().items as { field: string; group: string }[];
    expect(fields.filter((f) => ['loyaltyTier', 'loyaltyPoints', 'campaignOpened', 'campaignClicked', 'campaignConverted'].includes(f.field)).map((f) => f.group).sort())
      .toEqual(['campaigns', 'campaigns', 'campaigns', 'loyalty', 'loyalty']);
  });
});
