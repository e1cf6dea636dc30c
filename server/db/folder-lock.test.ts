/** The embedded folder's lock: a live process elsewhere is refused by name; a dead one's lock is taken over. */
import { describe, it, expect, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lockFolder, FolderBusyError, LOCK_FILE } from './folder-lock.ts';
import { openDatabase } from './client.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mehvar-lock-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A process that stays alive until killed, and whose exit we can wait for. */
function sleeper(command: string, args: string[]) {
  const child = spawn(command, args, { stdio: 'ignore' });
  children.push(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { pid: child.pid!, kill: async () => { child.kill('SIGKILL'); await exited; } };
}

const holderFile = (dir: string, pid: number) =>
  fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid, command: 'server/main.ts', since: '2026-12-04T08:00:00.000Z' }));

describe('lockFolder', () => {
  it('refuses while another live node process holds the folder, naming it; takes over once it is gone', async () => {
    const dir = path.join(tmp, 'busy');
    fs.mkdirSync(dir);
    const other = sleeper(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    holderFile(dir, other.pid);
    let err: unknown;
    try { lockFolder(dir); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(FolderBusyError);
    expect((err as Error).message).toContain(`process ${other.pid}`);
    expect((err as Error).message).toContain('stop it first');
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(other.pid); // untouched

    await other.kill();
    const release = lockFolder(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('treats a pid now used by something that is not node as a stale lock', async () => {
    const dir = path.join(tmp, 'reused');
    fs.mkdirSync(dir);
    const sleep = sleeper('sleep', ['60']);
    holderFile(dir, sleep.pid);
    const release = lockFolder(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    release();
    await sleep.kill();
  });

  it('is shared within one process and released by the last holder', () => {
    const dir = path.join(tmp, 'shared');
    const a = lockFolder(dir);
    const b = lockFolder(dir);
    a();
    a(); // a second release of the same hold changes nothing
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(true);
    b();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('is taken by opening an embedded database and given back by closing it', async () => {
    const dir = path.join(tmp, 'db');
    const other = sleeper(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    fs.mkdirSync(dir);
    holderFile(dir, other.pid);
    await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(FolderBusyError);
    expect(fs.existsSync(path.join(dir, 'pglite'))).toBe(false); // refused before touching the folder
    await other.kill();
    const db = await openDatabase({ dataDir: dir });
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await db.close();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  }, 30_000);
});
