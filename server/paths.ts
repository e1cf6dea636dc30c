/**
 * Where the project's own files are. The same code runs from its sources (tsx, the tests) and from the bundle that
 * `npm start` runs (dist/server/), so paths are found from the project root, not from this file's folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'server', 'db', 'migrations'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`Mehvar's project folder (with server/db/migrations) not found above ${from}`);
  }
}

export const ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));
export const WEB_DIST = path.join(ROOT, 'web', 'dist');
export const MIGRATIONS_DIR = path.join(ROOT, 'server', 'db', 'migrations');
/** Build caches (the empty-database template) live with the installed packages, never in a data folder. */
export const CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'mehvar');
