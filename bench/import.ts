/**
 * The import benchmark (issue 14): a generated Persian customer CSV through the product's own import path (the
 * command line's importCustomersFromFile: streaming read, mapping, validation, dedupe, chunked writes, outcomes), into
 * a fresh database; then, in the same run, the same prepared rows loaded with raw COPY into the same tables (same
 * indexes), for the ratio. RSS is sampled all along.
 *
 *   npm run bench:import -- --db pg     [--rows 1000000] [--chunk N] [--url postgres://…/mehvar_impbench]
 *   npm run bench:import -- --db pglite [--rows 100000]  [--chunk N]
 */
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Database } from '../server/db/client.ts';
import { freshBenchDatabase } from './common.ts';
import { ensureBuiltInRoles } from '../server/modules/auth/index.ts';
import { importCustomersFromFile } from '../server/modules/imports/index.ts';
import { systemClock } from '../server/clock.ts';
import { writeCustomerCsv } from './import-data.ts';
import { copyBaseline } from './import-copy.ts';
import { sqlTimingReport, timeSqlStatements } from './sql-timing.ts';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'pg' },
    rows: { type: 'string' },
    chunk: { type: 'string' },
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/mehvar_impbench' },
    'no-copy': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
  },
});
const isPg = args.db === 'pg';
if (args.profile && isPg) timeSqlStatements();
const N = Number(args.rows ?? (isPg ? 1_000_000 : 100_000));
const t0 = Date.now();
const log = (m: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${m}`);
const mb = (b: number) => Math.round(b / 1024 / 1024);

/** RSS every 250 ms: the maximum and a sample every few seconds, for "memory flat". */
function rssSampler() {
  const samples: { t: number; rss: number }[] = [];
  const timer = setInterval(() => samples.push({ t: Date.now() - t0, rss: process.memoryUsage.rss() }), 250);
  timer.unref();
  return {
    stop: () => clearInterval(timer),
    between: (from: number, to: number) => samples.filter((s) => s.t >= from && s.t <= to),
  };
}

const freshDatabase = (tmp: string) => freshBenchDatabase(isPg ? 'pg' : 'pglite', args.url, tmp);

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mehvar-impbench-'));
  const rss = rssSampler();
  try {
    const file = path.join(tmp, 'customers.csv');
    const gen = await writeCustomerCsv(file, N);
    log(`generated ${N.toLocaleString('en')} rows (${gen.duplicates} duplicates, ${gen.invalid} invalid on purpose), ${mb(fs.statSync(file).size)} MB; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    const { database, dataDir } = await freshDatabase(tmp);
    await ensureBuiltInRoles(database.db);
    const load0 = os.loadavg();
    const a = Date.now() - t0;
    const cpu0 = process.cpuUsage();
    const summary = await importCustomersFromFile(database, systemClock, {
      file, encoding: 'auto', options: { dates: 'auto', moneyUnit: 'rial', onDuplicate: 'skip' }, dataDir: tmp,
      ...(args.chunk ? { chunkSize: Number(args.chunk) } : {}),
    });
    const b = Date.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const secs = (b - a) / 1000;
    const importRate = N / secs;
    const during = rss.between(a, b);
    log(`import: ${JSON.stringify(summary)}`);
    log(`import: ${secs.toFixed(1)} s, ${Math.round(importRate).toLocaleString('en')} rows/s; Node CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; load before ${load0.map((l) => l.toFixed(2)).join(' ')}, after ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    if (args.profile && isPg) log(sqlTimingReport());
    log(`import RSS: max ${mb(Math.max(...during.map((s) => s.rss)))} MB; over time ${during.filter((_, i) => i % 20 === 0).map((s) => `${(s.t / 1000).toFixed(0)}s:${mb(s.rss)}`).join(' ')}`);
    if (!args['no-copy']) {
      const copy = await copyBaseline(database, dataDir, tmp, summary.batchId);
      const copyRate = copy.rows / copy.seconds;
      log(`COPY of the same ${copy.rows.toLocaleString('en')} prepared customer rows: ${copy.seconds.toFixed(1)} s, ${Math.round(copyRate).toLocaleString('en')} rows/s (per input row: ${Math.round(N / copy.seconds).toLocaleString('en')}/s)`);
      log(`COPY of customers + audit + import rows: ${copy.allSeconds.toFixed(1)} s`);
      log(`ratio import / COPY (input rows per second, customers only): ${((importRate / (N / copy.seconds)) * 100).toFixed(1)} %; with audit + import rows: ${((importRate / (N / copy.allSeconds)) * 100).toFixed(1)} %`);
    } else await database.close();
    log(`machine load now ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, peak RSS of the run ${mb(Math.max(...rss.between(0, Date.now()).map((s) => s.rss)))} MB`);
  } finally {
    rss.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => { console.error(err); process.exitCode = 1; });
