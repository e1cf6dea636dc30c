/**
 * Recurring problems through the API: a regrouping stores the tickets of three true problems (from the labelled set)
 * as groups, and the view shows each with counts, weekly trend, products, customers, resolution time and examples;
 * new tickets land in their group as they are opened; people confirm, rename, split, merge and move, and the next
 * regrouping keeps what they decided; the week's threshold alert reaches the managers once; the by-product report.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { PROBLEM_NAMES, PROBLEM_TICKETS } from '../../analytics/problem-groups.fixtures.ts';

let env: TestEnv;
let support: Agent;
let marketing: Agent;
let admin: Agent;
let manager: Agent;
let washer = '';
const customers: string[] = [];
const truth = new Map<string, string>();
const START = '2026-11-23T08:00:00Z';

type Problem = { id: string; confirmed: boolean; key: string; label: string; count: number; openCount: number; customers: number; trend: number[]; lastWeek: number; avgResolutionHours: number | null;
  products: { id: string; name: string; count: number }[]; examples: { id: string; number: number; subject: string }[] };

beforeAll(async () => {
  env = await createTestEnv({ start: START });
  support = await env.login('support');
  marketing = await env.login('marketing');
  admin = await env.login('admin');
  manager = await env.login('manager');
  washer = (await admin.post('/api/products', { code: 'WM-9', nameFa: 'ماشین لباسشویی ۹ کیلویی', price: '350000000' })).json().id as string;
  for (let i = 0; i < 6; i++) customers.push((await support.post('/api/customers', { kind: 'person', firstName: 'مشتری', lastName: `شماره ${i + 1}` })).json().id);
  // The first three problems of the labelled set, one ticket every ~10 hours over the last three weeks.
  const chosen = new Set(PROBLEM_NAMES.slice(0, 3));
  const sample = PROBLEM_TICKETS.filter((t) => chosen.has(t.problem));
  let i = 0;
  for (const t of sample) {
    env.clock.set(new Date(Date.parse(START) - (sample.length - i) * 10 * 3_600_000));
    const res = await support.post('/api/tickets', { customerId: customers[i % customers.length], channel: 'phone', subject: t.subject, description: t.description,
      category: t.category, productId: t.product === 'washing-machine' ? washer : undefined });
    expect(res.statusCode, res.body).toBe(201);
    truth.set(res.json().id, t.problem);
    if (i % 3 === 0) {
      env.clock.advance(5 * 3_600_000);
      await support.patch(`/api/tickets/${res.json().id}`, { status: 'resolved' });
    }
    i++;
  }
  // Forty days old: outside a 30-day view.
  env.clock.set(new Date(Date.parse(START) - 40 * 86_400_000));
  await support.post('/api/tickets', { customerId: customers[0], channel: 'phone', subject: sample[0].subject });
  env.clock.set(START);
}, 180_000);
afterAll(async () => env?.close());

type View = { items: Problem[]; ticketsGrouped: number; ungrouped: number; truncated: boolean; groupedAt: string | null };
const view = async (q = 'days=30&minCount=2') => {
  const res = await support.get(`/api/support/problems?${q}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as View;
};
const groupOf = async (ticketId: string) => (await support.get(`/api/tickets/${ticketId}`)).json().ticket.problemGroupId as string | null;
/** Tickets per stored group, from the tickets themselves. */
async function membership() {
  const out = new Map<string, string[]>();
  expect(await groupOf([...truth.keys()][0])).not.toBeUndefined();
  for (const id of truth.keys()) {
    const g = await groupOf(id);
    if (g) out.set(g, [...(out.get(g) ?? []), id]);
  }
  return out;
}

describe('recurring problems', () => {
  it('holds nothing until the first regrouping', async () => {
    const body = await view();
    expect(body.items).toEqual([]);
    expect(body.groupedAt).toBeNull();
    expect(body.ungrouped).toBe(truth.size);
  });

  it('regroups on request and shows the period\'s problems with the numbers a product team needs', async () => {
    expect((await marketing.post('/api/support/problems/regroup', {})).statusCode).toBe(403);
    const run = await support.post('/api/support/problems/regroup', {});
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json()).toMatchObject({ tickets: truth.size + 1 }); // the 40-day-old ticket is inside the regrouping window
    expect(run.json().created).toBeGreaterThanOrEqual(3);

    const body = await view();
    expect(body.groupedAt).toBe(new Date(START).toISOString());
    expect(body.ticketsGrouped + body.ungrouped).toBe(truth.size);
    expect(body.truncated).toBe(false);
    for (const p of body.items) {
      expect(p.count).toBeGreaterThanOrEqual(2);
      expect(p.confirmed).toBe(false);
      expect(p.trend.reduce((a, b) => a + b, 0)).toBe(p.count);
      expect(p.trend).toHaveLength(5);
      expect(p.customers).toBeGreaterThanOrEqual(1);
      expect(p.examples.length).toBe(Math.min(5, p.count));
      for (const e of p.examples) expect(truth.has(e.id)).toBe(true);
      expect(p.label.length).toBeGreaterThan(0);
    }
    // The three largest groups are each mostly one true problem, and hold most tickets.
    for (const p of body.items.slice(0, 3)) {
      const labels = p.examples.map((e) => truth.get(e.id));
      const top = Math.max(...[...new Set(labels)].map((l) => labels.filter((x) => x === l).length));
      expect(top / labels.length, p.label).toBeGreaterThanOrEqual(0.6);
    }
    expect(body.items.slice(0, 3).reduce((n, p) => n + p.count, 0)).toBeGreaterThanOrEqual(truth.size * 0.6);
    const washers = body.items.find((p) => p.products.length > 0);
    expect(washers?.products[0]).toMatchObject({ name: 'ماشین لباسشویی ۹ کیلویی' });
    expect(body.items.some((p) => p.avgResolutionHours !== null && Math.abs(p.avgResolutionHours - 5) < 0.01)).toBe(true);
  });

  it('keeps group ids from one regrouping to the next', async () => {
    const before = await membership();
    expect((await support.post('/api/support/problems/regroup', {})).json()).toMatchObject({ created: 0, moved: 0 });
    expect(await membership()).toEqual(before);
  });

  it('puts a new ticket in its problem as it is opened', async () => {
    const [big] = (await view()).items;
    const problem = truth.get(big.examples[0].id)!;
    const text = PROBLEM_TICKETS.find((t) => t.problem === problem)!;
    const res = await support.post('/api/tickets', { customerId: customers[0], channel: 'sms', subject: text.subject, description: text.description, category: text.category,
      productId: text.product === 'washing-machine' ? washer : undefined });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().problemGroupId).toBe(big.id);
    const unrelated = await support.post('/api/tickets', { customerId: customers[0], channel: 'sms', subject: 'آدرس دفتر مرکزی را می‌خواهم', description: 'برای ارسال نامه' });
    expect(unrelated.json().problemGroupId).toBeNull();
  });

  it('lets people confirm, rename, split, merge and move, and the next regrouping keeps it', async () => {
    const items = (await view()).items;
    const [a, b, c] = items;
    // Rename and confirm A.
    expect((await marketing.patch(`/api/support/problem-groups/${a.id}`, { confirmed: true })).statusCode).toBe(403);
    const renamed = await support.patch(`/api/support/problem-groups/${a.id}`, { label: 'تخلیه نشدن آب <script>x</script>', confirmed: true });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ label: 'تخلیه نشدن آب <script>x</script>', confirmed: true });
    const aTickets = (await support.get(`/api/support/problem-groups/${a.id}`)).json().tickets as { id: string }[];
    expect(aTickets.length).toBe(renamed.json().count);

    // Split two tickets off B into a problem of their own.
    const bTickets = (await support.get(`/api/support/problem-groups/${b.id}`)).json().tickets as { id: string }[];
    const off = bTickets.slice(0, 2).map((t) => t.id);
    expect((await support.post(`/api/support/problem-groups/${b.id}/split`, { ticketIds: [aTickets[0].id] })).statusCode).toBe(422);
    expect((await support.post(`/api/support/problem-groups/${b.id}/split`, { ticketIds: bTickets.map((t) => t.id) })).statusCode).toBe(422);
    const split = await support.post(`/api/support/problem-groups/${b.id}/split`, { ticketIds: off, label: 'جدا شده' });
    expect(split.statusCode, split.body).toBe(201);
    const newId = split.json().into.id as string;
    expect(split.json().into).toMatchObject({ label: 'جدا شده', confirmed: true, count: 2 });
    expect(split.json().from).toMatchObject({ confirmed: true, count: bTickets.length - 2 });

    // Merge C into B; take one ticket of B out of every problem.
    expect((await support.post(`/api/support/problem-groups/${c.id}/merge`, { intoId: c.id })).statusCode).toBe(422);
    const merged = await support.post(`/api/support/problem-groups/${c.id}/merge`, { intoId: b.id });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json().count).toBe(bTickets.length - 2 + c.count);
    expect((await support.get(`/api/support/problem-groups/${c.id}`)).statusCode).toBe(404);
    const loner = bTickets[2].id;
    expect((await support.post('/api/support/problem-groups/move', { ticketIds: [loner], groupId: null })).json()).toMatchObject({ moved: 1 });

    const decided = await membership();
    await support.post('/api/support/problems/regroup', {});
    const after = await membership();
    // Every decided ticket stays where people put it (a confirmed problem may still gain new, unpinned tickets).
    for (const g of [a.id, b.id, newId]) expect(after.get(g), g).toEqual(expect.arrayContaining(decided.get(g)!));
    expect(await groupOf(loner)).toBeNull();
    expect((await support.get(`/api/support/problem-groups/${a.id}`)).json().label).toBe('تخلیه نشدن آب <script>x</script>');

    // The customer's audit trail records each move.
    const owner = (await support.get(`/api/tickets/${off[0]}`)).json().ticket.customerId as string;
    const audit = await admin.get(`/api/customers/${owner}/audit?limit=200`);
    expect(audit.statusCode, audit.body).toBe(200);
    expect(audit.body).toContain(newId);
  });

  it('rejects unknown groups and tickets the reader cannot act on', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await support.patch(`/api/support/problem-groups/${missing}`, { confirmed: true })).statusCode).toBe(404);
    expect((await support.post('/api/support/problem-groups/move', { ticketIds: [missing], groupId: null })).statusCode).toBe(404);
    expect((await support.post('/api/support/problem-groups/move', { ticketIds: [], groupId: null })).statusCode).toBe(400);
  });

  it('alerts the managers once a week when a problem reaches the threshold', async () => {
    const [top] = (await view()).items;
    const problem = truth.get(top.examples[0].id)!;
    const texts = PROBLEM_TICKETS.filter((t) => t.problem === problem).slice(1, 4);
    const weekFrom = (await support.get('/api/support/problems?days=7')).json().thisWeekFrom as string;
    expect(weekFrom).toBe('2026-11-21'); // Saturday
    const detail = (await support.get(`/api/support/problem-groups/${top.id}`)).json() as { tickets: { createdAt: string }[] };
    const thisWeek = detail.tickets.filter((t) => t.createdAt >= '2026-11-20T20:30:00.000Z').length;
    const put = await admin.put('/api/support/settings', { assignment: 'manual', agentIds: [], notifyUserIds: [], problemAlertThreshold: thisWeek + 2 });
    expect(put.statusCode, put.body).toBe(200);
    const alerts = async () => ((await manager.get('/api/notifications')).json().items as { kind: string; link: string; title: string }[])
      .filter((n) => n.kind === 'problem_alert' && n.link.includes(top.id));
    const open = (t: (typeof texts)[number]) => support.post('/api/tickets', { customerId: customers[1], channel: 'phone', subject: t.subject, description: t.description, category: t.category,
      productId: t.product === 'washing-machine' ? washer : undefined });
    expect((await open(texts[0])).json().problemGroupId).toBe(top.id);
    expect(await alerts()).toHaveLength(0);
    expect((await open(texts[1])).json().problemGroupId).toBe(top.id);
    const got = await alerts();
    expect(got).toHaveLength(1);
    expect(got[0].title).toContain(String(thisWeek + 2).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]));
    await open(texts[2]);
    await support.post('/api/support/problems/regroup', {});
    expect(await alerts()).toHaveLength(1); // once this week
    // Next week the count starts again: a week later, one ticket is below the threshold.
    env.clock.advance(7 * 86_400_000);
    await open(texts[0]);
    expect(await alerts()).toHaveLength(1);
    env.clock.set(START);
  });

  it('reports the most common problems by product', async () => {
    const res = await marketing.get('/api/support/problems/by-product?days=90&top=3');
    expect(res.statusCode, res.body).toBe(200);
    const [w] = res.json().items as { productId: string; productName: string; tickets: number; ungrouped: number; problems: { id: string; label: string; count: number; share: number }[] }[];
    expect(w.productId).toBe(washer);
    expect(w.problems.length).toBeGreaterThan(0);
    expect(w.problems.length).toBeLessThanOrEqual(3);
    expect(w.problems.reduce((n, p) => n + p.count, 0) + w.ungrouped).toBeLessThanOrEqual(w.tickets);
    for (let i = 1; i < w.problems.length; i++) expect(w.problems[i - 1].count).toBeGreaterThanOrEqual(w.problems[i].count);
    expect(w.problems[0].share).toBeCloseTo((w.problems[0].count / w.tickets) * 100, 0);
  });

  it('validates the period; every role that reads tickets may look', async () => {
    expect((await marketing.get('/api/support/problems')).statusCode).toBe(200);
    expect((await support.get('/api/support/problems?days=0')).statusCode).toBe(400);
    expect((await support.get('/api/support/problems/by-product?top=0')).statusCode).toBe(400);
  });
});
