/**
 * Prepared reads on the embedded database. PGlite sends every query as an unnamed statement, so PostgreSQL parses and
 * plans it on every call: the 360° view's merged read (its sections as one statement, server/db/batch.ts) took ≈ 15 ms
 * to plan and ≈ 4 ms to run. A read repeated by the app (the same text from its second use on, as on the PostgreSQL
 * pool: server/db/prepared.ts) is parsed once as a named statement and then only bound and executed, so PostgreSQL may
 * keep a generic plan for it.
 *
 * Built on PGlite's public wire-protocol calls (`execProtocol`, `protocol.serialize`, `parse.parseResults`) in the same
 * order as its own `query` (parse, describe, bind, describe, execute, sync), under the same two locks. Only plain reads
 * are named (`SELECT`/`WITH` without a write or a row lock, no COPY blob): they never need the data folder synced.
 * A statement PostgreSQL refuses to prepare, or whose cached plan went stale (the schema changed under it), is forgotten
 * and runs unnamed, as before.
 */
import { PGlite, parse as pgParse, protocol, type QueryOptions, type Results } from '@electric-sql/pglite';
import { statementNamer, UNPREPARED } from './prepared.ts';

const READ = /^\s*(select|with)\b/i;
const WRITE = /\b(insert|update|delete|merge|for\s+(update|share|no\s+key\s+update|key\s+share))\b/i;

type Internals = {
  _checkReady(): Promise<void>;
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
};

/** Makes `client.query` prepare the app's repeated reads; returns the client. `MEHVAR_PGLITE_PREPARE=off` leaves it as is. */
export function prepareRepeatedReads(client: PGlite): PGlite {
  if (process.env.MEHVAR_PGLITE_PREPARE === 'off') return client;
  const plain = client.query.bind(client);
  const internals = client as unknown as Internals;
  // Per database: the named statements it holds (with their parameter types), and texts never to name again.
  const prepared = new Map<string, number[]>();
  const refused = new Set<string>();
  const statementName = statementNamer();

  async function runNamed<T>(name: string, text: string, params: unknown[], options?: QueryOptions): Promise<Results<T>> {
    const messages: Parameters<typeof pgParse.parseResults>[0] = [];
    const exec = async (m: Uint8Array) => (await client.execProtocol(m, { syncToFs: false })).messages;
    try {
      let types = prepared.get(name);
      if (!types) {
        messages.push(...await exec(protocol.serialize.parse({ name, text, types: options?.paramTypes })));
        types = pgParse.parseDescribeStatementResults(await exec(protocol.serialize.describe({ type: 'S', name })));
        prepared.set(name, types);
      }
      const values = params.map((v, i) => {
        if (v === null || v === undefined) return null;
        const serialize = options?.serializers?.[types![i]] ?? client.serializers[types![i]];
        return serialize ? serialize(v) : String(v);
      });
      messages.push(...await exec(protocol.serialize.bind({ statement: name, values })));
      messages.push(...await exec(protocol.serialize.describe({ type: 'P' })));
      messages.push(...await exec(protocol.serialize.execute({})));
    } finally {
      messages.push(...await exec(protocol.serialize.sync()));
    }
    return pgParse.parseResults(messages, client.parsers, options)[0] as Results<T>;
  }

  client.query = async function query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    const name = params?.length && !options?.blob && !refused.has(text) && READ.test(text) && !WRITE.test(text) && !text.startsWith(UNPREPARED)
      ? statementName(text) : undefined;
    if (!name) return plain<T>(text, params, options);
    await internals._checkReady();
    try {
      return await internals._runExclusiveTransaction(() => client.runExclusive(() => runNamed<T>(name, text, params!, options)));
    } catch (err) {
      // A prepared statement's own error (bad input, a constraint) is the query's answer. Anything else — refused at
      // parse, or 0A000 "cached plan must not change result type" — and the text runs unnamed from now on.
      if (prepared.has(name) && (err as { code?: string }).code !== '0A000') throw err;
      prepared.delete(name);
      refused.add(text);
      await plain(`DEALLOCATE ${name}`).catch(() => {});
      return plain<T>(text, params, options);
    }
  } as PGlite['query'];
  return client;
}
