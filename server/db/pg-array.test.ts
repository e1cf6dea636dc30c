/**
 * Arrays read back from the database: the text form by hand (server/db/pg-array.ts), and the same values through the
 * app's database handle on PGlite and on PostgreSQL, which must agree (before, PGlite read a NULL element as "NULL"
 * in a text[] and NaN in an int[]).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { parsePgArray } from './pg-array.ts';
import { freshDatabase } from '../test/harness.ts';
import type { Database } from './client.ts';

describe('parsePgArray', () => {
  const int = (v: string) => Number(v);
  it('reads bare, quoted and NULL elements, escapes and nesting', () => {
    expect(parsePgArray('{}')).toEqual([]);
    expect(parsePgArray('{a,b}')).toEqual(['a', 'b']);
    expect(parsePgArray('{NULL,"NULL",null}')).toEqual([null, 'NULL', 'null']);
    expect(parsePgArray('{"a,b","c\\"d","e\\\\f","",یک}')).toEqual(['a,b', 'c"d', 'e\\f', '', 'یک']);
    expect(parsePgArray('{"{x}"," y "}')).toEqual(['{x}', ' y ']);
    expect(parsePgArray('{1,NULL,3}', int)).toEqual([1, null, 3]);
    expect(parsePgArray('{{1,2},{3,NULL}}', int)).toEqual([[1, 2], [3, null]]);
    expect(parsePgArray('{{},{}}')).toEqual([[], []]);
    expect(parsePgArray('[0:1]={5,6}', int)).toEqual([5, 6]);
    expect(parsePgArray('{(0,0),(1,1);(2,2),(3,3)}', undefined, 0, ';')).toEqual(['(0,0),(1,1)', '(2,2),(3,3)']);
  });

  it('hands each element and its type to the element parser, but never a NULL', () => {
    const seen: [string, number][] = [];
    parsePgArray('{7,NULL,"8"}', (v, t) => { seen.push([v, t]); return v; }, 23);
    expect(seen).toEqual([['7', 23], ['8', 23]]);
  });

  it('refuses text that is not an array instead of looping or guessing', () => {
    for (const bad of ['', 'abc', '{a,b', '{"a', '[1:2]', '{a}x']) expect(() => parsePgArray(bad), bad).toThrow(/Not an array value/);
  });
});

describe('arrays through the database handle (this run\'s database)', () => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => { ({ database, drop } = await freshDatabase()); }, 60_000);
  afterAll(async () => { await database.close(); await drop(); });

  const text = `SELECT ARRAY[NULL, 'a', 'NULL', 'b,c', 'x"y', 'back\\slash', '']::text[] AS texts,
    ARRAY[1, NULL, 3]::int[] AS ints, ARRAY[[1, 2], [3, NULL]]::int[] AS grid, '{}'::int[] AS empty,
    '[0:1]={4,5}'::int[] AS shifted, ARRAY[true, NULL, false] AS flags, ARRAY[1.5, NULL]::float8[] AS floats,
    ARRAY['00000000-0000-4000-8000-000000000001'::uuid, NULL] AS ids, ARRAY['{"a":[1,null]}'::jsonb, NULL, '"s"'] AS docs,
    ARRAY['یک'::varchar, NULL] AS names, NULL::text[] AS nothing`;
  const expected = {
    texts: [null, 'a', 'NULL', 'b,c', 'x"y', 'back\\slash', ''],
    ints: [1, null, 3], grid: [[1, 2], [3, null]], empty: [], shifted: [4, 5], flags: [true, null, false], floats: [1.5, null],
    ids: ['00000000-0000-4000-8000-000000000001', null], docs: [{ a: [1, null] }, null, 's'], names: ['یک', null], nothing: null,
  };

  it('reads NULL elements as null and every element by its type, in a plain query and a repeated (prepared) one', async () => {
    for (let i = 0; i < 3; i++) expect(await database.query(text + ' WHERE $1::int = 1', [1])).toEqual([expected]);
  });

  it('reads them alike through drizzle', async () => {
    const r = await database.db.execute(sql.raw(text));
    expect((r as unknown as { rows: unknown[] }).rows).toEqual([expected]);
  });
});
