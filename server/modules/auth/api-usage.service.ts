/**
 * What API use leaves in the database: per-key request counts in fixed one-minute windows (shared by every app
 * instance), and the answers kept for Idempotency-Key replays. The HTTP layer reaches these through the app context.
 */
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { apiKeyRateWindows, idempotencyKeys } from './auth.tables.ts';

const WINDOW_MS = 60_000;
/** How long an answer is replayed for the same Idempotency-Key. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/** A request in flight this long is taken to have died with its process: the key may be used again. */
const IN_FLIGHT_STALE_MS = 5 * 60_000;

export type RateVerdict = { allowed: boolean; limit: number; remaining: number; resetAt: Date; retryAfterSec: number };

/** Counts one request of a key in the current window (one statement: atomic across instances) and judges it. */
export async function countKeyRequest(db: Db, clock: Clock, keyId: string, limit: number): Promise<RateVerdict> {
  const now = clock.now().getTime();
  const windowStart = new Date(Math.floor(now / WINDOW_MS) * WINDOW_MS);
  const [row] = await db.insert(apiKeyRateWindows).values({ keyId, windowStart, count: 1 })
    .onConflictDoUpdate({ target: [apiKeyRateWindows.keyId, apiKeyRateWindows.windowStart], set: { count: sql`${apiKeyRateWindows.count} + 1` } })
    .returning({ count: apiKeyRateWindows.count });
  const resetAt = new Date(windowStart.getTime() + WINDOW_MS);
  return {
    allowed: row.count <= limit, limit, remaining: Math.max(0, limit - row.count), resetAt,
    retryAfterSec: Math.max(1, Math.ceil((resetAt.getTime() - now) / 1000)),
  };
}

export type IdempotencyBegin =
  | { kind: 'new' }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'mismatch' }
  | { kind: 'in_flight' };

/**
 * Claims (user, key) for a request with this hash, or says what an earlier use of the key left: its answer to replay,
 * a different request (mismatch), or a request still running. An expired row, or an in-flight one whose process
 * evidently died, is claimed afresh.
 */
export async function beginIdempotent(db: Db, clock: Clock, userId: string, key: string, requestHash: string): Promise<IdempotencyBegin> {
  const now = clock.now();
  const expired = new Date(now.getTime() - IDEMPOTENCY_TTL_MS);
  const stale = new Date(now.getTime() - IN_FLIGHT_STALE_MS);
  const claimed = await db.insert(idempotencyKeys).values({ userId, key, requestHash, createdAt: now })
    .onConflictDoUpdate({
      target: [idempotencyKeys.userId, idempotencyKeys.key],
      set: { requestHash, createdAt: now, status: null, response: null },
      setWhere: sql`${idempotencyKeys.createdAt} < ${expired} OR (${idempotencyKeys.status} IS NULL AND ${idempotencyKeys.createdAt} < ${stale})`,
    })
    .returning({ userId: idempotencyKeys.userId });
  if (claimed.length) return { kind: 'new' };
  const [row] = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
  // Gone between the two statements (an abandon): a rare race; the caller may simply retry.
  if (!row) return { kind: 'in_flight' };
  if (row.requestHash !== requestHash) return { kind: 'mismatch' };
  if (row.status === null || row.response === null) return { kind: 'in_flight' };
  return { kind: 'replay', status: row.status, body: row.response };
}

/** Keeps a successful answer for replay. */
export async function finishIdempotent(db: Db, userId: string, key: string, status: number, body: string) {
  await db.update(idempotencyKeys).set({ status, response: body })
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key), isNull(idempotencyKeys.status)));
}

/** Frees the key after an answer that is not kept (an error): the client may try again with it. */
export async function abandonIdempotent(db: Db, userId: string, key: string) {
  await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key), isNull(idempotencyKeys.status)));
}

/** Removes expired idempotency answers and finished rate windows (a scheduled job). */
export async function purgeApiUsage(db: Db, clock: Clock) {
  const now = clock.now().getTime();
  const answers = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(now - IDEMPOTENCY_TTL_MS))).returning({ k: idempotencyKeys.key });
  const windows = await db.delete(apiKeyRateWindows).where(lt(apiKeyRateWindows.windowStart, new Date(now - 2 * WINDOW_MS))).returning({ k: apiKeyRateWindows.keyId });
  return { answers: answers.length, windows: windows.length };
}
