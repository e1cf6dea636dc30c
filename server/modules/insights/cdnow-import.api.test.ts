/**
 * CDNOW through the product's own import (issue 17): the 2,357 customers through the customer import (code = the
 * sample id), the 6,919-row transaction log through the purchases import (customer_code,date,quantity,amount: one
 * invoice per customer-day), into a fresh database; then the calibration summary built from the database's invoices
 * (the purchase log the nightly refit reads; calibration ends 1997-09-30, weekly units) reproduces the published
 * BG/NBD, Pareto/NBD and Gamma-Gamma figures within 1e-3 relative (or half a unit of the published last digit).
 * Amounts are imported in cents (integer money: dollars × 100), so Gamma-Gamma's scale γ and its log-likelihood
 * come back in cents: γ/100, and LL + n·ln 100 (each of the n repeat buyers' densities is over z̄, scaled by 100).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, type Agent, type TestEnv } from '../../test/harness.ts';
import { kit } from '../../test/import-kit.ts';
import { ANCHORS, anchorText, reportAnchorsAbsent } from '../../test/anchors.ts';
import { purchaseLog } from '../documents/index.ts';
import { bgnbdConditionalExpected, calibrationSummary, fitBgNbd, fitGammaGamma, fitParetoNbd, type CalibrationSummary } from '../../analytics/index.ts';

reportAnchorsAbsent('CDNOW through the purchases import');
// it.runIf below is used ONLY for the presence of the anchors folder (data kept outside the repository).
const HAS = ANCHORS !== null;

let env: TestEnv;
let admin: Agent;
const k = kit(() => env);
let summary: CalibrationSummary;
let elog: string[][];

function expectPublished(got: number, published: string) {
  const want = Number(published);
  const decimals = published.split('.')[1]?.length ?? 0;
  const tol = Math.max(1e-3 * Math.abs(want), 0.5 * 10 ** -decimals + 1e-9);
  expect(Math.abs(got - want), `${got} vs published ${published}`).toBeLessThanOrEqual(tol);
}

beforeAll(async () => {
  if (!HAS) return;
  env = await createTestEnv({ jobs: true, start: '2026-11-19T08:00:00Z' });
  admin = await env.login('admin');
  elog = anchorText('cdnow/btyd_cdnowElog.csv').trim().split('\n').slice(1).map((l) => l.split(','));
  const ids = [...new Set(elog.map((r) => r[1]))];
  const started = performance.now();
  const people = await k.runImport(admin, 'customers', `کد مشتری,نام,نام خانوادگی\n${ids.map((id) => `C${id},CDNOW,${id}`).join('\n')}\n`);
  expect(people.done).toMatchObject({ created: 2357, rejected: 0 });
  const cents = (s: string) => Math.round(Number(s) * 100);
  const log = `customer_code,date,quantity,amount\n${elog.map(([, id, date, cds, sales]) => `C${id},${date},${cds},${cents(sales)}`).join('\n')}\n`;
  const { preview, done } = await k.runImport(admin, 'purchases', log);
  expect(preview.mapping).toEqual({ 0: 'customerCode', 1: 'date', 2: 'quantity', 3: 'amount' });
  expect(done).toMatchObject({ total: 6919, rejected: 0 });
  console.log('cdnow import', JSON.stringify({ rows: elog.length, customers: ids.length, ms: Math.round(performance.now() - started), db: env.rt.database.kind }));
  // The summary from the database: the log the nightly refit reads (customer ids are the database's uuids).
  const purchases = await purchaseLog(env.rt.database.db);
  summary = calibrationSummary(purchases.map((p) => ({ customerId: p.customerId, date: p.issueDate, amount: p.amount })), { calibrationEnd: '1997-09-30', unit: 'week' });
}, 1_200_000);
afterAll(async () => env?.close());

describe('CDNOW through the purchases import', () => {
  it.runIf(HAS)('the invoices hold every cent, one per customer-day; the summary has 2,357 customers, 946 repeat buyers', async () => {
    const purchases = await purchaseLog(env.rt.database.db);
    const total = elog.reduce((s, r) => s + Math.round(Number(r[4]) * 100), 0);
    expect(purchases.reduce((s, p) => s + p.amount, 0)).toBe(total);
    expect(new Set(purchases.map((p) => `${p.customerId}|${p.issueDate}`)).size).toBe(purchases.length);
    expect(summary.customers.length).toBe(2357);
    expect(summary.customers.filter((c) => c.x > 0).length).toBe(946);
  });

  it.runIf(HAS)('BG/NBD r 0.2426 α 4.4137 a 0.7930 b 2.4262 (LL −9582.43); E[X(39)|2, 30.43, 38.86] = 1.226', () => {
    const fit = fitBgNbd(summary.customers);
    expectPublished(fit.params.r, '0.2426');
    expectPublished(fit.params.alpha, '4.4137');
    expectPublished(fit.params.a, '0.7930');
    expectPublished(fit.params.b, '2.4262');
    expect(Math.abs(fit.logLikelihood - -9582.43)).toBeLessThanOrEqual(0.01);
    expectPublished(bgnbdConditionalExpected(fit.params, 39, 2, 30.43, 38.86), '1.226');
  });

  it.runIf(HAS)('Pareto/NBD r 0.553 α 10.578 s 0.606 β 11.669 (LL −9594.98)', () => {
    const fit = fitParetoNbd(summary.customers);
    expectPublished(fit.params.r, '0.553');
    expectPublished(fit.params.alpha, '10.578');
    expectPublished(fit.params.s, '0.606');
    expectPublished(fit.params.beta, '11.669');
    expect(Math.abs(fit.logLikelihood - -9594.98)).toBeLessThanOrEqual(0.01);
  });

  it.runIf(HAS)('Gamma-Gamma p 6.25 q 3.74 γ 15.44 (LL −4055.92), from amounts in cents', () => {
    const fit = fitGammaGamma(summary.customers);
    const n = summary.customers.filter((c) => c.x > 0).length;
    expectPublished(fit.params.p, '6.25');
    expectPublished(fit.params.q, '3.74');
    expectPublished(fit.params.gamma / 100, '15.44');
    expect(Math.abs(fit.logLikelihood + n * Math.log(100) - -4055.92)).toBeLessThanOrEqual(0.01);
  });
});
