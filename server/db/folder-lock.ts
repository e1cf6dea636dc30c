/**
 * One process per embedded data folder. PGlite is not built for two processes writing one folder: the second one's
 * writes are lost or the files damaged (a CLI's `create-admin` next to a running server was not seen by the server).
 * Whoever opens the folder holds `mehvar.lock` (its pid) until it closes; another process is refused with a message
 * that says who holds it. A lock left by a process that died is taken over. Within one process the lock is shared.
 */
import fs from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'mehvar.lock';

type Holder = { pid: number; command: string; since: string };

/** Another live process holds the folder. */
export class FolderBusyError extends Error {
  constructor(readonly dataDir: string, readonly holder: Holder) {
    super(`Mehvar is running on the data folder ${dataDir} (process ${holder.pid}, ${holder.command}, since ${holder.since}). ` +
      'Two processes must never write one embedded database: stop it first (or do this through the running server).');
  }
}

const held = new Map<string, number>();

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try { process.kill(pid, 0); } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
  // A pid reused by something else after a crash: on Linux, a live holder is a node process.
  try { return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node'); } catch { return true; }
}

function readHolder(file: string): Holder | undefined {
  try { return JSON.parse(fs.readFileSync(file, 'utf8')) as Holder; } catch { return undefined; }
}

/** Takes the folder's lock (or shares this process's); the returned function gives it back. */
export function lockFolder(dataDir: string, command = process.argv.slice(1).map((a) => path.basename(a)).join(' ')): () => void {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, LOCK_FILE);
  const count = held.get(dir) ?? 0;
  if (count === 0) {
    fs.mkdirSync(dir, { recursive: true });
    const me: Holder = { pid: process.pid, command: command || 'node', since: new Date().toISOString() };
    for (let attempt = 0; ; attempt++) {
      try {
        fs.writeFileSync(file, JSON.stringify(me), { flag: 'wx' });
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw e;
        const holder = readHolder(file);
        if (holder && holder.pid !== process.pid && alive(holder.pid)) throw new FolderBusyError(dir, holder);
        fs.rmSync(file, { force: true }); // stale: its process is gone
      }
    }
  }
  held.set(dir, count + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (held.get(dir) ?? 1) - 1;
    if (left > 0) { held.set(dir, left); return; }
    held.delete(dir);
    if (readHolder(file)?.pid === process.pid) fs.rmSync(file, { force: true });
  };
}

// A process that exits without closing its database (a crash is handled by the staleness check) leaves no lock.
process.once('exit', () => {
  for (const dir of held.keys()) {
    const file = path.join(dir, LOCK_FILE);
    if (readHolder(file)?.pid === process.pid) fs.rmSync(file, { force: true });
  }
});
