/**
 * One writer per embedded data folder: whoever opens it (the server, the command line) holds `mehvar.lock` with its
 * process id until it closes. A lock whose process is gone (a crash, a kill -9) is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';

export class DataDirBusyError extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(`Mehvar is running on this data folder (${dataDir}, process ${pid}); stop it first or use the import screen`);
    this.name = 'DataDirBusyError';
  }
}

export const lockFileOf = (dataDir: string) => path.join(dataDir, 'mehvar.lock');

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live process holding the folder, if any. */
export function lockHolder(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(lockFileOf(dataDir), 'utf8').trim());
    return alive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/** Takes the folder's lock or throws DataDirBusyError; returns the release. */
export function acquireDataDirLock(dataDir: string): () => void {
  const file = lockFileOf(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
        } catch { /* already gone */ }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = lockHolder(dataDir);
      if (holder !== null) throw new DataDirBusyError(dataDir, holder);
      // Stale: its process is gone. Remove and try again (another starter may win the race: then it is busy).
      try { fs.unlinkSync(file); } catch { /* someone else removed it */ }
    }
  }
  throw new DataDirBusyError(dataDir, lockHolder(dataDir) ?? 0);
}
