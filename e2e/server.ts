/**
 * Starts the real server as `npm start` does (scripts/start.mjs: the bundle in dist/server) on a free port with an empty PGlite folder — or on the
 * PostgreSQL server in E2E_DATABASE_URL (a new database each time) — and stops it afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createScratchDatabase, migratedAppTemplate } from '../server/test/scratch-db.ts';
import { startFlags } from '../scripts/start-flags.ts';

export const ADMIN_EMAIL = 'admin@example.com';
export const ADMIN_PASSWORD = 'Kooh-Sabz-Abi-Nazok-12';

export type RunningServer = {
  baseUrl: string;
  /** Stops the server and deletes its database (or keeps it, to start another server on it). */
  stop: (opts?: { keepData?: boolean }) => Promise<void>;
  log: () => string;
  /** Waits for the server to exit by itself (e.g. a fault-injected crash), then keeps its database for a restart. */
  exited: () => Promise<number | null>;
  /** Where its data lives, to start another server on the same database. */
  store: Store;
  /** Sends a signal to the server process (e.g. SIGTERM, as a service manager does). */
  signal: (sig: NodeJS.Signals) => void;
};
type Store = { dataDir: string | null; scratch: { url: string; drop(): Promise<void> } | null };

/** The servers this file has running, so a failed test can print what they logged (e2e/setup.ts). */
export const runningServers = new Set<RunningServer>();

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

async function waitForHealth(baseUrl: string, child: ChildProcess, timeoutMs: number, log: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}\n${log()}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`server did not become healthy in ${timeoutMs} ms\n${log()}`);
}

/**
 * Starts a server on a new empty database, or on the database of a server that has exited (`store`).
 * `env` adds environment variables (an SMTP server, an SMS gateway, a fault to inject).
 */
export async function startServer(opts: { env?: Record<string, string>; store?: Store } = {}): Promise<RunningServer> {
  const root = resolve(import.meta.dirname, '..');
  const port = await freePort();
  // Each server gets an empty database: a temporary PGlite folder, or a new database on the E2E_DATABASE_URL server.
  const scratch = opts.store ? opts.store.scratch : process.env.E2E_DATABASE_URL
    ? await createScratchDatabase(process.env.E2E_DATABASE_URL, 'mehvar_e2e', { template: await migratedAppTemplate(process.env.E2E_DATABASE_URL) })
    : null;
  const dataDir = opts.store ? opts.store.dataDir : scratch ? null : mkdtempSync(join(tmpdir(), 'mehvar-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // The fakes (SMTP, SMS gateways, the AMI server) listen on 127.0.0.1: allowed explicitly, as an operator would.
    MEHVAR_OUTBOUND_ALLOW: '127.0.0.1',
    ...opts.env,
    PORT: String(port),
    MEHVAR_ADMIN_EMAIL: ADMIN_EMAIL,
    MEHVAR_ADMIN_PASSWORD: ADMIN_PASSWORD,
    NODE_ENV: 'test',
  };
  if (dataDir) {
    env.MEHVAR_DATA_DIR = dataDir;
    delete env.DATABASE_URL;
  } else env.DATABASE_URL = scratch!.url;

  let output = '';
  // `--liftoff-only`: V8 compiles the embedded database's WebAssembly with its baseline compiler only. A test server
  // lives for one file and does little work; the optimizing compiler's background work on PostgreSQL's hot functions
  // was about a third of what a PGlite server cost to start (docs/benchmarks.md, "CI"). It changes how fast the code
  // runs, not what it does; `npm start` keeps V8's default.
  const child = spawn(process.execPath, [...startFlags(root), '--liftoff-only', 'scripts/start.mjs'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout?.on('data', (d) => { output += String(d); });
  child.stderr?.on('data', (d) => { output += String(d); });
  const log = () => output.slice(-4000);
  const baseUrl = `http://127.0.0.1:${port}`;

  const stop = async (o: { keepData?: boolean } = {}) => {
    if (child.exitCode === null && child.pid) {
      // The whole process group goes, or a child of the server would outlive the test run. A database that is kept
      // gets the orderly shutdown (SIGTERM: PGlite writes its files and closes); one that is thrown away does not need
      // it, and waiting for it cost 1.5–6 s a file (e2e/shutdown.e2e.ts is where the shutdown itself is tested).
      try { process.kill(-child.pid, o.keepData ? 'SIGTERM' : 'SIGKILL'); } catch { /* already gone */ }
      await new Promise<void>((r) => {
        const timer = setTimeout(() => {
          try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
          r();
        }, 5000);
        child.once('exit', () => { clearTimeout(timer); r(); });
      });
    }
    if (o.keepData) return;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await scratch?.drop();
  };

  try {
    await waitForHealth(baseUrl, child, 120_000, log);
  } catch (err) {
    await stop();
    throw err;
  }
  const exited = () => new Promise<number | null>((r) => {
    if (child.exitCode !== null || child.signalCode !== null) return r(child.exitCode);
    child.once('exit', (code) => r(code));
  });
  const running: RunningServer = {
    baseUrl, log, exited, store: { dataDir, scratch }, signal: (sig) => { child.kill(sig); },
    stop: async (o) => { runningServers.delete(running); await stop(o); },
  };
  runningServers.add(running);
  return running;
}
