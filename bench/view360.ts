/**
 * The 360° view alone, batched reads on and off in the same run (alternating request by request), on the embedded
 * database or PostgreSQL holding the demo business (`npm run demo`) or the bench seed. For each: round trips per view
 * (statements the driver was asked), app time through app.inject, and the floor: the same driver statements replayed
 * back to back (with batching on, the few merged statements — the same rows in one round trip per step). Then EXPLAIN
 * ANALYZE of the merged statements of one view.
 *
 *   npx tsx bench/view360.ts --db pglite --data-dir /path/to/demo [--iterations 300]
 *   npx tsx bench/view360.ts --db pg --url postgres://…/db [--email sales1@mehvar.local --password …]
 *   --plans: the whole EXPLAIN ANALYZE of each merged statement, not only its times
 */
import { parseArgs } from 'node:util';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/client.ts';
import { setBatching } from '../server/db/batch.ts';
import { boot } from '../server/boot.ts';
import { buildApp } from '../server/app.ts';
import { pct } from './stats.ts';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'pglite' },
    url: { type: 'string' },
    'data-dir': { type: 'string' },
    iterations: { type: 'string', default: '300' },
    email: { type: 'string', default: 'sales1@mehvar.local' },
    password: { type: 'string', default: 'Anar-Sib-Golabi-1403' },
    plans: { type: 'boolean', default: false },
  },
});
const ITER = Number(args.iterations);
let seed = 360;
const rand = () => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 4294967296; };

async function main() {
  const isPg = args.db === 'pg';
  const config = loadConfig({ ...(isPg ? { DATABASE_URL: args.url! } : { MEHVAR_DATA_DIR: args['data-dir']! }), MEHVAR_JOBS: 'off', MEHVAR_LOG_LEVEL: 'silent', NODE_ENV: 'production' });
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  const client = (database.db as unknown as { $client: { query: (...a: unknown[]) => Promise<unknown> } }).$client;
  const orig = client.query.bind(client);
  let captured: { text: string; params: unknown[]; replay: () => Promise<unknown> }[] | undefined;
  client.query = (...a: unknown[]) => {
    if (captured) {
      const text = typeof a[0] === 'string' ? a[0] : (a[0] as { text: string }).text;
      captured.push({ text, params: (a[1] ?? []) as unknown[], replay: () => orig(...a) });
    }
    return orig(...a);
  };
  const rt = await boot(config, { database, jobs: false, log: () => {} });
  const app = await buildApp(rt);
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: args.email, password: args.password } });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
  const cookie = login.cookies.filter((c) => c.name === 'mehvar_session').map((c) => `${c.name}=${c.value}`).join('; ');
  const ids = (await database.query<{ id: string }>('SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY id LIMIT 2000')).map((r) => r.id);

  const runs = { off: { app: [] as number[], raw: [] as number[], trips: 0, bodies: [] as string[] }, on: { app: [] as number[], raw: [] as number[], trips: 0, bodies: [] as string[] } };
  const warm = Math.min(50, Math.ceil(ITER / 5));
  for (let i = -warm; i < ITER; i++) {
    const id = ids[Math.floor(rand() * ids.length)];
    for (const mode of (i % 2 ? ['on', 'off'] : ['off', 'on']) as ('on' | 'off')[]) {
      setBatching(mode === 'on');
      captured = [];
      const t0 = performance.now();
      const res = await app.inject({ method: 'GET', url: `/api/customers/${id}`, headers: { cookie } });
      const tApp = performance.now() - t0;
      const stmts = captured.filter((c) => !/from "sessions"|"sessions"/i.test(c.text));
      captured = undefined;
      if (res.statusCode !== 200) throw new Error(`${id}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      const t1 = performance.now();
      for (const st of stmts) await st.replay();
      const tRaw = performance.now() - t1;
      if (i < 0) continue;
      const r = runs[mode];
      r.app.push(tApp); r.raw.push(tRaw); r.trips += stmts.length;
      if (i < 40) r.bodies.push(res.body);
    }
  }
  const same = runs.on.bodies.every((b, k) => b === runs.off.bodies[k]);
  const la = os.loadavg().map((x) => x.toFixed(2)).join(' / ');
  console.log(`${database.kind}, ${ITER} views each, alternating; load average ${la}; answers identical on/off for the first 40: ${same}`);
  console.log('| 360° view | round trips / view | app p50 | app p95 | floor p50 | floor p95 | app/floor p50 |');
  console.log('|---|--:|--:|--:|--:|--:|--:|');
  for (const mode of ['off', 'on'] as const) {
    const r = runs[mode];
    console.log(`| batching ${mode} | ${(r.trips / ITER).toFixed(1)} | ${pct(r.app, 50).toFixed(2)} | ${pct(r.app, 95).toFixed(2)} | ${pct(r.raw, 50).toFixed(2)} | ${pct(r.raw, 95).toFixed(2)} | ${(pct(r.app, 50) / pct(r.raw, 50)).toFixed(2)} |`);
  }
  console.log(`on/off: app p50 ×${(pct(runs.on.app, 50) / pct(runs.off.app, 50)).toFixed(2)}, p95 ×${(pct(runs.on.app, 95) / pct(runs.off.app, 95)).toFixed(2)}`);

  // Plans of one view's merged statements (the busiest customer).
  setBatching(true);
  const busy = (await database.query<{ customer_id: string }>('SELECT customer_id FROM interactions GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1'))[0];
  captured = [];
  await app.inject({ method: 'GET', url: `/api/customers/${busy.customer_id}`, headers: { cookie } });
  const stmts = captured.filter((c) => !/"sessions"/i.test(c.text));
  captured = undefined;
  for (const st of stmts) {
    const rows = await database.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) ${st.text}`, st.params);
    const plan = rows.map((r) => r['QUERY PLAN']);
    const seq = plan.filter((l) => /Seq Scan on (?!pipeline|users|loyalty_program|settings)/.test(l));
    console.log(`\n-- ${st.text.length > 160 ? st.text.slice(0, 160).replace(/\s+/g, ' ') + ' …' : st.text.replace(/\s+/g, ' ')}`);
    console.log(`   ${plan.filter((l) => /Planning Time|Execution Time/.test(l)).map((l) => l.trim()).join('; ')}; seq scans: ${seq.length ? seq.map((l) => l.trim()).join(' | ') : 'none'}`);
    if (args.plans) console.log(plan.join('\n'));
  }
  await app.close();
  await rt.close();
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
