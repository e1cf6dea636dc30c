/**
 * Prepared reads on the embedded database (server/db/pglite-prepared.ts): a repeated read becomes a named statement
 * with the same answer; a prepared statement's own error is still the query's error; a statement whose plan went stale
 * after a schema change runs unnamed again; writes are never named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { prepareRepeatedReads } from './pglite-prepared.ts';

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

  it("still fails with a prepared statement's own error, and the next call works", async () => {
    const text = 'SELECT name FROM things WHERE id = $1 /* prepared-reads test 2 */';
    await client.query(text, [ID1]);
    await client.query(text, [ID1]);
    await expect(client.query(text, ['not-a-uuid'])).rejects.toMatchObject({ code: '22P02' });
    expect((await client.query(text, [ID2])).rows).toEqual([{ name: 'دو' }]);
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
