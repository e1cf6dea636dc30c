import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../test/harness.ts';
import type { Database } from './client.ts';
import { maintainTables } from './maintenance.ts';

describe('database maintenance (what autovacuum does, for the embedded database)', () => {
  let db: { database: Database; drop(): Promise<void> };
  const reltuples = async (table: string) =>
    Number((await db.database.query<{ reltuples: number }>(`SELECT reltuples FROM pg_class WHERE oid = $1::regclass`, [table]))[0].reltuples);

  beforeAll(async () => {
    db = await freshDatabase();
    await db.database.exec(`CREATE TABLE maint_probe (id int PRIMARY KEY, note text);
      CREATE TABLE maint_empty (id int PRIMARY KEY);
      INSERT INTO maint_probe SELECT g, repeat('x', 40) FROM generate_series(1, 5000) g;`);
  });
  afterAll(async () => { await db?.drop(); });

  it('gives a table written since its last pass statistics, and leaves an unchanged one alone', async () => {
    // PostgreSQL's own autovacuum may get there first; PGlite's never does.
    const before = await reltuples('maint_probe');
    const first = await maintainTables(db.database);
    if (before < 0) expect(first.map((t) => t.table)).toContain('public.maint_probe');
    // Fewer rows than ANALYZE's sample (30,000): the count is exact.
    expect(await reltuples('maint_probe')).toBe(5000);
    expect(first.map((t) => t.table)).not.toContain('public.maint_empty');

    const second = await maintainTables(db.database);
    expect(second.map((t) => t.table)).not.toContain('public.maint_probe');
  });

  it('passes again once the table has grown by more than a fifth', async () => {
    await db.database.exec(`DELETE FROM maint_probe WHERE id <= 4000; INSERT INTO maint_probe SELECT g, repeat('y', 40) FROM generate_series(5001, 10000) g;`);
    const third = await maintainTables(db.database);
    const probe = third.find((t) => t.table === 'public.maint_probe');
    expect(probe).toBeDefined();
    expect(probe!.pagesNow).toBeGreaterThan(probe!.pagesBefore);
    expect(await reltuples('maint_probe')).toBe(6000);
  });
});
