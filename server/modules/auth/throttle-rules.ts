/**
 * The login throttle's decisions as pure functions (docs/decisions.md, "Login throttling"): which keys a failure counts
 * against, the wait after the n-th failure, when an over-budget key has room again, and which refusal is reported.
 * throttle.service.ts reads and writes the failure rows and asks these; they are tested on their own.
 */

export type ThrottleRule = { free: number; firstWaitMs: number; maxWaitMs: number; perHour: number };
export type ThrottleReason = 'account' | 'address' | 'pair' | 'device';

export const THROTTLE = {
  windowMs: 3600_000,
  rules: {
    // ASVS 5.0 6.3.1: at most 100 failed attempts an hour on one account.
    account: { free: 10, firstWaitMs: 1000, maxWaitMs: 30_000, perHour: 100 },
    address: { free: 10, firstWaitMs: 1000, maxWaitMs: 30_000, perHour: 100 },
    pair: { free: 5, firstWaitMs: 2000, maxWaitMs: 300_000, perHour: 100 },
    device: { free: 5, firstWaitMs: 1000, maxWaitMs: 60_000, perHour: 20 },
  } satisfies Record<ThrottleReason, ThrottleRule>,
};

/** Who is trying: the account's email, the client address, and the known device's id (null: unknown device). */
export type Attempter = { email: string; ip: string; deviceId: string | null };
export type ThrottleKey = { key: string; reason: ThrottleReason };

/**
 * The keys a failure counts against: a known device only its own; an unknown device the account, the address and the
 * (account, address) pair. The email is compared case- and space-insensitively.
 */
export function throttleKeys(a: Attempter): ThrottleKey[] {
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
 * Over budget (`failures` ≥ perHour): the position, oldest first, of the failure whose ageing out of the hour leaves
 * room for one more; null while under budget.
 */
export function budgetRowOffset(rule: ThrottleRule, failures: number): number | null {
  return failures >= rule.perHour ? failures - rule.perHour : null;
}

/**
 * How long (ms from now) a key must wait before one more attempt: until the failure at budgetRowOffset leaves the hour
 * (over budget), and at least the growing wait after the key's last failure. ≤ 0: no wait.
 */
export function retryMsFor(rule: ThrottleRule, failures: { n: number; last: Date | string | null }, budgetRowAt: Date | string | null, now: Date): number {
  let retryMs = 0;
  if (budgetRowAt !== null && failures.n >= rule.perHour) retryMs = new Date(budgetRowAt).getTime() + THROTTLE.windowMs - now.getTime();
  const wait = waitAfter(rule, failures.n);
  if (wait && failures.last) retryMs = Math.max(retryMs, new Date(failures.last).getTime() + wait - now.getTime());
  return retryMs;
}

/** The refusal reported when several keys must wait: the longest wait (the first key on a tie); undefined: none waits. */
export function longestWait(waits: { retryMs: number; reason: ThrottleReason }[]): { retryMs: number; reason: ThrottleReason } | undefined {
  let refusal: { retryMs: number; reason: ThrottleReason } | undefined;
  for (const w of waits) if (w.retryMs > 0 && (!refusal || w.retryMs > refusal.retryMs)) refusal = w;
  return refusal;
}

/** Retry-After in whole seconds, rounded up, never 0. */
export const retryAfterSec = (retryMs: number): number => Math.max(1, Math.ceil(retryMs / 1000));

/**
 * The keys a good password clears: the device's, or the (account, address) pair's — never the account's or the
 * address's own counts, so one good login in the middle of an attack does not reset them.
 */
export const clearedOnSuccess = (keys: ThrottleKey[]): string[] =>
  keys.filter((k) => k.reason === 'device' || k.reason === 'pair').map((k) => k.key);
