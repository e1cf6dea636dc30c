/** Shared names of the benchmark databases and users (bench/seed.ts writes them, bench/run.ts reads them). */
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, runMigrations, type Database } from '../server/db/client.ts';

export const BENCH_PG_URL = 'postgres://postgres@127.0.0.1:5432/mehvar_bench';
export const BENCH_PGLITE_DIR = path.join(os.tmpdir(), 'mehvar-bench-pglite');
export const BENCH_PASSWORD = 'Shen-Zar-Kavir-Lut-88';
export const benchUserEmail = (role: 'manager' | 'sales', i = 1) => (role === 'manager' ? 'manager@bench.local' : `sales${i}@bench.local`);
/** A seller with 50,000 open tasks (bench/seed.ts), for "my tasks" whatever the size of one's own backlog. */
export const BUSY_USER_EMAIL = 'busy@bench.local';

/**
 * A new empty, migrated database for a benchmark run: on PostgreSQL the database named in `url` is dropped and made
 * again; otherwise a PGlite folder under `tmp`.
 */
export async function freshBenchDatabase(kind: 'pg' | 'pglite', url: string | undefined, tmp: string): Promise<{ database: Database; dataDir?: string }> {
  if (kind === 'pg') {
    const u = new URL(url!);
    const name = u.pathname.slice(1);
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected database name ${name}`);
    const admin = new pg.Client({ connectionString: Object.assign(new URL(u), { pathname: '/postgres' }).toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const database = await openDatabase({ url: u.toString() });
    await runMigrations(database);
    return { database };
  }
  const dataDir = path.join(tmp, 'data');
  const database = await openDatabase({ dataDir });
  await runMigrations(database);
  return { database, dataDir };
}
