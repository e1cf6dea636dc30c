/**
 * Realtime events: Postgres NOTIFY on one channel carries {userIds, event, data}; every app instance LISTENs
 * and hands each event to the Server-Sent-Event streams of those users connected to it. The same channel carries the
 * order to end streams (a logout, a deactivation, a password or role change), so it reaches every instance too.
 */
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../db/client.ts';

export const CHANNEL = 'mehvar_events';
export type BusEvent = { userIds: string[]; event: string; data: unknown };
type Subscriber = (event: string, data: unknown) => void;
/** A stream to end when its user's or its session's credentials end; `sessionId` null for an API key's stream. */
type StreamOpts = { sessionId?: string | null; onEnd?: () => void };
type Subscription = { fn: Subscriber } & StreamOpts;

/** Not an event for the browser: ends the user's streams (all, or one session's). */
const END_STREAMS = 'mehvar.streams.end';

/** Publishes inside the caller's transaction: NOTIFY is delivered only if it commits. */
export async function publish(db: Db, e: BusEvent): Promise<void> {
  const payload = JSON.stringify(e);
  // NOTIFY payloads are limited to 8000 bytes; large events carry an id and the client fetches the rest.
  if (Buffer.byteLength(payload) > 7900) throw new Error('realtime payload too large');
  await db.execute(sql`SELECT pg_notify(${CHANNEL}, ${payload})`);
}

/**
 * Ends the user's open event streams on every instance — only the one of `sessionId` if given — when the caller's
 * transaction commits. Notifications arrive in commit order, so an event published after this is never delivered on
 * an ended stream.
 */
export async function endStreams(db: Db, userId: string, sessionId?: string): Promise<void> {
  await publish(db, { userIds: [userId], event: END_STREAMS, data: sessionId ? { sessionId } : {} });
}

export class RealtimeHub {
  private subs = new Map<string, Set<Subscription>>();
  private stop?: () => Promise<void>;

  async start(database: Database) {
    this.stop = await database.listen(CHANNEL, (payload) => {
      let e: BusEvent;
      try { e = JSON.parse(payload) as BusEvent; } catch { return; }
      if (e.event === END_STREAMS) {
        const sessionId = (e.data as { sessionId?: string } | null)?.sessionId;
        for (const uid of e.userIds) {
          for (const s of [...(this.subs.get(uid) ?? [])]) if (s.onEnd && (!sessionId || s.sessionId === sessionId)) s.onEnd();
        }
        return;
      }
      for (const uid of e.userIds) this.subs.get(uid)?.forEach((s) => s.fn(e.event, e.data));
    });
  }

  /** Calls `fn` with each event for the user; a stream passes `onEnd` (and its session) to be ended with them. */
  subscribe(userId: string, fn: Subscriber, opts: StreamOpts = {}): () => void {
    let set = this.subs.get(userId);
    if (!set) { set = new Set(); this.subs.set(userId, set); }
    const sub: Subscription = { fn, ...opts };
    set.add(sub);
    return () => { set!.delete(sub); if (set!.size === 0 && this.subs.get(userId) === set) this.subs.delete(userId); };
  }

  connectedUsers(): number { return this.subs.size; }

  /** Ends every open stream on this instance (shutdown: the server cannot close while they are open). */
  endAll(): void {
    for (const set of [...this.subs.values()]) for (const s of [...set]) s.onEnd?.();
  }

  async close() { await this.stop?.(); }
}
