/**
 * The benchmark: boots the real app on a seeded database (bench/seed.ts), logs in as a seller and times, request by
 * request through app.inject, the 360° view and the two searches with realistic inputs; beside each request it replays
 * the exact SQL statements that request ran (captured at the driver), back to back on the same pool/PGlite, so the
 * ratio app / raw SQL is measured in the same run on the same noisy machine. Then EXPLAIN ANALYZE of the main
 * statements. (The embedded start-to-first-page time is bench/startup.ts.)
 *
 *   npm run bench -- --db pg|pglite [--iterations 300] [--url …] [--data-dir …]
 */
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/client.ts';
import { boot } from '../server/boot.ts';
import { buildApp } from '../server/app.ts';
import { faCompact, fixArabicLetters, toPersianDigits } from '../common/fa-normalize.ts';
import { toArabicLetters } from '../server/demo/people.ts';
import { BENCH_PASSWORD, BENCH_PG_URL, BENCH_PGLITE_DIR, benchUserEmail } from './common.ts';
import { summarize, table, pct, type Series, type Summary } from './stats.ts';
import { searchMix } from './search-mix.ts';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'pg' },
    iterations: { type: 'string', default: '300' },
    url: { type: 'string', default: BENCH_PG_URL },
    'data-dir': { type: 'string', default: BENCH_PGLITE_DIR },
    seed: { type: 'string', default: '7' },
  },
});
const ITER = Number(args.iterations);
const WARMUP = Math.min(50, Math.ceil(ITER / 5));
const RESULTS = path.resolve('bench/results');
fs.mkdirSync(RESULTS, { recursive: true });

// A small deterministic random source, so two runs ask the same questions.
let s = Number(args.seed) >>> 0;
const rand = () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 4294967296; };
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

type Captured = { text: string; params: unknown[]; replay: () => Promise<unknown> };
type Cust = { id: string; kind: string; first_name: string | null; last_name: string | null; display_name: string; phones: { number: string }[]; emails: { address: string }[]; national_id: string | null };
type Q = { cat: string; q: string };

/** Realistic things people type into the search box for a customer they have in mind. */
function queriesFor(c: Cust): Q[] {
  const out: Q[] = [];
  const name = fixArabicLetters(c.display_name);
  if (c.kind === 'person') {
    out.push({ cat: 'name', q: name }, { cat: 'name, Arabic ي/ك', q: toArabicLetters(name) }, { cat: 'last name', q: fixArabicLetters(c.last_name ?? '') });
    if (name.includes('\u200C')) out.push({ cat: 'name without ZWNJ', q: name.replace(/\u200C/g, '') });
    const last = fixArabicLetters(c.last_name ?? '');
    if (last.length >= 5) {
      const i = 1 + Math.floor(rand() * (last.length - 2));
      out.push({ cat: 'typo', q: `${fixArabicLetters(c.first_name ?? '')} ${last.slice(0, i)}${last.slice(i + 1)}` });
    }
  } else out.push({ cat: 'organization name', q: name });
  const mobile = c.phones.find((p) => p.number.startsWith('+989'))?.number ?? c.phones[0]?.number;
  if (mobile) {
    const nsn = mobile.slice(3);
    out.push(
      { cat: 'phone 09… partial', q: `0${nsn.slice(0, 3)} ${nsn.slice(3, 6)} ${nsn.slice(6, 7)}` },
      { cat: 'phone +98 spaced', q: `+98 ${nsn.slice(0, 3)} ${nsn.slice(3, 6)} ${nsn.slice(6)}` },
      { cat: 'phone Persian digits', q: toPersianDigits('0' + nsn) },
      { cat: 'phone last 7', q: nsn.slice(3) },
    );
  }
  if (c.national_id) out.push({ cat: 'national ID', q: rand() < 0.5 ? c.national_id : toPersianDigits(c.national_id) });
  if (c.emails[0]) out.push({ cat: 'email', q: c.emails[0].address }, { cat: 'email prefix', q: c.emails[0].address.split('@')[0].slice(0, 8) });
  return out.filter((x) => x.q.trim());
}

async function main() {
  const isPg = args.db === 'pg';
  const config = loadConfig({ ...(isPg ? { DATABASE_URL: args.url } : { MEHVAR_DATA_DIR: args['data-dir'] }), MEHVAR_JOBS: 'off', MEHVAR_LOG_LEVEL: 'silent', NODE_ENV: 'production' });
  const tOpen = performance.now();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });

  // Capture what the driver is asked, so the same statements can be replayed and explained.
  const client = (database.db as unknown as { $client: { query: (...a: unknown[]) => Promise<unknown> } }).$client;
  const orig = client.query.bind(client);
  let captured: Captured[] | undefined;
  client.query = (...a: unknown[]) => {
    if (captured) {
      const text = typeof a[0] === 'string' ? a[0] : (a[0] as { text: string }).text;
      const params = (a[1] ?? (a[0] as { values?: unknown[] }).values ?? []) as unknown[];
      captured.push({ text, params, replay: () => orig(...a) });
    }
    return orig(...a);
  };
  const rt = await boot(config, { database, jobs: false, log: () => {} });
  const app = await buildApp(rt);
  const [{ n: total }] = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM customers');
  const [{ n: totalInteractions }] = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM interactions');
  console.log(`${database.kind}: ${total.toLocaleString('en')} customers, ${totalInteractions.toLocaleString('en')} interactions; app ready in ${((performance.now() - tOpen) / 1000).toFixed(1)} s`);
  if (!total) throw new Error('empty bench database: run bench/seed.ts first');

  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: benchUserEmail('sales', 1), password: BENCH_PASSWORD } });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
  const cookie = login.cookies.filter((c) => c.name === 'mehvar_session').map((c) => `${c.name}=${c.value}`).join('; ');

  // Random customers (a block sample, then shuffled) and the questions people would ask about them.
  const pct0 = Math.min(100, Math.max(0.05, (4000 / total) * 100));
  const sample = (await database.query<Cust>(`SELECT id, kind, first_name, last_name, display_name, phones, emails, national_id
    FROM customers TABLESAMPLE BERNOULLI (${pct0.toFixed(3)}) REPEATABLE (${Number(args.seed)}) LIMIT 4000`)).sort(() => rand() - 0.5);
  const queries = sample.flatMap(queriesFor).sort(() => rand() - 0.5);

  async function measure(name: string, urls: () => { url: string; cat?: string }, n: number, byCat?: Map<string, number[]>): Promise<Series> {
    const series: Series = { name, app: [], raw: [], statements: 0 };
    let stmts = 0;
    for (let i = -WARMUP; i < n; i++) {
      const { url, cat } = urls();
      captured = [];
      const t0 = performance.now();
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      const tApp = performance.now() - t0;
      const statements = captured;
      captured = undefined;
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      const t1 = performance.now();
      for (const st of statements) await st.replay();
      const tRaw = performance.now() - t1;
      if (i < 0) continue;
      series.app.push(tApp);
      series.raw.push(tRaw);
      stmts += statements.length;
      if (cat && byCat) byCat.set(cat, [...(byCat.get(cat) ?? []), tApp]);
    }
    series.statements = stmts / n;
    return series;
  }

  const summaries: Summary[] = [];
  const catList = new Map<string, number[]>();
  const catQuick = new Map<string, number[]>();
  let qi = 0;
  const nextQ = () => queries[qi++ % queries.length];
  summaries.push(summarize(await measure('360 view GET /api/customers/:id', () => ({ url: `/api/customers/${pick(sample).id}` }), ITER)));
  summaries.push(summarize(await measure('quick search GET /api/customers/search?q=', () => { const q = nextQ(); return { url: `/api/customers/search?q=${encodeURIComponent(q.q)}`, cat: q.cat }; }, ITER, catQuick)));
  summaries.push(summarize(await measure('list search GET /api/customers?q=', () => { const q = nextQ(); return { url: `/api/customers?q=${encodeURIComponent(q.q)}`, cat: q.cat }; }, ITER, catList)));
  summaries.push(summarize(await measure('list, no filter GET /api/customers', () => ({ url: `/api/customers?page=${1 + Math.floor(rand() * 5)}` }), Math.ceil(ITER / 3))));
  // The one search box over every kind (customers, tickets, documents, deals, products, contracts), as the palette asks it.
  const mixed = await searchMix(database, queries, rand);
  const catMixed = new Map<string, number[]>();
  let mi = 0;
  const nextMixed = () => mixed[mi++ % mixed.length];
  summaries.push(summarize(await measure('mixed search GET /api/search?q=', () => { const q = nextMixed(); return { url: `/api/search?limit=20&q=${encodeURIComponent(q.q)}`, cat: q.cat }; }, ITER, catMixed)));

  console.log('\nTimes in ms (app = in-process HTTP via app.inject, incl. session check; raw = the same statements replayed back to back):\n');
  console.log(table(summaries));
  const cats = [...new Set([...catList.keys(), ...catQuick.keys()])].sort();
  const catTable = ['| query kind | n | quick p50 | quick p95 | list p50 | list p95 |', '|---|--:|--:|--:|--:|--:|',
    ...cats.map((c) => { const a = catQuick.get(c) ?? []; const b = catList.get(c) ?? []; return `| ${c} | ${a.length + b.length} | ${pct(a, 50).toFixed(2)} | ${pct(a, 95).toFixed(2)} | ${pct(b, 50).toFixed(2)} | ${pct(b, 95).toFixed(2)} |`; })].join('\n');
  console.log('\nSearch by query kind (app ms):\n');
  console.log(catTable);
  const mixedTable = ['| mixed search: query kind | n | p50 | p95 |', '|---|--:|--:|--:|',
    ...[...catMixed.keys()].sort().map((c) => { const a = catMixed.get(c)!; return `| ${c} | ${a.length} | ${pct(a, 50).toFixed(2)} | ${pct(a, 95).toFixed(2)} |`; })].join('\n');
  console.log('\nMixed search GET /api/search by query kind (app ms):\n');
  console.log(mixedTable);

  // Plans of the statements behind one 360 view and one search of each kind.
  const plans: string[] = [];
  async function explain(label: string, url: string, filter: (t: string) => boolean) {
    captured = [];
    await app.inject({ method: 'GET', url, headers: { cookie } });
    const stmts = captured.filter((c) => filter(c.text));
    captured = undefined;
    for (const st of stmts) {
      const rows = await database.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${st.text}`, st.params);
      plans.push(`### ${label}\n${st.text.replace(/\s+/g, ' ').slice(0, 400)}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
    }
  }
  const busy = (await database.query<{ customer_id: string }>('SELECT customer_id FROM interactions GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1'))[0];
  await explain('360 view (busiest customer)', `/api/customers/${busy.customer_id}`, (t) => !/from "sessions"/i.test(t));
  const byCat = new Map(queries.map((q) => [q.cat, q.q]));
  for (const [cat, q] of byCat) await explain(`list search: ${cat} «${q}»`, `/api/customers?q=${encodeURIComponent(q)}`, (t) => /search_doc/.test(t));
  for (const q of ['علی', 'محمدی', '0912']) await explain(`list search, short/common «${q}»`, `/api/customers?q=${encodeURIComponent(q)}`, (t) => /search_doc/.test(t));
  // Each kind's statement of the mixed search, one query of each kind: every one must use an index.
  const mixedByCat = new Map(mixed.map((q) => [q.cat, q.q]));
  for (const [cat, q] of mixedByCat) await explain(`mixed search: ${cat} «${q}»`, `/api/search?limit=20&q=${encodeURIComponent(q)}`, (t) => /FROM (tickets|deals|documents|contracts|products) /.test(t));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  fs.writeFileSync(path.join(RESULTS, `plans-${database.kind}-${stamp}.txt`), plans.join('\n'));

  await app.close();
  await rt.close();

  const out = { db: database.kind, customers: total, interactions: totalInteractions, iterations: ITER, machine: machine(), summaries, searchByKind: Object.fromEntries(cats.map((c) => [c, { quick: catQuick.get(c) ?? [], list: catList.get(c) ?? [] }])), mixedByKind: Object.fromEntries(catMixed) };
  fs.writeFileSync(path.join(RESULTS, `bench-${database.kind}-${stamp}.json`), JSON.stringify(out, null, 1));
  console.log(`\nplans and raw numbers in ${path.relative(process.cwd(), RESULTS)}/ (*-${stamp}.*)`);
}

function machine() {
  return { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}` };
}

// Exit explicitly: keep-alive sockets of the start-up probes would otherwise hold the process open.
main().then(() => process.exit(process.exitCode ?? 0), (err) => { console.error(err); process.exit(1); });
