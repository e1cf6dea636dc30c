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
import { and, asc, count, gt, inArray, lte, max, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { loginFailures } from './auth.tables.ts';
import type { Clock } from '../../clock.ts';
import {
  THROTTLE, budgetRowOffset, clearedOnSuccess, longestWait, retryAfterSec, retryMsFor, throttleKeys,
  type Attempter, type ThrottleReason,
} from './throttle-rules.ts';

export type { Attempter } from './throttle-rules.ts';

export type Attempt = { ids: string[]; clearOnSuccess: string[] };
export type ThrottleVerdict = { allowed: true; attempt: Attempt } | { allowed: false; retryAfterSec: number; reason: ThrottleReason };

/**
 * Counts this attempt as a failure unless a rule refuses it (then nothing is counted). On success call
 * `attemptSucceeded`; on a wrong password leave the rows.
 */
export async function beginAttempt(db: Db, clock: Clock, who: Attempter): Promise<ThrottleVerdict> {
  const now = clock.now();
  const since = new Date(now.getTime() - THROTTLE.windowMs);
  const keys = throttleKeys(who);
  const mine = await db.insert(loginFailures).values(keys.map((k) => ({ key: k.key, at: now }))).returning({ id: loginFailures.id });
  const ids = mine.map((r) => r.id);
  const others = and(inArray(loginFailures.key, keys.map((k) => k.key)), gt(loginFailures.at, since), notInArray(loginFailures.id, ids));
  const stats = await db.select({ key: loginFailures.key, n: count(), last: max(loginFailures.at) }).from(loginFailures).where(others).groupBy(loginFailures.key);

  const waits: { retryMs: number; reason: ThrottleReason }[] = [];
  for (const { key, reason } of keys) {
    const s = stats.find((r) => r.key === key);
    if (!s) continue;
    const rule = THROTTLE.rules[reason];
    const offset = budgetRowOffset(rule, s.n);
    let budgetRowAt: Date | string | null = null;
    if (offset !== null) {
      const [row] = await db.select({ at: loginFailures.at }).from(loginFailures)
        .where(and(others, sql`${loginFailures.key} = ${key}`)).orderBy(asc(loginFailures.at)).offset(offset).limit(1);
      budgetRowAt = row?.at ?? null;
    }
    waits.push({ retryMs: retryMsFor(rule, s, budgetRowAt, now), reason });
  }
  const refusal = longestWait(waits);
  if (refusal) {
    await db.delete(loginFailures).where(inArray(loginFailures.id, ids));
    return { allowed: false, retryAfterSec: retryAfterSec(refusal.retryMs), reason: refusal.reason };
  }
  // Old rows go as new ones come (the index on `at` makes this cheap when there is nothing to delete).
  await db.delete(loginFailures).where(lte(loginFailures.at, since));
  return { allowed: true, attempt: { ids, clearOnSuccess: clearedOnSuccess(keys) } };
}

export async function attemptSucceeded(db: Db, attempt: Attempt): Promise<void> {
  await db.delete(loginFailures).where(inArray(loginFailures.id, attempt.ids));
  if (attempt.clearOnSuccess.length) await db.delete(loginFailures).where(inArray(loginFailures.key, attempt.clearOnSuccess));
}
