/**
 * PDF rendering speed: the 3-line Persian quote rendered 100 times after a warm-up, p50/p95 in ms, plus the first
 * (cold) render, which loads and parses the fonts, and a few renders of the 60-line invoice.
 *   npx tsx bench/pdf.ts [runs]
 * Wall time is what a user waits; CPU time (this process, all threads) is steadier when the machine is shared.
 * React runs in development mode unless NODE_ENV=production, which is noticeably faster for react-pdf.
 */
import { renderDocumentPdf } from '../server/modules/documents/pdf/index.ts';
import { sampleInvoiceFa, sampleQuoteFa } from '../server/modules/documents/pdf/samples.ts';
import { cpus, loadavg } from 'node:os';

const runs = Number(process.argv[2] ?? 100);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

async function measure(fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  await fn();
  const wall = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

function report(label: string, samples: Array<{ wall: number; cpu: number }>): void {
  const wall = samples.map((s) => s.wall);
  const cpu = samples.map((s) => s.cpu);
  console.log(`${label}: wall p50 ${percentile(wall, 50).toFixed(1)} ms, p95 ${percentile(wall, 95).toFixed(1)} ms;`
    + ` cpu p50 ${percentile(cpu, 50).toFixed(1)} ms, p95 ${percentile(cpu, 95).toFixed(1)} ms`);
}

console.log(`node ${process.version}, NODE_ENV=${process.env.NODE_ENV ?? '(unset)'}, ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const quote = sampleQuoteFa();
const cold = await measure(() => renderDocumentPdf(quote));
console.log(`3-line fa quote, first render (cold, fonts loaded): ${cold.wall.toFixed(0)} ms`);
for (let i = 0; i < 10; i++) await renderDocumentPdf(quote);
const warm = [];
for (let i = 0; i < runs; i++) warm.push(await measure(() => renderDocumentPdf(quote)));
report(`3-line fa quote, warm x${runs} (target p95 <= 150 ms)`, warm);

const invoice = sampleInvoiceFa(60);
const big = [];
for (let i = 0; i < 5; i++) big.push(await measure(() => renderDocumentPdf(invoice)));
report('60-line fa invoice (3 pages), warm x5', big);
console.log(`load after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
