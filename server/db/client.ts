/** Database client: embedded PGlite (data folder or memory) or a PostgreSQL server, behind one Drizzle handle. */
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { MIGRATIONS_DIR } from '../paths.ts';
import { buildTemplate, seedFromTemplate } from './template.ts';
import { prepareRepeatedReads } from './pglite-prepared.ts';
import { remotePglite } from './pglite-remote.ts';
import { lockFolder } from './folder-lock.ts';
import { PreparingClient } from './prepared.ts';
/** Both drivers answer raw queries with `{ rows }`. */
interface RowsResultHKT extends PgQueryResultHKT {
  type: { rows: Record<string, unknown>[] };
}
/**
 * A database handle or an open transaction: services take this and never care which. It carries no schema (no
 * relational `db.query.*` API): queries name the tables they import, so db/ needs to know no module.
 */
export type Db = PgDatabase<RowsResultHKT, Record<string, never>>;

export type Listener = (payload: string) => void;
/**
 * `onState(false)`: the connection that listens was lost, so notifications may be missed until `onState(true)` (it is
 * back and listening again). Whoever keeps state that notifications invalidate must stop trusting it in between.
 */
export type ListenOptions = { onState?: (listening: boolean) => void };

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgresql';
  url?: string;
  /** Raw parameterized SQL, used by pg-boss and by benchmarks. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  listen(channel: string, fn: Listener, opts?: ListenOptions): Promise<() => Promise<void>>;
  /** Multi-statement SQL without parameters (PGlite only needs it, for pg-boss's migrations). */
  exec(text: string): Promise<{ rows: unknown[] }[]>;
  /**
   * Embedded only: the whole data folder as a tar, gzipped unless `compression` is 'none', taken by the process that
   * holds it (server/db/backup.ts; the test harness's migrated in-memory template).
   */
  dumpDataDir?(compression?: 'gzip' | 'none'): Promise<Blob>;
  close(): Promise<void>;
}


/**
 * Trigram word similarity from which the search box accepts a typed name as a typo (`<%`). pg_trgm's default, 0.6,
 * misses one wrong letter in the middle of an 8–9 letter Persian surname (اسفنریاری → اسفندیاری scores 0.54).
 */
export const TRGM_WORD_SIMILARITY = 0.5;

// node-postgres: bigint (int8) as string is the default; keep counts as numbers where the SQL casts them.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

/** PostgreSQL pool: size and idle timeout chosen by bench/load.ts (docs/benchmarks.md, "Load"); prepared statements on. */
/**
 * `jit`: PostgreSQL's JIT compilation, off by default. Its cost threshold is met by ordinary statements once a table is
 * large (a million customers: an import chunk's duplicate lookup, planned at a cost of 1.5M from the array operators'
 * default row estimates, spent 2.3 s compiling and 0.05 s running; docs/decisions.md, "JIT off").
 */
export type PoolOptions = { max?: number; idleTimeoutMs?: number; prepare?: boolean; jit?: boolean };
export const POOL_DEFAULTS: Required<PoolOptions> = { max: 10, idleTimeoutMs: 300_000, prepare: true, jit: false };

/**
 * `memory` with `loadDataDir`: an in-memory database that starts as a copy of a dumped one (`dumpDataDir('none')`),
 * instead of a new cluster (initdb in WASM) — the tests' many databases start from one migrated dump.
 * `worker`: the embedded database in a worker thread (server/db/pglite-remote.ts); ignored for PostgreSQL.
 */
export async function openDatabase(opts: { url?: string; dataDir?: string; memory?: boolean; loadDataDir?: Blob; pool?: PoolOptions; worker?: boolean }): Promise<Database> {
  if (opts.url) return openPostgres(opts.url, { ...POOL_DEFAULTS, ...opts.pool });
  return openPglite(opts.memory ? undefined : opts.dataDir, { loadDataDir: opts.memory ? opts.loadDataDir : undefined, worker: opts.worker });
}

let wasm: Promise<WebAssembly.Module | undefined> | undefined;
/**
 * PGlite's WebAssembly, compiled once per process. Left to itself PGlite compiles it in a way that keeps the event
 * loop waiting about 0.5 s after the database opens (measured: first setImmediate 520–640 ms late, 0 ms with this);
 * handing it a compiled module starts the database 0.3–0.5 s sooner, and the tests' many databases share one compile.
 */
function pgliteWasm(): Promise<WebAssembly.Module | undefined> {
  wasm ??= (async () => {
    const file = path.join(path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), 'pglite.wasm');
    if (!fs.existsSync(file)) return undefined; // another layout: PGlite finds its own
    return WebAssembly.compile(withSharedBuffers(await fs.promises.readFile(file), pgliteSharedBuffersMb()));
  })();
  return wasm;
}

/**
 * PGlite's shared buffers, in MB (MEHVAR_PGLITE_SHARED_BUFFERS_MB, default 32). PGlite starts PostgreSQL with
 * `-c shared_buffers=128MB` written into its WebAssembly (a command-line setting: postgresql.conf and ALTER SYSTEM cannot
 * lower it), and its memory is zero-filled at start, so all 128 MB are resident from the first minute. The demo business's
 * hot pages fit in 32 MB; a page not in the buffers is read from the data folder through the OS page cache.
 * Measured: RSS −100 MB, 360° view p95 unchanged (docs/benchmarks.md, "Embedded memory").
 */
export function pgliteSharedBuffersMb(): number {
  const v = Number(process.env.MEHVAR_PGLITE_SHARED_BUFFERS_MB ?? 32);
  return Number.isInteger(v) && v >= 1 && v <= 999 ? v : 32;
}

/** The wasm bytes with PGlite's built-in `shared_buffers=128MB` argument replaced (same length, NUL-padded); unchanged if not found once. */
export function withSharedBuffers<B extends Buffer>(bytes: B, mb: number): B {
  const from = Buffer.from('shared_buffers=128MB');
  const at = bytes.indexOf(from);
  if (mb === 128 || at < 0 || bytes.indexOf(from, at + 1) >= 0) return bytes;
  const to = Buffer.alloc(from.length); // NUL-padded: the C string ends at the first NUL
  to.write(`shared_buffers=${mb}MB`);
  to.copy(bytes, at);
  return bytes;
}

/**
 * PGlite starts PostgreSQL with `client_min_messages = debug3` and `log_min_messages = debug1`: every statement's
 * parse and bind are formatted as DEBUG2 notices in WebAssembly ("parse s1: <the whole text>", "bind <unnamed> to s1"),
 * sent, and decoded into message objects in JS, and the log's DEBUG1 lines are formatted for a log no one reads. A
 * PostgreSQL server's defaults (notice, warning) halve the cost of a small prepared read (docs/benchmarks.md).
 */
const QUIET_SESSION = 'SET client_min_messages = notice; SET log_min_messages = warning';

/** Where the embedded database lives inside a data folder. */
export const pgliteDirOf = (dataDir: string) => path.join(dataDir, 'pglite');

async function openPglite(dataDir: string | undefined, opts: { template?: boolean; loadDataDir?: Blob; worker?: boolean } = {}): Promise<Database> {
  const pgDir = dataDir ? pgliteDirOf(dataDir) : undefined;
  // Before anything touches the folder: never two processes on one embedded database.
  const unlock = dataDir ? lockFolder(dataDir) : () => {};
  if (pgDir) {
    fs.mkdirSync(dataDir!, { recursive: true });
    // A new folder starts as a copy of the migrated empty database built at install (initdb in WASM takes seconds).
    if (opts.template !== false) seedFromTemplate(pgDir);
  }
  let client: PGlite;
  try {
    client = opts.worker
      ? await remotePglite({ dataDir: pgDir, loadDataDir: opts.loadDataDir, wasmModule: await pgliteWasm() })
      : prepareRepeatedReads(await PGlite.create({ dataDir: pgDir, loadDataDir: opts.loadDataDir, extensions: { pg_trgm }, wasmModule: await pgliteWasm() }));
  } catch (err) {
    unlock();
    throw err;
  }
  await client.exec(`SET TIME ZONE 'UTC'; SET pg_trgm.word_similarity_threshold = ${TRGM_WORD_SIMILARITY}; ${QUIET_SESSION}`);
  const db = drizzlePglite({ client }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    async query<T>(text: string, params: unknown[] = []) {
      const r = await client.query<T>(text, params);
      return r.rows;
    },
    async exec(text: string) {
      return client.exec(text);
    },
    async dumpDataDir(compression = 'gzip') {
      return client.dumpDataDir(compression);
    },
    async listen(channel, fn) {
      const unsub = await client.listen(channel, fn);
      return async () => unsub();
    },
    async close() {
      try { await client.close(); } finally { unlock(); }
    },
  };
}

async function openPostgres(url: string, po: Required<PoolOptions>): Promise<Database> {
  // Idle connections are kept for minutes, not node-postgres's 10 s: a new connection re-plans and re-prepares everything.
  const pool = new pg.Pool({ connectionString: url, max: po.max, idleTimeoutMillis: po.idleTimeoutMs, ...(po.prepare ? { Client: PreparingClient } : {}),
    options: `-c timezone=UTC -c pg_trgm.word_similarity_threshold=${TRGM_WORD_SIMILARITY} -c jit=${po.jit ? 'on' : 'off'}` });
  pool.on('error', () => { /* an idle client died (server restart): the pool replaces it */ });
  const db = drizzlePg({ client: pool }) as unknown as Db;
  const listeners = new Map<string, Set<Listener>>();
  const stateWatchers = new Set<(listening: boolean) => void>();
  let listenClient: Promise<pg.Client> | undefined;
  let closed = false;
  let down = false;
  let retryMs = 250;
  // One connection LISTENs for the whole process. If it dies (a PostgreSQL restart, a killed backend), the watchers
  // hear so at once, and it reconnects with backoff and LISTENs again on every channel before they hear it is back.
  function ensureListenClient(): Promise<pg.Client> {
    listenClient ??= (async () => {
      const c = new pg.Client({ connectionString: url });
      let lost = false;
      const onLost = () => {
        if (lost) return;
        lost = true;
        listenClient = undefined;
        c.end().catch(() => {});
        if (closed) return;
        down = true;
        stateWatchers.forEach((fn) => fn(false));
        setTimeout(() => void reconnect(), retryMs).unref();
        retryMs = Math.min(retryMs * 2, 10_000);
      };
      c.on('error', onLost);
      c.on('end', onLost);
      c.on('notification', (m) => listeners.get(m.channel)?.forEach((fn) => fn(m.payload ?? '')));
      try {
        await c.connect();
        for (const channel of listeners.keys()) await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      } catch (err) {
        onLost();
        throw err;
      }
      // Back after a loss (whoever reconnected: the retry or a new listen() call): the watchers may trust it again.
      if (down) {
        down = false;
        retryMs = 250;
        stateWatchers.forEach((fn) => fn(true));
      }
      return c;
    })();
    return listenClient;
  }
  async function reconnect() {
    if (closed || listenClient) return;
    await ensureListenClient().catch(() => { /* onLost scheduled the next try */ });
  }
  return {
    db,
    kind: 'postgresql',
    url,
    async query<T>(text: string, params: unknown[] = []) {
      const r = await pool.query(text, params as unknown[]);
      return r.rows as T[];
    },
    async exec(text: string) {
      const r = await pool.query(text);
      return (Array.isArray(r) ? r : [r]).map((x) => ({ rows: x.rows }));
    },
    async listen(channel, fn, opts = {}) {
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
        const c = await ensureListenClient();
        // A client made before this channel existed: LISTEN on it now (a new one LISTENs on every channel it knows).
        await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      } else {
        await ensureListenClient();
      }
      set.add(fn);
      const watcher = opts.onState;
      if (watcher) stateWatchers.add(watcher);
      return async () => { set!.delete(fn); if (watcher) stateWatchers.delete(watcher); };
    },
    async close() {
      closed = true;
      const c = await listenClient?.catch(() => undefined);
      await c?.end().catch(() => {});
      await pool.end();
    },
  };
}

export async function runMigrations(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
  } else {
    // One instance migrates at a time when several start together: a session lock on a connection of its own.
    const lock = new pg.Client({ connectionString: database.url });
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock(7260001)');
      await migratePg(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      await lock.end().catch(() => {});
    }
  }
}

/**
 * A PostgreSQL advisory lock on `key` held by this process on a connection of its own until the returned release is
 * called (or the process dies: the server ends the session). Another process sees it with
 * `pg_try_advisory_xact_lock(classId, hashtext(key))` in a transaction. Embedded: nothing to hold, one process owns
 * the folder (folder-lock.ts).
 */
export async function holdSessionLock(database: Database, classId: number, key: string): Promise<() => Promise<void>> {
  if (database.kind === 'pglite' || !database.url) return async () => {};
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [classId, key]);
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
  return async () => { await client.end().catch(() => {}); };
}

/**
 * Fills a missing or empty PGlite folder from a data-folder dump (a backup), then closes it: the next open runs the
 * migrations a newer version may add.
 */
export async function loadPgliteDump(pgDir: string, dump: Blob): Promise<void> {
  if (fs.existsSync(pgDir) && fs.readdirSync(pgDir).length > 0) throw new Error(`${pgDir} is not empty`);
  const client = await PGlite.create({ dataDir: pgDir, loadDataDir: dump, extensions: { pg_trgm }, wasmModule: await pgliteWasm() });
  await client.close();
}

/** Builds the embedded empty-database template (server/db/template.ts) if this PGlite and these migrations lack one. */
export async function buildPgliteTemplate(): Promise<{ dir: string; built: boolean }> {
  return buildTemplate(async (parent) => {
    const database = await openPglite(parent, { template: false });
    try {
      await runMigrations(database);
    } finally {
      await database.close();
    }
  });
}
