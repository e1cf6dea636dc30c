/**
 * The import benchmark's yardstick: the rows the import wrote, exported as they are (already prepared: display name,
 * phones, phone/email keys, search_doc, audit rows, row outcomes), the tables emptied, and the same rows loaded back
 * with raw COPY into the same tables with the same indexes. What COPY of prepared rows costs on this machine, now.
 * PostgreSQL through psql's \copy; PGlite through its /dev/blob COPY.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgliteDirOf, type Database } from '../server/db/client.ts';

export type CopyResult = { rows: number; seconds: number; allSeconds: number };

const TABLES = [
  { table: 'customers', where: (b: string) => `import_batch_id = '${b}'` },
  { table: 'audit_log', where: () => `entity_type = 'customer' AND action = 'create'` },
  { table: 'import_rows', where: (b: string) => `batch_id = '${b}'` },
] as const;

/** The table's stored columns (a generated column such as customers.birthday_jmd is computed by COPY, not loaded). */
const COLUMNS_SQL = (t: string) => `SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) AS cols FROM pg_attribute
  WHERE attrelid = '${t}'::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''`;

function psql(url: string, command: string): string {
  const r = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', command], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  return r.stdout.trim();
}

export async function copyBaseline(database: Database, dataDir: string | undefined, tmp: string, batchId: string): Promise<CopyResult> {
  if (!/^[0-9a-f-]{36}$/.test(batchId)) throw new Error('unexpected batch id');
  const seconds: number[] = [];
  let rows = 0;
  if (database.kind === 'postgresql') {
    const url = database.url!;
    await database.close();
    const files = TABLES.map((t) => path.join(tmp, `${t.table}.copy`));
    const cols = TABLES.map((t) => psql(url, COLUMNS_SQL(t.table)));
    TABLES.forEach((t, i) => psql(url, `\\copy (SELECT ${cols[i]} FROM ${t.table} WHERE ${t.where(batchId)}) TO '${files[i]}'`));
    psql(url, 'TRUNCATE customers, audit_log, import_rows CASCADE');
    psql(url, 'CHECKPOINT');
    for (const [i, t] of TABLES.entries()) {
      const a = performance.now();
      psql(url, `\\copy ${t.table} (${cols[i]}) FROM '${files[i]}'`);
      seconds.push((performance.now() - a) / 1000);
    }
    rows = Number(psql(url, 'SELECT count(*) FROM customers'));
    for (const f of files) fs.rmSync(f, { force: true });
  } else {
    await database.close();
    const client = await PGlite.create({ dataDir: pgliteDirOf(dataDir!), extensions: { pg_trgm } });
    try {
      const blobs: Blob[] = [];
      const cols: string[] = [];
      for (const t of TABLES) {
        cols.push(String((await client.query<{ cols: string }>(COLUMNS_SQL(t.table))).rows[0].cols));
        const r = await client.query(`COPY (SELECT ${cols[cols.length - 1]} FROM ${t.table} WHERE ${t.where(batchId)}) TO '/dev/blob'`);
        blobs.push(r.blob!);
      }
      await client.exec('TRUNCATE customers, audit_log, import_rows CASCADE; CHECKPOINT');
      for (const [i, t] of TABLES.entries()) {
        const a = performance.now();
        await client.query(`COPY ${t.table} (${cols[i]}) FROM '/dev/blob'`, [], { blob: blobs[i] });
        seconds.push((performance.now() - a) / 1000);
      }
      rows = Number((await client.query<{ n: number }>('SELECT count(*)::int AS n FROM customers')).rows[0].n);
    } finally {
      await client.close();
    }
  }
  return { rows, seconds: seconds[0], allSeconds: seconds.reduce((s, x) => s + x, 0) };
}
