/**
 * The load test (issue 16): starts the real server (the built bundle, as `npm start` runs it) on a seeded database,
 * logs in several users, and keeps N keep-alive connections busy for a duration with the agents' mix — 40% 360° view,
 * 25% quick search, 15% list pages, 10% my tasks, 10% logging an interaction. Reports req/s, p50/p95/p99 per
 * endpoint, non-2xx, errors, the server's RSS over time and the load average. No load tool is a dependency: the
 * client is node:http with a keep-alive agent (closed loop: each connection sends its next request when the answer
 * arrives, as wrk and autocannon do).
 *
 *   npm run bench:load -- --db pg     [--url postgres://…/mehvar_bench] [--connections 50] [--duration 60]
 *   npm run bench:load -- --db pglite [--data-dir …] [--connections 10] [--jobs on]
 *   npm run bench:load -- --db pglite --demo [--requests 10000]     (the demo business, in a fresh folder)
 *   --only view360|search|list|tasks|log   one endpoint alone;  --instances 2   two servers, connections split
 *   --server-dir /path/to/older/checkout   the baseline: the same load against another version's server
 */
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BENCH_PASSWORD, BENCH_PG_URL, BENCH_PGLITE_DIR, benchUserEmail, BUSY_USER_EMAIL } from './common.ts';
import { pct } from './stats.ts';
import { postgresCpu, postgresCpuBetween, sampleTargets, startServer, type Targets, type Server } from './load-server.ts';
import { request, login, type Conn, type Session } from './load-client.ts';
import { readStatements, resetStatements, statementsTable } from './load-statements.ts';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'pg' },
    url: { type: 'string', default: BENCH_PG_URL },
    'data-dir': { type: 'string', default: BENCH_PGLITE_DIR },
    demo: { type: 'boolean', default: false },
    connections: { type: 'string' },
    duration: { type: 'string', default: '60' },
    requests: { type: 'string' },
    warmup: { type: 'string', default: '5' },
    users: { type: 'string', default: '10' },
    jobs: { type: 'string', default: 'on' },
    only: { type: 'string' },
    instances: { type: 'string', default: '1' },
    port: { type: 'string', default: '3190' },
    seed: { type: 'string', default: '16' },
    label: { type: 'string', default: '' },
    'server-dir': { type: 'string' },
  },
});
const isPg = args.db === 'pg';
const CONNS = Number(args.connections ?? (isPg ? 50 : 10));
const DURATION = Number(args.duration) * 1000;
const MAX_REQUESTS = args.requests ? Number(args.requests) : Infinity;
const WARMUP = Number(args.warmup) * 1000;

let s = Number(args.seed) >>> 0;
const rand = () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 4294967296; };
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

type Kind = 'view360' | 'search' | 'list' | 'tasks' | 'log';
const MIX: [Kind, number][] = [['view360', 40], ['search', 25], ['list', 15], ['tasks', 10], ['log', 10]];
const LABEL: Record<Kind, string> = {
  view360: '360 view GET /api/customers/:id', search: 'quick search GET /api/customers/search', list: 'list pages GET /api/customers',
  tasks: 'my tasks GET /api/tasks', log: 'log interaction POST /api/interactions',
};

function nextKind(): Kind {
  if (args.only) return args.only as Kind;
  let r = rand() * 100;
  for (const [k, w] of MIX) { if ((r -= w) < 0) return k; }
  return 'view360';
}

function requestFor(kind: Kind, t: Targets): { method: 'GET' | 'POST'; path: string; body?: unknown } {
  switch (kind) {
    case 'view360': return { method: 'GET', path: `/api/customers/${pick(t.customerIds)}` };
    case 'search': return { method: 'GET', path: `/api/customers/search?q=${encodeURIComponent(pick(t.searches))}` };
    case 'list': return { method: 'GET', path: `/api/customers?page=${1 + Math.floor(rand() * 10)}` };
    case 'tasks': {
      const bucket = pick(['all', 'all', 'overdue', 'today', 'upcoming']);
      return { method: 'GET', path: `/api/tasks?view=mine&bucket=${bucket}&page=${1 + Math.floor(rand() * 3)}&pageSize=50` };
    }
    case 'log': return {
      method: 'POST', path: '/api/interactions',
      body: { customerId: pick(t.customerIds), kind: 'call', direction: rand() < 0.5 ? 'in' : 'out', summary: 'تماس پیگیری — آزمون بار', durationSec: 60 + Math.floor(rand() * 300), outcome: 'answered', promises: [] },
    };
  }
}

function loadavg() { return os.loadavg().map((x) => x.toFixed(2)).join(' / '); }

async function main() {
  const demo = args.demo;
  // --demo seeds a new folder, unless --data-dir names a folder that already holds the demo business (kept, then).
  const reuse = demo && args['data-dir'] !== BENCH_PGLITE_DIR && fs.existsSync(path.join(args['data-dir']!, 'pglite'));
  const dataDir = demo && !reuse ? fs.mkdtempSync(path.join(os.tmpdir(), 'mehvar-load-demo-')) : args['data-dir']!;
  const env: Record<string, string> = isPg ? { DATABASE_URL: args.url! } : { MEHVAR_DATA_DIR: dataDir };
  const emails = demo ? ['sales1@mehvar.local', 'sales2@mehvar.local', 'sales3@mehvar.local', 'manager@mehvar.local']
    : Array.from({ length: Math.min(10, Number(args.users)) }, (_, i) => benchUserEmail('sales', i + 1));
  const password = demo ? 'Anar-Sib-Golabi-1403' : BENCH_PASSWORD;
  if (demo && !reuse) {
    const { execFileSync } = await import('node:child_process');
    console.log(`seeding the demo business into ${dataDir} …`);
    execFileSync('node', ['--import', 'tsx', 'server/cli.ts', 'demo'], { cwd: args['server-dir'] ?? process.cwd(), env: { ...process.env, ...env, MEHVAR_LOG_LEVEL: 'warn' }, stdio: 'inherit' });
  }
  const targets = await sampleTargets(isPg ? { url: args.url } : { dataDir }, 4000, rand);
  console.log(`targets: ${targets.customerIds.length} customers, ${targets.searches.length} search inputs; load average ${loadavg()}`);
  if (!targets.customerIds.length) throw new Error('no customers sampled: seed the database first (npm run bench:seed)');

  const instances = Number(args.instances);
  const servers: Server[] = [];
  for (let i = 0; i < instances; i++) servers.push(await startServer({ ...env, MEHVAR_JOBS: args.jobs === 'off' ? 'off' : 'on' }, Number(args.port) + i, args['server-dir'] ?? process.cwd()));
  const rssStart = servers.map((sv) => sv.rssMb());
  console.log(`server(s) up: RSS ${rssStart.map((x) => x.toFixed(0)).join(', ')} MB; load average ${loadavg()}`);

  // Log in the users (one session per user, shared by the connections that act as that user); the busy user too.
  const conns: Conn[] = [];
  const cookies: Session[] = [];
  for (const email of emails) cookies.push(await login(servers[0].port, email, password));
  for (let i = 0; i < CONNS; i++) conns.push({ port: servers[i % instances].port, session: cookies[i % cookies.length] });
  if (!demo && args.only === 'tasks') {
    const busy = await login(servers[0].port, BUSY_USER_EMAIL, BENCH_PASSWORD).catch(() => undefined);
    if (busy) { conns.forEach((c) => (c.session = busy)); console.log(`my tasks as ${BUSY_USER_EMAIL} (50,000 open tasks)`); }
  }

  const lat = new Map<Kind, number[]>();
  const status = new Map<Kind, Map<number, number>>();
  let errors = 0;
  let sent = 0;
  let measuring = false;
  let stop = false;
  const rss: { t: number; mb: number[] }[] = [];
  const tStart = performance.now();
  const sampler = setInterval(() => { rss.push({ t: (performance.now() - tStart) / 1000, mb: servers.map((sv) => sv.rssMb()) }); }, 1000);

  async function worker(c: Conn) {
    while (!stop) {
      const kind = nextKind();
      const rq = requestFor(kind, targets);
      const counted = measuring;
      if (counted) sent++;
      const t0 = performance.now();
      try {
        const code = await request(c, rq.method, rq.path, rq.body);
        if (!counted) continue;
        const ms = performance.now() - t0;
        if (!lat.has(kind)) { lat.set(kind, []); status.set(kind, new Map()); }
        lat.get(kind)!.push(ms);
        status.get(kind)!.set(code, (status.get(kind)!.get(code) ?? 0) + 1);
      } catch {
        if (counted) errors++;
      }
      if (sent >= MAX_REQUESTS) stop = true;
    }
  }
  const workers = conns.map(worker);
  await new Promise((r) => setTimeout(r, WARMUP));
  measuring = true;
  const load0 = os.loadavg()[0];
  const t0 = performance.now();
  const rssAtMeasure = servers.map((sv) => sv.rssMb());
  // CPU over the measured window: the server process(es), PostgreSQL (this database's backends + background), this client.
  const dbName = isPg ? new URL(args.url!).pathname.slice(1) : '';
  const xacts = async () => {
    if (!isPg) return { xact: NaN, ins: NaN, upd: NaN };
    const { default: pg } = await import('pg');
    const c = new pg.Client({ connectionString: args.url });
    await c.connect();
    try {
      // Each statement outside a transaction is one transaction: commits ≈ statements (a write request's BEGIN…COMMIT is one).
      const r = await c.query('SELECT pg_stat_force_next_flush()').catch(() => undefined);
      void r;
      const [row] = (await c.query('SELECT xact_commit::float8 AS xact, tup_inserted::float8 AS ins, tup_updated::float8 AS upd FROM pg_stat_database WHERE datname = current_database()')).rows;
      return row as { xact: number; ins: number; upd: number };
    } finally { await c.end(); }
  };
  const x0 = await xacts();
  const statementsReset: { ok: boolean; reason?: string } = isPg ? await resetStatements(args.url!) : { ok: false };
  const cpu0 = { server: servers.map((sv) => sv.cpuSec()), pg: isPg ? postgresCpu(dbName) : new Map<number, number>(), client: process.cpuUsage() };
  if (MAX_REQUESTS === Infinity) setTimeout(() => { stop = true; }, DURATION);
  await Promise.all(workers);
  const secs = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const load1 = os.loadavg()[0];
  const serverCpu = servers.reduce((a, sv, i) => a + sv.cpuSec() - cpu0.server[i], 0);
  const pgCpu = isPg ? postgresCpuBetween(cpu0.pg, postgresCpu(dbName)) : NaN;
  const clientCpu = (() => { const u = process.cpuUsage(cpu0.client); return (u.user + u.system) / 1e6; })();
  const rssEnd = servers.map((sv) => sv.rssMb());
  await new Promise((r) => setTimeout(r, 1500)); // the backends' statistics reach pg_stat_database within a second of going idle
  const x1 = await xacts();
  const statements = isPg ? (statementsReset.ok ? await readStatements(args.url!) : { available: false, reason: statementsReset.reason, top: [], total: { calls: 0, planMs: 0, execMs: 0 } }) : undefined;
  const perReq = (d: number) => (d / Math.max(1, sent)).toFixed(2);
  for (const sv of servers) await sv.stop();

  const all = [...lat.values()].flat();
  const non2xx = [...status.values()].flatMap((m) => [...m.entries()]).filter(([c]) => c < 200 || c > 299).reduce((a, [, n]) => a + n, 0);
  const rows = [...lat.entries()].map(([k, xs]) => {
    const codes = [...status.get(k)!.entries()].filter(([c]) => c < 200 || c > 299).map(([c, n]) => `${c}×${n}`).join(' ') || '0';
    return `| ${LABEL[k]} | ${xs.length} | ${(xs.length / secs).toFixed(0)} | ${pct(xs, 50).toFixed(1)} | ${pct(xs, 95).toFixed(1)} | ${pct(xs, 99).toFixed(1)} | ${codes} |`;
  });
  const summary = [
    `${args.label ? args.label + ': ' : ''}${isPg ? 'PostgreSQL' : demo ? 'PGlite, demo business' : 'PGlite'}, ${CONNS} connections, ${instances} instance(s), jobs ${args.jobs}, ${secs.toFixed(1)} s measured after ${WARMUP / 1000} s warm-up`,
    `**${(all.length / secs).toFixed(0)} requests/s**, non-2xx ${non2xx}, errors ${errors}; load average 1-min ${load0.toFixed(2)} → ${load1.toFixed(2)} (${loadavg()})`,
    `CPU over the measured ${secs.toFixed(1)} s: server ${serverCpu.toFixed(1)} s = **${((serverCpu * 1000) / Math.max(1, sent)).toFixed(2)} ms/request**` +
      (isPg ? `, PostgreSQL ${pgCpu.toFixed(1)} s = **${((pgCpu * 1000) / Math.max(1, sent)).toFixed(2)} ms/request**` : '') +
      `, load client ${clientCpu.toFixed(1)} s (${sent} requests sent in the window)`,
    ...(isPg ? [`database per request (pg_stat_database, incl. the 1.5 s after; the two stat reads count 2): transactions ${perReq(x1.xact - x0.xact)}, rows inserted ${perReq(x1.ins - x0.ins)}, rows updated ${perReq(x1.upd - x0.upd)}`] : []),
    `server RSS MB: start ${rssStart.map((x) => x.toFixed(0))}, measuring ${rssAtMeasure.map((x) => x.toFixed(0))}, end ${rssEnd.map((x) => x.toFixed(0))}, max ${Math.max(...rss.flatMap((r) => r.mb)).toFixed(0)}`,
    '', '| endpoint | n | req/s | p50 ms | p95 ms | p99 ms | non-2xx |', '|---|--:|--:|--:|--:|--:|--:|', ...rows,
    `| **all** | ${all.length} | ${(all.length / secs).toFixed(0)} | ${pct(all, 50).toFixed(1)} | ${pct(all, 95).toFixed(1)} | ${pct(all, 99).toFixed(1)} | ${non2xx} |`,
  ].join('\n');
  console.log('\n' + summary);
  if (statements) console.log('\n' + statementsTable(statements, sent));
  console.log(`\nRSS over time (s: MB): ${rss.filter((_, i) => i % 5 === 0).map((r) => `${r.t.toFixed(0)}: ${r.mb.map((x) => x.toFixed(0)).join('+')}`).join(', ')}`);
  const dir = path.resolve('bench/results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `load-${isPg ? 'pg' : 'pglite'}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify({ args, secs, sent, cpu: { server: serverCpu, postgres: pgCpu, client: clientCpu }, summary, statements, rss, latencies: Object.fromEntries(lat) }));
  console.log(`raw numbers: ${path.relative(process.cwd(), file)}`);
  if (demo && !reuse) fs.rmSync(dataDir, { recursive: true, force: true });
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
