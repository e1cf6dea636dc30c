/**
 * Issue 14's crash test, with a real kill (audit14): the server process is SIGKILLed (MEHVAR_FAILPOINT=crash-in-import)
 * right after an import job commits its second chunk of 1,000 rows; a new server on the same database (the embedded
 * folder, or PostgreSQL under TEST_DATABASE_URL) resumes the import from its cursor at start. Every row ends up
 * handled exactly once: no customer lost or doubled, one outcome row per file row, the counters add up.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../paths.ts';
import { openDatabase } from '../../db/client.ts';
import { createScratchDatabase } from '../../test/scratch-db.ts';
import { TEST_PG, until } from '../../test/harness.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mehvar-import-kill-'));
const dataDir = path.join(tmp, 'data');
const children: ChildProcess[] = [];
let scratch: { url: string; drop(): Promise<void> } | undefined;
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await scratch?.drop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const ADMIN = 'importer@audit14.example';
const PASSWORD = 'Kq7#vLm2$wRt9!pZ';
const ROWS = 2600;
const BAD_ROW = 1500; // a bad phone in the second chunk: rejected once, not twice

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as net.AddressInfo; s.close(() => resolve(port)); });
    s.once('error', reject);
  });
}

type Server = { url: string; child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; log: () => string };

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts')], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'test', PORT: String(port), MEHVAR_DATA_DIR: dataDir, DATABASE_URL: scratch?.url ?? '', MEHVAR_JOBS: 'on',
      MEHVAR_JOBS_DELAY_MS: '0', MEHVAR_LOG_LEVEL: 'warn', MEHVAR_ADMIN_EMAIL: ADMIN, MEHVAR_ADMIN_PASSWORD: PASSWORD, ...env },
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  await until(() => out.includes('Mehvar is running on') || child.exitCode !== null, 120_000);
  expect(child.exitCode, out).toBeNull();
  return { url: `http://127.0.0.1:${port}`, child, exited, log: () => out };
}

async function client(baseUrl: string) {
  const login = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ADMIN, password: PASSWORD }) });
  expect(login.status, await login.clone().text()).toBe(200);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = await login.json() as { csrfToken: string };
  return async (method: string, url: string, body?: string | object, type = 'application/json') => {
    const res = await fetch(`${baseUrl}${url}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body !== undefined ? { 'content-type': type } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  };
}

describe('an import killed midway', () => {
  it('is resumed by the next server from its cursor: no row lost or doubled', async () => {
    if (TEST_PG) scratch = await createScratchDatabase(TEST_PG, 'audit14_kill');
    const lines = ['کد مشتری,نام,نام خانوادگی,موبایل'];
    for (let i = 1; i <= ROWS; i++) lines.push(`K${String(i).padStart(4, '0')},نام${i},خانواده${i},${i === BAD_ROW ? 'not-a-phone' : `0912${String(5000000 + i)}`}`);

    const first = await startServer({ MEHVAR_FAILPOINT: 'crash-in-import' });
    const api = await client(first.url);
    const up = await api('POST', '/api/imports?fileName=big.csv', lines.join('\n') + '\n', 'text/csv');
    expect(up.status, JSON.stringify(up.json)).toBe(201);
    const id = up.json.id as string;
    expect(up.json.total).toBe(ROWS);
    expect((await api('POST', `/api/imports/${id}/start`)).status).toBe(202);
    // The job commits two chunks, then the process dies as a power cut would: no shutdown, no cleanup.
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const second = await startServer({});
    const api2 = await client(second.url);
    const view = await until(async () => {
      const v = (await api2('GET', `/api/imports/${id}`)).json;
      return v.status === 'queued' || v.status === 'running' ? undefined : v;
    }, 120_000);
    expect(view).toMatchObject({ status: 'done', total: ROWS, processed: ROWS, created: ROWS - 1, updated: 0, skipped: 0, rejected: 1 });
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);

    // Read the database the two servers wrote, with neither running.
    const database = await openDatabase({ url: scratch?.url, dataDir });
    try {
      const q = <T>(text: string) => database.query<T>(text, [id]);
      const outcomes = await q<{ n: number; first: number; last: number; rejected: number; bad: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT row_no)::int AS first, max(row_no)::int AS last, count(*) FILTER (WHERE outcome = 'rejected')::int AS rejected,
          min(row_no) FILTER (WHERE outcome = 'rejected')::int AS bad FROM import_rows WHERE batch_id = $1`);
      expect(outcomes).toEqual([{ n: ROWS, first: ROWS, last: ROWS - 1, rejected: 1, bad: BAD_ROW - 1 }]);
      const people = await q<{ n: number; distinct_ids: number; doubled: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT external_id)::int AS distinct_ids,
          (SELECT count(*)::int FROM (SELECT external_id FROM customers WHERE import_batch_id = $1 GROUP BY external_id HAVING count(*) > 1) d) AS doubled
         FROM customers WHERE import_batch_id = $1`);
      expect(people).toEqual([{ n: ROWS - 1, distinct_ids: ROWS - 1, doubled: 0 }]);
      const missing = await q<{ n: number }>(`SELECT count(*)::int AS n FROM generate_series(1, ${ROWS}) g
        WHERE g <> ${BAD_ROW} AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.import_batch_id = $1 AND c.external_id = 'K' || lpad(g::text, 4, '0'))`);
      expect(missing).toEqual([{ n: 0 }]);
    } finally {
      await database.close();
    }
  }, 300_000);
});
