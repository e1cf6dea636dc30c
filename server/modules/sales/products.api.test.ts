import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let admin: Agent;
let manager: Agent;
let sales: Agent;

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  manager = await env.login('manager');
  sales = await env.login('sales');
});
afterAll(async () => env?.close());

type Product = { id: string; code: string; nameFa: string; price: string; active: boolean; category: string | null; taxClass: string };

let seq = 0;
async function product(agent: Agent, fields: Record<string, unknown> = {}): Promise<Product> {
  const res = await agent.post('/api/products', { code: `P-${++seq}`, nameFa: `کالای ${seq}`, price: '1000', ...fields });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const priceOf = async (id: string) => (await admin.get(`/api/products/${id}`)).json().price as string;
const codes = (items: Product[]) => items.map((p) => p.code).sort();

async function auditRows(entityId: string) {
  return env.rt.database.query<{ action: string; field: string | null; old_value: unknown; new_value: unknown }>(
    `SELECT action, field, old_value, new_value FROM audit_log WHERE entity_type = 'product' AND entity_id = $1 ORDER BY id`, [entityId]);
}

describe('products: create, read, edit, deactivate, delete', () => {
  it('keeps money as a string of Rials, audits each change, and lists only active ones when asked', async () => {
    const created = await product(manager, { code: 'LAP-01', nameFa: 'لپ‌تاپ', nameEn: 'Laptop', category: 'رایانه', price: '125000000', unit: 'دستگاه' });
    expect(created).toMatchObject({ code: 'LAP-01', nameFa: 'لپ‌تاپ', price: '125000000', unit: 'دستگاه', kind: 'product', taxClass: 'standard', active: true });
    expect((await sales.get(`/api/products/${created.id}`)).json().price).toBe('125000000');

    const edited = await manager.patch(`/api/products/${created.id}`, { price: '130000000', taxClass: 'exempt' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ price: '130000000', taxClass: 'exempt' });

    const off = await manager.post(`/api/products/${created.id}/deactivate`);
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().active).toBe(false);
    const active = (await sales.get('/api/products?active=true&pageSize=200')).json().items as Product[];
    expect(active.map((p) => p.id)).not.toContain(created.id);
    const all = (await sales.get('/api/products?pageSize=200')).json().items as Product[];
    expect(all.map((p) => p.id)).toContain(created.id);

    const audit = await auditRows(created.id);
    expect(audit.map((a) => `${a.action}:${a.field ?? ''}`)).toEqual(['create:', 'update:price', 'update:taxClass', 'update:active']);
    expect(audit[1]).toMatchObject({ old_value: '125000000', new_value: '130000000' });
  });

  it('rejects a taken code whatever its case with 409, on create and on rename', async () => {
    await product(manager, { code: 'SKU-Alpha' });
    const dup = await manager.post('/api/products', { code: 'sku-ALPHA', nameFa: 'دیگری', price: '1' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('CONFLICT');
    expect(dup.json().error.details).toHaveProperty('code');
    const other = await product(manager, { code: 'SKU-Beta' });
    const rename = await manager.patch(`/api/products/${other.id}`, { code: 'SKU-ALPHA' });
    expect(rename.statusCode).toBe(409);
    expect((await manager.get(`/api/products/${other.id}`)).json().code).toBe('SKU-Beta');
    // Its own code in another case is not a conflict.
    expect((await manager.patch(`/api/products/${other.id}`, { code: 'sku-beta' })).statusCode).toBe(200);
  });

  it('refuses money beyond bigint, money as a JS number, and a negative price, naming the field', async () => {
    const over = await manager.post('/api/products', { code: 'BIG', nameFa: 'بزرگ', price: '9223372036854775808' });
    expect(over.statusCode).toBe(400);
    expect(over.json().error.code).toBe('VALIDATION_FAILED');
    expect(over.json().error.details).toHaveProperty('price');
    const max = await manager.post('/api/products', { code: 'MAX', nameFa: 'بیشینه', price: '9223372036854775807' });
    expect(max.statusCode, max.body).toBe(201);
    expect(max.json().price).toBe('9223372036854775807');
    for (const price of [1000, '-5', '12.5', '1e6', '']) {
      const res = await manager.post('/api/products', { code: `BAD-${String(price)}`, nameFa: 'بد', price });
      expect(res.statusCode, String(price)).toBe(400);
      expect(res.json().error.details).toHaveProperty('price');
    }
    // Persian digits are read as digits.
    const fa = await manager.post('/api/products', { code: 'FA-DIGITS', nameFa: 'رقم فارسی', price: '۱۲۵۰۰' });
    expect(fa.json().price).toBe('12500');
  });

  it('deletes a product never used, and refuses (409) to delete one used on a deal', async () => {
    const unused = await product(manager);
    expect((await manager.del(`/api/products/${unused.id}`)).statusCode).toBe(204);
    expect((await manager.get(`/api/products/${unused.id}`)).statusCode).toBe(404);

    const used = await product(manager);
    const customer = (await manager.post('/api/customers', { kind: 'person', lastName: 'خریدار' })).json();
    const deal = await manager.post('/api/deals', { customerId: customer.id, title: 'فروش', items: [{ productId: used.id, quantity: '1' }] });
    expect(deal.statusCode, deal.body).toBe(201);
    const del = await manager.del(`/api/products/${used.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().error.message).toMatch(/deactivate/);
    expect((await manager.get(`/api/products/${used.id}`)).statusCode).toBe(200);
    // Sales may not delete at all.
    expect((await sales.del(`/api/products/${unused.id}`)).statusCode).toBe(403);
  });
});

describe('product search in Persian', () => {
  it('matches Arabic ي/ك against Persian ی/ک, ZWNJ/space/no-space variants, codes and Persian digits', async () => {
    const cake = await product(manager, { code: 'CK-730', nameFa: 'كيك شكلاتي', category: 'شیرینی' });
    const oil = await product(manager, { code: 'OIL-1', nameFa: 'روغن‌موتور', nameEn: 'Engine oil' });
    await product(manager, { code: 'X-1', nameFa: 'چای سبز' });
    // The name is stored with Persian letters.
    expect(cake.nameFa).toBe('کیک شکلاتی');
    const search = async (q: string) => codes((await sales.get(`/api/products?q=${encodeURIComponent(q)}`)).json().items);
    expect(await search('کیک')).toEqual(['CK-730']);
    expect(await search('كيك شكلاتي')).toEqual(['CK-730']);
    expect(await search('شکلاتی کیک')).toEqual(['CK-730']);
    expect(await search('روغن موتور')).toEqual(['OIL-1']);
    expect(await search('روغنموتور')).toEqual(['OIL-1']);
    expect(await search('روغن‌موتور')).toEqual(['OIL-1']);
    expect(await search('engine')).toEqual(['OIL-1']);
    expect(await search('ck-۷۳۰')).toEqual(['CK-730']);
    expect(await search('قهوه')).toEqual([]);
    // Filters combine with the search.
    expect(codes((await sales.get(`/api/products?q=${encodeURIComponent('کیک')}&category=${encodeURIComponent('شيريني')}`)).json().items)).toEqual(['CK-730']);
    expect(oil.id).toBeTruthy();
  });

  it('pages and counts', async () => {
    const first = (await sales.get('/api/products?pageSize=2&page=1&sort=code')).json();
    const second = (await sales.get('/api/products?pageSize=2&page=2&sort=code')).json();
    expect(first.items).toHaveLength(2);
    expect(first.total).toBeGreaterThan(4);
    expect(second.total).toBe(first.total);
    expect(second.items[0].code.toLowerCase() >= first.items[1].code.toLowerCase()).toBe(true);
  });
});

describe('bulk edit', () => {
  it('raises prices by 10% rounding half-up to whole Rials, and reports how many changed', async () => {
    const cat = `bulk-${randomUUID().slice(0, 8)}`;
    const a = await product(manager, { category: cat, price: '12345' });
    const b = await product(manager, { category: cat, price: '5' });
    const c = await product(manager, { category: cat, price: '4' });
    const d = await product(manager, { category: cat, price: '0' });
    const res = await manager.post('/api/products/bulk', { filter: { category: cat }, price: { percent: 10 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ matched: 4, changed: 2 }); // 4 × 1.1 rounds back to 4, and 0 stays 0
    expect(await priceOf(a.id)).toBe('13580'); // 13579.5 → 13580
    expect(await priceOf(b.id)).toBe('6'); // 5.5 → 6
    expect(await priceOf(c.id)).toBe('4'); // 4.4 → 4
    expect(await priceOf(d.id)).toBe('0');
    // A decimal percent and a fixed amount, by ids.
    expect((await manager.post('/api/products/bulk', { ids: [a.id], price: { percent: '-12.5' } })).json()).toEqual({ matched: 1, changed: 1 });
    expect(await priceOf(a.id)).toBe('11883'); // 13580 × 0.875 = 11882.5 → 11883
    const below = await manager.post('/api/products/bulk', { ids: [a.id, b.id], price: { amount: '-1000' } });
    expect(below.statusCode).toBe(400);
    expect(below.json().error.message).toMatch(/^The price change would put 1 price below 0 or above [\d,]+ Rials; nothing was changed$/);
    // −7: 11883 → 11876 is fine; 6, 4 and 0 would go below 0.
    const three = await manager.post('/api/products/bulk', { ids: [b.id, c.id, a.id, d.id], price: { amount: '-7' } });
    expect(three.json().error.message).toMatch(/^The price change would put 3 prices below 0/);
    expect([await priceOf(a.id), await priceOf(b.id), await priceOf(c.id), await priceOf(d.id)]).toEqual(['11883', '6', '4', '0']);
    expect((await manager.post('/api/products/bulk', { ids: [a.id], price: { amount: '-883' } })).json().changed).toBe(1);
    expect(await priceOf(a.id)).toBe('11000');
    const audit = await auditRows(a.id);
    expect(audit.filter((r) => r.field === 'price').map((r) => r.new_value)).toEqual(['13580', '11883', '11000']);
  });

  it('sets category, active and tax class for a list of ids', async () => {
    const a = await product(manager, { category: 'قدیم' });
    const b = await product(manager, { category: 'قدیم', taxClass: 'exempt' });
    const res = await manager.post('/api/products/bulk', { ids: [a.id, b.id], set: { category: 'جدید', active: false, taxClass: 'exempt' } });
    expect(res.json()).toEqual({ matched: 2, changed: 2 });
    for (const id of [a.id, b.id]) expect((await manager.get(`/api/products/${id}`)).json()).toMatchObject({ category: 'جدید', active: false, taxClass: 'exempt' });
    // The same edit again changes nothing.
    expect((await manager.post('/api/products/bulk', { ids: [a.id, b.id], set: { category: 'جدید' } })).json()).toEqual({ matched: 2, changed: 0 });
  });

  it('rejects a change that would make a price negative or overflow bigint, changing nothing', async () => {
    const cat = `guard-${randomUUID().slice(0, 8)}`;
    const small = await product(manager, { category: cat, price: '500' });
    const fine = await product(manager, { category: cat, price: '100000' });
    const negative = await manager.post('/api/products/bulk', { filter: { category: cat }, price: { amount: '-1000' }, set: { taxClass: 'exempt' } });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().error.code).toBe('VALIDATION_FAILED');
    expect(negative.json().error.details.price).toContain(small.code);
    expect(await priceOf(small.id)).toBe('500');
    expect(await priceOf(fine.id)).toBe('100000');
    expect((await manager.get(`/api/products/${fine.id}`)).json().taxClass).toBe('standard');
    expect((await manager.post('/api/products/bulk', { filter: { category: cat }, price: { percent: -101 } })).statusCode).toBe(400);

    const huge = await product(manager, { category: cat, price: '9000000000000000000' });
    const overflow = await manager.post('/api/products/bulk', { filter: { category: cat }, price: { percent: 10 } });
    expect(overflow.statusCode).toBe(400);
    expect(overflow.json().error.details.price).toContain(huge.code);
    expect(await priceOf(huge.id)).toBe('9000000000000000000');
    expect(await priceOf(fine.id)).toBe('100000');
    const plus = await manager.post('/api/products/bulk', { ids: [huge.id], price: { amount: '223372036854775808' } });
    expect(plus.statusCode).toBe(400);
    expect(await priceOf(huge.id)).toBe('9000000000000000000');
  });

  it('validates the request: ids or filter, something to change, known ids; sales may not bulk-edit', async () => {
    const p = await product(manager);
    expect((await manager.post('/api/products/bulk', { ids: [p.id] })).statusCode).toBe(400);
    expect((await manager.post('/api/products/bulk', { ids: [p.id], filter: {}, set: { active: true } })).statusCode).toBe(400);
    const unknown = await manager.post('/api/products/bulk', { ids: [p.id, randomUUID()], set: { active: false } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details).toHaveProperty('ids');
    expect((await manager.get(`/api/products/${p.id}`)).json().active).toBe(true);
    const denied = await sales.post('/api/products/bulk', { ids: [p.id], price: { percent: 10 } });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('FORBIDDEN');
    expect(await priceOf(p.id)).toBe('1000');
    expect((await sales.post('/api/products', { code: 'S-1', nameFa: 'x', price: '1' })).statusCode).toBe(403);
  });
});

describe('categories and price lists', () => {
  it('lists distinct categories with counts', async () => {
    const cat = `دسته-${randomUUID().slice(0, 6)}`;
    await product(manager, { category: cat });
    await product(manager, { category: cat, active: false });
    const items = (await sales.get('/api/product-categories')).json().items as { name: string; count: number; activeCount: number }[];
    expect(items.find((c) => c.name === cat)).toEqual({ name: cat, count: 2, activeCount: 1 });
  });

  it('resolves a price from the list override, else the product price', async () => {
    const p = await product(manager, { price: '50000' });
    const q = await product(manager, { price: '70000' });
    const list = await manager.post('/api/price-lists', { name: 'عمده‌فروشی' });
    expect(list.statusCode, list.body).toBe(201);
    const id = list.json().id;
    expect((await manager.post('/api/price-lists', { name: 'عمده‌فروشی' })).statusCode).toBe(409);
    const set = await manager.post(`/api/price-lists/${id}/items`, { items: [{ productId: p.id, price: '45000' }] });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().items).toEqual([expect.objectContaining({ productId: p.id, price: '45000', productPrice: '50000' })]);

    expect((await sales.get(`/api/products/${p.id}/price?priceListId=${id}`)).json()).toEqual({ productId: p.id, priceListId: id, price: '45000', source: 'price_list' });
    expect((await sales.get(`/api/products/${q.id}/price?priceListId=${id}`)).json()).toMatchObject({ price: '70000', source: 'product' });
    expect((await sales.get(`/api/products/${p.id}/price`)).json()).toMatchObject({ price: '50000', source: 'product' });
    expect((await sales.get(`/api/products/${p.id}/price?priceListId=${randomUUID()}`)).statusCode).toBe(404);

    const bad = await manager.post(`/api/price-lists/${id}/items`, { items: [{ productId: q.id, price: '1' }, { productId: randomUUID(), price: '1' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toHaveProperty('items.1.productId');
    expect((await sales.get(`/api/products/${q.id}/price?priceListId=${id}`)).json().source).toBe('product');

    await manager.post(`/api/price-lists/${id}/items`, { items: [{ productId: p.id, price: null }] });
    expect((await sales.get(`/api/products/${p.id}/price?priceListId=${id}`)).json()).toMatchObject({ price: '50000', source: 'product' });
    expect((await sales.post(`/api/price-lists/${id}/items`, { items: [{ productId: p.id, price: '1' }] })).statusCode).toBe(403);
    expect((await manager.get('/api/price-lists')).json().items).toEqual([expect.objectContaining({ id, name: 'عمده‌فروشی', itemCount: 0 })]);
    expect((await manager.del(`/api/price-lists/${id}`)).statusCode).toBe(204);
    const audit = await auditRows(p.id);
    expect(audit.filter((r) => r.field === `priceList.${id}`).map((r) => [r.old_value, r.new_value])).toEqual([[null, '45000'], ['45000', null]]);
  });
});
