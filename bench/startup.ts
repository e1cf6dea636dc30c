/**
 * Embedded start to first page (target ≤ 5 s): spawns `npm start` on a PGlite data folder and measures, from the
 * spawn, when GET / returns the web app's HTML and when GET /api/auth/me answers (the login page's first request,
 * 401 in the error shape). Each round runs every variant once, interleaved, so a noisy moment hits all of them:
 *   fresh         a new data folder (copied from the empty-database template built at install)
 *   existing      the same folder started again
 *   no template   a new folder with MEHVAR_PGLITE_TEMPLATE=0 (initdb in WASM and every migration)
 *   baseline …    `npm start` in another checkout (--baseline, e.g. a git worktree of an older commit), fresh/existing
 *   bench data    an existing folder with the benchmark's customers (--data-dir, e.g. /tmp/mehvar-bench-pglite)
 *
 *   npm run bench:startup -- [--rounds 5] [--baseline /tmp/mehvar-base] [--data-dir /tmp/mehvar-bench-pglite]
 *
 * Needs web/dist and dist/server (npm install builds them); prints a table and writes bench/results/startup-*.json.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pct } from './stats.ts';
import { ROOT } from '../server/paths.ts';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    baseline: { type: 'string' },
    'data-dir': { type: 'string' },
  },
});
const ROUNDS = Number(args.rounds);

type Sample = { html: number; api: number };
type Variant = { name: string; cwd: string; env?: NodeJS.ProcessEnv; dataDir: () => string };

async function ok(url: string, check: (status: number, body: string) => boolean): Promise<boolean> {
  try {
    const res = await fetch(url);
    return check(res.status, await res.text());
  } catch {
    return false; // not listening yet
  }
}

/** Seconds from spawning `npm start` until the first page and the login page's first API answer. */
async function startOnce(v: Variant): Promise<Sample> {
  const port = 3900 + Math.floor(Math.random() * 90);
  const t0 = performance.now();
  // Its own process group: npm → node, and the whole group is stopped afterwards.
  const child = spawn('npm', ['start', '--silent'], {
    cwd: v.cwd,
    env: { ...process.env, ...v.env, PORT: String(port), MEHVAR_DATA_DIR: v.dataDir(), DATABASE_URL: '', MEHVAR_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  const base = `http://127.0.0.1:${port}`;
  let html: number | undefined;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
      if (performance.now() - t0 > 120_000) throw new Error(`no first page after 120 s: ${output}`);
      if (html === undefined && (await ok(`${base}/`, (s, b) => s === 200 && b.includes('<html')))) html = (performance.now() - t0) / 1000;
      if (html !== undefined && (await ok(`${base}/api/auth/me`, (s, b) => s === 401 && b.includes('"error"')))) {
        return { html, api: (performance.now() - t0) / 1000 };
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* gone */ }
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    // Let the stopped server release its folder and the CPU before the next variant starts.
    await new Promise((r) => setTimeout(r, 500));
  }
}

function checkBuilt(dir: string) {
  const index = path.join(dir, 'web', 'dist', 'index.html');
  if (!fs.existsSync(index)) throw new Error(`${index} is missing: run npm install (or npm run build) in ${dir}`);
}

async function main() {
  checkBuilt(ROOT);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mehvar-startup-'));
  let n = 0;
  const fresh = () => path.join(scratch, `fresh-${++n}`);
  const existing = path.join(scratch, 'existing');
  const variants: Variant[] = [
    { name: 'fresh folder', cwd: ROOT, dataDir: fresh },
    { name: 'existing folder', cwd: ROOT, dataDir: () => existing },
    { name: 'fresh folder, no template', cwd: ROOT, env: { MEHVAR_PGLITE_TEMPLATE: '0' }, dataDir: fresh },
  ];
  if (args['data-dir']) variants.push({ name: 'existing folder, bench data', cwd: ROOT, dataDir: () => args['data-dir']! });
  if (args.baseline) {
    checkBuilt(args.baseline);
    const baseExisting = path.join(scratch, 'baseline-existing');
    variants.push({ name: 'baseline: fresh folder', cwd: args.baseline, dataDir: fresh });
    variants.push({ name: 'baseline: existing folder', cwd: args.baseline, dataDir: () => baseExisting });
  }
  // The "existing" folders exist before the first timed round.
  await startOnce(variants[1]);
  if (args.baseline) await startOnce(variants.find((v) => v.name === 'baseline: existing folder')!);

  const samples = new Map<string, Sample[]>(variants.map((v) => [v.name, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const v of variants) {
      const s = await startOnce(v);
      samples.get(v.name)!.push(s);
      console.log(`round ${round} ${v.name}: first page ${s.html.toFixed(2)} s, login API ${s.api.toFixed(2)} s`);
    }
  }
  fs.rmSync(scratch, { recursive: true, force: true });

  const med = (xs: number[]) => pct(xs, 50);
  const rows = variants.map((v) => {
    const xs = samples.get(v.name)!;
    return { name: v.name, html: xs.map((x) => x.html), api: xs.map((x) => x.api) };
  });
  console.log(`\nEmbedded start (npm start), ${ROUNDS} rounds, seconds from spawn; median [min–max]; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log('| variant | first page (GET /) | login API answers |');
  console.log('|---|--:|--:|');
  for (const r of rows) {
    const cell = (xs: number[]) => `${med(xs).toFixed(2)} [${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}]`;
    console.log(`| ${r.name} | ${cell(r.html)} | ${cell(r.api)} |`);
  }
  if (args.baseline) {
    const ratio = (a: string, b: string) => med(rows.find((r) => r.name === a)!.api) / med(rows.find((r) => r.name === b)!.api);
    console.log(`\nratio now/baseline (login API, medians): fresh ${ratio('fresh folder', 'baseline: fresh folder').toFixed(2)}×, existing ${ratio('existing folder', 'baseline: existing folder').toFixed(2)}×`);
  }
  const outDir = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `startup-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify({ rounds: ROUNDS, loadavg: os.loadavg(), cpus: os.cpus().length, node: process.version, rows }, null, 2));
  console.log(`\n${file}`);
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
