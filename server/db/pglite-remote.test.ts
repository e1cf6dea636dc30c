/**
 * The embedded database in a worker thread (server/db/pglite-remote.ts) answers as the one on the main thread does:
 * the same values and types, named reads, errors with their fields, transactions that commit, roll back and hold other
 * statements back, statements sent together answered each with its own rows, notifications, a dump that loads, close.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './client.ts';

let remote: Database;
let local: Database;
const ID1 = '00000000-0000-4000-8000-000000000001';
const ID2 = '00000000-0000-4000-8000-000000000002';
const SETUP = `CREATE TABLE things (id uuid PRIMARY KEY, name text UNIQUE, tags text[], at timestamptz, n int, j jsonb);
  INSERT INTO things VALUES ('${ID1}', 'یک', '{a,b}', '2026-03-01T10:00:00Z', 5, '{"k":[1,"دو"]}'), ('${ID2}', 'دو', '{c,NULL}', NULL, NULL, NULL);`;

beforeAll(async () => {
  remote = await openDatabase({ memory: true, worker: true });
  local = await openDatabase({ memory: true });
  for (const d of [remote, local]) await d.exec(SETUP);
});
afterAll(async () => {
  await remote?.close();
  await local?.close();
});

const client = (d: Database) => (d.db as unknown as { $client: { query: (t: string, p?: unknown[], o?: object) => Promise<{ rows: unknown[]; fields: { name: string }[]; affectedRows?: number }>; transaction: <T>(fn: (tx: { query: (t: string, p?: unknown[]) => Promise<{ rows: unknown[] }>; rollback: () => Promise<void> }) => Promise<T>) => Promise<T> } }).$client;

describe('the embedded database in a worker thread', () => {
  it('answers a read with the same values and types as the main-thread database, in both row modes and with own parsers', async () => {
    const text = `SELECT id, name, tags, at, n, j, 9007199254740993::bigint AS big, 12.50::numeric AS money, '2026-03-01'::date AS d,
      '{1,2,3}'::int[] AS ints, true AS yes FROM things WHERE id = ANY($1::uuid[]) ORDER BY n NULLS LAST /* remote test 1 */`;
    for (const options of [undefined, { rowMode: 'array' }, { parsers: { 23: (v: string) => `int:${v}` } }]) {
      const [a, b] = [await client(remote).query(text, [[ID1, ID2]], options), await client(local).query(text, [[ID1, ID2]], options)];
      expect(a.rows).toEqual(b.rows);
      expect(a.fields.map((f) => f.name)).toEqual(b.fields.map((f) => f.name));
    }
    const [first] = (await client(remote).query(text, [[ID1]])).rows as Record<string, unknown>[];
    expect(first).toEqual({ id: ID1, name: 'یک', tags: ['a', 'b'], at: new Date('2026-03-01T10:00:00Z'), n: 5, j: { k: [1, 'دو'] },
      big: 9007199254740993n, money: '12.50', d: new Date('2026-03-01T00:00:00Z'), ints: [1, 2, 3], yes: true });
    // A NULL inside an array is null, as on the main thread (server/db/pg-array.ts).
    expect((await client(remote).query('SELECT tags FROM things WHERE id = $1', [ID2])).rows).toEqual([{ tags: ['c', null] }]);
    // Read twice: prepared in the worker.
    const named = await remote.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements');
    expect(named.map((r) => r.statement)).toContain(text);
  });

  it('fails with the database error and its fields, and the next statement works', async () => {
    const dup = client(remote).query('INSERT INTO things (id, name) VALUES ($1, $2)', ['00000000-0000-4000-8000-000000000009', 'یک']);
    await expect(dup).rejects.toMatchObject({ name: 'error', code: '23505', constraint: 'things_name_key', table: 'things' });
    await expect(client(remote).query('SELECT 1 FROM things WHERE id = $1', ['not-a-uuid'])).rejects.toMatchObject({ code: '22P02' });
    await expect(client(remote).query('SELECT 10 / $1::int', [0])).rejects.toThrow(/division by zero/);
    expect((await client(remote).query('SELECT count(*)::int AS n FROM things')).rows).toEqual([{ n: 2 }]);
  });

  it('sends statements together and gives each its own answer, in order', async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => client(remote).query('SELECT $1::int * 2 AS x, $2::text AS s', [i, `#${i}`])));
    expect(answers.map((a) => a.rows[0])).toEqual(Array.from({ length: 200 }, (_, i) => ({ x: i * 2, s: `#${i}` })));
  });

  it('commits a transaction, rolls back a throwing one, and keeps other statements out while one is open', async () => {
    await client(remote).transaction(async (tx) => { await tx.query('UPDATE things SET n = 6 WHERE id = $1', [ID1]); });
    await expect(client(remote).transaction(async (tx) => {
      await tx.query('UPDATE things SET n = 99 WHERE id = $1', [ID1]);
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect((await client(remote).query('SELECT n FROM things WHERE id = $1', [ID1])).rows).toEqual([{ n: 6 }]);
    // A read sent while a transaction is open waits for its end: it never sees the 77 that is rolled back.
    let inside!: () => void;
    const held = new Promise<void>((r) => { inside = r; });
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const tx = client(remote).transaction(async (t) => {
      await t.query('UPDATE things SET n = 77 WHERE id = $1', [ID1]);
      inside();
      await gate;
      await t.rollback();
    });
    await held;
    const read = client(remote).query('SELECT n FROM things WHERE id = $1', [ID1]);
    await new Promise((r) => setImmediate(r));
    release();
    await tx;
    expect((await read).rows).toEqual([{ n: 6 }]);
  });

  it('runs drizzle, several statements at once, and notifications', async () => {
    const heard: string[] = [];
    const unlisten = await remote.listen('remote_test', (payload) => heard.push(payload));
    await remote.query("SELECT pg_notify('remote_test', 'سلام')");
    await expect.poll(() => heard).toEqual(['سلام']);
    await unlisten();
    const results = await remote.exec("CREATE TABLE extra (x int); INSERT INTO extra VALUES (1), (2); SELECT sum(x)::int AS s FROM extra");
    expect(results.at(-1)!.rows).toEqual([{ s: 3 }]);
  });

  it('dumps its data into a file that a new database loads', async () => {
    const dump = await remote.dumpDataDir!('none');
    expect(dump.size).toBeGreaterThan(1_000_000);
    const copy = await openDatabase({ memory: true, loadDataDir: dump, worker: true });
    try {
      expect(await copy.query('SELECT name, n FROM things ORDER BY name')).toEqual([{ name: 'دو', n: null }, { name: 'یک', n: 6 }]);
    } finally {
      await copy.close();
    }
  });

  it('does not start without its prepared reads (the debugging switch MEHVAR_PGLITE_PREPARE=off), and says which switch', async () => {
    process.env.MEHVAR_PGLITE_PREPARE = 'off';
    try {
      await expect(openDatabase({ memory: true, worker: true })).rejects.toThrow(/MEHVAR_PGLITE_WORKER=off/);
    } finally {
      delete process.env.MEHVAR_PGLITE_PREPARE;
    }
  });

  it('refuses statements once closed, with a clear error', async () => {
    const d = await openDatabase({ memory: true, worker: true });
    await d.close();
    await expect(d.query('SELECT 1')).rejects.toThrow('PGlite is closed');
  });
});

describe('a process holding the embedded database in a worker thread', () => {
  it('exits once its work is done, even without closing the database (the worker holds it only while a statement runs)', async () => {
    const { spawnSync } = await import('node:child_process');
    const script = `import { openDatabase } from './server/db/client.ts';
      const d = await openDatabase({ memory: true, worker: true });
      console.log(JSON.stringify(await d.query('SELECT 40 + 2 AS n')));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd(), encoding: 'utf8', timeout: 60_000 });
    expect(r.signal).toBeNull(); // not killed at the timeout: it exited by itself
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('[{"n":42}]');
  });
});
