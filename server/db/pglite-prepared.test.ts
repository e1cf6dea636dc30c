/**
 * Prepared reads on the embedded database (server/db/pglite-prepared.ts): a repeated read becomes a named statement
 * with the same answer; a prepared statement's own error is still the query's error; a statement whose plan went stale
 * after a schema change runs unnamed again; writes are never named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { parseResult, prepareRepeatedReads } from './pglite-prepared.ts';
import { parse as pgParse, protocol } from '@electric-sql/pglite';

let client: PGlite;
const ID1 = '00000000-0000-4000-8000-000000000001';
const ID2 = '00000000-0000-4000-8000-000000000002';

const named = async () =>
  (await client.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements ORDER BY prepare_time')).rows.map((r) => r.statement);

beforeAll(async () => {
  client = prepareRepeatedReads(await PGlite.create());
  await client.exec(`CREATE TABLE things (id uuid PRIMARY KEY, name text, tags text[], at timestamptz, n int);
    INSERT INTO things VALUES ('${ID1}', 'یک', '{a,b}', '2026-03-01T10:00:00Z', 5), ('${ID2}', 'دو', '{c}', NULL, NULL);`);
});
afterAll(async () => { await client.close(); });

describe('PGlite prepared reads', () => {
  it('names a read from its second use on, and answers exactly as the unnamed read did', async () => {
    // Unique to this test, so no earlier use anywhere in the process counts.
    const text = 'SELECT id, name, tags, at, n FROM things WHERE id = $1 OR name = $2 /* prepared-reads test 1 */';
    const first = await client.query(text, [ID1, 'دو']);
    expect(await named()).not.toContain(text);
    const second = await client.query(text, [ID1, 'دو']);
    expect(await named()).toContain(text);
    const third = await client.query(text, [ID2, 'یک'], { rowMode: 'array' });
    expect(second.rows).toEqual(first.rows);
    expect(first.rows).toEqual([
      { id: ID1, name: 'یک', tags: ['a', 'b'], at: new Date('2026-03-01T10:00:00Z'), n: 5 },
      { id: ID2, name: 'دو', tags: ['c'], at: null, n: null },
    ]);
    expect(third.rows).toEqual([[ID1, 'یک', ['a', 'b'], new Date('2026-03-01T10:00:00Z'), 5], [ID2, 'دو', ['c'], null, null]]);
    expect(third.fields.map((f) => f.name)).toEqual(['id', 'name', 'tags', 'at', 'n']);
  });

  it("parses a named read's values as PGlite does, in both row modes and with the query's own parsers", async () => {
    const text = `SELECT $1::int AS i, 9007199254740993::bigint AS big, 12.50::numeric AS money, true AS yes, 1.5::float8 AS f,
      '2026-03-01'::date AS d, '2026-03-01T10:00:00Z'::timestamptz AS at, '{"a":[1,"دو"]}'::jsonb AS j, '{1,2,3}'::int[] AS ints,
      ARRAY['a,b', 'c"d', 'یک'] AS texts, NULL::text AS nothing, 'x' AS same, 'y' AS same /* prepared-reads test 6 */`;
    const expected = {
      i: 7, big: 9007199254740993n, money: '12.50', yes: true, f: 1.5, d: new Date('2026-03-01T00:00:00Z'), at: new Date('2026-03-01T10:00:00Z'),
      j: { a: [1, 'دو'] }, ints: [1, 2, 3], texts: ['a,b', 'c"d', 'یک'], nothing: null, same: 'y',
    };
    const unnamed = await client.query(text, [7]);
    const named1 = await client.query(text, [7]);
    expect(await named()).toContain(text);
    expect(unnamed.rows).toEqual([expected]);
    expect(named1.rows).toEqual([expected]);
    expect(named1.affectedRows).toBe(0);
    expect(named1.fields.map((f) => f.name)).toEqual(['i', 'big', 'money', 'yes', 'f', 'd', 'at', 'j', 'ints', 'texts', 'nothing', 'same', 'same']);
    const asArray = await client.query(text, [7], { rowMode: 'array' });
    expect(asArray.rows[0]).toEqual([7, 9007199254740993n, '12.50', true, 1.5, new Date('2026-03-01T00:00:00Z'), new Date('2026-03-01T10:00:00Z'),
      { a: [1, 'دو'] }, [1, 2, 3], ['a,b', 'c"d', 'یک'], null, 'x', 'y']);
    // The query's own parser for a type wins over the client's (int4 is type 23).
    const custom = await client.query<{ i: string; money: string }>(text, [7], { parsers: { 23: (v: string) => `int:${v}` } });
    expect(custom.rows[0].i).toBe('int:7');
    expect(custom.rows[0].money).toBe('12.50');
  });

  it('counts the rows a command reports, as PGlite does', async () => {
    const run = async (sql: string) => (await client.execProtocol(protocol.serialize.query(sql))).messages;
    for (const [sql, n] of [['UPDATE things SET n = n WHERE true', 2], ['SELECT 1 FROM things', 0]] as const) {
      const messages = await run(sql);
      expect(parseResult(messages, client.parsers).affectedRows).toBe(n);
      expect(parseResult(messages, client.parsers)).toEqual(pgParse.parseResults(messages, client.parsers)[0]);
    }
  });

  it('runs a transaction: commits what the callback wrote, rolls back what a throwing one wrote', async () => {
    const ID3 = '00000000-0000-4000-8000-000000000003';
    const ID4 = '00000000-0000-4000-8000-000000000004';
    const answer = await client.transaction(async (tx) => {
      await tx.query('INSERT INTO things (id, name) VALUES ($1, $2)', [ID3, 'سه']);
      return (await tx.query<{ name: string }>('SELECT name FROM things WHERE id = $1', [ID3])).rows[0].name;
    });
    expect(answer).toBe('سه');
    await expect(client.transaction(async (tx) => {
      await tx.query('INSERT INTO things (id, name) VALUES ($1, $2)', [ID4, 'چهار']);
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    const rows = (await client.query<{ id: string }>('SELECT id FROM things WHERE id IN ($1, $2)', [ID3, ID4])).rows;
    expect(rows).toEqual([{ id: ID3 }]);
    expect(client.isInTransaction()).toBe(false);
    await client.query('DELETE FROM things WHERE id = $1', [ID3]);
  });

  it("a transaction's rollback, exec (several statements), sql template and errors", async () => {
    const ID5 = '00000000-0000-4000-8000-000000000005';
    let handle!: { closed: boolean; query: (q: string) => Promise<unknown> };
    await client.transaction(async (tx) => {
      handle = tx;
      const results = await tx.exec(`INSERT INTO things (id, name) VALUES ('${ID5}', 'پنج'); SELECT 1 AS a; SELECT 2 AS b`);
      expect(results.map((r) => r.rows)).toEqual([[], [{ a: 1 }], [{ b: 2 }]]);
      expect(results[0].affectedRows).toBe(1);
      expect((await tx.sql<{ n: number; t: string }>`SELECT ${5}::int AS n, ${'شش'}::text AS t`).rows).toEqual([{ n: 5, t: 'شش' }]);
      await tx.rollback();
      expect(tx.closed).toBe(true);
    });
    expect(handle.closed).toBe(true);
    await expect(handle.query('SELECT 1')).rejects.toThrow('Transaction is closed');
    expect((await client.query('SELECT id FROM things WHERE id = $1', [ID5])).rows).toEqual([]);
    // A failing statement: its error as PGlite gives it (code, the query on it), and the transaction rolled back.
    const failing = client.transaction(async (tx) => { await tx.query('SELECT * FROM no_such_table WHERE id = $1', [1]); });
    await expect(failing).rejects.toMatchObject({ code: '42P01', query: 'SELECT * FROM no_such_table WHERE id = $1', params: [1] });
    expect(client.isInTransaction()).toBe(false);
    expect((await client.query<{ n: number }>('SELECT count(*)::int AS n FROM things')).rows).toEqual([{ n: 2 }]);
  });

  it('COPY through /dev/blob keeps PGlite\'s own path (out and in), and is refused with a clear error inside a transaction', async () => {
    const out = await client.query("COPY (SELECT name FROM things WHERE id = '" + ID1 + "') TO '/dev/blob'");
    expect(await out.blob!.text()).toBe('یک\n');
    await client.exec('CREATE TABLE copied (name text)');
    await client.query("COPY copied (name) FROM '/dev/blob'", [], { blob: new Blob(['هفت\nهشت\n']) });
    expect((await client.query<{ name: string }>('SELECT name FROM copied ORDER BY name')).rows).toEqual([{ name: 'هشت' }, { name: 'هفت' }]);
    await expect(client.transaction(async (tx) => { await tx.query("COPY copied (name) FROM '/dev/blob'", [], { blob: new Blob(['نه\n']) }); }))
      .rejects.toThrow('COPY to or from /dev/blob runs outside a transaction');
    expect((await client.query<{ n: number }>('SELECT count(*)::int AS n FROM copied')).rows).toEqual([{ n: 2 }]);
    await client.exec('DROP TABLE copied');
  });

  it("still fails with a prepared statement's own error, and the next call works", async () => {
    const text = 'SELECT name FROM things WHERE id = $1 /* prepared-reads test 2 */';
    await client.query(text, [ID1]);
    await client.query(text, [ID1]);
    await expect(client.query(text, ['not-a-uuid'])).rejects.toMatchObject({ code: '22P02' });
    expect((await client.query(text, [ID2])).rows).toEqual([{ name: 'دو' }]);
  });

  it('an error met while binding or executing, named or not, inside a transaction or not, leaves the session usable', async () => {
    const text = 'SELECT 10 / $1::int AS q FROM things WHERE id = $2 /* prepared-reads test 7 */';
    // Unnamed (first use), then named: a division by zero at execute, a bad uuid at bind.
    await expect(client.query(text, [0, ID1])).rejects.toMatchObject({ code: '22012' });
    await expect(client.query(text, [0, ID1])).rejects.toMatchObject({ code: '22012' });
    await expect(client.query(text, [2, 'not-a-uuid'])).rejects.toMatchObject({ code: '22P02' });
    expect((await client.query(text, [2, ID1])).rows).toEqual([{ q: 5 }]);
    expect(await named()).toContain(text);
    // In a transaction: the failed statement aborts it, the rollback ends it, and nothing it wrote stays.
    await expect(client.transaction(async (t) => {
      await t.query('UPDATE things SET n = 77 WHERE id = $1', [ID1]);
      await t.query('SELECT 10 / $1::int', [0]);
    })).rejects.toMatchObject({ code: '22012' });
    expect((await client.query<{ n: number }>('SELECT n FROM things WHERE id = $1', [ID1])).rows).toEqual([{ n: 5 }]);
  });

  it('runs a read unnamed again once a schema change made its prepared plan stale', async () => {
    const text = 'SELECT * FROM things WHERE id = $1 /* prepared-reads test 3 */';
    await client.query(text, [ID1]);
    await client.query(text, [ID1]);
    expect(await named()).toContain(text);
    await client.exec('ALTER TABLE things ADD COLUMN extra text DEFAULT \'x\'');
    const after = await client.query<{ extra: string }>(text, [ID1]);
    expect(after.rows).toEqual([expect.objectContaining({ id: ID1, extra: 'x' })]);
    expect(await named()).not.toContain(text);
    expect((await client.query<{ extra: string }>(text, [ID2])).rows[0].extra).toBe('x');
  });

  it('never names a write or a locking read', async () => {
    const update = 'UPDATE things SET n = $1 WHERE id = $2 /* prepared-reads test 4 */';
    const locking = 'SELECT n FROM things WHERE id = $1 FOR UPDATE /* prepared-reads test 4 */';
    for (let i = 0; i < 3; i++) {
      await client.query(update, [i, ID2]);
      await client.query(locking, [ID2]);
    }
    const statements = await named();
    expect(statements).not.toContain(update);
    expect(statements).not.toContain(locking);
    expect((await client.query<{ n: number }>('SELECT n FROM things WHERE id = $1', [ID2])).rows).toEqual([{ n: 2 }]);
  });

  it('a transaction in progress keeps a named read out until it ends (the same lock as every query)', async () => {
    const text = 'SELECT n FROM things WHERE id = $1 /* prepared-reads test 5 */';
    await client.query(text, [ID1]);
    await client.query(text, [ID1]);
    let inside!: () => void;
    const held = new Promise<void>((r) => { inside = r; });
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    // The transaction writes 99, waits, and rolls back: a read let in while it is open would see 99 (one session).
    const tx = client.transaction(async (t) => {
      await t.query('UPDATE things SET n = 99 WHERE id = $1', [ID1]);
      inside();
      await gate;
      await t.rollback();
    });
    await held;
    const read = client.query<{ n: number }>(text, [ID1]);
    await new Promise((r) => setImmediate(r));
    release();
    await tx;
    expect((await read).rows).toEqual([{ n: 5 }]);
  });
});
