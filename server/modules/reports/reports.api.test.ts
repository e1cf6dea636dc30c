/**
 * Reports through the HTTP API, on data made through the API on fixed dates: best sellers per Jalali month, season
 * and year (credit notes taken off on their own date), revenue by owner (payments by the Tehran day they were paid),
 * the open pipeline, win rate, quote → invoice conversion, CSV/XLSX exports, visibility and permissions.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { createTestEnv, loginAs, TEST_PASSWORD, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let manager: Agent;
let sales1: Agent;
let sales2: Agent;
let limited: Agent;
const product: Record<string, string> = {};
const customer: Record<string, string> = {};
const stage: Record<string, string> = {};
let pipelineId: string;

const ok = <T = Record<string, unknown>>(res: { statusCode: number; body: string; json(): unknown }, status = 200): T => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
};

/** Writes an invoice on a date and issues it (send). */
async function invoice(agent: Agent, customerId: string, issueDate: string, lines: { productId: string; quantity: string }[]) {
  const doc = ok<{ id: string }>(await agent.post('/api/documents', { kind: 'invoice', customerId, issueDate, lines }), 201);
  ok(await agent.post(`/api/documents/${doc.id}/send`, { email: true, sms: false }));
  return doc.id;
}

async function quote(agent: Agent, customerId: string, lines: { productId: string; quantity: string }[], send = true) {
  const doc = ok<{ id: string }>(await agent.post('/api/documents', { kind: 'quote', customerId, lines }), 201);
  if (send) ok(await agent.post(`/api/documents/${doc.id}/send`, { email: true, sms: false }));
  return doc.id;
}

async function deal(agent: Agent, customerId: string, title: string, amount: string, extra: Record<string, unknown> = {}) {
  return ok<{ id: string }>(await agent.post('/api/deals', { customerId, title, amount, ...extra }), 201).id;
}

let logins = 0;
/** Moves the clock (months at a time) and signs everyone in again: sessions end after being idle that long. */
async function at(iso: string) {
  env.clock.set(new Date(iso));
  // From a fresh address each time, so the login rate limit (per address) does not count the test's own sign-ins.
  const again = (a: Agent) => loginAs(env.app, a.email, TEST_PASSWORD, `127.0.${Math.floor(++logins / 200)}.${logins % 200 + 1}`);
  [manager, sales1, sales2, limited] = await Promise.all([manager, sales1, sales2, limited].map(again));
}

const move = async (agent: Agent, id: string, stageId: string, lostReason?: string) =>
  ok(await agent.post(`/api/deals/${id}/move`, { stageId, ...(lostReason ? { lostReason } : {}) }));

beforeAll(async () => {
  env = await createTestEnv({ start: '2026-03-22T08:00:00Z' });
  manager = await env.login('manager');
  sales1 = await env.login('sales');
  sales2 = await env.login('sales');
  const admin = await env.login('admin');

  const p = async (key: string, body: Record<string, unknown>) => { product[key] = ok<{ id: string }>(await manager.post('/api/products', body), 201).id; };
  await p('FR', { code: 'FR-1', nameFa: 'یخچال ساید بای ساید', nameEn: 'Side-by-side fridge', category: 'یخچال', unit: 'دستگاه', price: '100000000' });
  await p('WM', { code: 'WM-1', nameFa: 'ماشین لباسشویی ۸ کیلویی', category: 'ماشین لباسشویی', unit: 'دستگاه', price: '50000000' });
  await p('TV', { code: 'TV-1', nameFa: 'تلویزیون ۵۵ اینچ', category: 'تلویزیون', unit: 'دستگاه', price: '40000000' });
  await p('INST', { code: 'INST', kind: 'service', nameFa: 'نصب و راه‌اندازی', category: 'خدمات نصب', unit: 'خدمت', price: '2000000', taxClass: 'exempt' });
  // A name a spreadsheet would run as a formula: the CSV must neutralise it.
  await p('VC', { code: 'VC-1', nameFa: '=1+2 جاروبرقی', category: 'جاروبرقی', unit: 'دستگاه', price: '10000000' });

  const c = async (agent: Agent, key: string, firstName: string, lastName: string, email: string) => {
    customer[key] = ok<{ id: string }>(await agent.post('/api/customers', { kind: 'person', firstName, lastName, emails: [{ address: email }] }), 201).id;
  };
  await c(sales1, 'X', 'مریم', 'کاظمی', 'x@example.com');
  await c(sales2, 'Y', 'رضا', 'احمدی', 'y@example.com');

  // A seller who sees only their own customers and documents (but may read reports).
  const role = ok<{ id: string }>(await admin.post('/api/roles', { key: 'own_sales', name: 'فروش (فقط خودش)', permissions: {
    customers: { ops: ['read', 'create', 'update'], scope: 'own' }, documents: { ops: ['read', 'create', 'update'], scope: 'own' },
    products: { ops: ['read'], scope: 'all' }, reports: { ops: ['read'], scope: 'all' },
  } }), 201);
  ok(await admin.post('/api/users', { email: 'own@test.example', name: 'فروشنده محدود', password: 'Golbarg-Narenj-Sahel-47', roleId: role.id }), 201);
  limited = await loginAs(env.app, 'own@test.example', 'Golbarg-Narenj-Sahel-47');
  const none = ok<{ id: string }>(await admin.post('/api/roles', { key: 'no_reports', name: 'بدون گزارش', permissions: { customers: { ops: ['read'], scope: 'all' } } }), 201);
  ok(await admin.post('/api/users', { email: 'noreports@test.example', name: 'بی‌گزارش', password: 'Golbarg-Narenj-Sahel-47', roleId: none.id }), 201);
  await c(limited, 'Z', 'سحر', 'نادری', 'z@example.com');

  // Farvardin 1405: A (paid in full just after midnight Tehran time on 1405/01/10), Z's invoice; a draft never issued.
  await at('2026-03-25T08:00:00Z');
  const A = await invoice(sales1, customer.X, '2026-03-25', [{ productId: product.FR, quantity: '2' }, { productId: product.INST, quantity: '1' }]);
  ok(await sales1.post(`/api/documents/${A}/payments`, { amount: '222000000', method: 'card', paidAt: '2026-03-29T21:00:00Z' }), 201);
  await invoice(limited, customer.Z, '2026-03-27', [{ productId: product.INST, quantity: '3' }]);
  ok(await sales1.post('/api/documents', { kind: 'invoice', customerId: customer.X, issueDate: '2026-03-26', lines: [{ productId: product.FR, quantity: '5' }] }), 201);

  // Ordibehesht: B partly paid; C issued and cancelled within the month (its credit note is dated 1405/02/20).
  await at('2026-04-28T08:00:00Z');
  const B = await invoice(sales2, customer.Y, '2026-04-25', [{ productId: product.WM, quantity: '1' }, { productId: product.FR, quantity: '1' }]);
  ok(await sales2.post(`/api/documents/${B}/payments`, { amount: '65000000', method: 'transfer', paidAt: '2026-05-01T10:00:00Z' }), 201);
  const C = await invoice(sales1, customer.X, '2026-04-28', [{ productId: product.WM, quantity: '3' }]);
  await at('2026-05-10T08:00:00Z');
  ok(await sales1.post(`/api/documents/${C}/cancel`, { reason: 'مشتری منصرف شد' }));

  // Khordad: the formula-looking product. Tir: D, cancelled in Mordad (taken off in Mordad, not in Tir).
  await at('2026-06-01T08:00:00Z');
  await invoice(sales1, customer.X, '2026-06-01', [{ productId: product.VC, quantity: '1' }]);
  await at('2026-06-25T08:00:00Z');
  const D = await invoice(sales2, customer.Y, '2026-06-25', [{ productId: product.TV, quantity: '1' }]);
  await at('2026-07-25T08:00:00Z');
  ok(await sales2.post(`/api/documents/${D}/cancel`, { reason: 'کالا موجود نبود' }));

  // Deals: the default pipeline's stages, deals closed on chosen days.
  const pipes = ok<{ items: { id: string; isDefault: boolean; stages: { id: string; name: string }[] }[] }>(await manager.get('/api/pipelines'));
  const def = pipes.items.find((x) => x.isDefault)!;
  pipelineId = def.id;
  for (const s of def.stages) stage[s.name] = s.id;
  await at('2026-06-01T08:00:00Z');
  const early = await deal(sales1, customer.X, 'یخچال قبلی', '90000000');
  await move(sales1, early, stage['برنده']); // won before the range asked below
  const d1 = await deal(sales1, customer.X, 'یخچال دوم', '100000000');
  const d2 = await deal(sales1, customer.X, 'لباسشویی', '50000000');
  const d3 = await deal(sales1, customer.X, 'تلویزیون', '40000000');
  const d4 = await deal(sales1, customer.X, 'ظرفشویی', '30000000');
  const d6 = await deal(sales2, customer.Y, 'کولر', '25000000');
  const open1 = await deal(sales2, customer.Y, 'یخچال فریزر', '100000000');
  await move(sales2, open1, stage['مذاکره']);
  await deal(sales2, customer.Y, 'جاروبرقی', '30000000', { probability: 50 });
  await deal(sales1, customer.X, 'هود', '20000000', { stageId: stage['نیازسنجی'] });
  await at('2026-08-10T08:00:00Z');
  await move(sales1, d1, stage['برنده']);
  await at('2026-08-12T08:00:00Z');
  await move(sales1, d2, stage['برنده']);
  await at('2026-08-15T08:00:00Z');
  await move(sales1, d4, stage['بازنده'], 'قیمت بالا');
  await at('2026-08-18T08:00:00Z');
  await move(sales2, d6, stage['بازنده'], 'قیمت بالا');
  await at('2026-08-20T08:00:00Z');
  await move(sales1, d3, stage['برنده']);

  // Quotes sent in Aban 1405: accepted and invoiced, declined, left open, accepted but not invoiced; one draft.
  await at('2026-10-25T08:00:00Z');
  const q1 = await quote(sales1, customer.X, [{ productId: product.FR, quantity: '1' }]);
  const q2 = await quote(sales1, customer.X, [{ productId: product.WM, quantity: '1' }]);
  await quote(sales1, customer.X, [{ productId: product.TV, quantity: '1' }]);
  const q4 = await quote(sales1, customer.X, [{ productId: product.INST, quantity: '1' }]);
  await quote(sales1, customer.X, [{ productId: product.TV, quantity: '2' }], false);
  const q6 = await quote(sales2, customer.Y, [{ productId: product.WM, quantity: '2' }]);
  await at('2026-10-27T08:00:00Z');
  for (const q of [q1, q4]) ok(await sales1.post(`/api/documents/${q}/decision`, { decision: 'accept' }));
  ok(await sales1.post(`/api/documents/${q2}/decision`, { decision: 'reject', note: 'گران است' }));
  ok(await sales2.post(`/api/documents/${q6}/decision`, { decision: 'accept' }));
  for (const [agent, q] of [[sales1, q1], [sales2, q6]] as const) {
    const inv = ok<{ id: string }>(await agent.post(`/api/documents/${q}/invoice`), 201);
    ok(await agent.post(`/api/documents/${inv.id}/send`, { email: true, sms: false }));
  }
  await at('2026-11-23T08:00:00Z');
}, 180_000);
afterAll(async () => env?.close());

type Item = { rank: number; key: string | null; code: string | null; name: string; category: string | null; quantity: string; revenue: string };
type Period = { key: string; start: string; stop: string; revenue: string; groups: number; items: Item[] };
const sales = async (agent: Agent, q: string) => ok<{ from: string; to: string; total: { revenue: string }; periods: Period[] }>(await agent.get(`/api/reports/sales?${q}`));
const brief = (p: Period) => p.items.map((i) => [i.code ?? i.key, i.quantity, i.revenue]);

describe('best sellers by Jalali period', () => {
  it('ranks products per Jalali month by revenue (line totals with VAT), only from issued invoices, less credit notes on their own month', async () => {
    const r = await sales(manager, 'groupBy=product&period=month&from=2026-03-21&to=2026-09-22');
    expect(r.periods.map((p) => p.key)).toEqual(['1405-01', '1405-02', '1405-03', '1405-04', '1405-05', '1405-06']);
    const [far, ord, kho, tir, mor, sha] = r.periods;
    expect(far).toMatchObject({ start: '2026-03-21', stop: '2026-04-21', revenue: '228000000', groups: 2 });
    // The draft (5 fridges) is not there; INST: 1 on A + 3 on Z's invoice, exempt from VAT.
    expect(brief(far)).toEqual([['FR-1', '2', '220000000'], ['INST', '4', '8000000']]);
    expect(far.items[0]).toMatchObject({ rank: 1, name: 'یخچال ساید بای ساید', category: 'یخچال', key: product.FR });
    // C (3 washing machines) and its credit note fall in the same month: only B counts.
    expect(brief(ord)).toEqual([['FR-1', '1', '110000000'], ['WM-1', '1', '55000000']]);
    expect(ord.revenue).toBe('165000000');
    expect(brief(kho)).toEqual([['VC-1', '1', '11000000']]);
    // D was issued in Tir and cancelled in Mordad: the credit note takes it off in Mordad.
    expect(brief(tir)).toEqual([['TV-1', '1', '44000000']]);
    expect(brief(mor)).toEqual([['TV-1', '-1', '-44000000']]);
    expect(mor.revenue).toBe('-44000000');
    expect(sha).toMatchObject({ revenue: '0', groups: 0, items: [] });
    expect(r.total.revenue).toBe('404000000');
  });

  it('groups by season (spring = Farvardin–Khordad) and by category, and keeps the top N with the count of all', async () => {
    const r = await sales(manager, 'groupBy=category&period=season&from=2026-03-21&to=2026-09-22');
    expect(r.periods.map((p) => [p.key, p.start, p.stop])).toEqual([['1405-S1', '2026-03-21', '2026-06-22'], ['1405-S2', '2026-06-22', '2026-09-23']]);
    const [spring, summer] = r.periods;
    expect(brief(spring)).toEqual([['یخچال', '3', '330000000'], ['ماشین لباسشویی', '1', '55000000'], ['جاروبرقی', '1', '11000000'], ['خدمات نصب', '4', '8000000']]);
    expect(spring.revenue).toBe('404000000');
    // Tir's TV and Mordad's credit note cancel out within the summer.
    expect(summer).toMatchObject({ revenue: '0', items: [] });
    const top = await sales(manager, 'groupBy=product&period=season&from=2026-03-21&to=2026-06-21&top=2');
    expect(brief(top.periods[0])).toEqual([['FR-1', '3', '330000000'], ['WM-1', '1', '55000000']]);
    expect(top.periods[0]).toMatchObject({ groups: 4, revenue: '404000000' });
  });

  it('groups by Jalali year, clips periods to the range asked, and refuses a range that ends before it starts', async () => {
    const y = await sales(manager, 'groupBy=product&period=year&from=2026-03-01&to=2026-09-22');
    expect(y.periods.map((p) => [p.key, p.start, p.stop, p.revenue])).toEqual([['1404', '2026-03-01', '2026-03-21', '0'], ['1405', '2026-03-21', '2026-09-23', '404000000']]);
    const clipped = await sales(manager, 'period=month&from=2026-04-26&to=2026-05-31');
    expect(clipped.periods.map((p) => [p.key, p.start, p.stop])).toEqual([['1405-02', '2026-04-26', '2026-05-22'], ['1405-03', '2026-05-22', '2026-06-01']]);
    // From the 26th of April, B (the 25th) is outside; C and its credit note net to nothing.
    expect(clipped.periods[0].items).toEqual([]);
    const bad = await manager.get('/api/reports/sales?from=2026-05-01&to=2026-04-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toHaveProperty('to');
    expect((await manager.get('/api/reports/sales?period=week')).statusCode).toBe(400);
  });

  it('follows a Gregorian reader: Gregorian months and quarters, the same money, Gregorian names in the export', async () => {
    const q = await sales(manager, 'groupBy=product&period=season&calendar=gregorian&from=2026-03-21&to=2026-09-22');
    expect(q.periods.map((p) => [p.key, p.start, p.stop])).toEqual([['2026-Q1', '2026-03-21', '2026-04-01'], ['2026-Q2', '2026-04-01', '2026-07-01'], ['2026-Q3', '2026-07-01', '2026-09-23']]);
    // The same invoices as the Jalali seasons above, only cut at other days: the sum is the same 404,000,000 Rials.
    expect(q.periods.reduce((a, p) => a + BigInt(p.revenue), 0n)).toBe(404_000_000n);
    const y = await sales(manager, 'groupBy=product&period=year&calendar=gregorian&from=2026-03-21&to=2026-09-22');
    expect(y.periods.map((p) => [p.key, p.revenue])).toEqual([['2026', '404000000']]);
    const months = await sales(manager, 'groupBy=product&calendar=gregorian');
    expect(months.from).toBe('2025-12-01');
    expect(months.periods.map((p) => p.key)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    const csv = await manager.get('/api/reports/sales?groupBy=product&period=season&calendar=gregorian&from=2026-03-21&to=2026-09-22&format=csv&lang=en');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toMatch(/\r\nQ1 2026,1,/);
    expect(csv.body).not.toMatch(/Spring|Farvardin/);
    const fa = await manager.get('/api/reports/sales?groupBy=product&period=month&calendar=gregorian&from=2026-03-21&to=2026-04-30&format=csv&lang=fa');
    expect(fa.body).toContain('مارس ۲۰۲۶');
    expect((await manager.get('/api/reports/sales?calendar=hijri')).statusCode).toBe(400);
  });

  it('defaults to the last 12 Jalali months ending today', async () => {
    const r = await sales(manager, 'groupBy=product');
    expect(r.from).toBe('2025-12-22'); // 1404/10/01
    expect(r.to).toBe('2026-11-23');
    expect(r.periods).toHaveLength(12);
    expect(r.periods.at(-1)!.key).toBe('1405-09');
  });

  it('counts only the customers an own-scope user may see', async () => {
    const mine = await sales(limited, 'groupBy=product&period=month&from=2026-03-21&to=2026-09-22');
    expect(brief(mine.periods[0])).toEqual([['INST', '3', '6000000']]);
    expect(mine.total.revenue).toBe('6000000');
    const owners = ok<{ owners: { ownerName: string }[] }>(await limited.get('/api/reports/revenue-by-owner?from=2026-03-21&to=2026-09-22'));
    expect(owners.owners.map((o) => o.ownerName)).toEqual(['فروشنده محدود']);
  });
});

describe('revenue by owner', () => {
  type Owner = { ownerId: string; invoiced: string; invoices: number; creditNotes: number; paid: string; payments: number };
  const byOwner = async (q: string) => ok<{ owners: Owner[]; total: { invoiced: string; paid: string } }>(await manager.get(`/api/reports/revenue-by-owner?${q}`));

  it('adds issued invoices less credit notes by issue date, and payments by paid date', async () => {
    const r = await byOwner('from=2026-03-21&to=2026-09-22');
    const of = (a: Agent) => r.owners.find((o) => o.ownerId === a.userId);
    // sales1: A 222M + C 165M − C's credit note + VC 11M; sales2: B 165M + D 44M − D's credit note.
    expect(of(sales1)).toMatchObject({ invoiced: '233000000', invoices: 3, creditNotes: 1, paid: '222000000', payments: 1 });
    expect(of(sales2)).toMatchObject({ invoiced: '165000000', invoices: 2, creditNotes: 1, paid: '65000000', payments: 1 });
    expect(of(limited)).toMatchObject({ invoiced: '6000000', invoices: 1, paid: '0' });
    expect(r.total).toMatchObject({ invoiced: '404000000', paid: '287000000' });
    expect(r.owners[0].ownerId).toBe(sales1.userId);
  });

  it('counts a payment on the Tehran day it was made (00:30 Tehran is 21:00 UTC the day before)', async () => {
    const before = await byOwner('from=2026-03-21&to=2026-03-29');
    expect(before.total.paid).toBe('0');
    const on = await byOwner('from=2026-03-30&to=2026-03-30');
    expect(on.total.paid).toBe('222000000');
    expect(on.total.invoiced).toBe('0');
  });
});

describe('pipeline, win rate and quote conversion', () => {
  it('shows open deals per open stage with amounts weighted by the deal’s or the stage’s probability', async () => {
    const r = ok<{ pipeline: { id: string }; stages: { name: string; count: number; amount: string; weightedAmount: string }[]; total: Record<string, unknown> }>(
      await manager.get(`/api/reports/pipeline?pipelineId=${pipelineId}`));
    expect(r.pipeline.id).toBe(pipelineId);
    expect(r.stages.map((s) => [s.name, s.count, s.amount, s.weightedAmount])).toEqual([
      ['سرنخ', 1, '30000000', '15000000'], // 50% set on the deal, not the stage's 10%
      ['نیازسنجی', 1, '20000000', '5000000'],
      ['ارسال پیش‌فاکتور', 0, '0', '0'],
      ['مذاکره', 1, '100000000', '75000000'],
    ]);
    expect(r.total).toEqual({ count: 3, amount: '150000000', weightedAmount: '95000000' });
    expect((await manager.get('/api/reports/pipeline?pipelineId=00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('computes the win rate of deals closed in the range, overall and per owner, with the lost reasons', async () => {
    const r = ok<{ total: Record<string, unknown>; owners: { ownerId: string; won: number; lost: number; rate: number | null; wonAmount: string }[]; lostReasons: unknown[] }>(
      await manager.get('/api/reports/win-rate?from=2026-08-01&to=2026-08-31'));
    expect(r.total).toEqual({ won: 3, lost: 2, wonAmount: '190000000', rate: 60 });
    expect(r.owners.find((o) => o.ownerId === sales1.userId)).toMatchObject({ won: 3, lost: 1, rate: 75, wonAmount: '190000000' });
    expect(r.owners.find((o) => o.ownerId === sales2.userId)).toMatchObject({ won: 0, lost: 1, rate: 0 });
    expect(r.lostReasons).toEqual([{ reason: 'قیمت بالا', count: 2 }]);
    const wider = ok<{ total: { won: number; rate: number } }>(await manager.get('/api/reports/win-rate?from=2026-06-01&to=2026-08-31'));
    expect(wider.total).toMatchObject({ won: 4, rate: 66.7 });
    const empty = ok<{ total: { rate: number | null } }>(await manager.get('/api/reports/win-rate?from=2026-01-01&to=2026-01-31'));
    expect(empty.total.rate).toBeNull();
  });

  it('follows the quotes sent in the range to acceptance and to an issued invoice', async () => {
    const r = ok<{ total: Record<string, unknown>; owners: { ownerId: string; sent: number; accepted: number; invoiced: number; acceptedPct: number; invoicedPct: number }[] }>(
      await manager.get('/api/reports/quote-conversion?from=2026-10-23&to=2026-11-21'));
    expect(r.total).toMatchObject({
      sent: 5, accepted: 3, rejected: 1, expired: 0, invoiced: 2, acceptedPct: 60, invoicedPct: 40, invoicedOfAcceptedPct: 66.7,
      sentAmount: String(110_000_000 + 55_000_000 + 44_000_000 + 2_000_000 + 110_000_000), invoicedAmount: String(110_000_000 + 110_000_000),
    });
    expect(r.owners.find((o) => o.ownerId === sales1.userId)).toMatchObject({ sent: 4, accepted: 2, invoiced: 1, acceptedPct: 50, invoicedPct: 25 });
    expect(r.owners.find((o) => o.ownerId === sales2.userId)).toMatchObject({ sent: 1, accepted: 1, invoiced: 1, acceptedPct: 100, invoicedPct: 100 });
    const before = ok<{ total: { sent: number; acceptedPct: number | null } }>(await manager.get('/api/reports/quote-conversion?from=2026-09-01&to=2026-10-22'));
    expect(before.total).toMatchObject({ sent: 0, acceptedPct: null });
  });
});

describe('exports and permissions', () => {
  it('exports CSV in UTF-8 with a BOM, Persian headers and period names, and formula-looking text neutralised', async () => {
    const res = await manager.get('/api/reports/sales?groupBy=product&period=month&from=2026-03-21&to=2026-06-21&format=csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="sales-product-2026-03-21-2026-06-21.csv"');
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('دوره,رتبه,کد,کالا یا خدمت,دسته,تعداد,فروش (ریال)');
    expect(lines[1]).toBe('فروردین ۱۴۰۵,1,FR-1,یخچال ساید بای ساید,یخچال,2,220000000');
    expect(lines).toContain("خرداد ۱۴۰۵,1,VC-1,'=1+2 جاروبرقی,جاروبرقی,1,11000000");
    expect(lines).toHaveLength(1 + 5 + 1); // header, five rows, and the empty string after the last CRLF
    const en = await manager.get('/api/reports/win-rate?from=2026-08-01&to=2026-08-31&format=csv&lang=en');
    expect(en.body.split('\r\n')[0]).toBe('\uFEFFOwner,Won,Lost,Win rate (%),Won amount (Rials)');
    expect(en.body).toContain('Total,3,2,60,190000000');
  });

  it('exports XLSX: a zip holding a right-to-left sheet with numbers as numbers and Persian text', async () => {
    const res = await manager.get('/api/reports/sales?groupBy=product&period=month&from=2026-03-21&to=2026-06-21&format=xlsx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
    const strings = files['xl/sharedStrings.xml'] ? strFromU8(files['xl/sharedStrings.xml']) : '';
    expect(sheet).toMatch(/rightToLeft="(1|true)"/);
    expect(sheet + strings).toContain('یخچال ساید بای ساید');
    expect(sheet).toMatch(/<v>220000000<\/v>/);
    expect(strFromU8(files['xl/workbook.xml'])).toContain('پرفروش‌ترین کالاها');
    const en = await manager.get('/api/reports/revenue-by-owner?from=2026-03-21&to=2026-09-22&format=xlsx&lang=en');
    const enSheet = strFromU8(unzipSync(new Uint8Array(en.rawPayload))['xl/worksheets/sheet1.xml']);
    expect(enSheet).not.toMatch(/rightToLeft="(1|true)"/);
    expect(enSheet).toMatch(/<v>404000000<\/v>/);
  });

  it('lets every role read reports but only managers and admins export; a role without reports gets 403', async () => {
    expect((await sales1.get('/api/reports/sales')).statusCode).toBe(200);
    for (const url of ['/api/reports/sales?format=csv', '/api/reports/revenue-by-owner?format=xlsx', '/api/reports/pipeline?format=csv',
      '/api/reports/win-rate?format=csv', '/api/reports/quote-conversion?format=xlsx']) {
      const res = await sales1.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    const support = await env.login('support');
    expect((await support.get('/api/reports/win-rate')).statusCode).toBe(200);
    expect((await support.get('/api/reports/win-rate?format=csv')).statusCode).toBe(403);
    expect((await manager.get('/api/reports/pipeline?format=csv')).statusCode).toBe(200);
    const nobody = await loginAs(env.app, 'noreports@test.example', 'Golbarg-Narenj-Sahel-47');
    expect((await nobody.get('/api/reports/sales')).statusCode).toBe(403);
    expect((await env.app.inject({ method: 'GET', url: '/api/reports/sales' })).statusCode).toBe(401);
  });
});
