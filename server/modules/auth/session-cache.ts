/**
 * What a session cookie stands for, kept in this app instance's memory for a short time (MEHVAR_SESSION_CACHE_SECONDS)
 * so a request does not look its session up in the database (one statement of every request: issue 16).
 *
 * Correct by construction, not by the time-to-live:
 * - The database announces every change to a session, a user or a role on the channel `mehvar_auth` from triggers
 *   (migration 0049), whoever makes it (this app, another instance, the CLI, a person at a psql prompt); each instance
 *   LISTENs and drops what changed when the transaction commits.
 * - The instance that made a change drops it itself right after the commit (`forget`, called by the auth routes), so
 *   its own next request never waits for the notification.
 * - A lookup that was under way while anything was dropped does not store its answer (a generation number): it may
 *   have read the row from before the change.
 * - While the connection that listens is lost, nothing is kept and nothing is served from memory (notifications could
 *   be missed); when it is back, memory starts empty.
 * - A kept session still ends at its expiry, and its expiry still slides at most once a minute, as without the cache.
 * Unknown tokens are never kept (a guesser cannot fill memory), and at most MAX_ENTRIES sessions are.
 */
import { performance } from 'node:perf_hooks';
import type { Database } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { loadSession, sha256, slideSession, type SessionAnswer } from './sessions.service.ts';
import type { Actor } from './policy.ts';

export const AUTH_CHANNEL = 'mehvar_auth';
const MAX_ENTRIES = 10_000;
/** The expiry slides when a session is used more than this after it last slid (as sessions.service.ts does). */
const SLIDE_MS = 60_000;

/** What changed: one session (by its token or its stored id), one user, or everyone (a role). */
export type AuthChange = { token: string } | { sessionId: string } | { userId: string } | 'all';

type Entry = { answer: SessionAnswer; keptAt: number; lastSeenAt: Date; expiresAt: Date };

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

export class SessionCache {
  private entries = new Map<string, Entry>();
  private generation = 0;
  private listening = false;
  private unlisten?: () => Promise<void>;
  /** Lookups answered from memory and from the database (for tests and benchmarks). */
  readonly stats = { hits: 0, lookups: 0 };

  constructor(private database: Database, private clock: Clock, private opts: { sessionDays: number; ttlSeconds: number }) {}

  /** Starts listening; until it has, and with a TTL of 0, every request is looked up. */
  async start(): Promise<void> {
    if (this.opts.ttlSeconds <= 0) return;
    this.unlisten = await this.database.listen(AUTH_CHANNEL, (payload) => this.forget(parseChange(payload)), {
      onState: (up) => { this.forget('all'); this.listening = up; },
    });
    this.listening = true;
  }

  async close(): Promise<void> {
    this.listening = false;
    this.entries.clear();
    await this.unlisten?.();
  }

  /** The session's actor, CSRF token and id, or undefined (unknown, expired, or its user inactive). */
  async resolve(token: string): Promise<{ actor: Actor; csrfToken: string; sessionId: string } | undefined> {
    const id = sha256(token);
    const now = this.clock.now();
    const kept = this.listening ? this.entries.get(id) : undefined;
    if (kept && performance.now() - kept.keptAt < this.opts.ttlSeconds * 1000 && kept.expiresAt.getTime() > now.getTime()) {
      this.stats.hits++;
      if (now.getTime() - kept.lastSeenAt.getTime() > SLIDE_MS) {
        kept.expiresAt = await slideSession(this.database.db, id, now, this.opts.sessionDays);
        kept.lastSeenAt = now;
      }
      return kept.answer;
    }
    if (kept) this.entries.delete(id);
    const generation = this.generation;
    this.stats.lookups++;
    const found = await loadSession(this.database.db, this.clock, id, this.opts.sessionDays);
    if (!found) return undefined;
    // Nothing was dropped while the row was read: what it says is still true (a later change will drop it).
    if (this.listening && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(id, { answer: deepFreeze(found.answer), keptAt: performance.now(), lastSeenAt: found.lastSeenAt, expiresAt: found.expiresAt });
    }
    return found.answer;
  }

  /** Drops what a change touched (and makes lookups under way not keep their answers). */
  forget(change: AuthChange | undefined): void {
    this.generation++;
    if (change === undefined || change === 'all') { this.entries.clear(); return; }
    if ('token' in change) { this.entries.delete(sha256(change.token)); return; }
    if ('sessionId' in change) { this.entries.delete(change.sessionId); return; }
    for (const [id, e] of this.entries) if (e.answer.actor.userId === change.userId) this.entries.delete(id);
  }

  /** Whether memory is trusted now (listening for changes). */
  get isListening(): boolean { return this.listening; }

  /** How many sessions are kept now (tests). */
  get size(): number { return this.entries.size; }
}

/** A notification's payload ('s:<session id>', 'u:<user id>', '*'); anything else drops everything. */
export function parseChange(payload: string): AuthChange | undefined {
  if (payload.startsWith('s:')) return { sessionId: payload.slice(2) };
  if (payload.startsWith('u:')) return { userId: payload.slice(2) };
  return 'all';
}
