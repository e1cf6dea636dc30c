/**
 * One transaction per write request, and work that must wait until it commits (job scheduling, which on PGlite
 * cannot run inside the transaction because the embedded database serves one transaction at a time).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database, Db } from './client.ts';

type Store = { after: (() => Promise<void> | void)[] };
const als = new AsyncLocalStorage<Store>();

/** Runs `fn` once the surrounding transaction commits; outside a transaction, at once. Never runs after a rollback. */
export function afterCommit(fn: () => Promise<void> | void): void {
  const store = als.getStore();
  if (store) store.after.push(fn);
  else void Promise.resolve().then(fn).catch((err) => console.error('after-commit task failed', err));
}

export async function withTx<T>(database: Database, fn: (tx: Db) => Promise<T>): Promise<T> {
  const store: Store = { after: [] };
  const result = await als.run(store, () => database.db.transaction((tx) => fn(tx as unknown as Db)));
  for (const cb of store.after) {
    try { await cb(); } catch (err) { console.error('after-commit task failed', err); }
  }
  return result;
}
