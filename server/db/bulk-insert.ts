/**
 * Many rows into one table in one statement with one parameter: the rows as a JSON array, spread into records by
 * jsonb_populate_recordset. A VALUES list needs a placeholder per cell (PostgreSQL allows 65,535 per statement, so a
 * 45-column table stops at ~1,400 rows) and building it costs the query builder per cell; the JSON form does not grow
 * the statement and its encoding is native. Only the columns the rows give are inserted: the others take their
 * defaults, as an ORM insert would. Values as Drizzle takes them (Date, arrays, objects for jsonb).
 */
import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './client.ts';

const ident = (s: string) => '"' + s.replace(/"/g, '""') + '"';

export async function insertRowsJson<T extends PgTable>(db: Db, table: T, rows: T['$inferInsert'][]): Promise<void> {
  if (!rows.length) return;
  await db.execute(insertRowsJsonSql(table, rows));
}

/** The statement insertRowsJson runs, for a caller that puts it in a CTE of its own statement (rows: at least one). */
export function insertRowsJsonSql<T extends PgTable>(table: T, rows: T['$inferInsert'][]): SQL {
  const columns = Object.entries(getTableColumns(table));
  const used = columns.filter(([key]) => rows.some((r) => (r as Record<string, unknown>)[key] !== undefined));
  for (const [key, col] of used) {
    // A row without a value where another has one would get NULL here, not the column's default: refuse (the
    // caller gives every row the same columns).
    if (col.hasDefault && rows.some((r) => (r as Record<string, unknown>)[key] === undefined)) {
      throw new Error(`insertRowsJson: ${getTableName(table)}.${col.name} is missing in some rows and has a default`);
    }
  }
  const json = JSON.stringify(rows.map((r) => {
    const o: Record<string, unknown> = {};
    for (const [key, col] of used) {
      const v = (r as Record<string, unknown>)[key];
      // A bigint (money in Rials) goes as its digits in a JSON string: PostgreSQL reads the text into the column's type.
      o[col.name] = v instanceof Date ? v.toISOString() : typeof v === 'bigint' ? v.toString() : v;
    }
    return o;
  }));
  const names = used.map(([, col]) => ident(col.name)).join(', ');
  const t = ident(getTableName(table));
  return sql`${sql.raw(`INSERT INTO ${t} (${names}) SELECT ${names} FROM jsonb_populate_recordset(NULL::${t}, `)}${json}::jsonb)`;
}
