/** Products through the wizard's API: Persian headers, Toman prices, tax and kind words, duplicates by code, undo. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type Agent, type TestEnv } from '../../../test/harness.ts';
import { kit } from '../../../test/import-kit.ts';

let env: TestEnv;
let admin: Agent;
let sales: Agent;
const k = kit(() => env);

beforeAll(async () => {
  env = await createTestEnv({ jobs: true, start: new Date().toISOString() });
  admin = await env.login('admin');
  sales = await env.login('sales');
});
afterAll(async () => { await env?.close(); });

async function products(where: ReturnType<typeof sql>) {
  return (await env.rt.database.db.execute(sql`SELECT code, name_fa, price::text AS price, unit, category, tax_class, kind, active, description
    FROM products WHERE ${where} ORDER BY code`)).rows;
}

describe('product import', () => {
  it('maps Persian headers, stores Toman as Rials, rejects bad rows with reasons, skips duplicates by code', async () => {
    expect((await admin.post('/api/products', { code: 'OLD-1', nameFa: 'قدیمی', price: '5000' })).statusCode).toBe(201);
    const file = [
      'نام کالا,کد کالا,قیمت,واحد,دسته بندی,مالیات,نوع,توضیحات',
      'دفتر ۱۰۰ برگ,NB-100,"۱۲٬۵۰۰",جلد,لوازم التحریر,مشمول,کالا,',
      'نصب و راه اندازی,SRV-1,200000,ساعت,خدمات,معاف,خدمت,یک ساعت کار',
      'قدیمی تکراری,old-1,9000,,,,,',
      ',NONAME,1000,,,,,',
      'خودکار,PEN,ارزان,,,,,',
      'مداد,,3000,,,,,',
    ].join('\n');
    const up = await k.upload(sales, 'products', file);
    // Sales reads products but may not create them.
    expect(up.statusCode).toBe(403);
    const { preview, done } = await k.runImport(admin, 'products', file, { options: { moneyUnit: 'toman' } });
    expect(preview.mapping).toEqual({ 0: 'name', 1: 'code', 2: 'price', 3: 'unit', 4: 'category', 5: 'tax', 6: 'productKind', 7: 'description' });
    expect(done).toMatchObject({ status: 'done', total: 6, created: 3, updated: 0, skipped: 1, rejected: 2 });
    const made = await products(sql`code IN ('NB-100', 'SRV-1') OR name_fa = 'مداد'`);
    expect(made).toEqual([
      // The reader turns Persian digits into Latin ones in every cell (as for customers).
      { code: 'NB-100', name_fa: 'دفتر 100 برگ', price: '125000', unit: 'جلد', category: 'لوازم التحریر', tax_class: 'standard', kind: 'product', active: true, description: null },
      { code: expect.stringMatching(/^P-[0-9a-f]{8}$/), name_fa: 'مداد', price: '30000', unit: 'عدد', category: null, tax_class: 'standard', kind: 'product', active: true, description: null },
      { code: 'SRV-1', name_fa: 'نصب و راه اندازی', price: '2000000', unit: 'ساعت', category: 'خدمات', tax_class: 'exempt', kind: 'service', active: true, description: 'یک ساعت کار' },
    ]);
    expect(await products(sql`code = 'OLD-1'`)).toMatchObject([{ name_fa: 'قدیمی', price: '5000' }]);
    expect(await k.rejectedReasons(admin, done.id, 'en')).toEqual(['name: required', 'price: "ارزان" is not an amount']);
  });

  it('on duplicate "update" changes the given fields; undo deletes created products and puts old values back', async () => {
    expect((await admin.post('/api/products', { code: 'UP-1', nameFa: 'قبلی', price: '1000', category: 'الف' })).statusCode).toBe(201);
    const { done } = await k.runImport(admin, 'products', 'code,name,price\nup-1,جدید,2000\nUP-2,دومی,300\n', { options: { onDuplicate: 'update' } });
    expect(done).toMatchObject({ created: 1, updated: 1, skipped: 0, rejected: 0 });
    expect(await products(sql`code IN ('UP-1', 'UP-2')`)).toMatchObject([{ code: 'UP-1', name_fa: 'جدید', price: '2000', category: 'الف' }, { code: 'UP-2', name_fa: 'دومی', price: '300' }]);
    expect((await sales.post(`/api/imports/${done.id}/undo`)).statusCode).toBe(403);
    const undo = await admin.post(`/api/imports/${done.id}/undo`);
    expect(undo.json()).toEqual({ removed: 1, reverted: 1 });
    expect(await products(sql`code IN ('UP-1', 'UP-2')`)).toMatchObject([{ code: 'UP-1', name_fa: 'قبلی', price: '1000', category: 'الف' }]);
  });

  it('a mapping target of another kind is refused', async () => {
    const up = await k.upload(admin, 'products', 'name,code\nx,y\n');
    const res = await admin.put(`/api/imports/${up.json().id}`, { mapping: { 0: 'firstName', 1: 'code' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });
});
