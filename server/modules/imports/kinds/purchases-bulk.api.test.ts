/**
 * Purchase history written in bulk: a chunk of many invoices (one statement per table), the same rows as the
 * one-by-one recording, distinct numbers, invoices of one customer-day named by two keys joined, existing ones skipped.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type Agent, type TestEnv } from '../../../test/harness.ts';
import { withTx } from '../../../db/tx.ts';
import { actorsOfUsers } from '../../auth/index.ts';
import { recordExternalInvoice, recordExternalInvoicesBulk, type ExternalInvoice } from '../../documents/index.ts';
import { kit } from '../../../test/import-kit.ts';

let env: TestEnv;
let admin: Agent;
const k = kit(() => env);
const q = async <T>(s: ReturnType<typeof sql>) => (await env.rt.database.db.execute(s)).rows as T[];

beforeAll(async () => {
  env = await createTestEnv({ jobs: true, start: new Date().toISOString() });
  admin = await env.login('admin');
  const customers = await k.runImport(admin, 'customers', 'کد مشتری,نام,نام خانوادگی,موبایل\nB1,آرش,کمالی,09121240001\nB2,بهار,نیک,09121240002\nB3,سارا,امینی,09121240003\n');
  expect(customers.done).toMatchObject({ created: 3, rejected: 0 });
});
afterAll(async () => { await env?.close(); });

describe('purchase import in bulk', () => {
  it('100 invoices of 2 lines in one chunk: totals, statuses, payments and events as computed by hand; numbers distinct', async () => {
    // Invoice i: 1 × 1,000 + 2 × 500 = 2,000 Rials. i % 3 = 0 paid in full, 1 paid 500, 2 not paid.
    const rows = ['invoice,customer code,date,sku,qty,price,paid'];
    for (let i = 0; i < 100; i++) {
      const n = `BK-${String(i).padStart(3, '0')}`;
      const paid = i % 3 === 0 ? 'yes' : i % 3 === 1 ? '500' : '';
      rows.push(`${n},B${(i % 3) + 1},2024-03-${String((i % 28) + 1).padStart(2, '0')},A,1,1000,${paid}`, `${n},B${(i % 3) + 1},2024-03-${String((i % 28) + 1).padStart(2, '0')},B,2,500,`);
    }
    const { done } = await k.runImport(admin, 'purchases', rows.join('\n'));
    expect(done).toMatchObject({ status: 'done', total: 200, created: 200, skipped: 0, rejected: 0 });
    const docs = await q<{ status: string; n: number; grand: string; paid: string }>(sql`SELECT status, count(*)::int AS n, sum(grand_total)::text AS grand, sum(paid_total)::text AS paid
      FROM documents WHERE number LIKE 'BK-%' GROUP BY status ORDER BY status`);
    // 34 paid (0, 3, … 99), 33 partially paid (1, 4, … 97), 33 issued.
    expect(docs).toEqual([
      { status: 'issued', n: 33, grand: '66000', paid: '0' },
      { status: 'paid', n: 34, grand: '68000', paid: '68000' },
      { status: 'partially_paid', n: 33, grand: '66000', paid: '16500' },
    ]);
    const [{ numbers, lines, pays, created, payment, paidEv }] = await q<Record<string, number>>(sql`SELECT
      (SELECT count(DISTINCT number)::int FROM documents WHERE number LIKE 'BK-%') AS numbers,
      (SELECT count(*)::int FROM document_lines l JOIN documents d ON d.id = l.document_id WHERE d.number LIKE 'BK-%') AS lines,
      (SELECT count(*)::int FROM payments WHERE reference LIKE 'import:BK-%') AS pays,
      (SELECT count(*)::int FROM document_events e JOIN documents d ON d.id = e.document_id WHERE d.number LIKE 'BK-%' AND e.type = 'created') AS created,
      (SELECT count(*)::int FROM document_events e JOIN documents d ON d.id = e.document_id WHERE d.number LIKE 'BK-%' AND e.type = 'payment') AS payment,
      (SELECT count(*)::int FROM document_events e JOIN documents d ON d.id = e.document_id WHERE d.number LIKE 'BK-%' AND e.type = 'paid') AS "paidEv"`);
    expect({ numbers, lines, pays, created, payment, paidEv }).toEqual({ numbers: 100, lines: 200, pays: 67, created: 100, payment: 67, paidEv: 34 });
    const l = await q(sql`SELECT l.position, l.code, l.quantity::text AS quantity, l.unit_price::text AS unit_price, l.total::text AS total FROM document_lines l
      JOIN documents d ON d.id = l.document_id WHERE d.number = 'BK-007' ORDER BY l.position`);
    expect(l).toEqual([{ position: 1, code: 'A', quantity: '1.000', unit_price: '1000', total: '1000' }, { position: 2, code: 'B', quantity: '2.000', unit_price: '500', total: '1000' }]);
    // Each row's outcome names its invoice; undo removes all 100.
    const [{ records }] = await q<{ records: number }>(sql`SELECT count(DISTINCT record_id)::int AS records FROM import_rows WHERE batch_id = ${done.id} AND outcome = 'created'`);
    expect(records).toBe(100);
    expect((await admin.post(`/api/imports/${done.id}/undo`)).json()).toEqual({ removed: 100, reverted: 0 });
    expect(await q(sql`SELECT 1 FROM documents WHERE number LIKE 'BK-%'`)).toEqual([]);
  });

  it('one customer-day named by code on one row and by phone on another is one invoice; an existing number in the chunk is skipped', async () => {
    const first = await k.runImport(admin, 'purchases', 'invoice,customer code,date,qty,amount\nEX-1,B1,2024-04-01,1,700\n');
    expect(first.done).toMatchObject({ created: 1 });
    const file = 'invoice,customer code,mobile,date,qty,amount\n,B2,,2024-04-02,1,100\n,,09121240002,2024-04-02,2,300\nEX-1,B1,,2024-04-01,1,999\n,B3,,2024-04-02,1,50\n';
    const { done } = await k.runImport(admin, 'purchases', file);
    expect(done).toMatchObject({ total: 4, created: 3, skipped: 1, rejected: 0 });
    const inv = await q<{ number: string; grand: string; lines: number }>(sql`SELECT d.number, d.grand_total::text AS grand, (SELECT count(*)::int FROM document_lines l WHERE l.document_id = d.id) AS lines
      FROM documents d JOIN customers c ON c.id = d.customer_id WHERE d.issue_date = '2024-04-02' ORDER BY c.external_id`);
    expect(inv.map((i) => [i.grand, i.lines])).toEqual([['400', 2], ['50', 1]]);
    expect(inv[0].number).toMatch(/^H-[0-9a-f]{12}-20240402$/);
    const outcomes = await q<{ row_no: number; outcome: string; record_key: string | null }>(sql`SELECT row_no, outcome, record_key FROM import_rows WHERE batch_id = ${done.id} ORDER BY row_no`);
    expect(outcomes.map((o) => o.outcome)).toEqual(['created', 'created', 'skipped', 'created']);
    expect(outcomes[0].record_key).toBe(outcomes[1].record_key);
    expect((await q<{ grand: string }>(sql`SELECT grand_total::text AS grand FROM documents WHERE number = 'EX-1'`))[0].grand).toBe('700');
  });

  it('the bulk recording stores exactly what recording one by one stores', async () => {
    const db = env.rt.database.db;
    const [actor] = await actorsOfUsers(db, [admin.userId]);
    const [{ id: customerId }] = await q<{ id: string }>(sql`SELECT id FROM customers WHERE external_id = 'B1'`);
    const at = new Date('2024-05-01T08:30:00Z');
    const inv = (number: string, paid: bigint, cancelled = false): ExternalInvoice => ({
      customerId, number, issueDate: '2024-05-01', fees: [{ label: 'ارسال', amount: 300n }], cancelled, source: 'test',
      lines: [{ productId: null, code: 'X', description: 'کالا', quantity: '1.5', unitPrice: 1000n, total: 1400n }, { productId: null, code: null, description: 'دیگر', quantity: '2', unitPrice: 250n, total: 500n }],
      payments: paid > 0n ? [{ amount: paid, paidAt: at, method: 'card', reference: 'r-' + number }] : [],
    });
    const cases: [string, bigint, boolean][] = [['P', 2200n, false], ['Q', 100n, false], ['R', 0n, false], ['S', 0n, true]];
    await withTx(env.rt.database, async (tx) => {
      for (const [c, paid, cancelled] of cases) await recordExternalInvoice(tx, actor, env.rt.clock, inv(`ONE-${c}`, paid, cancelled));
      const r = await recordExternalInvoicesBulk(tx, actor, env.rt.clock, [...cases.map(([c, paid, cancelled]) => inv(`BULK-${c}`, paid, cancelled)), inv('ONE-P', 5n)]);
      expect(r.slice(0, 4).every((x) => 'id' in x)).toBe(true);
      expect(r[4]).toHaveProperty('exists'); // a number already recorded is left to the caller
    });
    const shape = async (prefix: string) => q(sql`SELECT substr(d.number, ${prefix.length + 1}) AS n, d.status, d.subtotal::text, d.line_discount_total::text AS ld, d.fee_total::text AS fee,
        d.grand_total::text AS grand, d.paid_total::text AS paid, d.fees, d.buyer, d.seller, d.notes, d.locale, d.cancelled_at IS NOT NULL AS cancelled,
        (SELECT json_agg(json_build_object('p', l.position, 'q', l.quantity::text, 'u', l.unit_price::text, 'd', l.discount::text, 't', l.total::text, 'c', l.code, 'x', l.description, 'tx', l.taxable) ORDER BY l.position) FROM document_lines l WHERE l.document_id = d.id) AS lines,
        (SELECT json_agg(json_build_object('a', p.amount::text, 'm', p.method, 'at', p.paid_at, 'note', p.note) ORDER BY p.paid_at) FROM payments p WHERE p.document_id = d.id) AS pays,
        (SELECT json_agg(e.type || ':' || (e.data - 'reference')::text ORDER BY e.type) FROM document_events e WHERE e.document_id = d.id) AS events
      FROM documents d WHERE d.number LIKE ${prefix + '%'} ORDER BY d.number`);
    const one = await shape('ONE-');
    expect(one.map((d) => (d as { status: string }).status)).toEqual(['paid', 'partially_paid', 'issued', 'cancelled']);
    expect(await shape('BULK-')).toEqual(one);
  });
});
