/**
 * The sales rollup that the dashboard reads, kept by the triggers on documents: after each kind of write through the
 * API (an invoice drafted, issued, paid, cancelled with its credit note; a purchase import in bulk and its undo; a
 * merge and its undo) it holds the sums worked out by hand and equals a rebuild from the documents; and the dashboard
 * answers the same over the rollup as over the documents themselves.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type Agent, type TestEnv } from '../../test/harness.ts';
import { kit } from '../../test/import-kit.ts';
import { systemActor } from '../auth/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { dashboardQuery } from '../../../common/dashboard.schemas.ts';
import { dashboard } from './index.ts';

let env: TestEnv;
let admin: Agent;
const k = kit(() => env);
const q = async <T>(s: ReturnType<typeof sql>) => (await env.rt.database.db.execute(s)).rows as T[];
const ok = <T = Record<string, unknown>>(res: { statusCode: number; body: string; json(): unknown }, status = 200): T => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
};

type Row = { grain: string; calendar: string; start: string; docs: number; orders: number; gross: string; net: string };
/** One customer's rollup rows, in key order. */
const rowsOf = (customerId: string) => q<Row>(sql`SELECT grain, calendar, start::text AS start, docs, orders, gross::text AS gross, net::text AS net
  FROM sales_rollup WHERE customer_id = ${customerId} ORDER BY grain, calendar, start`);
const firstOf = async (customerId: string) => (await q<{ d: string }>(sql`SELECT first_day::text AS d FROM sales_first_orders WHERE customer_id = ${customerId}`))[0]?.d ?? null;

/** The rollup as the triggers left it equals the one rebuilt from the documents. */
async function expectSameAsRebuild() {
  const all = () => q(sql`SELECT grain, calendar, start::text AS start, customer_id, docs, orders, gross::text AS gross, net::text AS net FROM sales_rollup
    ORDER BY grain, calendar, start, customer_id`);
  const firsts = () => q(sql`SELECT customer_id, first_day::text AS d FROM sales_first_orders ORDER BY customer_id`);
  const kept = { rows: await all(), firsts: await firsts() };
  await env.rt.database.db.execute(sql`SELECT sales_rollup_rebuild()`);
  expect({ rows: await all(), firsts: await firsts() }).toEqual(kept);
}

/** The five rows one day makes: the day, its Jalali month and year, its Gregorian month and year. */
const five = (day: string, jm: string, jy: string, gm: string, gy: string, v: Omit<Row, 'grain' | 'calendar' | 'start'>): Row[] => [
  { grain: 'day', calendar: 'gregorian', start: day, ...v },
  { grain: 'month', calendar: 'gregorian', start: gm, ...v }, { grain: 'month', calendar: 'jalali', start: jm, ...v },
  { grain: 'year', calendar: 'gregorian', start: gy, ...v }, { grain: 'year', calendar: 'jalali', start: jy, ...v },
];

let buyer = '';
let other = '';

beforeAll(async () => {
  env = await createTestEnv({ jobs: true, start: '2026-05-10T08:00:00Z' }); // 20 Ordibehesht 1405
  admin = await env.login('admin');
  buyer = ok<{ id: string }>(await admin.post('/api/customers', { kind: 'person', firstName: 'ژاله', lastName: 'رستمی' }), 201).id;
  const imported = await k.runImport(admin, 'customers', 'کد مشتری,نام,نام خانوادگی,موبایل\nR1,آرش,کمالی,09121250001\n');
  expect(imported.done).toMatchObject({ created: 1, rejected: 0 });
  other = (await q<{ id: string }>(sql`SELECT id FROM customers WHERE external_id = 'R1'`))[0].id;
}, 180_000);
afterAll(async () => { await env?.close(); });

describe('the sales rollup', () => {
  let invoiceId = '';
  let grand = '';

  it('counts an invoice once it is issued, not while a draft; a payment changes nothing', async () => {
    const inv = ok<{ id: string; grandTotal: string }>(await admin.post('/api/documents', {
      kind: 'invoice', customerId: buyer, lines: [{ description: 'میز', quantity: '2', unitPrice: '1500000' }],
    }), 201);
    invoiceId = inv.id;
    grand = inv.grandTotal;
    expect(await rowsOf(buyer)).toEqual([]);
    ok(await admin.post(`/api/documents/${invoiceId}/send`, { email: false, sms: false }));
    // 2026-05-10: Ordibehesht 1405 began 2026-04-21, the year 1405 on 2026-03-21.
    const issued = five('2026-05-10', '2026-04-21', '2026-03-21', '2026-05-01', '2026-01-01', { docs: 1, orders: 1, gross: grand, net: grand });
    expect(await rowsOf(buyer)).toEqual(issued);
    expect(await firstOf(buyer)).toBe('2026-05-10');
    ok(await admin.post(`/api/documents/${invoiceId}/payments`, { amount: grand, method: 'cash' }), 201);
    expect(await rowsOf(buyer)).toEqual(issued);
    await expectSameAsRebuild();
  });

  it('a cancelled invoice is no order, and its credit note takes the amount back', async () => {
    ok(await admin.post(`/api/documents/${invoiceId}/cancel`, { reason: 'مرجوعی' }));
    // The invoice (still issued, not an order) and its credit note of the same day: net 0.
    expect(await rowsOf(buyer)).toEqual(five('2026-05-10', '2026-04-21', '2026-03-21', '2026-05-01', '2026-01-01', { docs: 2, orders: 0, gross: '0', net: '0' }));
    expect(await firstOf(buyer)).toBeNull();
    await expectSameAsRebuild();
  });

  it('takes a bulk purchase import (each day in its own calendar months), and lets go of it on undo', async () => {
    // 2024-03-19 is 29 Esfand 1402; 2024-03-20 is 1 Farvardin 1403 (a new Jalali month and year, the same Gregorian month).
    const { done } = await k.runImport(admin, 'purchases', 'invoice,customer code,date,qty,amount\nRB-1,R1,2024-03-19,1,700\nRB-2,R1,2024-03-20,1,300\nRB-3,R1,2024-03-20,1,50\n');
    expect(done).toMatchObject({ created: 3, rejected: 0 });
    const o = (docs: number, orders: number, gross: string) => ({ docs, orders, gross, net: gross });
    expect(await rowsOf(other)).toEqual([
      { grain: 'day', calendar: 'gregorian', start: '2024-03-19', ...o(1, 1, '700') },
      { grain: 'day', calendar: 'gregorian', start: '2024-03-20', ...o(2, 2, '350') },
      { grain: 'month', calendar: 'gregorian', start: '2024-03-01', ...o(3, 3, '1050') },
      { grain: 'month', calendar: 'jalali', start: '2024-02-20', ...o(1, 1, '700') }, // Esfand 1402
      { grain: 'month', calendar: 'jalali', start: '2024-03-20', ...o(2, 2, '350') }, // Farvardin 1403
      { grain: 'year', calendar: 'gregorian', start: '2024-01-01', ...o(3, 3, '1050') },
      { grain: 'year', calendar: 'jalali', start: '2023-03-21', ...o(1, 1, '700') }, // 1402
      { grain: 'year', calendar: 'jalali', start: '2024-03-20', ...o(2, 2, '350') }, // 1403
    ]);
    expect(await firstOf(other)).toBe('2024-03-19');
    await expectSameAsRebuild();
    expect(ok(await admin.post(`/api/imports/${done.id}/undo`))).toEqual({ removed: 3, reverted: 0 });
    expect(await rowsOf(other)).toEqual([]);
    expect(await firstOf(other)).toBeNull();
    await expectSameAsRebuild();
  });

  it('follows the invoices on a merge and back on its undo', async () => {
    const { done } = await k.runImport(admin, 'purchases', 'invoice,customer code,date,qty,amount\nRC-1,R1,2026-05-10,1,900\n');
    expect(done).toMatchObject({ created: 1 });
    const inv = ok<{ id: string; grandTotal: string }>(await admin.post('/api/documents', { kind: 'invoice', customerId: buyer, lines: [{ description: 'صندلی', quantity: '1', unitPrice: '400' }] }), 201);
    ok(await admin.post(`/api/documents/${inv.id}/send`, { email: false, sms: false }));
    const before = { buyer: await rowsOf(buyer), other: await rowsOf(other) };
    const merge = ok<{ merge: { id: string } }>(await admin.post('/api/customers/merge', { survivorId: buyer, loserId: other }));
    expect(await rowsOf(other)).toEqual([]);
    // The same day: the cancelled invoice and its credit note (2), the new invoice, the merged one (900).
    const g = (BigInt(inv.grandTotal) + 900n).toString();
    expect(await rowsOf(buyer)).toEqual(five('2026-05-10', '2026-04-21', '2026-03-21', '2026-05-01', '2026-01-01', { docs: 4, orders: 2, gross: g, net: g }));
    expect(await firstOf(buyer)).toBe('2026-05-10');
    await expectSameAsRebuild();
    ok(await admin.post(`/api/customers/merges/${merge.merge.id}/undo`));
    expect({ buyer: await rowsOf(buyer), other: await rowsOf(other) }).toEqual(before);
    await expectSameAsRebuild();
  });

  it('gives the dashboard the same figures as the documents themselves', async () => {
    const manager = systemActor(DEFAULT_ROLES.manager.permissions);
    const db = env.rt.database.db;
    for (const query of [{ period: 'month' }, { period: 'season' }, { period: 'year' }, { period: 'month', from: '2024-03-10' }, { period: 'year', from: '2024-03-10', calendar: 'gregorian' },
      { period: 'season', from: '2024-03-10', calendar: 'gregorian' }, { period: 'custom', from: '2024-03-01', to: '2026-05-10' }]) {
      const qy = dashboardQuery.parse(query);
      const live = await dashboard(db, manager, env.clock, qy, { useRollup: false });
      expect(await dashboard(db, manager, env.clock, qy), JSON.stringify(query)).toEqual(live);
    }
  });
});
