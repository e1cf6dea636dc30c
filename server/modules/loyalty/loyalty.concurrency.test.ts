/**
 * Parallel redemptions never take a balance below zero (PGlite, and PostgreSQL with TEST_DATABASE_URL where the
 * pool runs them on separate connections at the same time): 100 points, 25 redemptions of 10 at once through the API
 * → exactly 10 succeed and 15 are refused with INSUFFICIENT_POINTS; the balance row and the ledger agree (0), and
 * no entry's balance_after is negative. Then mixed amounts through the service, each in its own transaction.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, dbKind, type TestEnv, type Agent } from '../../test/harness.ts';
import { withTx } from '../../db/tx.ts';
import { systemActor } from '../auth/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { AppError } from '../../errors.ts';
import { writeEntry } from './loyalty.service.ts';

let env: TestEnv;
let sales: Agent;

const newMember = async (points: number) => {
  const c = await sales.post('/api/customers', { kind: 'person', lastName: `عضو ${points}`, force: true });
  const id = c.json().id as string;
  expect((await sales.post('/api/loyalty/ledger', { customerId: id, kind: 'earn', points, reason: 'seed' })).statusCode).toBe(201);
  return id;
};
const state = async (id: string) => (await env.rt.database.db.execute(sql`
  SELECT (SELECT balance::int FROM loyalty_members WHERE customer_id = ${id}) AS balance,
         (SELECT coalesce(sum(points), 0)::int FROM loyalty_ledger WHERE customer_id = ${id}) AS sum,
         (SELECT count(*)::int FROM loyalty_ledger WHERE customer_id = ${id} AND kind = 'redeem') AS redeems,
         (SELECT count(*)::int FROM loyalty_ledger WHERE customer_id = ${id} AND balance_after < 0) AS negative`)).rows[0] as { balance: number; sum: number; redeems: number; negative: number };

beforeAll(async () => {
  env = await createTestEnv();
  sales = await env.login('sales');
}, 180_000);
afterAll(async () => { await env?.close(); });

describe(`parallel redemptions on ${dbKind}`, () => {
  it('25 redemptions of 10 against 100 points: 10 succeed, 15 are refused, the balance ends at 0', async () => {
    const id = await newMember(100);
    const answers = await Promise.all(Array.from({ length: 25 }, () => sales.post('/api/loyalty/ledger', { customerId: id, kind: 'redeem', points: 10, reason: 'همزمان' })));
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 201).length).toBe(10);
    expect(codes.filter((c) => c === 409).length).toBe(15);
    expect(answers.filter((a) => a.statusCode === 409).every((a) => a.json().error.code === 'INSUFFICIENT_POINTS')).toBe(true);
    // Each success saw the balance the one before it left: the balances they answered are 90, 80, … 0, once each.
    expect(answers.filter((a) => a.statusCode === 201).map((a) => a.json().balance as number).sort((a, b) => a - b)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(await state(id)).toEqual({ balance: 0, sum: 0, redeems: 10, negative: 0 });
  }, 60_000);

  it('mixed amounts straight through the service, each its own transaction: what succeeds never exceeds the balance', async () => {
    const id = await newMember(500);
    const actor = systemActor(DEFAULT_ROLES.admin.permissions);
    const amounts = [120, 80, 200, 50, 150, 90, 60, 300, 40, 70, 110, 30];
    const results = await Promise.allSettled(amounts.map((points) => withTx(env.rt.database, (tx) => writeEntry(tx, actor, env.clock, { customerId: id, kind: 'redeem', points, reason: '' }))));
    const taken = results.map((r, i) => (r.status === 'fulfilled' ? amounts[i] : 0)).reduce((a, b) => a + b, 0);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as AppError).code).toBe('INSUFFICIENT_POINTS');
    expect(taken).toBeLessThanOrEqual(500);
    const s = await state(id);
    expect(s).toEqual({ balance: 500 - taken, sum: 500 - taken, redeems: results.filter((r) => r.status === 'fulfilled').length, negative: 0 });
    // The balance only fell during the run, so each refused amount was more than what is left now.
    const refused = amounts.filter((_, i) => results[i].status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    for (const a of refused) expect(a).toBeGreaterThan(s.balance);
  }, 60_000);
});
