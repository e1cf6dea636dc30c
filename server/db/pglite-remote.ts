/**
 * The embedded database in a worker thread. In one thread, PostgreSQL's work (WebAssembly, ≈ half of an embedded
 * request's CPU) and the requests' JavaScript (routing, query building, JSON) take turns on one core; here they run side
 * by side on two (docs/benchmarks.md, "Stop 36"; docs/decisions.md, "The embedded database in a worker thread").
 *
 * A PGlite-shaped client for drizzle, server/db/batch.ts and client.ts: `query`, `transaction`, `exec`, `listen`,
 * `dumpDataDir`, `close`, `parsers` (the worker serializes the parameters with its own client's serializers). Each
 * statement goes whole to the worker (server/db/pglite-host.ts), which runs it through the prepared-read session of
 * server/db/pglite-prepared.ts and answers with each value's text; here it is parsed with the query's own parsers,
 * then the database's, as PGlite's own client would. Outside a
 * transaction statements are sent without waiting for each other's answers (the worker runs them in the order sent);
 * an open transaction holds every other statement back until it ends, as PGlite's transaction lock does.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';
import { Mutex, messages as pgMessages, types, type PGlite, type QueryOptions, type Results, type Transaction } from '@electric-sql/pglite';
import { query as templated } from '@electric-sql/pglite/template';
import { columnParser } from './pglite-prepared.ts';
import type { HostError, HostRequest, RawResult } from './pglite-host.ts';

type Parser = (value: string, typeId?: number) => unknown;
type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void };

/** The error the worker sent, as the caller would have met it: a DatabaseError with its fields (code, detail …). */
function revive(e: HostError): Error {
  const { isDatabaseError, message, name, ...fields } = e;
  if (isDatabaseError) return Object.assign(new pgMessages.DatabaseError(message, Number(fields.length ?? 0), 'error'), fields);
  return Object.assign(new Error(message), { name: name ?? 'Error' });
}

/** The built host next to the bundle (dist/server), else its TypeScript source through tsx (development, tests). */
function startHost(workerData: unknown): Worker {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const built = path.join(here, 'pglite-host.mjs');
  if (fs.existsSync(built)) return new Worker(built, { workerData });
  const source = pathToFileURL(path.join(here, 'pglite-host.ts')).href;
  return new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(source)}); })`, { eval: true, workerData });
}

export async function remotePglite(opts: { dataDir?: string; loadDataDir?: Blob; wasmModule?: WebAssembly.Module }): Promise<PGlite> {
  const worker = startHost(opts);
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: string) => void>>();
  let next = 1;
  let gone: Error | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once('message', (m: { ready: boolean; error?: HostError }) => (m.ready ? resolve() : reject(revive(m.error!))));
      worker.once('error', reject);
    });
  } catch (err) {
    await worker.terminate();
    throw err;
  }
  worker.unref();
  worker.on('message', (m: { id?: number; result?: unknown; error?: HostError; notify?: string; payload?: string }) => {
    if (m.notify !== undefined) {
      listeners.get(m.notify)?.forEach((fn) => queueMicrotask(() => fn(m.payload ?? '')));
      return;
    }
    const call = pending.get(m.id!);
    if (!call) return;
    pending.delete(m.id!);
    if (!pending.size) worker.unref();
    if (m.error) call.reject(revive(m.error));
    else call.resolve(m.result);
  });
  // The worker stopped (closed, or crashed): every statement still waiting fails, and so does every later one.
  const stop = (why: Error) => {
    gone ??= why;
    for (const call of pending.values()) call.reject(gone);
    pending.clear();
  };
  worker.on('error', (err) => stop(new Error(`the embedded database stopped: ${err.message}`)));
  worker.on('exit', () => stop(new Error('PGlite is closed')));

  const call = <T>(op: HostRequest['op'], ...args: unknown[]) => new Promise<T>((resolve, reject) => {
    if (gone) { reject(gone); return; }
    const id = next++;
    // The worker keeps the process alive only while a statement is in flight (as the database on the main thread
    // would): a command that ends, or fails, without closing the database still exits.
    if (!pending.size) worker.ref();
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    worker.postMessage({ id, op, args } satisfies HostRequest);
  });
  const txLock = new Mutex();
  /** Sent now, or when the open transaction ends; the answer is awaited outside the lock. */
  const whenFree = <T>(send: () => Promise<T>): Promise<T> => {
    let answer!: Promise<T>;
    return txLock.runExclusive(async () => { answer = send(); answer.catch(() => {}); }).then(() => answer);
  };

  const parsers: Record<number, Parser> = { ...types.parsers };
  const parsed = <T>(r: RawResult, options?: QueryOptions): Results<T> => {
    const columns = r.fields.map((f) => columnParser(f.dataTypeID, parsers, options));
    const rows = r.rows.map((texts) => {
      const values = texts.map((v, i) => (v === null || !columns[i] ? v : columns[i]!(v, r.fields[i].dataTypeID)));
      if (options?.rowMode === 'array') return values;
      const row: Record<string, unknown> = {};
      for (let i = 0; i < values.length; i++) row[r.fields[i].name] = values[i];
      return row;
    });
    return { rows: rows as T[], fields: r.fields, affectedRows: r.affectedRows };
  };

  const client = {
    parsers,
    get closed() { return !!gone; },
    async query<T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
      return parsed<T>(await whenFree(() => call<RawResult>('outside', text, params, options?.paramTypes)), options);
    },
    exec: (text: string) => whenFree(() => call<Results[]>('exec', text)),
    async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
      return txLock.runExclusive(async () => {
        await call('simple', 'BEGIN');
        let closed = false;
        const open = () => { if (closed) throw new Error('Transaction is closed'); };
        const tx = {
          query: async <R>(text: string, params: unknown[] = [], options?: QueryOptions) => { open(); return parsed<R>(await call<RawResult>('run', text, params), options); },
          sql: async <R>(strings: TemplateStringsArray, ...values: unknown[]) => {
            open();
            const { query, params } = templated(strings, ...values);
            return parsed<R>(await call<RawResult>('run', query, params));
          },
          exec: async (text: string, options?: QueryOptions) => { open(); return (await call<RawResult[]>('simple', text)).map((r) => parsed(r, options)); },
          rollback: async () => { open(); await call('simple', 'ROLLBACK'); closed = true; },
          listen: async () => { throw new Error('LISTEN inside a transaction is not supported on the embedded database'); },
          get closed() { return closed; },
        };
        try {
          const result = await callback(tx as unknown as Transaction);
          if (!closed) { closed = true; await call('simple', 'COMMIT', true); }
          return result;
        } catch (err) {
          if (!closed) { closed = true; await call('simple', 'ROLLBACK'); }
          throw err;
        }
      });
    },
    async listen(channel: string, fn: (payload: string) => void) {
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
        await whenFree(() => call('listen', channel));
      }
      set.add(fn);
      return async () => { set!.delete(fn); };
    },
    dumpDataDir: (compression?: 'gzip' | 'none' | 'auto') => whenFree(() => call<File | Blob>('dump', compression)),
    async close() {
      if (gone) return;
      await whenFree(() => call('close'));
      await worker.terminate();
    },
  };
  // The database's array types, as PGlite's own client learns them at start.
  const arrays = await client.query<{ oid: number; typarray: number }>(`SELECT b.oid, b.typarray FROM pg_catalog.pg_type a
    LEFT JOIN pg_catalog.pg_type b ON b.oid = a.typelem WHERE a.typcategory = 'A' GROUP BY b.oid, b.typarray ORDER BY b.oid`);
  for (const { oid, typarray } of arrays.rows) parsers[typarray] = (v) => types.arrayParser(v, parsers[oid], typarray);
  return client as unknown as PGlite;
}
