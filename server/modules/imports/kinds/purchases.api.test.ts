/**
 * Purchase history through the wizard's API: invoices with lines from a Persian file (Jalali dates, Toman), a
 * CDNOW-like transaction log (customer_code,date,quantity,amount: one invoice per customer-day), duplicates, rejected
 * rows, undo, and a crash in the middle of an invoice.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type Agent, type TestEnv } from '../../../test/harness.ts';
import { withTx } from '../../../db/tx.ts';
import { NullQueue } from '../../../jobs/queue.ts';
import { actorsOfUsers } from '../../auth/index.ts';
import { runQueuedBatch, startImport, uploadImport, getImport } from '../index.ts';
import { kit } from '../../../test/import-kit.ts';

let env: TestEnv;
let admin: Agent;
let sales: Agent;
const k = kit(() => env);

beforeAll(async () => {
  env = await createTestEnv({ jobs: true, start: new Date().toISOString() });
  admin = await env.login('admin');
  sales = await env.login('sales');
  // Customers with codes (through the customer import) and one with only a phone.
  const customers = await k.runImport(admin, 'customers', 'کد مشتری,نام,نام خانوادگی,موبایل\n00001,آرش,کمالی,09121230001\n00002,بهار,نیک,09121230002\n');
  expect(customers.done).toMatchObject({ created: 2, rejected: 0 });
  expect((await admin.post('/api/products', { code: 'SKU-1', nameFa: 'کفش ورزشی', price: '1000000' })).statusCode).toBe(201);
});
afterAll(async () => { await env?.close(); });

type Inv = { number: string; customer: string | null; status: string; issue_date: string; grand_total: string; paid_total: string };
async function invoices(where: ReturnType<typeof sql>) {
  return (await env.rt.database.db.execute(sql`SELECT d.number, c.external_id AS customer, d.status, d.issue_date::text AS issue_date, d.grand_total::text AS grand_total, d.paid_total::text AS paid_total
    FROM documents d JOIN customers c ON c.id = d.customer_id WHERE d.kind = 'invoice' AND ${where} ORDER BY d.issue_date, d.number`)).rows as Inv[];
}
async function linesOf(number: string) {
  return (await env.rt.database.db.execute(sql`SELECT l.description, l.code, l.product_id IS NOT NULL AS has_product, l.quantity::text AS quantity, l.unit_price::text AS unit_price, l.total::text AS total
    FROM document_lines l JOIN documents d ON d.id = l.document_id WHERE d.number = ${number} ORDER BY l.position`)).rows;
}

describe('purchase history import', () => {
  it('Persian file: rows sharing an invoice number make one invoice; unknown customer and bad date rejected with reasons; undo', async () => {
    const file = [
      'شماره فاکتور,موبایل,تاریخ,کد کالا,نام کالا,تعداد,قیمت واحد,تخفیف,پرداخت',
      'F-100,۰۹۱۲۱۲۳۰۰۰۱,۱۴۰۲/۰۵/۱۲,SKU-1,,2,"100,000",,بله',
      'F-100,09121230001,1402/05/12,,جوراب,3,20000,5000,بله',
      'F-101,09129999999,1402/05/13,SKU-1,,1,100000,,',
      'F-102,09121230002,1402/13/01,SKU-1,,1,100000,,',
      'F-103,09121230002,1402/06/01,sku-1,,1,100000,,50000',
    ].join('\n');
    const up = await k.upload(admin, 'purchases', file);
    expect(up.statusCode, up.body).toBe(201);
    const p = up.json();
    expect(p.mapping).toEqual({ 0: 'invoiceNumber', 1: 'customerPhone', 2: 'date', 3: 'productCode', 4: 'productName', 5: 'quantity', 6: 'unitPrice', 7: 'discount', 8: 'paid' });
    expect(p.preview[0]).toMatchObject({ errors: [], values: { invoiceNumber: 'F-100', date: '2023-08-03', quantity: '2', unitPrice: '100000', total: '200000' } });
    expect(p.preview[3].errors).toEqual(['date: "1402/13/01" is not a valid Jalali date']);
    // Sales may create documents but undoing needs delete; prices are in Toman.
    const { done } = await k.runImport(sales, 'purchases', file, { options: { moneyUnit: 'toman' } });
    expect(done).toMatchObject({ status: 'done', total: 5, created: 3, skipped: 0, rejected: 2 });
    // 2 × 1,000,000 + (3 × 200,000 − 50,000) Rials, paid in full; F-103 paid 500,000 of 1,000,000.
    expect(await invoices(sql`d.number IN ('F-100', 'F-101', 'F-102', 'F-103')`)).toEqual([
      { number: 'F-100', customer: '00001', status: 'paid', issue_date: '2023-08-03', grand_total: '2550000', paid_total: '2550000' },
      { number: 'F-103', customer: '00002', status: 'partially_paid', issue_date: '2023-08-23', grand_total: '1000000', paid_total: '500000' },
    ]);
    expect(await linesOf('F-100')).toEqual([
      { description: 'کفش ورزشی', code: 'SKU-1', has_product: true, quantity: '2.000', unit_price: '1000000', total: '2000000' },
      { description: 'جوراب', code: null, has_product: false, quantity: '3.000', unit_price: '200000', total: '550000' },
    ]);
    expect(await k.rejectedReasons(sales, done.id, 'en')).toEqual([
      'customer: no customer matches (phone +989129999999)',
      'date: "1402/13/01" is not a valid Jalali date',
    ]);
    expect(await k.rejectedReasons(sales, done.id, 'fa')).toEqual([
      'مشتری: مشتری‌ای با این مشخصات پیدا نشد (تلفن +989129999999)',
      'تاریخ: «1402/13/01» تاریخ شمسی درستی نیست',
    ]);

    // The same file again: every invoice is a duplicate (skipped), nothing doubles.
    const again = await k.runImport(admin, 'purchases', file, { options: { moneyUnit: 'toman' } });
    expect(again.done).toMatchObject({ created: 0, skipped: 3, rejected: 2 });
    expect(await linesOf('F-100')).toHaveLength(2);

    expect((await sales.post(`/api/imports/${done.id}/undo`)).statusCode).toBe(403);
    expect(await invoices(sql`d.number = 'F-100'`)).toHaveLength(1);
    const undo = await admin.post(`/api/imports/${done.id}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json()).toEqual({ removed: 2, reverted: 0 });
    expect(await invoices(sql`d.number IN ('F-100', 'F-103')`)).toEqual([]);
    const [{ n }] = (await env.rt.database.db.execute(sql`SELECT count(*)::int AS n FROM payments WHERE reference IN ('import:F-100', 'import:F-103')`)).rows as { n: number }[];
    expect(n).toBe(0);
  });

  it('on duplicate "update" replaces an invoice\'s lines; undo puts the old lines back', async () => {
    const first = await k.runImport(admin, 'purchases', 'invoice,customer code,date,sku,qty,price\nU-1,00001,2024-01-05,SKU-1,1,1000\n');
    expect(first.done).toMatchObject({ created: 1 });
    const second = await k.runImport(admin, 'purchases', 'invoice,customer code,date,sku,qty,price\nU-1,00001,2024-01-05,SKU-1,3,1000\nU-1,00001,2024-01-05,X-9,1,50\n', { options: { onDuplicate: 'update' } });
    expect(second.done).toMatchObject({ created: 0, updated: 2 });
    expect((await linesOf('U-1')).map((l) => [l.code, l.quantity, l.total])).toEqual([['SKU-1', '3.000', '3000'], ['X-9', '1.000', '50']]);
    expect((await admin.post(`/api/imports/${second.done.id}/undo`)).json()).toEqual({ removed: 0, reverted: 1 });
    expect((await linesOf('U-1')).map((l) => [l.code, l.quantity, l.total])).toEqual([['SKU-1', '1.000', '1000']]);
  });

  it('a CDNOW-like log (customer_code,date,quantity,amount) makes one invoice per customer-day', async () => {
    const log = 'customer_code,date,quantity,amount\n00001,19970101,1,11.77\n00001,19970101,2,20.00\n00001,19970118,1,5.00\n00002,19970102,2,89.00\n00003,19970101,1,5\n';
    const { preview, done } = await k.runImport(admin, 'purchases', log);
    expect(preview.mapping).toEqual({ 0: 'customerCode', 1: 'date', 2: 'quantity', 3: 'amount' });
    expect(done).toMatchObject({ total: 5, created: 4, rejected: 1 });
    const rows = await invoices(sql`d.number LIKE 'H-%' AND d.issue_date < '1998-01-01'`);
    expect(rows.map((r) => [r.customer, r.issue_date, r.grand_total, r.status])).toEqual([
      ['00001', '1997-01-01', '32', 'issued'], ['00002', '1997-01-02', '89', 'issued'], ['00001', '1997-01-18', '5', 'issued'],
    ]);
    const day1 = rows.find((r) => r.issue_date === '1997-01-01')!.number;
    expect(day1).toMatch(/^H-[0-9a-f]{12}-19970101$/);
    expect((await linesOf(day1)).map((l) => [l.quantity, l.unit_price, l.total])).toEqual([['1.000', '12', '12'], ['2.000', '10', '20']]);
    expect(await k.rejectedReasons(admin, done.id, 'en')).toEqual(['customer: no customer matches (code 00003)']);
  });

  it('a crash in the middle of a file: chunks end between invoices, the resumed run neither doubles nor splits one', async () => {
    const file = ['invoice,customer code,date,sku,qty,price',
      'R-1,00001,2024-02-01,SKU-1,1,100', 'R-1,00001,2024-02-01,SKU-1,2,100', 'R-1,00001,2024-02-01,SKU-1,3,100',
      'R-2,00002,2024-02-02,SKU-1,1,100',
      // R-1 again, apart from its other rows: it joins the invoice this import began.
      'R-1,00001,2024-02-01,SKU-1,4,100',
      'R-3,00002,2024-02-03,SKU-1,1,100', 'R-3,00002,2024-02-03,SKU-1,1,100'].join('\n');
    const db = env.rt.database.db;
    const [actor] = await actorsOfUsers(db, [admin.userId]);
    const p = await uploadImport(env.rt.database, actor, env.rt.clock, { kind: 'purchases', fileName: 'crash.csv', encoding: 'auto', data: Buffer.from(file) });
    await withTx(env.rt.database, (tx) => startImport(tx, actor, new NullQueue(), p.id));
    const crash = new Error('crash after chunk 1');
    await expect(runQueuedBatch(env.rt.database, env.rt.clock, p.id, { chunkSize: 2, afterChunk: (c) => { if (c === 1) throw crash; } })).rejects.toBe(crash);
    // Chunk 1 held all three R-1 rows (the boundary waited for the invoice to end).
    expect(await getImport(db, actor, p.id)).toMatchObject({ status: 'running', processed: 3, created: 3 });
    expect((await linesOf('R-1')).map((l) => l.quantity)).toEqual(['1.000', '2.000', '3.000']);
    await runQueuedBatch(env.rt.database, env.rt.clock, p.id, { chunkSize: 2 });
    expect(await getImport(db, actor, p.id)).toMatchObject({ status: 'done', processed: 7, created: 7, rejected: 0 });
    expect((await linesOf('R-1')).map((l) => l.quantity)).toEqual(['1.000', '2.000', '3.000', '4.000']);
    expect((await linesOf('R-2')).map((l) => l.quantity)).toEqual(['1.000']);
    expect((await linesOf('R-3')).map((l) => l.quantity)).toEqual(['1.000', '1.000']);
    expect(await invoices(sql`d.number LIKE 'R-%'`)).toHaveLength(3);
    const outcomes = (await db.execute(sql`SELECT row_no FROM import_rows WHERE batch_id = ${p.id} ORDER BY row_no`)).rows.map((r) => r.row_no);
    expect(outcomes).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
