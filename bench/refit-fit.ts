/**
 * The nightly refit's computation at scale, without the database: a synthetic purchase log for --customers
 * customers (BG/NBD buyers: λ ~ Gamma(r, α), dropout p ~ Beta(a, b), first purchase on a day uniform over the last
 * 78 weeks, amounts Gamma-Gamma), then what refit() does with it: the summary, the model choice on a 90-day holdout
 * and the fit on all data (on the FIT_SAMPLE customers of insights/refit.service.ts), the spend fit, and every
 * customer's scores (P(alive), 90-day purchases, next purchase, 12-month CLV). Target: scoring 1M customers
 * nightly ≤ 5 min (the database's part — signals read, scores written — is measured by bench/insights-refit.ts).
 *
 *   npx tsx bench/refit-fit.ts [--customers 1000000] [--seed 7]
 */
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  discountedClv, expectedTimeToNextPurchase, fitSpend, gammaGammaExpectedSpend, gammaSample, seededRandom, type Transaction,
} from '../server/analytics/index.ts';
import { fitPurchaseModels, FIT_SAMPLE } from '../server/modules/insights/index.ts';

const { values } = parseArgs({ options: { customers: { type: 'string', default: '1000000' }, seed: { type: 'string', default: '7' } } });
const N = Number(values.customers);
const today = '2026-12-06', DAY = 86_400_000, todayMs = Date.parse(`${today}T00:00:00Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const t0 = performance.now();
const rand = seededRandom(Number(values.seed));
const txs: Transaction[] = [];
for (let i = 0; i < N; i++) {
  const id = `c${i}`;
  const lambda = gammaSample(rand, 0.8, 12) , g1 = gammaSample(rand, 0.9, 1), g2 = gammaSample(rand, 3, 1), drop = g1 / (g1 + g2);
  const nu = gammaSample(rand, 4, 15);
  const birth = Math.floor(rand() * 78 * 7);
  let t = 0;
  for (;;) {
    txs.push({ customerId: id, date: iso(todayMs - (birth - Math.floor(t * 7)) * DAY), amount: Math.round(gammaSample(rand, 6, nu) * 1e6) });
    if (rand() < drop) break;
    t += -Math.log(1 - rand()) / lambda;
    if (t * 7 > birth) break;
  }
}
txs.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
const genMs = performance.now() - t0;
console.log(`${N.toLocaleString('en')} customers, ${txs.length.toLocaleString('en')} purchases (generated in ${(genMs / 1000).toFixed(1)} s)`);

const t1 = performance.now();
const fitted = fitPurchaseModels(txs, today, String(txs[0].date), 200);
const fitMs = performance.now() - t1;
const t2 = performance.now();
const spend = fitSpend(fitted.sample, 200);
const spendMs = performance.now() - t2;
console.log(`model choice + fit: ${(fitMs / 1000).toFixed(1)} s → ${fitted.model.model} ${JSON.stringify(fitted.model.params)}`);
console.log(`  candidates ${JSON.stringify(fitted.quality.candidates)}; warnings ${JSON.stringify(fitted.warnings)}`);
console.log(`spend fit: ${(spendMs / 1000).toFixed(1)} s (${spend.fit ? 'Gamma-Gamma' : spend.warning})`);

const t3 = performance.now();
let nonFinite = 0;
for (const c of fitted.full) {
  const pAlive = fitted.model.pAlive(c);
  const s = spend.fit ? gammaGammaExpectedSpend(spend.fit.params, c.x, c.monetary) : c.monetary;
  const e90 = fitted.model.conditionalExpected(90 / 7, c);
  expectedTimeToNextPurchase(fitted.model, c, 52);
  const clv = discountedClv(fitted.model, c, s, { months: 12, monthlyDiscountRate: 0.01 });
  if (!Number.isFinite(pAlive + e90 + clv)) nonFinite++;
}
const scoreMs = performance.now() - t3;
console.log(`scores for ${fitted.full.length.toLocaleString('en')} customers: ${(scoreMs / 1000).toFixed(1)} s (${nonFinite} non-finite)`);
console.log(`total computation ${((fitMs + spendMs + scoreMs) / 1000).toFixed(1)} s (fit sample ${FIT_SAMPLE.toLocaleString('en')}); load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
