/**
 * Fit times of the customer models (server/analytics). Pure computation, no database.
 *
 *   npm run bench:models -- [--runs 7] [--customers 100000]
 *
 * 1. CDNOW (from ../shared/anchors, when present): the summary built from the raw log, then BG/NBD + Gamma-Gamma
 *    fitted from that summary — the cold first fit in this process and the median of --runs warm fits; Pareto/NBD
 *    and Groceries apriori (support 0.001, confidence 0.5) for reference. Target: BG/NBD + Gamma-Gamma ≤ 0.5 s.
 * 2. Synthetic: --customers BG/NBD customers with Gamma-Gamma spend (server/analytics/simulate.ts, seeded, T uniform
 *    on 26–78 weeks in whole days). BG/NBD + Gamma-Gamma fit (including the de-duplication of histories), median
 *    of --runs. Target ≤ 5 s for 100,000. Then scoring: P(alive), 13-week expected purchases, expected spend and
 *    12-month discounted CLV for every customer (the nightly job's per-customer work), extrapolated to 1M.
 * Results: bench/results/models-<time>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { loadavg, cpus } from 'node:os';
import {
  apriori, associationRules, bgnbdModel, calibrationSummary, fitBgNbd, fitGammaGamma, fitParetoNbd, scoreCustomers,
  simulateBgNbd, type CustomerSummary,
} from '../server/analytics/index.ts';
import { ANCHORS, anchorText } from '../server/test/anchors.ts';

const { values: args } = parseArgs({ options: {
  runs: { type: 'string', default: '7' }, customers: { type: 'string', default: '100000' },
} });
const RUNS = Number(args.runs), N = Number(args.customers);

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}
function series<T>(fn: () => T, runs = RUNS) {
  const first = time(fn);
  const rest = Array.from({ length: runs }, () => time(fn).ms);
  return { coldMs: first.ms, medianMs: median(rest), samplesMs: rest, value: first.value };
}
const ms = (x: number) => `${x.toFixed(1)} ms`;
const results: Record<string, unknown> = { at: new Date().toISOString(), runs: RUNS, loadavg: loadavg(), cpu: cpus()[0]?.model };

if (ANCHORS) {
  const elog = anchorText('cdnow/btyd_cdnowElog.csv').trim().split('\n').slice(1).map((l) => l.split(','));
  const txs = elog.map(([, id, date, , sales]) => ({ customerId: id, date, amount: Number(sales) }));
  const summary = series(() => calibrationSummary(txs, { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30' }));
  const rows = summary.value.customers;
  const both = series(() => ({ bg: fitBgNbd(rows), gg: fitGammaGamma(rows) }));
  const pareto = series(() => fitParetoNbd(rows), Math.min(RUNS, 3));
  const baskets = anchorText('market_basket/groceries.csv').split('\n').filter((l) => l.length > 0).map((l) => l.split(','));
  const groceries = series(() => associationRules(apriori(baskets, { minSupport: 0.001 }), { minConfidence: 0.5, maxConsequent: 1 }).length, Math.min(RUNS, 3));
  results.cdnow = {
    customers: rows.length, summaryFromLog: summary, bgnbdPlusGammaGamma: { ...both, value: {
      bg: { ...both.value.bg }, gg: { ...both.value.gg },
    } }, paretoNbd: pareto, groceriesRules: groceries,
  };
  console.log(`CDNOW ${rows.length} customers (${elog.length} log rows)`);
  console.log(`  summary from the log         cold ${ms(summary.coldMs)}, median ${ms(summary.medianMs)}`);
  console.log(`  BG/NBD + Gamma-Gamma fit     cold ${ms(both.coldMs)}, median ${ms(both.medianMs)}  (target ≤ 500 ms; ${both.value.bg.evaluations} + ${both.value.gg.evaluations} evaluations)`);
  console.log(`  Pareto/NBD fit               cold ${ms(pareto.coldMs)}, median ${ms(pareto.medianMs)}  (${pareto.value.evaluations} evaluations)`);
  console.log(`  Groceries apriori + rules    cold ${ms(groceries.coldMs)}, median ${ms(groceries.medianMs)}  (${groceries.value} rules)`);
} else {
  console.log('anchors absent: CDNOW and Groceries timings skipped (set MEHVAR_ANCHORS or put them in ../shared/anchors)');
}

const truth = { r: 0.25, alpha: 4.4, a: 0.8, b: 2.4 }, spendTruth = { p: 6, q: 4, gamma: 15 };
const sim = time(() => simulateBgNbd(truth, { n: N, seed: 7, minT: 26, maxT: 78, days: true, spend: spendTruth }));
const customers: CustomerSummary[] = sim.value;
const fit = series(() => ({ bg: fitBgNbd(customers), gg: fitGammaGamma(customers) }), Math.min(RUNS, 5));
const model = bgnbdModel(fit.value.bg.params);
const score = series(() => scoreCustomers(model, fit.value.gg.params, customers, { horizon: 13, months: 12, monthlyDiscountRate: 0.01 }), 1);
results.synthetic = {
  customers: N, simulateMs: sim.ms, truth, spendTruth, fit: { coldMs: fit.coldMs, medianMs: fit.medianMs, samplesMs: fit.samplesMs,
    bg: fit.value.bg, gg: fit.value.gg }, scoring: { coldMs: score.coldMs, medianMs: score.medianMs, per1MMinutes: (score.medianMs * 1e6 / N) / 60000 },
};
console.log(`Synthetic ${N.toLocaleString('en')} customers (simulated in ${ms(sim.ms)})`);
console.log(`  BG/NBD + Gamma-Gamma fit     cold ${ms(fit.coldMs)}, median ${ms(fit.medianMs)}  (target ≤ 5000 ms)`);
const f = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ');
console.log(`  fitted ${f({ ...fit.value.bg.params })} (truth ${f(truth)})`);
console.log(`  fitted ${f({ ...fit.value.gg.params })} (truth ${f(spendTruth)})`);
console.log(`  scoring (P(alive), 13-week purchases, spend, 12-month CLV): ${ms(score.medianMs)} → ${(score.medianMs * 1e6 / N / 60000).toFixed(2)} min per 1M customers`);
console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);

const out = join(dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(out, { recursive: true });
const file = join(out, `models-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(results, null, 2));
console.log(`results: ${file}`);
