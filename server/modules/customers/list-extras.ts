/**
 * What other modules add to each row of the customers list (the next task or promise…): registered by them, loaded
 * for a whole page at once (one statement per extra, however many rows).
 */
import type { Db } from '../../db/client.ts';
import type { Actor } from '../auth/index.ts';

export type NextTask = { id: string; title: string; dueAt: string | null; isPromise: boolean };
type Extras = { nextTask: NextTask | null };

export interface CustomerListExtra<K extends keyof Extras = keyof Extras> {
  key: K;
  /** Values per customer id among `ids` (all visible to the actor); a missing id gets null. */
  load(db: Db, actor: Actor, ids: string[], now: Date): Promise<Map<string, NonNullable<Extras[K]>>>;
}

const extras = new Map<string, CustomerListExtra>();

/** Idempotent: registering the same key again replaces it. */
export function registerCustomerListExtra(extra: CustomerListExtra): void {
  extras.set(extra.key, extra);
}

/** Adds every registered extra (null where none) to the page's items. */
export async function withListExtras<T extends { id: string }>(db: Db, actor: Actor, items: T[], now: Date): Promise<(T & Extras)[]> {
  const ids = items.map((i) => i.id);
  const loaded = ids.length ? await Promise.all([...extras.values()].map(async (e) => [e.key, await e.load(db, actor, ids, now)] as const)) : [];
  return items.map((i) => {
    const out: Record<string, unknown> = { ...i, nextTask: null };
    for (const [key, values] of loaded) out[key] = values.get(i.id) ?? null;
    return out as T & Extras;
  });
}
