/**
 * The first run as the README tells it, with the commands the server itself prints, run through a shell as a person
 * pastes them: `npm start` on an empty data folder prints how to create the first admin WITH its data folder; the CLI's
 * create-admin (and `npm run demo`) refuse while the server holds the embedded folder, exit non-zero and change
 * nothing; with the server stopped the printed create-admin works; the printed start command (admin in the
 * environment) starts the server, says the admin e-mail is ignored because a user exists, and the admin logs in.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { until } from './browser.ts';

const ROOT = resolve(import.meta.dirname, '..');
const EMAIL = 'owner@example.com';
const PASSWORD = 'Kooh-Sabz-Abi-Nazok-12';
// A folder that is not ./data, so the printed commands must carry it (with a space: it must be quoted too).
const dataDir = join(mkdtempSync(join(tmpdir(), 'mehvar first-run-')), 'my data');
afterAll(() => rmSync(resolve(dataDir, '..'), { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address() as { port: number }; srv.close(() => ok(port)); });
  });
}

/** The environment a person's shell has: none of Mehvar's settings (the commands must carry them). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, MEHVAR_JOBS: 'off' };
  for (const k of Object.keys(env)) if (k.startsWith('MEHVAR_ADMIN') || k === 'DATABASE_URL' || k === 'MEHVAR_DATA_DIR' || k === 'PORT') delete env[k];
  return env;
}

function sh(command: string, env = cleanEnv()): { child: ChildProcess; out: () => string; done: Promise<number> } {
  const child = spawn('sh', ['-c', command], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (d) => { out += String(d); });
  child.stderr!.on('data', (d) => { out += String(d); });
  const done = new Promise<number>((r) => child.on('close', (code) => r(code ?? -1)));
  return { child, out: () => out, done };
}

async function stop(p: ReturnType<typeof sh>) {
  try { process.kill(-p.child.pid!, 'SIGTERM'); } catch { /* gone */ }
  await p.done;
}

/** What a person pastes: the placeholders replaced by their own e-mail and password. */
const fill = (cmd: string) => cmd.replaceAll('you@example.com', EMAIL).replaceAll(`'<a strong password>'`, `'${PASSWORD}'`);

describe('first run, the README commands as written', () => {
  it('prints commands with the data folder; the CLI refuses while the server runs; the printed commands work', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = sh(`MEHVAR_DATA_DIR='${dataDir}' PORT=${port} npm start`);
    try {
      await until('the server to print how to create the first admin', () => server.out().includes('then open'), 120_000);
      const status = await (await fetch(`${base}/api/setup-status`)).json() as { needsAdmin: boolean; howTo: string[]; embedded: boolean };
      expect(status.needsAdmin).toBe(true);
      expect(status.embedded).toBe(true);
      const [start, cli] = status.howTo;
      expect(start).toBe(`MEHVAR_DATA_DIR='${dataDir}' PORT=${port} MEHVAR_ADMIN_EMAIL=you@example.com MEHVAR_ADMIN_PASSWORD='<a strong password>' npm start`);
      expect(cli).toBe(`MEHVAR_DATA_DIR='${dataDir}' npm run cli -- create-admin --email you@example.com --password '<a strong password>'`);
      // The console prints the very same commands.
      expect(server.out()).toContain(start);
      expect(server.out()).toContain(cli);

      // Two writers on one PGlite folder: refused, non-zero, nothing created.
      const busy = sh(fill(cli));
      expect(await busy.done).not.toBe(0);
      expect(busy.out()).toContain('Mehvar is running on the data folder');
      expect(busy.out()).not.toContain('Admin created');
      const demo = sh(`MEHVAR_DATA_DIR='${dataDir}' npm run demo`);
      expect(await demo.done).not.toBe(0);
      expect(demo.out()).toContain('stop it first');
      expect((await (await fetch(`${base}/api/setup-status`)).json()).needsAdmin).toBe(true);
    } finally {
      await stop(server);
    }

    const made = sh(fill(status2Cli(dataDir)));
    expect(await made.done, made.out()).toBe(0);
    expect(made.out()).toContain(`Admin created: ${EMAIL}`);

    // The printed start command, as pasted: the user exists already, so the e-mail is ignored — and said so.
    const again = sh(fill(`MEHVAR_DATA_DIR='${dataDir}' PORT=${port} MEHVAR_ADMIN_EMAIL=other@example.com MEHVAR_ADMIN_PASSWORD='<a strong password>' npm start`));
    try {
      await until('the server to listen', () => again.out().includes('Mehvar is running on'), 120_000);
      expect(again.out()).toContain('MEHVAR_ADMIN_EMAIL (other@example.com) is ignored: users already exist');
      const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }) });
      expect(login.status).toBe(200);
      expect((await (await fetch(`${base}/api/setup-status`)).json()).needsAdmin).toBe(false);
    } finally {
      await stop(again);
    }
  });
});

/** The create-admin command exactly as printed (checked above against the page's). */
function status2Cli(dir: string) {
  return `MEHVAR_DATA_DIR='${dir}' npm run cli -- create-admin --email you@example.com --password '<a strong password>'`;
}
