/**
 * Password-guessing throttle that slows the attacker down without locking the owner out (docs/decisions.md, "Login
 * throttling"). Every failed password check is a row under each key it counts against, and each key has a rule over a
 * rolling hour: a few free failures, then a wait after each failure that doubles up to a cap, and a hard budget.
 *  - unknown device: the account (from anywhere, ASVS 6.3.1: ≤ 100 an hour), the address (across accounts) and the
 *    (account, address) pair;
 *  - a known device (a browser holding a signed device cookie from an earlier good login to this account): only its
 *    own, smaller budget. Attacks from other addresses — or from the owner's own address — do not touch it, and a
 *    stolen cookie buys only a few guesses an hour.
 * The attempt is written as a failure before the password is checked and removed if it succeeds, so parallel
 * requests cannot all slip under a budget.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, count, gt, inArray, lte, max, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { loginFailures } from './auth.tables.ts';
import type { Clock } from '../../clock.ts';

export type ThrottleRule = { free: number; firstWaitMs: number; maxWaitMs: number; perHour: number };
export type ThrottleReason = 'account' | 'address' | 'pair' | 'device';

export const THROTTLE = {
  windowMs: 3600_000,
  rules: {
    account: { free: 10, firstWaitMs: 1000, maxWaitMs: 30_000, perHour: 100 },
    address: { free: 10, firstWaitMs: 1000, maxWaitMs: 30_000, perHour: 100 },
    pair: { free: 5, firstWaitMs: 2000, maxWaitMs: 300_000, perHour: 100 },
    device: { free: 5, firstWaitMs: 1000, maxWaitMs: 60_000, perHour: 20 },
  } satisfies Record<ThrottleReason, ThrottleRule>,
};

/** Who is trying: the account's email, the client address, and the known device's id (null: unknown device). */
export type Attempter = { email: string; ip: string; deviceId: string | null };
export type Attempt = { ids: string[]; clearOnSuccess: string[] };
export type ThrottleVerdict = { allowed: true; attempt: Attempt } | { allowed: false; retryAfterSec: number; reason: ThrottleReason };

function keysOf(a: Attempter): { key: string; reason: ThrottleReason }[] {
  const email = a.email.trim().toLowerCase();
  if (a.deviceId) return [{ key: `dev:${email}|${a.deviceId}`, reason: 'device' }];
  return [{ key: `acct:${email}`, reason: 'account' }, { key: `ip:${a.ip}`, reason: 'address' }, { key: `pair:${email}|${a.ip}`, reason: 'pair' }];
}

/** The wait after the n-th failure in the hour (0 while free): doubles from firstWaitMs, capped. */
export function waitAfter(rule: ThrottleRule, failures: number): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.firstWaitMs * 2 ** Math.min(failures - rule.free, 30), rule.maxWaitMs);
}

/**
 * Counts this attempt as a failure unless a rule refuses it (then nothing is counted). On success call
 * `attemptSucceeded`; on a wrong password leave the rows.
 */
export async function beginAttempt(db: Db, clock: Clock, who: Attempter): Promise<ThrottleVerdict> {
  const now = clock.now();
  const since = new Date(now.getTime() - THROTTLE.windowMs);
  const keys = keysOf(who);
  const mine = await db.insert(loginFailures).values(keys.map((k) => ({ key: k.key, at: now }))).returning({ id: loginFailures.id });
  const ids = mine.map((r) => r.id);
  const others = and(inArray(loginFailures.key, keys.map((k) => k.key)), gt(loginFailures.at, since), notInArray(loginFailures.id, ids));
  const stats = await db.select({ key: loginFailures.key, n: count(), last: max(loginFailures.at) }).from(loginFailures).where(others).groupBy(loginFailures.key);

  let refusal: { retryMs: number; reason: ThrottleReason } | undefined;
  for (const { key, reason } of keys) {
    const s = stats.find((r) => r.key === key);
    if (!s) continue;
    const rule = THROTTLE.rules[reason];
    let retryMs = 0;
    if (s.n >= rule.perHour) {
      // Over budget: wait until enough of the hour's failures have aged out to leave room for one more.
      const [oldest] = await db.select({ at: loginFailures.at }).from(loginFailures)
        .where(and(others, sql`${loginFailures.key} = ${key}`)).orderBy(asc(loginFailures.at)).offset(s.n - rule.perHour).limit(1);
      retryMs = new Date(oldest.at).getTime() + THROTTLE.windowMs - now.getTime();
    }
    const wait = waitAfter(rule, s.n);
    if (wait && s.last) retryMs = Math.max(retryMs, new Date(s.last).getTime() + wait - now.getTime());
    if (retryMs > 0 && (!refusal || retryMs > refusal.retryMs)) refusal = { retryMs, reason };
  }
  if (refusal) {
    await db.delete(loginFailures).where(inArray(loginFailures.id, ids));
    return { allowed: false, retryAfterSec: Math.max(1, Math.ceil(refusal.retryMs / 1000)), reason: refusal.reason };
  }
  // Old rows go as new ones come (the index on `at` makes this cheap when there is nothing to delete).
  await db.delete(loginFailures).where(lte(loginFailures.at, since));
  // A good password clears the failures of this device, or of this account from this address; never the account's
  // or the address's own counts, so one good login in the middle of an attack does not reset it.
  const clearOnSuccess = keys.filter((k) => k.reason === 'device' || k.reason === 'pair').map((k) => k.key);
  return { allowed: true, attempt: { ids, clearOnSuccess } };
}

export async function attemptSucceeded(db: Db, attempt: Attempt): Promise<void> {
  await db.delete(loginFailures).where(inArray(loginFailures.id, attempt.ids));
  if (attempt.clearOnSuccess.length) await db.delete(loginFailures).where(inArray(loginFailures.key, attempt.clearOnSuccess));
}

// ---------------------------------------------------------------------------------------------------------------
// The device cookie: entries "<id>.<mac>" joined by "~", one per account that logged in from this browser; the MAC
// ties the id to the account's email, so a cookie cannot be forged or moved to another account.

const macOf = (secret: string, email: string, id: string) => createHmac('sha256', secret).update(`${email.trim().toLowerCase()}|${id}`).digest('base64url');

/** The id of this browser's device entry for the account, if it holds a valid one. */
export function knownDevice(secret: string, email: string, cookie: string | undefined): string | null {
  for (const entry of (cookie ?? '').split('~')) {
    const [id, mac, ...rest] = entry.split('.');
    if (!id || !mac || rest.length) continue;
    const expected = macOf(secret, email, id);
    if (expected.length === mac.length && timingSafeEqual(Buffer.from(expected), Buffer.from(mac))) return id;
  }
  return null;
}

/**
 * The device cookie after a good login: the account's existing entry is kept (its budget goes with it) or a new one is
 * made; entries of up to four other accounts stay.
 */
export function deviceCookieAfterLogin(secret: string, email: string, cookie: string | undefined): string {
  const id = knownDevice(secret, email, cookie) ?? randomBytes(12).toString('base64url');
  const others = (cookie ?? '').split('~').filter((e) => e && !knownDevice(secret, email, e)).slice(-4);
  return [...others, `${id}.${macOf(secret, email, id)}`].join('~');
}
