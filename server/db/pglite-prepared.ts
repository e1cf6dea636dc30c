/**
 * Queries on the embedded database, sent by this module through PGlite's public wire-protocol calls
 * (`execProtocolStream`, `protocol.serialize`) in the same order as PGlite's own `query` (parse, describe, bind,
 * describe, execute, sync) and under the same two locks, for two reasons:
 *
 * - **Prepared reads.** PGlite sends every query as an unnamed statement, so PostgreSQL parses and plans it on every
 *   call: the 360° view's merged read (its sections as one statement, server/db/batch.ts) took ≈ 15 ms to plan and
 *   ≈ 4 ms to run. A read repeated by the app (the same text from its second use on, as on the PostgreSQL pool:
 *   server/db/prepared.ts) is parsed once as a named statement and then only bound and executed, so PostgreSQL may keep
 *   a generic plan for it. Only plain reads are named (`SELECT`/`WITH` without a write or a row lock, no COPY blob).
 *   A statement PostgreSQL refuses to prepare, or whose cached plan went stale (the schema changed under it), is
 *   forgotten and runs unnamed, as before.
 * - **Parsing the answer.** PGlite's `parse.parseResults` copies the client's type parsers on every call
 *   (`{ ...client.parsers }`). Their keys are type OIDs, up to the array types of the app's tables (≈ 19,000 on the demo
 *   business), so each copy is a ≈ 150 KB array: 115 µs and 155 KB for a one-value count (parseResult below: 0.3 µs,
 *   0.6 KB). Every query paid it, twice more per transaction (BEGIN, COMMIT). Here answers are parsed without the copy,
 *   and transactions are run by this module too.
 *
 * Arrays of built-in types are read by server/db/pg-array.ts, where NULL elements are null as on node-postgres.
 *
 * COPY through /dev/blob and `exec` outside a transaction (migrations, VACUUM) keep PGlite's own path; inside a
 * transaction a /dev/blob COPY is refused with a clear error (PGlite's path would wait for the transaction's lock).
 */
import { PGlite, messages as pgMessages, parse as pgParse, protocol, types, type QueryOptions, type Results, type Transaction } from '@electric-sql/pglite';
import { query as templated } from '@electric-sql/pglite/template';
import { statementNamer, UNPREPARED } from './prepared.ts';
import { ARRAY_ELEMENT, parsePgArray } from './pg-array.ts';

const READ = /^\s*(select|with)\b/i;
const WRITE = /\b(insert|update|delete|merge|for\s+(update|share|no\s+key\s+update|key\s+share))\b/i;

type Internals = {
  _checkReady(): Promise<void>;
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
};
type Message = Parameters<typeof pgParse.parseResults>[0][number];
type Parsers = Parameters<typeof pgParse.parseResults>[1];
type Field = { name: string; dataTypeID: number };
type Parser = (value: string, typeId: number) => unknown;

/**
 * Every statement's answer from its protocol messages: what PGlite's `parse.parseResults` gives (a query's own parsers
 * first — drizzle passes some for dates — then the client's, then PGlite's defaults; affected rows add up across the
 * statements), without its copy of the parsers, and with each column's parser found once, not once per value.
 */
export function parseResults(messages: Message[], parsers: Parsers, options?: QueryOptions): Results[] {
  const out: Results[] = [];
  let fields: Field[] = [];
  let columns: (Parser | undefined)[] = [];
  let rows: unknown[] = [];
  let affected = 0;
  const value = (v: string | null, i: number) => {
    if (v === null) return null;
    const parse = columns[i];
    return parse ? parse(v, fields[i].dataTypeID) : v;
  };
  for (const m of messages) {
    if (m.name === 'rowDescription') {
      fields = (m as unknown as { fields: Field[] }).fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
      columns = fields.map((f) => columnParser(f.dataTypeID, parsers, options));
    } else if (m.name === 'dataRow') {
      const values = (m as unknown as { fields: (string | null)[] }).fields;
      if (options?.rowMode === 'array') {
        rows.push(values.map(value));
      } else {
        const row: Record<string, unknown> = {};
        for (let i = 0; i < values.length; i++) row[fields[i].name] = value(values[i], i);
        rows.push(row);
      }
    } else if (m.name === 'commandComplete') {
      affected += affectedRowsOf((m as unknown as { text: string }).text);
      out.push({ rows: rows as Results['rows'], fields, affectedRows: affected });
      fields = [];
      columns = [];
      rows = [];
    }
  }
  return out.length ? out : [{ rows: [], fields: [], affectedRows: 0 }];
}

/**
 * A column's parser, as PGlite chooses it: the query's own for the type (drizzle passes some for dates), a built-in
 * array's (below), the client's, then PGlite's defaults. Undefined: the text stays as it is.
 */
export function columnParser(typeId: number, parsers: Parsers, options?: QueryOptions): Parser | undefined {
  return options?.parsers?.[typeId] ?? arrayParser(typeId, parsers, options) ?? parsers[typeId] ?? types.parsers[typeId];
}

/** A built-in array type's parser, its elements read by the element type's parser (PGlite's array parser reads NULL as "NULL"). */
function arrayParser(typeId: number, parsers: Parsers, options?: QueryOptions): Parser | undefined {
  const elementType = ARRAY_ELEMENT.get(typeId);
  if (elementType === undefined) return undefined;
  const element = options?.parsers?.[elementType] ?? parsers[elementType] ?? types.parsers[elementType];
  return (v) => parsePgArray(v, element, elementType);
}

const DESCRIBE_PORTAL = protocol.serialize.describe({ type: 'P' });
const EXECUTE = protocol.serialize.execute({});
const SYNC = protocol.serialize.sync();

/** Protocol messages as one buffer. */
function joined(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** The first statement's answer (a query sends one). */
export function parseResult<T>(messages: Message[], parsers: Parsers, options?: QueryOptions): Results<T> {
  return parseResults(messages, parsers, options)[0] as Results<T>;
}

/** Rows a command tag reports ("INSERT 0 3", "UPDATE 2" …; 0 for a SELECT), as PGlite counts them. */
function affectedRowsOf(tag: string): number {
  const [command, a, b] = tag.split(' ');
  if (command === 'INSERT') return parseInt(b, 10);
  return ['UPDATE', 'DELETE', 'COPY', 'MERGE'].includes(command) ? parseInt(a, 10) : 0;
}

/** COPY through PGlite's /dev/blob (a file in, `options.blob`, or out, `result.blob`): PGlite's own query handles those. */
const usesBlob = (text: string, options?: QueryOptions) => !!options?.blob || text.includes('/dev/blob');

/** The query, its parameters and options on a database error, as PGlite's own query adds them. */
function withQuery(err: unknown, query: string, params: unknown[] | undefined, options?: QueryOptions): unknown {
  if (err instanceof pgMessages.DatabaseError) Object.assign(err, { query, params, queryOptions: options });
  return err;
}

/**
 * The statement calls of a client made by prepareRepeatedReads, each to be run under the client's query lock: a read
 * outside a transaction (named from its second use), one unnamed statement, simple-protocol statements. The worker
 * thread of server/db/pglite-host.ts runs what the main thread sends through these.
 */
export interface PreparedSession {
  outside<T>(text: string, params: unknown[], options?: QueryOptions): Promise<Results<T>>;
  run<T>(name: '', text: string, params: unknown[], options?: QueryOptions): Promise<Results<T>>;
  simple(text: string, options?: QueryOptions): Promise<Results[]>;
}
const sessions = new WeakMap<PGlite, PreparedSession>();
export const preparedSession = (client: PGlite): PreparedSession | undefined => sessions.get(client);

/** Makes `client.query` and `client.transaction` run as described above; returns the client. `MEHVAR_PGLITE_PREPARE=off` leaves it as is. */
export function prepareRepeatedReads(client: PGlite): PGlite {
  if (process.env.MEHVAR_PGLITE_PREPARE === 'off') return client;
  const plain = client.query.bind(client);
  const internals = client as unknown as Internals;
  // Per database: the named statements it holds (with their parameter types), and texts never to name again.
  const prepared = new Map<string, number[]>();
  const refused = new Set<string>();
  const statementName = statementNamer();
  const send = (m: Uint8Array) => client.execProtocolStream(m, { syncToFs: false });

  /** One statement, as PGlite's query sends it; `name` '' is the unnamed statement, else a prepared one (prepared on first use). */
  async function run<T>(name: string, text: string, params: unknown[], options?: QueryOptions): Promise<Results<T>> {
    const messages: Message[] = [];
    let synced = false;
    try {
      let paramTypes = name ? prepared.get(name) : undefined;
      if (!paramTypes) {
        messages.push(...await send(protocol.serialize.parse({ name, text, types: options?.paramTypes })));
        paramTypes = pgParse.parseDescribeStatementResults(await send(protocol.serialize.describe({ type: 'S', name })));
        if (name) prepared.set(name, paramTypes);
      }
      const types = paramTypes;
      const values = params.map((v, i) => {
        if (v === null || v === undefined) return null;
        const serialize = options?.serializers?.[types[i]] ?? client.serializers[types[i]];
        return serialize ? serialize(v) : String(v);
      });
      // Bind, describe, execute and sync in one call into PostgreSQL: each call costs a crossing into WebAssembly and
      // PGlite's per-call set-up; after an error PostgreSQL skips to the sync, as it does for messages sent one by one.
      synced = true;
      messages.push(...await send(joined(protocol.serialize.bind({ statement: name, values }), DESCRIBE_PORTAL, EXECUTE, SYNC)));
    } catch (err) {
      throw withQuery(err, text, params, options);
    } finally {
      if (!synced) messages.push(...await send(SYNC));
    }
    return parseResult<T>(messages, client.parsers, options);
  }

  /** Statements as one simple query (BEGIN, COMMIT, a transaction's `exec`), as PGlite's exec sends them. */
  async function simple(text: string, options?: QueryOptions): Promise<Results[]> {
    const messages: Message[] = [];
    try {
      messages.push(...await send(protocol.serialize.query(text)));
    } catch (err) {
      throw withQuery(err, text, undefined, options);
    } finally {
      messages.push(...await send(protocol.serialize.sync()));
    }
    return parseResults(messages, client.parsers, options);
  }

  /** A statement outside a transaction: named if it is a repeated plain read; the data folder synced after a write. */
  async function outside<T>(text: string, params: unknown[], options?: QueryOptions): Promise<Results<T>> {
    const name = params.length && !refused.has(text) && READ.test(text) && !WRITE.test(text) && !text.startsWith(UNPREPARED)
      ? statementName(text) : '';
    if (!name) {
      const result = await run<T>('', text, params, options);
      await client.syncToFs();
      return result;
    }
    try {
      return await run<T>(name, text, params, options);
    } catch (err) {
      // A prepared statement's own error (bad input, a constraint) is the query's answer. Anything else — refused at
      // parse, or 0A000 "cached plan must not change result type" — and the text runs unnamed from now on.
      if (prepared.has(name) && (err as { code?: string }).code !== '0A000') throw err;
      prepared.delete(name);
      refused.add(text);
      await simple(`DEALLOCATE ${name}`).catch(() => {});
      return run<T>('', text, params, options);
    }
  }

  client.query = async function query<T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    if (usesBlob(text, options)) return plain<T>(text, params, options);
    await internals._checkReady();
    return internals._runExclusiveTransaction(() => client.runExclusive(() => outside<T>(text, params, options)));
  } as PGlite['query'];

  // As PGlite's transaction: BEGIN, the callback with a transaction handle, COMMIT (or ROLLBACK if it threw), no
  // other query in between (the transaction lock), one statement at a time (the query lock).
  client.transaction = async function transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    await internals._checkReady();
    return internals._runExclusiveTransaction(async () => {
      await client.runExclusive(() => simple('BEGIN'));
      let closed = false;
      const open = () => { if (closed) throw new Error('Transaction is closed'); };
      const tx: Transaction = {
        query: async <R>(text: string, params: unknown[] = [], options?: QueryOptions) => {
          open();
          // PGlite's blob handling is private to its own query, which would wait for this transaction's lock forever.
          if (usesBlob(text, options)) throw new Error('COPY to or from /dev/blob runs outside a transaction');
          return client.runExclusive(() => run<R>('', text, params, options));
        },
        sql: async <R>(strings: TemplateStringsArray, ...values: unknown[]) => {
          open();
          const { query, params } = templated(strings, ...values);
          return client.runExclusive(() => run<R>('', query, params));
        },
        exec: async (text: string, options?: QueryOptions) => { open(); return client.runExclusive(() => simple(text, options)); },
        rollback: async () => { open(); await client.runExclusive(() => simple('ROLLBACK')); closed = true; },
        listen: async (channel: string, fn: (payload: string) => void) => { open(); return client.listen(channel, fn, tx); },
        get closed() { return closed; },
      };
      try {
        const result = await callback(tx);
        if (!closed) { closed = true; await client.runExclusive(() => simple('COMMIT')); }
        await client.syncToFs();
        return result;
      } catch (err) {
        if (!closed) { closed = true; await client.runExclusive(() => simple('ROLLBACK')); }
        throw err;
      }
    });
  } as PGlite['transaction'];
  sessions.set(client, { run, simple, outside });
  return client;
}
