/**
 * The embedded database's worker thread (see server/db/pglite-remote.ts): it owns the PGlite instance, runs each
 * statement the main thread sends whole through the prepared-read session of server/db/pglite-prepared.ts, in the order
 * they arrive, and answers with the raw text of each value (the main thread parses them with the query's parsers).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, messages as pgMessages, type QueryOptions, type Results } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { prepareRepeatedReads, preparedSession, type PreparedSession } from './pglite-prepared.ts';

export type HostRequest = { id: number; op: 'outside' | 'run' | 'simple' | 'exec' | 'listen' | 'dump' | 'close'; args: unknown[] };
export type RawResult = { rows: (string | null)[][]; fields: { name: string; dataTypeID: number }[]; affectedRows: number };
export type HostError = Record<string, unknown> & { message: string; isDatabaseError: boolean };

/** Every column's value as its text: a parser for any type id that returns the text. */
const RAW = new Proxy({}, { get: () => (v: string) => v }) as NonNullable<QueryOptions['parsers']>;
const AS_TEXT: QueryOptions = { rowMode: 'array', parsers: RAW };

/** An error as plain data (a database error's fields kept: code, detail, constraint …), without what cannot be sent. */
export function plainError(e: unknown): HostError {
  const { queryOptions: _q, ...fields } = (e && typeof e === 'object' ? e : {}) as Record<string, unknown>;
  return { ...fields, message: e instanceof Error ? e.message : String(e), name: (e as Error)?.name, isDatabaseError: e instanceof pgMessages.DatabaseError };
}

const lean = (r: Results): RawResult => ({
  rows: r.rows as (string | null)[][], fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })), affectedRows: r.affectedRows ?? 0,
});

async function main() {
  const port = parentPort!;
  let db: PGlite;
  let session: PreparedSession;
  try {
    db = prepareRepeatedReads(await PGlite.create({ dataDir: workerData.dataDir, loadDataDir: workerData.loadDataDir, extensions: { pg_trgm }, wasmModule: workerData.wasmModule }));
    const prepared = preparedSession(db);
    if (!prepared) throw new Error('the embedded database in a worker thread needs its prepared reads: unset MEHVAR_PGLITE_PREPARE=off, or set MEHVAR_PGLITE_WORKER=off');
    session = prepared;
    port.postMessage({ ready: true });
  } catch (e) {
    port.postMessage({ ready: false, error: plainError(e) });
    return;
  }
  const listening = new Set<string>();
  port.on('message', async ({ id, op, args }: HostRequest) => {
    try {
      let result: unknown;
      if (op === 'outside') result = lean(await db.runExclusive(() => session.outside(args[0] as string, args[1] as unknown[], { ...AS_TEXT, paramTypes: args[2] as number[] | undefined })));
      else if (op === 'run') result = lean(await db.runExclusive(() => session.run('', args[0] as string, args[1] as unknown[], AS_TEXT)));
      else if (op === 'simple') {
        result = (await db.runExclusive(() => session.simple(args[0] as string, AS_TEXT))).map(lean);
        if (args[1]) await db.syncToFs();
      } else if (op === 'exec') result = await db.exec(args[0] as string);
      else if (op === 'listen') {
        const channel = args[0] as string;
        if (!listening.has(channel)) {
          listening.add(channel);
          await db.listen(channel, (payload) => port.postMessage({ notify: channel, payload }));
        }
      } else if (op === 'dump') result = await db.dumpDataDir(args[0] as 'gzip' | 'none' | undefined);
      else if (op === 'close') result = await db.close();
      port.postMessage({ id, result });
    } catch (e) {
      port.postMessage({ id, error: plainError(e) });
    }
  });
}

if (parentPort) await main();
