/**
 * Purchase-history import benchmark (issue 14): a CDNOW-sized transaction log (69,659 rows by default, 23,570
 * customers, customer_code,date,quantity,amount: one invoice per customer-day, a few days with several rows) through
 * the product's import path, after the customers are imported with their codes. Fresh database each run.
 *
 *   npx tsx bench/import-purchases.ts --db pg     [--rows 69659] [--customers 23570] [--url postgres://…/mehvar_impbench_p]
 *   npx tsx bench/import-purchases.ts --db pglite [--rows 69659]
 */
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Database } from '../server/db/client.ts';
import { freshBenchDatabase } from './common.ts';
import { ensureBuiltInRoles } from '../server/modules/auth/index.ts';
import { importFromFile } from '../server/modules/imports/index.ts';
import { systemClock } from '../server/clock.ts';
import { seededRandom } from '../server/analytics/index.ts';
import { writeCustomerCsv } from './import-data.ts';
import { sqlTimingReport, timeSqlStatements } from './sql-timing.ts';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'pg' },
    rows: { type: 'string', default: '69659' },
    customers: { type: 'string', default: '23570' },
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/mehvar_impbench_p' },
    profile: { type: 'boolean', default: false },
  },
});
const t0 = Date.now();
const log = (m: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${m}`);
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** The log: each customer buys on a few days of 1997–98; about 1 row in 30 is a second purchase the same day. */
async function writeLog(file: string, rows: number, customers: number, seed = 97): Promise<void> {
  const rand = seededRandom(seed);
  const start = Date.UTC(1997, 0, 1);
  let buf = 'customer_code,date,quantity,amount\n';
  for (let i = 0; i < rows; i++) {
    const c = i < customers ? i : Math.floor(rand() * customers);
    const day = new Date(start + Math.floor(rand() * 546) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    const line = `C${String(c + 1).padStart(7, '0')},${day},${1 + Math.floor(rand() * 4)},${(5 + rand() * 80).toFixed(2)}\n`;
    buf += line;
    if (rand() < 1 / 30 && i + 1 < rows) { buf += line.replace(/,(\d+),/, ',1,'); i++; }
  }
  fs.writeFileSync(file, buf);
}

const freshDatabase = async (tmp: string): Promise<Database> => (await freshBenchDatabase(args.db === 'pg' ? 'pg' : 'pglite', args.url, tmp)).database;

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mehvar-impbench-p-'));
  const N = Number(args.rows);
  const C = Number(args.customers);
  try {
    const cfile = path.join(tmp, 'customers.csv');
    const lfile = path.join(tmp, 'purchases.csv');
    await writeCustomerCsv(cfile, C);
    await writeLog(lfile, N, C);
    const database = await freshDatabase(tmp);
    await ensureBuiltInRoles(database.db);
    const opts = { encoding: 'auto' as const, options: { dates: 'auto' as const, moneyUnit: 'rial' as const, onDuplicate: 'skip' as const }, dataDir: tmp };
    let a = Date.now();
    const cs = await importFromFile(database, systemClock, { ...opts, kind: 'customers', file: cfile });
    log(`customers: ${JSON.stringify(cs)} in ${((Date.now() - a) / 1000).toFixed(1)} s`);
    if (args.profile) timeSqlStatements();
    const l0 = load();
    a = Date.now();
    const cpu0 = process.cpuUsage();
    const ps = await importFromFile(database, systemClock, { ...opts, kind: 'purchases', file: lfile });
    const secs = (Date.now() - a) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const [{ n }] = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM documents WHERE kind = 'invoice'`);
    log(`purchases: ${JSON.stringify(ps)}; ${n.toLocaleString('en')} invoices`);
    log(`purchases: ${N.toLocaleString('en')} rows in ${secs.toFixed(1)} s, ${Math.round(N / secs).toLocaleString('en')} rows/s; Node CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; load before ${l0}, after ${load()}`);
    if (args.profile) log(sqlTimingReport(20));
    await database.close();
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => { console.error(err); process.exitCode = 1; });
