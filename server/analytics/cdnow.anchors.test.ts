/**
 * Published results on CDNOW (Fader, Hardie & Lee 2005; the BTYD vignette; lifetimes), from the raw transaction
 * log in ../shared/anchors/cdnow through the product's own summary builder. The published figures are rounded
 * (parameters to 2–4 decimals, log-likelihoods to 2): each is checked within 1e-3 relative, widened to half a unit
 * of its last published digit where the rounding alone is larger (Gamma-Gamma's q = 3.74: ±0.005 is 1.3e-3).
 * Log-likelihoods are held to ±0.01 (the 2-decimal rounding plus optimizer slack), far inside 1e-3 relative.
 */
import { describe, expect, it } from 'vitest';
import { ANCHORS, anchorText, reportAnchorsAbsent } from '../test/anchors.ts';
import { bgnbdConditionalExpected, bgnbdLogLikelihood, fitBgNbd } from './bgnbd.ts';
import { chooseModel, holdoutReport } from './clv.ts';
import { fitGammaGamma } from './gamma-gamma.ts';
import { fitParetoNbd, paretoNbdLogLikelihood } from './pareto-nbd.ts';
import { bgnbdModel } from './purchase-model.ts';
import { rfData } from './rf-data.ts';
import { calibrationSummary, type CalibrationSummary } from './summary.ts';

reportAnchorsAbsent('CDNOW model anchors');
// it.runIf below is used ONLY for the presence of the anchors folder (data kept outside the repository).
const HAS = ANCHORS !== null;

/** Within 1e-3 relative, or half a unit of the published last digit when that is wider. */
function expectPublished(got: number, published: string) {
  const want = Number(published);
  const decimals = published.split('.')[1]?.length ?? 0;
  const tol = Math.max(1e-3 * Math.abs(want), 0.5 * 10 ** -decimals + 1e-9);
  expect(Math.abs(got - want), `${got} vs published ${published}`).toBeLessThanOrEqual(tol);
}

let cached: { summary: CalibrationSummary; elog: string[][] } | null = null;
function cdnow() {
  if (!cached) {
    const elog = anchorText('cdnow/btyd_cdnowElog.csv').trim().split('\n').slice(1).map((l) => l.split(','));
    const txs = elog.map(([, id, date, , sales]) => ({ customerId: id, date, amount: Number(sales) }));
    cached = { elog, summary: calibrationSummary(txs, { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30' }) };
  }
  return cached;
}

describe('CDNOW (anchors)', () => {
  it.runIf(HAS)('the calibration summary equals lifetimes’ files (x exactly; t_x, T, z̄ to their 2 decimals)', () => {
    const { summary } = cdnow();
    expect(summary.customers.length).toBe(2357);
    expect(summary.holdoutLength).toBe(39);
    const byId = new Map(summary.customers.map((c) => [c.id, c]));
    const within = (a: number, b: number) => Math.abs(a - b) <= 0.005 + 1e-9;
    const plain = anchorText('cdnow/lifetimes_cdnow_customers_summary.csv').trim().split('\n').slice(1);
    const withSpend = anchorText('cdnow/lifetimes_cdnow_customers_summary_with_transactions.csv').trim().split('\n').slice(1);
    expect(plain.length).toBe(2357);
    let mismatches = 0;
    for (const line of plain) {
      const [id, x, tx, T] = line.split(',').map(Number);
      const c = byId.get(String(id))!;
      if (!(c.x === x && within(c.tx, tx) && within(c.T, T))) mismatches++;
    }
    for (const line of withSpend) {
      const [id, x, tx, T, zbar] = line.split(',').map(Number);
      const c = byId.get(String(id))!;
      if (!(c.x === x && within(c.tx, tx) && within(c.T, T) && within(c.monetary, zbar))) mismatches++;
    }
    expect(mismatches).toBe(0);
    expect(summary.customers.filter((c) => c.x > 0).length).toBe(946);
  });

  it.runIf(HAS)('BG/NBD: r 0.2426 α 4.4137 a 0.7930 b 2.4262, LL −9582.43', () => {
    const fit = fitBgNbd(cdnow().summary.customers);
    expect(fit.converged).toBe(true);
    expectPublished(fit.params.r, '0.2426');
    expectPublished(fit.params.alpha, '4.4137');
    expectPublished(fit.params.a, '0.7930');
    expectPublished(fit.params.b, '2.4262');
    expect(Math.abs(fit.logLikelihood - -9582.43)).toBeLessThanOrEqual(0.01);
    // The published parameters give the published likelihood too.
    const atPublished = bgnbdLogLikelihood({ r: 0.2426, alpha: 4.4137, a: 0.7930, b: 2.4262 }, rfData(cdnow().summary.customers));
    expect(Math.abs(atPublished - -9582.43)).toBeLessThanOrEqual(0.01);
  });

  it.runIf(HAS)('BG/NBD conditional expectation 1.226 for x = 2, t_x = 30.43, T = 38.86 over 39 weeks', () => {
    expectPublished(bgnbdConditionalExpected({ r: 0.2426, alpha: 4.4137, a: 0.7930, b: 2.4262 }, 39, 2, 30.43, 38.86), '1.226');
    const fit = fitBgNbd(cdnow().summary.customers);
    expectPublished(bgnbdConditionalExpected(fit.params, 39, 2, 30.43, 38.86), '1.226');
  });

  it.runIf(HAS)('Pareto/NBD: r 0.553 α 10.578 s 0.606 β 11.669, LL −9594.98', () => {
    const d = rfData(cdnow().summary.customers);
    const fit = fitParetoNbd(d);
    expect(fit.converged).toBe(true);
    expectPublished(fit.params.r, '0.553');
    expectPublished(fit.params.alpha, '10.578');
    expectPublished(fit.params.s, '0.606');
    expectPublished(fit.params.beta, '11.669');
    expect(Math.abs(fit.logLikelihood - -9594.98)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(paretoNbdLogLikelihood({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, d) - -9594.98)).toBeLessThanOrEqual(0.01);
  });

  it.runIf(HAS)('Gamma-Gamma on the 946 repeat buyers: p 6.25 q 3.74 γ 15.44, LL −4055.92', () => {
    const fit = fitGammaGamma(cdnow().summary.customers);
    expect(fit.n).toBe(946);
    expectPublished(fit.params.p, '6.25');
    expectPublished(fit.params.q, '3.74');
    expectPublished(fit.params.gamma, '15.44');
    expect(Math.abs(fit.logLikelihood - -4055.92)).toBeLessThanOrEqual(0.01);
  });

  it.runIf(HAS)('39-week holdout: actual counts match a plain count of the log; expected vs actual by frequency', () => {
    const { summary, elog } = cdnow();
    // Independent count: distinct (customer, day) rows after the calibration end, up to 1998-06-30.
    const days = new Set(elog.filter(([, , d]) => d > '19970930' && d <= '19980630').map(([, id, d]) => `${id}|${d}`));
    const report = holdoutReport(bgnbdModel(fitBgNbd(summary.customers).params), summary.customers, summary.holdoutLength);
    expect(report.total.actual).toBe(days.size);
    expect(report.byFrequency.map((b) => b.bin)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(report.byFrequency.reduce((n, b) => n + b.n, 0)).toBe(2357);
    console.log('CDNOW 39-week holdout (BG/NBD), mean repeat purchases per customer by calibration frequency:');
    console.table(report.byFrequency.map((b) => ({ ...b, actual: +b.actual.toFixed(3), expected: +b.expected.toFixed(3) })));
    console.log(`total actual ${report.total.actual}, expected ${report.total.expected.toFixed(1)}, aggregate error ${(100 * report.aggregateError).toFixed(2)} %, bin error ${report.binError.toFixed(4)}`);
    // No published holdout figure is among the anchors, so these are regression guards around the measured values
    // (docs/benchmarks.md): the model under-forecasts this holdout (−12.1 % in total, mostly customers with 1–2
    // calibration purchases, as the BTYD vignette's conditional-expectation plot shows), and tracks the one-time
    // buyers (0.225 expected vs 0.237 actual).
    expect(report.aggregateError).toBeGreaterThan(-0.15);
    expect(report.aggregateError).toBeLessThan(0);
    expect(Math.abs(report.byFrequency[0].expected - report.byFrequency[0].actual)).toBeLessThan(0.02);
    for (const b of report.byFrequency) expect(Math.abs(b.expected - b.actual) / b.actual).toBeLessThan(0.3);
  });

  it.runIf(HAS)('model choice by holdout fits both and keeps the one closer by frequency bin', () => {
    const { summary } = cdnow();
    const choice = chooseModel(summary.customers, { holdoutLength: summary.holdoutLength });
    expect(choice.warnings).toEqual([]);
    expect(choice.repeatBuyers).toBe(946);
    expect(choice.candidates.map((c) => c.model.model)).toEqual(['bgnbd', 'pareto']);
    const scores = choice.candidates.map((c) => c.holdout!.binError);
    expect(choice.model.model).toBe(scores[0] <= scores[1] ? 'bgnbd' : 'pareto');
    console.log(`model choice: bin error BG/NBD ${scores[0].toFixed(4)}, Pareto/NBD ${scores[1].toFixed(4)} → ${choice.model.model}`);
  });
});
