/**
 * A big CSV uploaded to the running server over HTTP (the wizard's first step): the body streams into the database
 * in parts, the file is read back from them for its shape and preview. RSS of the server process is sampled during
 * the upload: it should stay flat whatever the file's size.
 *
 *   npx tsx bench/import-upload.ts --db pg|pglite [--mb 200]
 */
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../server/config.ts';
import { boot } from '../server/boot.ts';
import { buildApp } from '../server/app.ts';
import { createAdmin } from '../server/modules/auth/index.ts';
import { writeCustomerCsv } from './import-data.ts';
import { BENCH_PASSWORD } from './common.ts';

const { values: args } = parseArgs({ options: {
  db: { type: 'string', default: 'pg' }, mb: { type: 'string', default: '200' },
  url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/mehvar_impbench_upload' },
} });
const mb = (b: number) => Math.round(b / 1024 / 1024);
const t0 = Date.now();
const log = (m: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${m}`);

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mehvar-impupload-'));
  const file = path.join(tmp, 'big.csv');
  // ~98 bytes a row with this generator.
  await writeCustomerCsv(file, Math.ceil((Number(args.mb) * 1024 * 1024) / 98));
  const size = fs.statSync(file).size;
  log(`file: ${mb(size)} MB`);
  const isPg = args.db === 'pg';
  if (isPg) {
    const url = new URL(args.url!);
    const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${url.pathname.slice(1)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${url.pathname.slice(1)}`);
    await admin.end();
  }
  const config = loadConfig({ ...(isPg ? { DATABASE_URL: args.url } : { MEHVAR_DATA_DIR: path.join(tmp, 'data') }), MEHVAR_JOBS: 'off', MEHVAR_LOG_LEVEL: 'silent', NODE_ENV: 'production' });
  const rt = await boot(config, { jobs: false, log: () => {} });
  const app = await buildApp(rt);
  try {
    await createAdmin(rt.database.db, { email: 'upload@bench.local', password: BENCH_PASSWORD });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'upload@bench.local', password: BENCH_PASSWORD } });
    if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
    const cookie = login.cookies.filter((c) => c.name === 'mehvar_session').map((c) => `${c.name}=${c.value}`).join('; ');
    const csrf = (login.json() as { csrfToken: string }).csrfToken;
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    global.gc?.();
    const base = process.memoryUsage.rss();
    const samples: { t: number; rss: number }[] = [];
    const timer = setInterval(() => samples.push({ t: Date.now(), rss: process.memoryUsage.rss() }), 250);
    const a = Date.now();
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/imports?fileName=big.csv',
        headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'text/csv', 'content-length': size } }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d) => { body += d; }).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      fs.createReadStream(file).pipe(req);
    });
    clearInterval(timer);
    const secs = (Date.now() - a) / 1000;
    const preview = JSON.parse(answer.body) as { id?: string; total?: number };
    const parts = preview.id ? (await rt.database.query<{ n: number }>('SELECT count(*)::int AS n FROM import_file_parts WHERE batch_id = $1', [preview.id]))[0].n : 0;
    log(`upload: HTTP ${answer.status}, ${secs.toFixed(1)} s (${(size / 1024 / 1024 / secs).toFixed(1)} MB/s), ${preview.total?.toLocaleString('en')} data rows, ${parts} parts`);
    log(`server RSS: before ${mb(base)} MB, max during ${mb(Math.max(...samples.map((s) => s.rss)))} MB; over time ${samples.filter((_, i) => i % 8 === 0).map((s) => `${((s.t - a) / 1000).toFixed(0)}s:${mb(s.rss)}`).join(' ')}`);
    log(`machine load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    await app.close();
    await rt.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => { console.error(err); process.exitCode = 1; });
