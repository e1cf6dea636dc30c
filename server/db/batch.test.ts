import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, date, bigint, numeric, jsonb, boolean, integer } from 'drizzle-orm/pg-core';
import { eq } from 'drizzle-orm';
import { freshDatabase } from '../test/harness.ts';
import type { Database } from './client.ts';
import { batchedReads, batchStats, batchable, parseRecord } from './batch.ts';

const things = pgTable('batch_test_things', {
  id: uuid('id').primaryKey(),
  name: text('name'),
  at: timestamp('at', { withTimezone: true }),
  day: date('day'),
  big: bigint('big', { mode: 'number' }),
  amount: numeric('amount'),
  data: jsonb('data'),
  tags: text('tags').array(),
  ok: boolean('ok'),
  n: integer('n'),
});

describe('parseRecord (PostgreSQL record text output)', () => {
  it('splits fields, NULLs, empty strings and quoted fields with doubled quotes and backslashes', () => {
    expect(parseRecord('(a,b)')).toEqual(['a', 'b']);
    expect(parseRecord('(,)')).toEqual([null, null]);
    expect(parseRecord('()')).toEqual([null]);
    expect(parseRecord('(a,)')).toEqual(['a', null]);
    expect(parseRecord('("",x)')).toEqual(['', 'x']);
    expect(parseRecord('("a,b","say ""hi""","c\\\\d")')).toEqual(['a,b', 'say "hi"', 'c\\d']);
  });
  it('batches plain reads only', () => {
    expect(batchable('SELECT * FROM t WHERE id = $1')).toBe(true);
    expect(batchable('with x as (select 1) select * from x')).toBe(true);
    expect(batchable('UPDATE t SET a = 1')).toBe(false);
    expect(batchable('SELECT * FROM t FOR UPDATE')).toBe(false);
    expect(batchable('SELECT 1; SELECT 2')).toBe(false);
    expect(batchable("SELECT '$1'")).toBe(false);
    expect(batchable("SELECT * FROM t WHERE s = 'open' AND id = $1")).toBe(true);
    expect(batchable('SELECT $$x$$')).toBe(false);
  });
});

describe('batchedReads', () => {
  let database: Database;
  let drop: () => Promise<void>;
  const ids = ['0b0e8f0e-0000-4000-8000-000000000001', '0b0e8f0e-0000-4000-8000-000000000002', '0b0e8f0e-0000-4000-8000-000000000003'];
  beforeAll(async () => {
    ({ database, drop } = await freshDatabase());
    await database.query(`CREATE TABLE batch_test_things (id uuid PRIMARY KEY, name text, at timestamptz, day date, big bigint, amount numeric,
      data jsonb, tags text[], ok boolean, n integer)`);
    await database.query(`INSERT INTO batch_test_things VALUES
      ($1, 'نام, با "نقل" و \\ و (پرانتز)', '2026-03-01T10:20:30.123456Z', '2026-03-01', 9007199254740993, 12.50, '{"a":[1,"x,y"],"b":null}', '{"p q","r,s",""}', true, 7),
      ($2, '', NULL, NULL, NULL, NULL, NULL, '{}', false, NULL),
      ($3, NULL, '1999-12-31T23:59:59Z', '1999-12-31', -5, -0.001, '"str"', NULL, NULL, -1)`, ids);
  }, 60_000);
  afterAll(async () => { await database.close(); await drop(); });

  const reads = (db: Database['db']) => Promise.all([
    db.execute(sql`SELECT * FROM batch_test_things ORDER BY id`),
    db.execute(sql`SELECT name, name AS name2, count(*) OVER () AS c, ${'lit'} AS lit FROM batch_test_things WHERE id = ${ids[0]}`),
    db.select().from(things).where(eq(things.id, ids[0])),
    db.select({ id: things.id, at: things.at, tags: things.tags }).from(things).orderBy(things.id),
    db.execute(sql`SELECT id FROM batch_test_things WHERE false`),
    db.execute(sql`SELECT 1 AS a, 2 AS a`),
  ]);

  it('answers each read exactly as the plain handle does, in one round trip once the statements are known', async () => {
    const plain = await reads(database.db);
    const first = batchedReads(database.db);
    const a = await reads(first);
    // First sight of each text: they run alone and their columns are learnt.
    expect(batchStats(first)).toEqual({ statements: 6, roundTrips: 6 });
    const second = batchedReads(database.db);
    const b = await reads(second);
    expect(batchStats(second)).toEqual({ statements: 6, roundTrips: 1 });
    const rows = (x: typeof plain) => x.map((r) => (Array.isArray(r) ? r : r.rows));
    expect(rows(a)).toEqual(rows(plain));
    expect(rows(b)).toEqual(rows(plain));
    // Spot checks against the inserted values, not only against the plain handle.
    const one = rows(b)[2][0] as Record<string, unknown>;
    expect(one.name).toBe('نام, با "نقل" و \\ و (پرانتز)');
    expect(one.data).toEqual({ a: [1, 'x,y'], b: null });
    expect(one.tags).toEqual(['p q', 'r,s', '']);
    expect(one.big).toBe(9007199254740992); // mode: 'number', as Drizzle maps it alone
    expect(one.amount).toBe('12.50');
    expect((rows(b)[1][0] as Record<string, unknown>).lit).toBe('lit');
    expect(rows(b)[4]).toEqual([]);
  });

  it('a failing read fails alone; the others still answer', async () => {
    await reads(batchedReads(database.db)); // learnt
    const db = batchedReads(database.db);
    const [good, bad] = await Promise.allSettled([
      db.execute(sql`SELECT name FROM batch_test_things WHERE id = ${ids[1]}`),
      db.execute(sql`SELECT (1 / (n - n)) AS boom FROM batch_test_things WHERE id = ${ids[0]}`),
    ]);
    expect(bad.status).toBe('rejected');
    expect(good.status === 'fulfilled' && good.value.rows).toEqual([{ name: '' }]);
  });
});
