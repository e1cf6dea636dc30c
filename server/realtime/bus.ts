/**
 * Realtime events: Postgres NOTIFY on one channel carries {userIds, event, data}; every app instance LISTENs
 * and hands each event to the Server-Sent-Event streams of those users connected to it.
 */
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../db/client.ts';

export const CHANNEL = 'mehvar_events';
export type BusEvent = { userIds: string[]; event: string; data: unknown };
type Subscriber = (event: string, data: unknown) => void;

/** Publishes inside the caller's transaction: NOTIFY is delivered only if it commits. */
export async function publish(db: Db, e: BusEvent): Promise<void> {
  const payload = JSON.stringify(e);
  // NOTIFY payloads are limited to 8000 bytes; large events carry an id and the client fetches the rest.
  if (Buffer.byteLength(payload) > 7900) throw new Error('realtime payload too large');
  await db.execute(sql`SELECT pg_notify(${CHANNEL}, ${payload})`);
}

export class RealtimeHub {
  private subs = new Map<string, Set<Subscriber>>();
  private stop?: () => Promise<void>;

  async start(database: Database) {
    this.stop = await database.listen(CHANNEL, (payload) => {
      let e: BusEvent;
      try { e = JSON.parse(payload) as BusEvent; } catch { return; }
      for (const uid of e.userIds) this.subs.get(uid)?.forEach((fn) => fn(e.event, e.data));
    });
  }

  subscribe(userId: string, fn: Subscriber): () => void {
    let set = this.subs.get(userId);
    if (!set) { set = new Set(); this.subs.set(userId, set); }
    set.add(fn);
    return () => { set!.delete(fn); if (set!.size === 0) this.subs.delete(userId); };
  }

  connectedUsers(): number { return this.subs.size; }

  async close() { await this.stop?.(); }
}
