/**
 * PDF rendering speed: the 3-line Persian quote rendered 100 times after a warm-up, p50/p95 in ms.
 *   npx tsx bench/pdf.ts [runs]
 * Also prints the first (cold) render, which includes loading and parsing the fonts.
 */
import { renderDocumentPdf } from '../server/modules/documents/pdf/index.ts';
import { sampleInvoiceFa, sampleQuoteFa } from '../server/modules/documents/pdf/samples.ts';

const runs = Number(process.argv[2] ?? 100);
const quote = sampleQuoteFa();

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const cold = await time(() => renderDocumentPdf(quote));
for (let i = 0; i < 5; i++) await renderDocumentPdf(quote);
const samples: number[] = [];
for (let i = 0; i < runs; i++) samples.push(await time(() => renderDocumentPdf(quote)));
samples.sort((a, b) => a - b);
const invoice = sampleInvoiceFa(60);
const invoiceTimes: number[] = [];
for (let i = 0; i < 5; i++) invoiceTimes.push(await time(() => renderDocumentPdf(invoice)));
invoiceTimes.sort((a, b) => a - b);

console.log(`3-line fa quote: cold ${cold.toFixed(0)} ms; warm x${runs}: p50 ${percentile(samples, 50).toFixed(1)} ms, p95 ${percentile(samples, 95).toFixed(1)} ms (target p95 <= 150 ms)`);
console.log(`60-line fa invoice: warm x5: p50 ${percentile(invoiceTimes, 50).toFixed(0)} ms, max ${invoiceTimes[invoiceTimes.length - 1].toFixed(0)} ms`);
