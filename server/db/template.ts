/**
 * The empty-database template for embedded PGlite. Creating a PostgreSQL cluster in WASM (initdb) and running every
 * migration takes 4–5 s, most of a first start; copying a folder that already went through both takes 0.3 s. The
 * template is built once per PGlite version and migration set (at `npm install`, or `npm run build`), lives under
 * node_modules/.cache/mehvar, and holds only the schema: nothing instance-specific (the server secret, the roles and
 * the admin are created by the first start, as they would be without it). Without a template a new folder is created
 * by initdb as before. `MEHVAR_PGLITE_TEMPLATE=0` turns it off.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CACHE_DIR, MIGRATIONS_DIR, ROOT } from '../paths.ts';

function pgliteVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

/** The migration files' names and contents: a changed or added migration makes a new template. */
export function migrationsDigest(): string {
  const hash = crypto.createHash('sha256');
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (fs.statSync(file).isDirectory()) walk(file);
      else hash.update(path.relative(MIGRATIONS_DIR, file)).update('\0').update(fs.readFileSync(file)).update('\0');
    }
  };
  walk(MIGRATIONS_DIR);
  return hash.digest('hex').slice(0, 12);
}

export function templateDir(): string {
  return path.join(CACHE_DIR, `pglite-${pgliteVersion()}-${migrationsDigest()}`);
}

export function templateEnabled(): boolean {
  return process.env.MEHVAR_PGLITE_TEMPLATE !== '0';
}

/** Is there a template for this PGlite and these migrations? */
export function templateReady(): boolean {
  return fs.existsSync(path.join(templateDir(), 'PG_VERSION'));
}

/**
 * Fills a new (missing or empty) PGlite folder from the template. Copies to a sibling first and renames, so a crash
 * mid-copy never leaves a half database where the next start would look. Returns whether the template was used.
 */
export function seedFromTemplate(pgDir: string): boolean {
  if (!templateEnabled()) return false;
  if (fs.existsSync(pgDir) && fs.readdirSync(pgDir).length > 0) return false;
  const template = templateDir();
  if (!fs.existsSync(path.join(template, 'PG_VERSION'))) return false;
  const tmp = `${pgDir}.copying-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.cpSync(template, tmp, { recursive: true });
  fs.rmSync(pgDir, { recursive: true, force: true });
  fs.renameSync(tmp, pgDir);
  return true;
}

/**
 * Builds the template when it is missing (in a scratch folder, renamed into place when complete) and removes
 * templates of other versions. `migrate` opens a PGlite folder, runs the migrations and closes it.
 */
export async function buildTemplate(migrate: (pgliteParentDir: string) => Promise<void>): Promise<{ dir: string; built: boolean }> {
  const dir = templateDir();
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) return { dir, built: false };
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(CACHE_DIR, 'building-'));
  try {
    await migrate(scratch);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(path.join(scratch, 'pglite'), dir);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  for (const name of fs.readdirSync(CACHE_DIR)) {
    const other = path.join(CACHE_DIR, name);
    if (name.startsWith('pglite-') && other !== dir) fs.rmSync(other, { recursive: true, force: true });
  }
  return { dir, built: true };
}
