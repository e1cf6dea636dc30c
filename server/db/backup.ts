/**
 * Backups and restores of the whole database. Embedded (PGlite): the data folder as a gzipped tar, taken by the
 * process that holds the folder. PostgreSQL: pg_dump's custom format, restored with pg_restore inside one transaction
 * (the old schemas are dropped in the same transaction, so a failed restore leaves the database as it was).
 * A backup file says what it is by its first bytes; the two kinds are not interchangeable.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { loadPgliteDump, openDatabase, pgliteDirOf, type Database } from './client.ts';
import { lockFolder } from './folder-lock.ts';

export type BackupKind = 'pglite' | 'postgresql';

/** A refusal the operator can act on (the CLI prints the message and exits non-zero). */
export class BackupError extends Error {}

const GZIP = Buffer.from([0x1f, 0x8b]);
const PGDMP = Buffer.from('PGDMP');

/** What a backup file holds, from its first bytes. */
export function backupKindOf(file: string): BackupKind {
  let head: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      head = Buffer.alloc(5);
      head = head.subarray(0, fs.readSync(fd, head, 0, 5, 0));
    } finally { fs.closeSync(fd); }
  } catch {
    throw new BackupError(`cannot read ${file}`);
  }
  if (head.subarray(0, 2).equals(GZIP)) return 'pglite';
  if (head.equals(PGDMP)) return 'postgresql';
  throw new BackupError(`${file} is not a Mehvar backup (neither an embedded data-folder archive nor a pg_dump file)`);
}

/** Writes next to the target and renames, so a crash never leaves a half file under the backup's name. */
async function writeAtomically(file: string, write: (tmp: string) => Promise<void>): Promise<{ bytes: number; sha256: string }> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.part-${process.pid}`;
  try {
    await write(tmp);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  return { bytes: fs.statSync(file).size, sha256 };
}

/** Backs up the open database into `file`. */
export async function backupTo(database: Database, file: string): Promise<{ bytes: number; sha256: string }> {
  if (database.kind === 'pglite') {
    if (!database.dumpDataDir) throw new BackupError('this embedded database cannot be dumped');
    const dump = await database.dumpDataDir();
    return writeAtomically(file, async (tmp) => fs.promises.writeFile(tmp, Buffer.from(await dump.arrayBuffer())));
  }
  const conn = connectionOf(database.url!);
  return writeAtomically(file, (tmp) => run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${tmp}`, `--dbname=${conn.url}`], conn.env));
}

/** Nobody has an account and no customer is recorded: what a fresh start leaves, safe to restore over. */
export async function isEmptyDatabase(database: Database): Promise<boolean> {
  const [t] = await database.query<{ users: string | null; customers: string | null }>(
    `SELECT to_regclass('public.users')::text AS users, to_regclass('public.customers')::text AS customers`);
  if (t?.users) {
    const [u] = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    if (u!.n > 0) return false;
  }
  if (t?.customers) {
    const [c] = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM customers');
    if (c!.n > 0) return false;
  }
  return true;
}

const NOT_EMPTY = 'the database is not empty (it has users or customers); restore replaces everything in it: add --force to do so';

/**
 * Restores an embedded data folder. The folder's current database (if any) is kept beside it as
 * `pglite.before-restore-<time>` when it held data, so even a forced restore can be undone by hand.
 */
export async function restorePglite(dataDir: string, file: string, opts: { force?: boolean; now?: Date } = {}): Promise<{ replaced: string | null }> {
  const kind = backupKindOf(file);
  if (kind !== 'pglite') throw new BackupError(`${file} is a PostgreSQL backup (pg_dump format): restore it with DATABASE_URL set to a PostgreSQL server`);
  const unlock = lockFolder(dataDir);
  try { return await restoreFolder(dataDir, file, opts); } finally { unlock(); }
}

async function restoreFolder(dataDir: string, file: string, opts: { force?: boolean; now?: Date }): Promise<{ replaced: string | null }> {
  const pgDir = pgliteDirOf(dataDir);
  let aside: string | null = null;
  let keepAside = false;
  if (fs.existsSync(pgDir) && fs.readdirSync(pgDir).length > 0) {
    const current = await openDatabase({ dataDir });
    let empty: boolean;
    try { empty = await isEmptyDatabase(current); } finally { await current.close(); }
    if (!empty && !opts.force) throw new BackupError(NOT_EMPTY);
    keepAside = !empty;
    aside = `${pgDir}.before-restore-${(opts.now ?? new Date()).toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}`;
    fs.renameSync(pgDir, aside);
  }
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    const bytes = await fs.promises.readFile(file);
    assertDataFolderArchive(bytes);
    await loadPgliteDump(pgDir, new Blob([bytes]));
  } catch (err) {
    fs.rmSync(pgDir, { recursive: true, force: true });
    if (aside) fs.renameSync(aside, pgDir);
    throw err instanceof BackupError ? err : new BackupError(`the backup could not be restored: ${(err as Error).message}`);
  }
  if (aside && !keepAside) { fs.rmSync(aside, { recursive: true, force: true }); aside = null; }
  return { replaced: aside };
}

/**
 * A damaged archive must not "restore" into a new empty database (PGlite would quietly run initdb): the file must
 * unzip whole and hold a data folder (its PG_VERSION file).
 */
export function assertDataFolderArchive(gz: Buffer): void {
  let tar: Buffer;
  try { tar = zlib.gunzipSync(gz); } catch { throw new BackupError('the backup file is damaged (it does not unzip)'); }
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from: number, to: number) => header.subarray(from, to).toString('utf8').replace(/\0.*$/s, '');
    const name = [field(345, 500), field(0, 100)].filter(Boolean).join('/');
    if (name === 'PG_VERSION' || name.endsWith('/PG_VERSION')) return;
    const size = parseInt(field(124, 136).trim() || '0', 8);
    if (!Number.isFinite(size)) break;
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new BackupError('the backup file holds no embedded database (no PG_VERSION in the archive)');
}

/** The schemas a Mehvar database holds: dropped and recreated from the backup in one transaction. */
const SCHEMAS = ['pgboss', 'drizzle', 'public'];

/** Restores a pg_dump backup into the PostgreSQL database at `url`, all or nothing. */
export async function restorePostgres(database: Database, file: string, opts: { force?: boolean } = {}): Promise<void> {
  const kind = backupKindOf(file);
  if (kind !== 'postgresql') throw new BackupError(`${file} is an embedded (PGlite) backup: restore it without DATABASE_URL, into MEHVAR_DATA_DIR`);
  if (!(await isEmptyDatabase(database)) && !opts.force) throw new BackupError(NOT_EMPTY);
  const conn = connectionOf(database.url!);
  // pg_restore writes the SQL first (a damaged file fails here, before anything is touched); then psql runs the drop
  // and the whole restore as one transaction.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mehvar-restore-'));
  try {
    const drop = path.join(work, 'drop.sql');
    fs.writeFileSync(drop, SCHEMAS.map((s) => `DROP SCHEMA IF EXISTS ${s} CASCADE;`).join('\n') + '\nCREATE SCHEMA public;\n');
    const script = path.join(work, 'restore.sql');
    await run('pg_restore', ['--no-owner', '--no-privileges', `--file=${script}`, file], conn.env)
      .catch((e: Error) => { throw new BackupError(`the backup could not be read (nothing was changed): ${e.message}`); });
    await run('psql', ['--no-psqlrc', '--quiet', '--single-transaction', '--set=ON_ERROR_STOP=1', `--dbname=${conn.url}`, `--file=${drop}`, `--file=${script}`], conn.env)
      .catch((e: Error) => { throw new BackupError(`the backup could not be restored (nothing was changed): ${e.message}`); });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The connection URL without its password (which goes to the tools through PGPASSWORD, not the process list). */
export function connectionOf(url: string): { url: string; env: Record<string, string> } {
  const u = new URL(url);
  const env: Record<string, string> = {};
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env };
}

function run(tool: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (d) => { errors += d; });
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(new BackupError(e.code === 'ENOENT' ? `${tool} not found: install the PostgreSQL client tools (the server's major version or newer)` : e.message)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new BackupError(`${tool} failed: ${errors.trim().split('\n').slice(0, 5).join(' / ')}`))));
  });
}

/** Names of scheduled backups: sortable by time, one kind of extension per database kind. */
export function scheduledName(kind: BackupKind, at: Date): string {
  return `mehvar-${at.toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}${kind === 'pglite' ? '.tar.gz' : '.dump'}`;
}

/** Takes a scheduled backup into `dir` and keeps the newest `keep` of them (older ones are deleted). */
export async function scheduledBackup(database: Database, dir: string, keep: number, at: Date): Promise<{ file: string; deleted: string[] }> {
  const file = path.join(dir, scheduledName(database.kind, at));
  await backupTo(database, file);
  const ours = fs.readdirSync(dir).filter((n) => /^mehvar-\d{8}T\d{6}\.(tar\.gz|dump)$/.test(n)).sort();
  const deleted = ours.slice(0, Math.max(0, ours.length - keep));
  for (const n of deleted) fs.rmSync(path.join(dir, n), { force: true });
  return { file, deleted };
}
