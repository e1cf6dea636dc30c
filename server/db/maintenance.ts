/**
 * What autovacuum does on PostgreSQL, for the embedded database: PGlite runs no background workers, so a table written
 * after the migrations never got statistics (`reltuples = -1` 90 s after 200,000 inserts) and dead rows were never
 * reclaimed. Without statistics the planner guesses one row per table: on freshly imported data the journey-events fill
 * was planned as a nested loop that ran its whole union once per customer (docs/benchmarks.md, "Journey events on
 * tables without statistics").
 *
 * PGlite's activity counters (pg_stat_user_tables) are not kept up to date between statements, so the trigger is the
 * table's size on disk against the size the last VACUUM or ANALYZE saw (pg_class.relpages): a table never analyzed, or
 * whose pages changed by a fifth or more since, is vacuumed and analyzed. The check itself reads only the catalog and
 * file sizes.
 */
import type { Database } from './client.ts';

/** Pages a table must have changed by, beyond the fifth, before it is worth a pass (small tables change fast). */
const MIN_PAGES_CHANGED = 8;

export type MaintainedTable = { table: string; pagesBefore: number; pagesNow: number };

/** Vacuums and analyzes the application's tables that changed enough since their last pass; returns which. */
export async function maintainTables(database: Database): Promise<MaintainedTable[]> {
  const rows = await database.query<{ name: string; relpages: number; reltuples: number; pages: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name, c.relpages, c.reltuples,
            pg_relation_size(c.oid) / current_setting('block_size')::int AS pages
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname = 'public'
      ORDER BY c.relname`);
  const due = rows
    .map((r) => ({ table: r.name, pagesBefore: Number(r.relpages), pagesNow: Number(r.pages), never: Number(r.reltuples) < 0 }))
    .filter((r) => r.pagesNow > 0 && (r.never || Math.abs(r.pagesNow - r.pagesBefore) >= Math.max(MIN_PAGES_CHANGED, r.pagesBefore / 5)));
  // One table at a time: on the embedded database every statement waits for the one before, so a request waits at
  // most for one table's pass.
  for (const t of due) await database.exec(`VACUUM (ANALYZE) ${t.table}`);
  return due.map(({ table, pagesBefore, pagesNow }) => ({ table, pagesBefore, pagesNow }));
}
