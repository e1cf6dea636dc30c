/** bench/load.ts's helpers: what to ask for (sampled from the database before the server holds it) and the server process. */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { openDatabase } from '../server/db/client.ts';
import { startFlags } from '../scripts/start-flags.ts';

export type Targets = { customerIds: string[]; searches: string[] };
export type Server = { port: number; pid: number; rssMb(): number; cpuSec(): number; stop(): Promise<void> };

type Row = { id: string; display_name: string; last_name: string | null; phones: { number: string }[]; emails: { address: string }[]; national_id: string | null };

/** Random customers and things people type for them (full name, last name, partial phone, national ID, email). */
export async function sampleTargets(where: { url?: string; dataDir?: string }, n: number, rand: () => number): Promise<Targets> {
  const database = await openDatabase(where.url ? { url: where.url } : { dataDir: where.dataDir });
  try {
    const [{ total }] = await database.query<{ total: number }>('SELECT count(*)::int AS total FROM customers WHERE deleted_at IS NULL');
    // A repeatable sample. PostgreSQL's BERNOULLI sampler can be far off for one seed: on the 1M bench table after a
    // VACUUM, 0.4 % with REPEATABLE (16) gave 0 rows (seed 17: 4,038), so a short sample takes the next seed and twice the share.
    let pct = Math.min(100, Math.max(0.05, (n / Math.max(1, total)) * 100));
    let rows: Row[] = [];
    for (let seed = 16; ; seed++, pct = Math.min(100, pct * 2)) {
      rows = await database.query<Row>(`SELECT id, display_name, last_name, phones, emails, national_id FROM customers
        TABLESAMPLE BERNOULLI (${pct.toFixed(3)}) REPEATABLE (${seed}) WHERE deleted_at IS NULL LIMIT ${n}`);
      if (rows.length >= Math.min(n, total) * 0.9 || pct >= 100) break;
    }
    const searches: string[] = [];
    for (const r of rows) {
      const phone = r.phones[0]?.number;
      const options = [r.display_name, r.last_name, phone && `0${phone.slice(3, 6)} ${phone.slice(6, 9)}`, r.national_id, r.emails[0]?.address].filter((x): x is string => !!x);
      searches.push(options[Math.floor(rand() * options.length)]);
    }
    return { customerIds: rows.map((r) => r.id), searches };
  } finally {
    await database.close();
  }
}

const TICKS = 100; // USER_HZ: clock ticks a second in /proc/<pid>/stat on Linux

/** User + system CPU seconds a process has used (NaN once it is gone). */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at ')': state is field 3, utime 14, stime 15.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICKS;
  } catch { return NaN; }
}

/**
 * CPU seconds of this machine's PostgreSQL processes, per process id: the backends serving `dbName` and the server's
 * own background processes (WAL writer, checkpointer…), not the backends of other databases. Diff two of these over a
 * run; a backend that ends in between loses its share (the pool keeps its connections for minutes, so few do).
 */
export function postgresCpu(dbName: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let cmd: string;
    try { cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ').trim(); } catch { continue; }
    if (!cmd.startsWith('postgres')) continue;
    const backend = /^postgres: \S+: \S+ (\S+) (\S+\(\d+\)|\[local\])/.exec(cmd);
    if (backend && backend[1] !== dbName) continue;
    const s = cpuSecondsOf(Number(d));
    if (Number.isFinite(s)) out.set(Number(d), s);
  }
  return out;
}

/** CPU seconds PostgreSQL spent between two postgresCpu() readings (processes present at the end; new ones count from 0). */
export function postgresCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, s] of after) sum += s - (before.get(pid) ?? 0);
  return sum;
}

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch { return NaN; }
}

/** The built server bundle (rebuilt first if its sources changed), as `npm start` runs it, on a port of its own; `root` may be an older checkout (a baseline). */
export async function startServer(env: Record<string, string>, port: number, root = process.cwd()): Promise<Server> {
  execFileSync('node', ['scripts/build.mjs', '--only=server,template'], { stdio: 'ignore', cwd: root });
  // The node flags of that checkout's `npm start` (a baseline runs as it was started then), then
  // BENCH_SERVER_NODE_ARGS: extra node flags for the server alone, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = [...startFlags(root), ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const child: ChildProcess = spawn('node', [...nodeArgs, 'dist/server/main.mjs'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), MEHVAR_LOG_LEVEL: 'warn', NODE_ENV: 'production', MEHVAR_BACKUP_DIR: 'off' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try { if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break; } catch { /* not yet */ }
    if (Date.now() > deadline) { child.kill(); throw new Error('server did not start in 60 s'); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    pid: child.pid!,
    rssMb: () => rssOf(child.pid!),
    cpuSec: () => cpuSecondsOf(child.pid!),
    stop: () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); setTimeout(() => child.kill('SIGKILL'), 10_000).unref(); }),
  };
}
