/**
 * Row counts and content checksums of every table: what a restore drill compares between the database backed up and
 * the one restored. A table's checksum is the md5 of its rows' text forms in sorted order, so it does not depend on
 * the physical order a restore writes them in.
 */
import type { Database } from './client.ts';

export type TableFingerprint = { table: string; rows: number; md5: string };

/** Schemas that hold Mehvar's data (the job queue's tables change on their own while a server runs, so not them). */
const DATA_SCHEMAS = ['public', 'drizzle'];

export async function fingerprint(database: Database): Promise<TableFingerprint[]> {
  const tables = await database.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema = ANY($1) ORDER BY 1, 2`, [DATA_SCHEMAS]);
  const out: TableFingerprint[] = [];
  for (const t of tables) {
    const id = `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`;
    const [r] = await database.query<{ rows: number; md5: string | null }>(
      `SELECT count(*)::int AS rows, md5(coalesce(string_agg(md5(x::text), '' ORDER BY md5(x::text)), '')) AS md5 FROM ${id} x`);
    out.push({ table: `${t.schema}.${t.name}`, rows: r!.rows, md5: r!.md5 ?? '' });
  }
  return out;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
