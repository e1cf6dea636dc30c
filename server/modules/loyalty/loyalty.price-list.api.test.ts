/**
 * The tier benefit "a price list" (PGlite by default, PostgreSQL with TEST_DATABASE_URL): a gold member's new quote
 * or invoice that names no price list is priced from the gold tier's list (a product the list does not name keeps its
 * own price); a non-member's from the product; a list named in the request wins; a typed unit price is kept; the
 * document's history names the list. A tier naming an unknown list is refused and the program is unchanged.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let admin: Agent;
let sales: Agent;
let gold: string;
let plain: string;
let listed: string;
let unlisted: string;
let goldList: string;
let otherList: string;

const program = (priceListId: string | null) => ({
  enabled: true, expiryMonths: 0, tierSmsFa: '',
  tiers: [
    { key: 'base', nameFa: 'پایه', nameEn: 'Base', threshold: 0 },
    { key: 'gold', nameFa: 'طلایی', nameEn: 'Gold', threshold: 1000, priceListId },
  ],
});

const pricesOf = async (id: string) => (await sales.get(`/api/documents/${id}`)).json().lines.map((l: { unitPrice: string }) => l.unitPrice);

beforeAll(async () => {
  env = await createTestEnv({ start: '2026-10-01T08:00:00Z' });
  admin = await env.login('admin');
  sales = await env.login('sales');
  listed = (await admin.post('/api/products', { code: 'TEA', nameFa: 'چای', price: '500000' })).json().id;
  unlisted = (await admin.post('/api/products', { code: 'CUP', nameFa: 'فنجان', price: '300000' })).json().id;
  goldList = (await admin.post('/api/price-lists', { name: 'طلایی‌ها' })).json().id;
  otherList = (await admin.post('/api/price-lists', { name: 'عمده' })).json().id;
  expect((await admin.post(`/api/price-lists/${goldList}/items`, { items: [{ productId: listed, price: '400000' }] })).statusCode).toBe(200);
  expect((await admin.post(`/api/price-lists/${otherList}/items`, { items: [{ productId: listed, price: '350000' }] })).statusCode).toBe(200);
  const saved = await admin.put('/api/loyalty/program', program(goldList));
  expect(saved.statusCode, saved.body).toBe(200);
  expect(saved.json().tiers[1].priceListId).toBe(goldList);
  gold = (await sales.post('/api/customers', { kind: 'person', firstName: 'مینا', lastName: 'طلایی', force: true })).json().id;
  plain = (await sales.post('/api/customers', { kind: 'person', firstName: 'نادر', lastName: 'عادی', force: true })).json().id;
  expect((await admin.post('/api/loyalty/ledger', { customerId: gold, kind: 'earn', points: 1000, reason: 'خرید پیشین' })).json().tier).toBe('gold');
}, 180_000);
afterAll(async () => { await env?.close(); });

describe('the tier price list', () => {
  const lines = () => [{ productId: listed, quantity: '1' }, { productId: unlisted, quantity: '1' }];

  it('prices a gold member\'s quote and invoice from the tier list and says so in the history', async () => {
    const q = await sales.post('/api/documents', { kind: 'quote', customerId: gold, lines: lines() });
    expect(q.statusCode, q.body).toBe(201);
    expect(await pricesOf(q.json().id)).toEqual(['400000', '300000']);
    const created = (await sales.get(`/api/documents/${q.json().id}`)).json().events.find((e: { type: string }) => e.type === 'created');
    expect(created.data.standingPriceList).toEqual({ id: goldList, name: 'طلایی‌ها', lines: 1 });
    const inv = await sales.post('/api/documents', { kind: 'invoice', customerId: gold, lines: lines() });
    expect(await pricesOf(inv.json().id)).toEqual(['400000', '300000']);
  });

  it('a non-member is priced from the product; a named list wins; a typed price is kept', async () => {
    const p = await sales.post('/api/documents', { kind: 'quote', customerId: plain, lines: lines() });
    expect(await pricesOf(p.json().id)).toEqual(['500000', '300000']);
    const named = await sales.post('/api/documents', { kind: 'quote', customerId: gold, priceListId: otherList, lines: lines() });
    expect(await pricesOf(named.json().id)).toEqual(['350000', '300000']);
    const created = (await sales.get(`/api/documents/${named.json().id}`)).json().events.find((e: { type: string }) => e.type === 'created');
    expect(created.data.standingPriceList).toBeUndefined();
    const typed = await sales.post('/api/documents', { kind: 'quote', customerId: gold, lines: [{ productId: listed, quantity: '1', unitPrice: '450000' }] });
    expect(await pricesOf(typed.json().id)).toEqual(['450000']);
  });

  it('a line added to a gold member\'s draft later is priced from the list too', async () => {
    const q = await sales.post('/api/documents', { kind: 'quote', customerId: gold, lines: [{ productId: unlisted, quantity: '1' }] });
    const edit = await sales.patch(`/api/documents/${q.json().id}`, { lines: [{ productId: unlisted, quantity: '1', unitPrice: '300000' }, { productId: listed, quantity: '2' }] });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(await pricesOf(q.json().id)).toEqual(['300000', '400000']);
  });

  it('a switched-off list is skipped (product prices), and a tier naming an unknown list is refused with the program unchanged', async () => {
    expect((await admin.patch(`/api/price-lists/${goldList}`, { active: false })).statusCode).toBe(200);
    const q = await sales.post('/api/documents', { kind: 'quote', customerId: gold, lines: lines() });
    expect(q.statusCode, q.body).toBe(201);
    expect(await pricesOf(q.json().id)).toEqual(['500000', '300000']);
    const bad = await admin.put('/api/loyalty/program', program(randomUUID()));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toHaveProperty(['tiers.1.priceListId']);
    expect((await admin.get('/api/loyalty/program')).json().tiers[1].priceListId).toBe(goldList);
  });
  it('the "free service" benefit: a service at 0 in the tier list is free on a gold member\'s invoice, paid by others', async () => {
    expect((await admin.patch(`/api/price-lists/${goldList}`, { active: true })).statusCode).toBe(200); // switched off above
    const install = (await admin.post('/api/products', { code: 'INSTALL', nameFa: 'نصب در محل', price: '2000000', kind: 'service' })).json().id;
    expect((await admin.post(`/api/price-lists/${goldList}/items`, { items: [{ productId: install, price: '0' }] })).statusCode).toBe(200);
    const mine = await sales.post('/api/documents', { kind: 'invoice', customerId: gold, lines: [{ productId: install, quantity: '1' }] });
    expect(mine.statusCode, mine.body).toBe(201);
    expect(await pricesOf(mine.json().id)).toEqual(['0']);
    expect((await sales.get(`/api/documents/${mine.json().id}`)).json().grandTotal).toBe('0');
    const theirs = await sales.post('/api/documents', { kind: 'invoice', customerId: plain, lines: [{ productId: install, quantity: '1' }] });
    expect(await pricesOf(theirs.json().id)).toEqual(['2000000']);
  });
});
