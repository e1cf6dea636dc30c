/**
 * The statements each request of the load mix (bench/load.ts) sends, as the driver is asked them: count, text and
 * time. For finding round trips to merge and statements to simplify; not a measurement of speed.
 *
 *   npx tsx bench/statements.ts --url postgres://…/mehvar_bench [--only view360|search|list|tasks|log] [--full]
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/client.ts';
import { boot } from '../server/boot.ts';
import { buildApp } from '../server/app.ts';
import { BENCH_PASSWORD, benchUserEmail } from './common.ts';

const { values: args } = parseArgs({ options: { url: { type: 'string' }, 'data-dir': { type: 'string' }, only: { type: 'string' }, full: { type: 'boolean', default: false }, rounds: { type: 'string', default: '3' }, all: { type: 'boolean', default: false } } });
const ROUNDS = Number(args.rounds);
const config = loadConfig({ ...(args.url ? { DATABASE_URL: args.url } : { MEHVAR_DATA_DIR: args['data-dir'] }), MEHVAR_JOBS: 'off', MEHVAR_LOG_LEVEL: 'silent', NODE_ENV: 'production' });
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
const client = (database.db as unknown as { $client: { query: (...a: unknown[]) => Promise<unknown> } }).$client;
const orig = client.query.bind(client);
let captured: { text: string; ms: number }[] | undefined;
client.query = (...a: unknown[]) => {
  const text = typeof a[0] === 'string' ? a[0] : (a[0] as { text: string }).text;
  const t0 = performance.now();
  const p = orig(...a) as Promise<unknown>;
  const list = captured;
  return p.then((r) => { list?.push({ text, ms: performance.now() - t0 }); return r; });
};
const rt = await boot(config, { database, jobs: false, log: () => {} });
const app = await buildApp(rt);
const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: benchUserEmail('sales', 1), password: BENCH_PASSWORD } });
if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
const cookie = login.cookies.filter((c) => c.name === 'mehvar_session').map((c) => `${c.name}=${c.value}`).join('; ');
const csrf = (JSON.parse((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).body) as { csrfToken: string }).csrfToken;
const [c] = await database.query<{ id: string; last_name: string }>('SELECT id, last_name FROM customers WHERE deleted_at IS NULL ORDER BY id LIMIT 1');
const requests: Record<string, { method: 'GET' | 'POST'; url: string; body?: unknown }> = {
  view360: { method: 'GET', url: `/api/customers/${c.id}` },
  search: { method: 'GET', url: `/api/customers/search?q=${encodeURIComponent(c.last_name ?? 'a')}` },
  list: { method: 'GET', url: '/api/customers?page=3' },
  tasks: { method: 'GET', url: '/api/tasks?view=mine&bucket=all&page=2&pageSize=50' },
  log: { method: 'POST', url: '/api/interactions', body: { customerId: c.id, kind: 'call', direction: 'in', summary: 'تماس پیگیری', durationSec: 60, outcome: 'answered', promises: [] } },
};
for (const [name, r] of Object.entries(requests)) {
  if (args.only && args.only !== name) continue;
  for (let round = 0; round < ROUNDS; round++) {
    captured = [];
    const t0 = performance.now();
    const res = await app.inject({ method: r.method, url: r.url, headers: { cookie, 'x-csrf-token': csrf }, payload: r.body as object });
    const ms = performance.now() - t0;
    const list = captured;
    captured = undefined;
    if (round < ROUNDS - 1 && !args.all) continue;
    console.log(`\n## ${name} ${r.method} ${r.url}: ${res.statusCode}, ${list.length} statements, ${ms.toFixed(1)} ms, ${res.body.length} bytes`);
    for (const s of list) console.log(`  ${s.ms.toFixed(2).padStart(7)} ms  ${(args.full ? s.text : s.text.replace(/\s+/g, ' ').slice(0, 160))}`);
  }
}
await app.close();
await rt.close();
