/**
 * The dashboard through the HTTP API on a small planted data set (rows written straight into the tables on chosen
 * instants), every expected figure worked out by hand from the definitions in docs/decisions.md ("Dashboard figures").
 * Period: Ordibehesht 1405 (2026-04-21 … 2026-05-21, Tehran), compared with Farvardin 1405 (2026-03-21 … 2026-04-20).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { unzipSync, strFromU8 } from 'fflate';
import { createTestEnv, loginAs, type TestEnv, type Agent } from '../../test/harness.ts';
import { systemActor } from '../auth/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { dashboardQuery } from '../../../common/dashboard.schemas.ts';
import { dashboard } from './index.ts';

let env: TestEnv;
let manager: Agent;
let sales1: Agent;
let sales2: Agent;
let limited: Agent;
let noReports: Agent;
const cust: Record<string, string> = {};
const prod: Record<string, string> = {};
const PW = 'Golbarg-Narenj-Sahel-47';

const ok = <T = Record<string, unknown>>(res: { statusCode: number; body: string; json(): unknown }, status = 200): T => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
};
type M = { value: number | string | null; previous: number | string | null; delta: number | string | null; changePct: number | null };
type View = {
  period: { from: string; to: string; previous: { from: string; to: string }; granularity: string };
  metrics: Record<string, M>;
  trend: { key: string; start: string; stop: string; values: Record<string, number | string | null> }[];
  clv: { customers: number; equity: string; mean: string | null; buckets: { from: string; to: string | null; customers: number; sum: string }[] };
  bestSellers: { productId: string | null; name: string; quantity: string; revenue: string }[];
  problems: { categories: { key: string | null; labelFa: string | null; labelEn: string | null; count: number; previous: number }[]; groups: { label: string; count: number }[] };
  cohorts: { key: string; start: string; size: number; cells: { offset: number; customers: number; percent: number | null }[] }[];
};
const Q = '/api/dashboard?period=month&from=2026-05-01';
const get = async (agent: Agent, extra = '') => ok<View>(await agent.get(Q + extra));

let docNo = 0;
/** An issued invoice (or a credit note, or a draft without a number) of one line. */
async function doc(customer: string, day: string, total: number, o: { kind?: 'invoice' | 'credit_note'; status?: string; product?: string; qty?: number; draft?: boolean } = {}) {
  const db = env.rt.database.db;
  const kind = o.kind ?? 'invoice';
  const number = o.draft ? null : `T-${++docNo}`;
  const status = o.status ?? (o.draft ? 'draft' : 'issued');
  // Written by the customer's owner, as the documents module would record it.
  const [d] = (await db.execute(sql`INSERT INTO documents (kind, number, status, customer_id, issue_date, seller, buyer, vat_rate_bp, grand_total, owner_id, created_by)
    SELECT ${kind}, ${number}, ${status}, c.id, ${day}::date, '{}'::jsonb, '{}'::jsonb, 0, ${total}, c.owner_id, c.owner_id FROM customers c WHERE c.id = ${customer}
    RETURNING id`)).rows as { id: string }[];
  await db.execute(sql`INSERT INTO document_lines (document_id, position, product_id, description, quantity, unit_price, total)
    VALUES (${d.id}, 1, ${o.product ?? null}, 'line', ${o.qty ?? 1}, ${total}, ${total})`);
  return d.id;
}

async function answer(surveyId: string, metric: string, score: number, at: string, customer: string | null) {
  await env.rt.database.db.execute(sql`INSERT INTO survey_responses (survey_id, customer_id, metric, score, answers, channel, created_at, updated_at)
    VALUES (${surveyId}, ${customer}, ${metric}, ${score}, '{}'::jsonb, 'web', ${at}::timestamptz, ${at}::timestamptz)`);
}

async function ticket(customer: string, t: { created: string; firstResponse?: string; resolved?: string; frDue?: string; resDue?: string; category?: string; group?: string; mergedInto?: string }) {
  const [r] = (await env.rt.database.db.execute(sql`INSERT INTO tickets (customer_id, channel, subject, category, status, created_at, first_response_at, resolved_at,
      first_response_due_at, resolution_due_at, problem_group_id, merged_into_id)
    VALUES (${customer}, 'phone', 'مشکل', ${t.category ?? null}, ${t.resolved ? 'resolved' : 'open'}, ${t.created}::timestamptz, ${t.firstResponse ?? null}::timestamptz,
      ${t.resolved ?? null}::timestamptz, ${t.frDue ?? null}::timestamptz, ${t.resDue ?? null}::timestamptz, ${t.group ?? null}::uuid, ${t.mergedInto ?? null}::uuid) RETURNING id`)).rows as { id: string }[];
  return r.id;
}

async function score(customer: string, clv: number) {
  await env.rt.database.db.execute(sql`INSERT INTO customer_scores (customer_id, recency, frequency, monetary, r_score, f_score, m_score, rfm_segment, p_alive,
      expected_purchases_90, clv, churn_risk, health, reasons, offers, computed_at)
    VALUES (${customer}, 1, 1, 1, 3, 3, 3, 'loyal', 0.9, 1, ${clv}, 10, 80, '[]'::jsonb, '[]'::jsonb, '2026-05-24T23:00:00Z')`);
}

beforeAll(async () => {
  env = await createTestEnv({ start: '2026-05-25T08:00:00Z' });
  manager = await env.login('manager');
  sales1 = await env.login('sales');
  sales2 = await env.login('sales');
  const admin = await env.login('admin');
  const role = ok<{ id: string }>(await admin.post('/api/roles', { key: 'own_sales', name: 'فروش (فقط خودش)', permissions: {
    customers: { ops: ['read', 'create', 'update'], scope: 'own' }, documents: { ops: ['read', 'create', 'update'], scope: 'own' },
    tickets: { ops: ['read'], scope: 'own' }, products: { ops: ['read'], scope: 'all' }, reports: { ops: ['read'], scope: 'all' },
  } }), 201);
  ok(await admin.post('/api/users', { email: 'own@test.example', name: 'فروشنده محدود', password: PW, roleId: role.id }), 201);
  limited = await loginAs(env.app, 'own@test.example', PW);
  const none = ok<{ id: string }>(await admin.post('/api/roles', { key: 'no_reports', name: 'بدون گزارش', permissions: { customers: { ops: ['read'], scope: 'all' } } }), 201);
  ok(await admin.post('/api/users', { email: 'noreports@test.example', name: 'بی‌گزارش', password: PW, roleId: none.id }), 201);
  noReports = await loginAs(env.app, 'noreports@test.example', PW);

  const c = async (agent: Agent, key: string) => {
    cust[key] = ok<{ id: string }>(await agent.post('/api/customers', { kind: 'person', firstName: key, lastName: 'آزمون' }), 201).id;
  };
  await c(sales1, 'A'); await c(sales1, 'B'); await c(sales1, 'C'); await c(sales2, 'D'); await c(sales2, 'E'); await c(limited, 'F');
  const db = env.rt.database.db;
  await db.execute(sql`UPDATE customers SET city = 'تهران' WHERE id IN (${cust.A}, ${cust.B})`);
  await db.execute(sql`UPDATE customers SET source = 'instagram' WHERE id = ${cust.C}`);
  const p = async (key: string, nameFa: string) => { prod[key] = ok<{ id: string }>(await manager.post('/api/products', { code: key, nameFa, unit: 'عدد', price: '1000' }), 201).id; };
  await p('P1', 'کالای یک'); await p('P2', '=1+2 جاروبرقی'); await p('P3', 'کالای سه');

  // Esfand 1404 and Farvardin 1405 (the previous period and the one before it).
  await doc(cust.A, '2026-03-01', 50_000, { product: prod.P1 });
  await doc(cust.A, '2026-04-01', 100_000, { product: prod.P1 });
  await doc(cust.B, '2026-04-05', 200_000, { product: prod.P1 });
  await doc(cust.D, '2026-04-10', 300_000, { product: prod.P3 });
  // Ordibehesht 1405: A twice, C, D's invoice cancelled by a credit note the next day, F (the own-scope seller's), a draft.
  await doc(cust.A, '2026-04-25', 150_000, { product: prod.P1 });
  await doc(cust.A, '2026-05-10', 250_000, { product: prod.P2 });
  await doc(cust.C, '2026-05-01', 400_000, { product: prod.P1, qty: 2 });
  await doc(cust.D, '2026-05-15', 1_000_000, { product: prod.P3, status: 'cancelled' });
  await doc(cust.D, '2026-05-16', 1_000_000, { product: prod.P3, kind: 'credit_note' });
  await doc(cust.F, '2026-05-20', 60_000, { product: prod.P2 });
  await doc(cust.E, '2026-05-05', 999_999, { product: prod.P1, draft: true });

  const [s] = (await db.execute(sql`INSERT INTO surveys (name, questions, trigger, intro, thanks, anonymous_key)
    VALUES ('s', '[]'::jsonb, '{"type":"manual","delayMinutes":0,"everyMonths":0}'::jsonb, '{"fa":"","en":""}'::jsonb, '{"fa":"","en":""}'::jsonb, 'k1') RETURNING id`)).rows as { id: string }[];
  // 00:30 on 1 Ordibehesht in Tehran (counts in Ordibehesht); 23:30 on 31 Farvardin (counts in Farvardin).
  await answer(s.id, 'nps', 9, '2026-04-20T21:00:00Z', cust.B);
  await answer(s.id, 'nps', 0, '2026-04-20T20:00:00Z', cust.E);
  await answer(s.id, 'nps', 10, '2026-05-02T09:00:00Z', cust.A);
  await answer(s.id, 'nps', 8, '2026-05-03T09:00:00Z', cust.C);
  await answer(s.id, 'nps', 3, '2026-05-04T09:00:00Z', cust.D);
  await answer(s.id, 'nps', 10, '2026-05-05T09:00:00Z', null);
  await answer(s.id, 'csat', 5, '2026-05-06T09:00:00Z', cust.A);
  await answer(s.id, 'csat', 4, '2026-05-06T09:00:00Z', cust.B);
  await answer(s.id, 'csat', 2, '2026-05-06T09:00:00Z', cust.C);
  await answer(s.id, 'ces', 7, '2026-05-07T09:00:00Z', cust.A);
  await answer(s.id, 'ces', 5, '2026-05-07T09:00:00Z', cust.D);

  await db.execute(sql`INSERT INTO ticket_categories (key, label_fa, label_en) VALUES ('x_billing', 'صورتحساب', 'Billing')`);
  const [g1] = (await db.execute(sql`INSERT INTO problem_groups (label) VALUES ('فاکتور دیر رسید') RETURNING id`)).rows as { id: string }[];
  const [g2] = (await db.execute(sql`INSERT INTO problem_groups (label) VALUES ('ارسال کند') RETURNING id`)).rows as { id: string }[];
  await ticket(cust.A, { created: '2026-04-22T06:00:00Z', firstResponse: '2026-04-22T06:30:00Z', resolved: '2026-04-22T10:00:00Z', frDue: '2026-04-22T07:00:00Z', resDue: '2026-04-22T12:00:00Z', category: 'x_billing', group: g1.id });
  await ticket(cust.B, { created: '2026-05-01T06:00:00Z', firstResponse: '2026-05-01T08:00:00Z', resolved: '2026-05-03T06:00:00Z', frDue: '2026-05-01T07:00:00Z', resDue: '2026-05-05T06:00:00Z', category: 'x_billing', group: g1.id });
  await ticket(cust.C, { created: '2026-05-10T06:00:00Z', firstResponse: '2026-05-10T06:10:00Z', category: 'x_delivery', group: g2.id });
  await ticket(cust.D, { created: '2026-04-10T06:00:00Z', firstResponse: '2026-04-10T07:00:00Z', resolved: '2026-05-02T06:00:00Z', category: 'x_delivery' });
  const t5 = await ticket(cust.E, { created: '2026-05-20T06:00:00Z' });
  await ticket(cust.E, { created: '2026-05-05T06:00:00Z', category: 'x_billing', mergedInto: t5 });

  // A score the model could not compute: left out of the distribution instead of failing the page.
  await env.rt.database.db.execute(sql`INSERT INTO customer_scores (customer_id, recency, frequency, monetary, r_score, f_score, m_score, rfm_segment, p_alive,
      expected_purchases_90, clv, churn_risk, health, reasons, offers, computed_at)
    VALUES (${cust.E}, 1, 1, 1, 3, 3, 3, 'loyal', 0.9, 1, 'NaN'::float8, 10, 80, '[]'::jsonb, '[]'::jsonb, '2026-05-24T23:00:00Z')`);
  await score(cust.A, 1_500_000); await score(cust.B, 3_000_000); await score(cust.C, 0); await score(cust.D, 7_000_000); await score(cust.F, 2_000_000);
});

afterAll(async () => { await env?.close(); });

describe('GET /api/dashboard', () => {
  it('counts sales, retention and repeat purchases of the period and the one before', async () => {
    const d = await get(manager);
    expect(d.period).toMatchObject({ from: '2026-04-21', to: '2026-05-21', previous: { from: '2026-03-21', to: '2026-04-20' }, granularity: 'week' });
    const m = d.metrics;
    // Net: 150k + 250k + 400k + 1M (cancelled, still issued) − 1M (credit note) + 60k; Farvardin 100k + 200k + 300k.
    expect(m.revenue).toEqual({ value: '860000', previous: '600000', delta: '260000', changePct: 43.3 });
    // Orders: A×2, C, F (the cancelled invoice and the draft are not orders); AOV 860k / 4 vs 600k / 3.
    expect(m.orders).toMatchObject({ value: 4, previous: 3 });
    expect(m.averageOrderValue).toEqual({ value: '215000', previous: '200000', delta: '15000', changePct: 7.5 });
    expect(m.buyers).toMatchObject({ value: 3, previous: 3 });
    // Repeat: A of {A, C, F}; none of {A, B, D} in Farvardin.
    expect(m.repeatRate).toMatchObject({ value: 33.3, previous: 0 });
    // Farvardin's buyers A, B, D: only A bought again → 1/3; Esfand's A bought in Farvardin → 100 %.
    expect(m.retention).toMatchObject({ value: 33.3, previous: 100, delta: -66.7 });
    expect(m.churnRate).toEqual({ value: 66.7, previous: 0, delta: 66.7, changePct: null });
  });

  it('gives NPS, CSAT and CES by the Tehran day of the answer, anonymous answers included for a reader who sees everyone', async () => {
    const m = (await get(manager)).metrics;
    // Ordibehesht NPS: 9, 10, 8, 3, 10 → 3 promoters, 1 detractor of 5 = 40; Farvardin: one 0 → −100.
    expect(m.nps).toEqual({ value: 40, previous: -100, delta: 140, changePct: 140 });
    expect(m.csat).toMatchObject({ value: 66.7, previous: null });
    expect(m.ces).toMatchObject({ value: 6, previous: null });
    expect(m.responses).toMatchObject({ value: 10, previous: 1 });
  });

  it('counts open tickets, SLA attainment and median times (merged tickets left out)', async () => {
    const m = (await get(manager)).metrics;
    expect(m.openTickets).toMatchObject({ value: 2, previous: 1, delta: 1, changePct: 100 });
    // Resolved in Ordibehesht with targets: T1 (met) and T2 (first response late) → 50 %.
    expect(m.slaAttainment).toMatchObject({ value: 50, previous: null });
    // Resolution 240, 2,880 and 31,680 minutes → 2,880; first responses 30, 120, 10 → 30 (Farvardin: 60).
    expect(m.medianResolutionMinutes).toMatchObject({ value: 2880, previous: null });
    expect(m.medianFirstResponseMinutes).toEqual({ value: 30, previous: 60, delta: -30, changePct: -50 });
  });

  it('draws the trend by Saturday weeks for a month', async () => {
    const d = await get(manager);
    expect(d.trend.map((t) => [t.start, t.stop])).toEqual([
      ['2026-04-21', '2026-04-25'], ['2026-04-25', '2026-05-02'], ['2026-05-02', '2026-05-09'], ['2026-05-09', '2026-05-16'], ['2026-05-16', '2026-05-22'],
    ]);
    expect(d.trend.map((t) => t.values.revenue)).toEqual(['0', '550000', '0', '1250000', '-940000']);
    expect(d.trend.map((t) => t.values.orders)).toEqual([0, 2, 0, 1, 1]);
  });

  it('shows the CLV distribution, best sellers, common problems and cohorts', async () => {
    const d = await get(manager);
    expect(d.clv).toMatchObject({ customers: 5, equity: '13500000', mean: '2700000' });
    expect(d.clv.buckets).toEqual([
      { from: '0', to: '1', customers: 1, sum: '0' },
      { from: '1000000', to: '2000000', customers: 1, sum: '1500000' },
      { from: '2000000', to: '5000000', customers: 2, sum: '5000000' },
      { from: '5000000', to: '10000000', customers: 1, sum: '7000000' },
    ]);
    expect(d.bestSellers.map((b) => [b.name, b.quantity, b.revenue])).toEqual([['کالای یک', '3', '550000'], ['=1+2 جاروبرقی', '2', '310000']]);
    expect(d.problems.categories).toEqual([
      { key: 'x_billing', labelFa: 'صورتحساب', labelEn: 'Billing', count: 2, previous: 0 },
      { key: 'x_delivery', labelFa: null, labelEn: null, count: 1, previous: 1 },
      { key: null, labelFa: null, labelEn: null, count: 1, previous: 0 },
    ]);
    expect(d.problems.groups.map((g) => [g.label, g.count])).toEqual([['فاکتور دیر رسید', 2], ['ارسال کند', 1]]);
    expect(d.cohorts).toHaveLength(12);
    expect(d.cohorts[0]).toMatchObject({ key: '1404-03', start: '2025-05-22', size: 0 });
    const [esfand, farvardin, ordibehesht] = d.cohorts.slice(9);
    expect(esfand).toMatchObject({ key: '1404-12', size: 1, cells: [{ offset: 0, customers: 1, percent: 100 }, { offset: 1, customers: 1, percent: 100 }, { offset: 2, customers: 1, percent: 100 }] });
    expect(farvardin).toMatchObject({ key: '1405-01', size: 2, cells: [{ offset: 0, customers: 2, percent: 100 }, { offset: 1, customers: 0, percent: 0 }] });
    expect(ordibehesht).toMatchObject({ key: '1405-02', size: 2, cells: [{ offset: 0, customers: 2, percent: 100 }] });
  });

  it('filters by segment, owner, product bought and source channel', async () => {
    const seg = ok<{ id: string }>(await manager.post('/api/segments', { name: 'تهرانی‌ها', rules: { field: 'city', op: 'eq', value: 'تهران' } }), 201);
    const bySeg = (await get(manager, `&segmentId=${seg.id}`)).metrics;
    expect(bySeg.revenue).toMatchObject({ value: '400000', previous: '300000' });
    expect(bySeg.buyers).toMatchObject({ value: 1, previous: 2 });
    const byOwner = (await get(manager, `&ownerId=${sales2.userId}`)).metrics;
    expect(byOwner.revenue).toMatchObject({ value: '0', previous: '300000' });
    expect(byOwner.averageOrderValue.value).toBeNull();
    const byProduct = await get(manager, `&productId=${prod.P2}`);
    expect(byProduct.metrics.revenue.value).toBe('460000');
    expect(byProduct.metrics.orders.value).toBe(3);
    const byChannel = (await get(manager, '&channel=instagram')).metrics;
    expect(byChannel.revenue.value).toBe('400000');
    // C's one NPS answer, an 8, is passive: (0 − 0) / 1.
    expect(byChannel.nps.value).toBe(0);
  });

  it('shows a seller with own scope only their own customers’ figures', async () => {
    const d = await get(limited);
    expect(d.metrics.revenue).toMatchObject({ value: '60000', previous: '0' });
    expect(d.metrics.orders.value).toBe(1);
    expect(d.metrics.nps.value).toBeNull();
    expect(d.metrics.responses.value).toBe(0);
    expect(d.metrics.openTickets.value).toBe(0);
    expect(d.clv).toMatchObject({ customers: 1, equity: '2000000' });
    expect(d.bestSellers.map((b) => b.revenue)).toEqual(['60000']);
    expect(d.problems.categories).toEqual([]);
  });

  it('asks for the reports permission, and the export permission for files', async () => {
    expect((await noReports.get(Q)).statusCode).toBe(403);
    expect((await sales1.get(`${Q}&format=csv`)).statusCode).toBe(403);
    expect((await manager.get('/api/dashboard?period=custom&from=2026-05-02&to=2026-05-01')).statusCode).toBe(400);
    expect((await manager.get(`${Q}&channel=carrier_pigeon`)).statusCode).toBe(400);
  });

  it('exports the figures as CSV and XLSX with formula-like text neutralised', async () => {
    const csv = await manager.get(`${Q}&format=csv&lang=en`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toContain('Figures,Revenue (Rials),860000,600000,260000');
    expect(csv.body).toContain("Best sellers,'=1+2 جاروبرقی,310000");
    expect(csv.body).not.toMatch(/,=1\+2/);
    const xlsx = await manager.get(`${Q}&format=xlsx&lang=fa`);
    expect(xlsx.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(xlsx.rawPayload));
    const strings = strFromU8(files['xl/sharedStrings.xml']);
    expect(strings).toContain("'=1+2 جاروبرقی");
    expect(strings).toContain('فروش (ریال)');
  });

  it('takes a custom range, compared with as many days just before, by months when long', async () => {
    const d = ok<View>(await manager.get('/api/dashboard?period=custom&from=2026-03-21&to=2026-05-21'));
    expect(d.period).toMatchObject({ from: '2026-03-21', to: '2026-05-21', previous: { from: '2026-01-18', to: '2026-03-20' }, granularity: 'week' });
    const y = ok<View>(await manager.get('/api/dashboard?period=year&from=2026-05-01'));
    expect(y.period).toMatchObject({ from: '2026-03-21', to: '2027-03-20', previous: { from: '2025-03-21', to: '2026-03-20' }, granularity: 'month' });
    // Farvardin to Khordad: the trend stops at today (4 Khordad).
    expect(y.trend.map((t) => t.start)).toEqual(['2026-03-21', '2026-04-21', '2026-05-22']);
    expect(y.trend[1].values.revenue).toBe('860000');
    const g = ok<View>(await manager.get('/api/dashboard?period=season&calendar=gregorian&from=2026-05-01'));
    expect(g.period).toMatchObject({ from: '2026-04-01', to: '2026-06-30', previous: { from: '2026-01-01', to: '2026-03-31' } });
  });

  it('answers the same from the sales rollup as from the documents themselves (every period and filter above)', async () => {
    const actor = systemActor(DEFAULT_ROLES.manager.permissions);
    const db = env.rt.database.db;
    for (const query of [{ period: 'month', from: '2026-05-01' }, { period: 'month', from: '2026-05-01', ownerId: sales2.userId }, { period: 'month', from: '2026-05-01', productId: prod.P2 },
      { period: 'month', from: '2026-05-01', channel: 'instagram' }, { period: 'year', from: '2026-05-01' }, { period: 'season', from: '2026-05-01', calendar: 'gregorian' },
      { period: 'month', from: '2026-04-01', calendar: 'gregorian' }, { period: 'custom', from: '2026-03-21', to: '2026-05-21' }, { period: 'custom', from: '2026-01-01', to: '2026-05-21' }]) {
      const qy = dashboardQuery.parse(query);
      expect(await dashboard(db, actor, env.clock, qy), JSON.stringify(query)).toEqual(await dashboard(db, actor, env.clock, qy, { useRollup: false }));
    }
  });
});

describe('GET /api/dashboard for the period under way', () => {
  it('answers for this month and this season, the trend stopping at today', async () => {
    env.clock.set(new Date('2026-12-06T01:14:00Z'));
    const fresh = await loginAs(env.app, 'own@test.example', PW, '127.0.9.9');
    for (const period of ['month', 'season', 'year']) {
      const d = ok<View>(await fresh.get(`/api/dashboard?period=${period}`));
      expect(d.trend.every((t) => t.start <= '2026-12-06')).toBe(true);
    }
    const m = ok<View>(await fresh.get('/api/dashboard?period=month'));
    // Azar 1405 began on 2026-11-22 (a Sunday): weeks from then, the last one started on Saturday 12-05.
    expect(m.trend.map((t) => t.start)).toEqual(['2026-11-22', '2026-11-28', '2026-12-05']);
  });
});
