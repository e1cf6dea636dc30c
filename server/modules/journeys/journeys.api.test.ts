/**
 * Journeys through the API on a planted history (server/demo/journey-story.ts): the contract shapes, a customer's path,
 * the planted pain point and moment of truth found and ranked first, the review with before/after, and the scope.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { inArray } from 'drizzle-orm';
import { storyRows, writeStory, STORY_LINES, STORY_SLOW_LINE, type Story } from '../../demo/journey-story.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { journeyPainReviews } from './index.ts';
import { customers } from '../customers/index.ts';
import { products } from '../sales/index.ts';

const TODAY = '2026-11-20';
let env: TestEnv;
let admin: Agent;
let manager: Agent;
let sales: Agent;
let ids: string[] = [];
let story: Story;
let painId = '';
let journeyId = '';

beforeAll(async () => {
  env = await createTestEnv({ start: `${TODAY}T08:00:00Z` });
  admin = await env.login('admin');
  manager = await env.login('manager');
  sales = await env.login('sales');
  const db = env.rt.database.db;
  const made = await db.insert(customers).values(Array.from({ length: 420 }, (_, i) => ({ kind: 'person' as const, displayName: `مشتری سفر ${i}` }))).returning({ id: customers.id });
  ids = made.map((m) => m.id);
  const prods = await db.insert(products).values(STORY_LINES.map((line, i) => ({ code: `J-${i}`, nameFa: line, category: line, price: 10_000_000n }))).returning({ id: products.id, category: products.category });
  story = storyRows({ seed: 7, now: env.clock.now(), customerIds: ids, products: prods.map((p) => ({ id: p.id, category: p.category! })), plantPain: true, plantMoment: true });
  await writeStory(db, story);
}, 180_000);
afterAll(async () => env?.close());

describe('journeys', () => {
  it('lists the default journey in the contract shape', async () => {
    const res = await manager.get('/api/journeys');
    expect(res.statusCode, res.body).toBe(200);
    const j = res.json().items[0];
    expect(j.stages.map((s: { key: string }) => s.key)).toEqual(['awareness', 'consideration', 'purchase', 'delivery', 'use', 'support', 'loyalty']);
    expect(j.touchpoints.find((t: { key: string }) => t.key === 'delivery_csat')).toMatchObject({ stageKey: 'delivery' });
  });

  it('finds the planted pain point and moment of truth and ranks them first', async () => {
    const j = (await manager.get('/api/journeys')).json().items[0];
    const res = await manager.get(`/api/journeys/${j.id}/map?from=2025-11-21&to=${TODAY}`);
    expect(res.statusCode, res.body).toBe(200);
    const map = res.json();
    expect(map.painPoints[0]).toMatchObject({ touchpointKey: 'delivery_csat', kind: 'low_satisfaction', evidence: { comparison: 'product_line', productLine: STORY_SLOW_LINE } });
    expect(map.momentsOfTruth[0]).toMatchObject({ touchpointKey: 'ticket_opened', outcome: 'retention_180d' });
    // Hand count from the rows written: every customer bought once in the period, so all 420 entered «purchase».
    const purchase = map.stages.find((s: { key: string }) => s.key === 'purchase');
    expect(purchase.customers).toBe(420);
    const answers = story.answers.length;
    const unhappy = story.answers.filter((a) => a.score <= 2).length;
    const delivery = map.touchpoints.find((t: { key: string }) => t.key === 'first_purchase');
    expect(delivery.satisfaction).toMatchObject({ metric: 'csat', n: answers, unhappyShare: Math.round((unhappy / answers) * 10_000) / 10_000 });
    // The pain point's customers: the unhappy customers of the slow line.
    const pain = map.painPoints[0];
    const slowUnhappy = new Set(story.answers.filter((a) => a.score <= 2 && a.line === STORY_SLOW_LINE).map((a) => a.customerId));
    expect(pain.customers).toBe(slowUnhappy.size);
    const list = await manager.get(`/api/journeys/${j.id}/pain-points/${pain.id}/customers?from=2025-11-21&to=${TODAY}`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().total).toBe(slowUnhappy.size);
    expect(new Set(list.json().items.map((c: { id: string }) => c.id))).toEqual(slowUnhappy);
    expect((await manager.get(`/api/journeys/${j.id}/pain-points/nope.x.y/customers?from=2025-11-21&to=${TODAY}`)).statusCode).toBe(404);
    painId = pain.id;
    journeyId = j.id;
  });

  it("derives a customer's journey: the path of stage visits with their touchpoints (contract shape)", async () => {
    const c = ids[0];
    const res = await manager.get(`/api/customers/${c}/journey`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.journeyId).toBe(journeyId);
    const mine = [
      ...story.purchases.filter((p) => p.customerId === c).map((p, i) => ({ at: p.at, key: i === 0 ? 'first_purchase' : 'repeat_purchase' })),
      ...story.answers.filter((a) => a.customerId === c).map((a) => ({ at: a.at, key: 'delivery_csat' })),
    ].sort((a, b) => a.at.getTime() - b.at.getTime());
    const flat = body.path.flatMap((v: { touchpoints: { key: string; at: string }[] }) => v.touchpoints).filter((t: { key: string }) => ['first_purchase', 'repeat_purchase', 'delivery_csat'].includes(t.key));
    expect(flat.map((t: { key: string; at: string }) => [t.key, t.at])).toEqual(mine.map((m) => [m.key, m.at.toISOString()]));
    expect(body.path[0]).toMatchObject({ stageKey: 'purchase', enteredAt: mine[0].at.toISOString() });
    expect(body.currentStage).toBe(body.path[body.path.length - 1].stageKey);
    for (const v of body.path) expect(Object.keys(v)).toEqual(expect.arrayContaining(['stageKey', 'enteredAt', 'touchpoints']));
  });

  it('scope: a seller sees only their customers in the map and gets 404 for another customer\'s journey; reviews are for managers', async () => {
    const own = { ...DEFAULT_ROLES.sales.permissions, customers: { ops: ['read', 'create', 'update'], scope: 'own' } };
    expect((await admin.post('/api/roles', { key: 'own_sales_j', name: 'فروش خودش', permissions: own })).statusCode).toBe(201);
    const seller = await env.login('own_sales_j' as 'sales');
    await env.rt.database.db.update(customers).set({ ownerId: seller.userId }).where(inArray(customers.id, ids.slice(0, 10)));
    const map = (await seller.get(`/api/journeys/${journeyId}/map?from=2025-11-21&to=${TODAY}`)).json();
    expect(map.stages.find((s: { key: string }) => s.key === 'purchase').customers).toBe(10);
    expect(map.painPoints).toEqual([]);
    expect((await seller.get(`/api/customers/${ids[20]}/journey`)).statusCode).toBe(404);
    expect((await seller.get(`/api/customers/${ids[0]}/journey`)).statusCode).toBe(200);
    const refused = await sales.post(`/api/journeys/${journeyId}/pain-points/${painId}/review`, { status: 'confirmed' });
    expect(refused.statusCode).toBe(403);
    expect(await env.rt.database.db.$count(journeyPainReviews)).toBe(0);
  });

  it('a manager confirms a pain point with an action; the map shows the review and the before/after with sample sizes', async () => {
    const bad = await manager.post(`/api/journeys/${journeyId}/pain-points/${painId}/review`, { status: 'maybe' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect((await manager.post(`/api/journeys/${journeyId}/pain-points/low_satisfaction.nope.touchpoints/review`, { status: 'confirmed' })).statusCode).toBe(404);
    const since = '2026-05-20';
    const res = await manager.post(`/api/journeys/${journeyId}/pain-points/${painId}/review`, { status: 'confirmed', note: 'ارسال لباسشویی کند است', action: { ownerId: manager.userId, dueDate: '2026-12-30', since } });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ status: 'confirmed', note: 'ارسال لباسشویی کند است', action: { ownerId: manager.userId, dueDate: '2026-12-30', since } });
    // Hand count: the slow line's answers since 2026-05-20 (Tehran) and in the same length of time before it.
    const start = Date.parse('2026-05-20T00:00:00+03:30'), span = env.clock.now().getTime() - start;
    const slow = story.answers.filter((a) => a.line === STORY_SLOW_LINE);
    const after = slow.filter((a) => a.at.getTime() >= start), before = slow.filter((a) => a.at.getTime() < start && a.at.getTime() >= start - span);
    expect(r.beforeAfter.after).toMatchObject({ n: after.length, bad: after.filter((a) => a.score <= 2).length });
    expect(r.beforeAfter.before).toMatchObject({ n: before.length, bad: before.filter((a) => a.score <= 2).length });
    const map = (await manager.get(`/api/journeys/${journeyId}/map?from=2025-11-21&to=${TODAY}`)).json();
    expect(map.painPoints[0].review).toMatchObject({ status: 'confirmed', beforeAfter: { before: { n: before.length }, after: { n: after.length } } });
    const again = await manager.post(`/api/journeys/${journeyId}/pain-points/${painId}/review`, { status: 'dismissed' });
    expect(again.json()).toMatchObject({ status: 'dismissed', action: null, beforeAfter: null });
    expect(await env.rt.database.db.$count(journeyPainReviews)).toBe(1);
  });

  it('filters the map to a saved segment (in the reader\'s scope)', async () => {
    await env.rt.database.db.update(customers).set({ city: 'یزد' }).where(inArray(customers.id, ids.slice(0, 25)));
    const seg = await manager.post('/api/segments', { name: 'یزدی‌ها', rules: { field: 'city', op: 'eq', value: 'یزد' } });
    expect(seg.statusCode, seg.body).toBe(201);
    const map = (await manager.get(`/api/journeys/${journeyId}/map?from=2025-11-21&to=${TODAY}&segmentId=${seg.json().id}`)).json();
    expect(map.stages.find((s: { key: string }) => s.key === 'purchase').customers).toBe(25);
  });

  it('defines another journey (settings:update) whose touchpoints follow its own rules', async () => {
    const def = {
      name: 'پس از خرید', stages: [{ key: 'bought', name: 'خرید' }, { key: 'helped', name: 'پشتیبانی' }],
      touchpoints: [
        { key: 'paid', name: 'پرداخت', stageKey: 'bought', rule: { source: 'invoice', events: ['paid'] } },
        { key: 'ticket', name: 'تیکت', stageKey: 'helped', rule: { source: 'ticket', events: ['opened'] } },
      ],
    };
    expect((await manager.post('/api/journeys', def)).statusCode).toBe(403);
    expect((await admin.post('/api/journeys', { ...def, touchpoints: [{ ...def.touchpoints[0], stageKey: 'x' }] })).statusCode).toBe(400);
    const made = await admin.post('/api/journeys', def);
    expect(made.statusCode, made.body).toBe(201);
    const c = ids[1];
    const res = (await manager.get(`/api/customers/${c}/journey?journeyId=${made.json().id}`)).json();
    const expected = [
      ...story.purchases.filter((p) => p.customerId === c).map((p) => ({ key: 'paid', at: p.at })),
      ...story.tickets.filter((t) => t.customerId === c).map((t) => ({ key: 'ticket', at: t.at })),
    ].sort((a, b) => a.at.getTime() - b.at.getTime());
    expect(res.path.flatMap((v: { touchpoints: { key: string; at: string }[] }) => v.touchpoints.map((t) => [t.key, t.at]))).toEqual(expected.map((e) => [e.key, e.at.toISOString()]));
    expect(res.currentStage).toBe(expected[expected.length - 1].key === 'paid' ? 'bought' : 'helped');
    expect((await manager.get('/api/journeys')).json().items.map((j: { name: string }) => j.name)).toEqual(['سفر مشتری', 'پس از خرید']);
  });

  it('validates the period', async () => {
    const res = await manager.get(`/api/journeys/${journeyId}/map?from=2026-11-20&to=2026-01-01`);
    expect(res.statusCode).toBe(400);
    expect((await manager.get(`/api/journeys/${journeyId}/map?from=20261120&to=2026-01-01`)).statusCode).toBe(400);
    expect((await manager.get('/api/journeys/00000000-0000-4000-8000-000000000000/map?from=2026-01-01&to=2026-02-01')).statusCode).toBe(404);
  });

  it('a drop-off or long-wait pain point is reviewed by its stage or hand-over (no before/after: not an outcome rate)', async () => {
    const before = await env.rt.database.db.$count(journeyPainReviews);
    expect((await manager.post(`/api/journeys/${journeyId}/pain-points/drop_off.nope.earlier_period/review`, { status: 'confirmed' })).statusCode).toBe(404);
    expect((await manager.post(`/api/journeys/${journeyId}/pain-points/long_wait.first_response.earlier_period/review`, { status: 'confirmed' })).statusCode).toBe(404);
    expect(await env.rt.database.db.$count(journeyPainReviews)).toBe(before);
    const res = await manager.post(`/api/journeys/${journeyId}/pain-points/drop_off.purchase.earlier_period/review`, { status: 'confirmed', action: { ownerId: manager.userId, since: '2026-10-01' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'confirmed', action: { since: '2026-10-01' }, beforeAfter: null });
    const wait = await manager.post(`/api/journeys/${journeyId}/pain-points/long_wait.handover.earlier_period/review`, { status: 'dismissed' });
    expect(wait.statusCode, wait.body).toBe(200);
    const rows = await env.rt.database.db.select().from(journeyPainReviews);
    expect(rows.filter((r) => r.painId.startsWith('drop_off.') || r.painId.startsWith('long_wait.')).map((r) => [r.painId, r.touchpointKey]).sort())
      .toEqual([['drop_off.purchase.earlier_period', ''], ['long_wait.handover.earlier_period', 'handover']]);
  });
});
