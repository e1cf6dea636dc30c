/**
 * Review recorded as an event (PGlite by default, PostgreSQL with TEST_DATABASE_URL): the program gives 15 points
 * for a review. Staff who may log interactions record a review (rating 1–5, where, text, link): it is stored, on the
 * customer's timeline, and gives 15 points once per review (two reviews: 30). A role without interactions:create is
 * refused and nothing is written; a bad rating is refused with the field named.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';

let env: TestEnv;
let admin: Agent;
let sales: Agent;
let cid: string;
const db = () => env.rt.database.db;
const count = async () => Number(((await db().execute(sql`SELECT count(*)::int AS n FROM loyalty_reviews WHERE customer_id = ${cid}`)).rows[0] as { n: number }).n);

beforeAll(async () => {
  env = await createTestEnv({ start: '2026-08-03T06:00:00Z' });
  admin = await env.login('admin');
  sales = await env.login('sales');
  expect((await admin.put('/api/loyalty/program', {
    enabled: true, expiryMonths: 0, tierSmsFa: '', bonuses: { birthday: 0, referral: 0, survey_answered: 0, first_purchase: 0, review: 15 },
    tiers: [{ key: 'bronze', nameFa: 'برنزی', nameEn: 'Bronze', threshold: 0 }],
  })).statusCode).toBe(200);
  cid = (await sales.post('/api/customers', { kind: 'person', firstName: 'پریسا', lastName: 'نظرده', force: true })).json().id;
}, 180_000);
afterAll(async () => { await env?.close(); });

describe('a recorded review', () => {
  it('is stored, on the timeline, and gives the review bonus once per review', async () => {
    const r = await sales.post('/api/loyalty/reviews', { customerId: cid, rating: 5, source: 'google_maps', text: 'عالی بود', link: 'https://maps.example.com/r/1' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().review).toMatchObject({ customerId: cid, rating: 5, source: 'google_maps', text: 'عالی بود', link: 'https://maps.example.com/r/1' });
    expect(r.json().bonus.balance).toBe(15);
    env.clock.set('2026-08-03T07:00:00Z'); // an hour later: the timeline lists it first
    const second = await sales.post('/api/loyalty/reviews', { customerId: cid, rating: 4, source: 'in_store' });
    expect(second.json().bonus.balance).toBe(30);
    expect(await count()).toBe(2);
    const items = (await sales.get(`/api/customers/${cid}`)).json().timeline.items.filter((i: { kind: string; data: { type: string } }) => i.kind === 'loyalty' && i.data.type === 'review');
    expect(items.map((i: { data: unknown }) => i.data)).toEqual([
      { type: 'review', rating: 4, source: 'in_store', text: null, link: null, points: 15 },
      { type: 'review', rating: 5, source: 'google_maps', text: 'عالی بود', link: 'https://maps.example.com/r/1', points: 15 },
    ]);
  });

  it('is refused without interactions:create, and for a rating out of 1–5, with nothing written', async () => {
    const perms = { ...DEFAULT_ROLES.sales.permissions, interactions: { ops: ['read'], scope: 'all' } };
    expect((await admin.post('/api/roles', { key: 'no_log', name: 'بی‌ثبت تعامل', permissions: perms })).statusCode).toBe(201);
    const readOnly = await env.login('no_log' as 'sales');
    const denied = await readOnly.post('/api/loyalty/reviews', { customerId: cid, rating: 5, source: 'website' });
    expect(denied.statusCode).toBe(403);
    const bad = await sales.post('/api/loyalty/reviews', { customerId: cid, rating: 6, source: 'website' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toHaveProperty('rating');
    expect(await count()).toBe(2);
    expect((await sales.get(`/api/loyalty/members/${cid}`)).json().balance).toBe(30);
  });
});
