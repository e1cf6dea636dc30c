/**
 * Login throttling that an attacker cannot turn against the victim:
 *  - per (account, IP) pair: a few failures lock that pair only;
 *  - per IP: many failures across accounts block that IP;
 *  - per account, from anywhere: many failures lock the account for unknown devices only;
 *    a browser that has logged in to that account before carries a signed device cookie and is let through.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { loginThrottle } from './auth.tables.ts';
import type { Clock } from '../../clock.ts';

export const THROTTLE = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  pairLimit: 5,
  ipLimit: 30,
  accountLimit: 20,
};

const keys = (email: string, ip: string) => ({ pair: `pair:${email}|${ip}`, ip: `ip:${ip}`, acct: `acct:${email}` });

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSec: number; reason: 'pair' | 'ip' | 'account' };

export async function checkThrottle(db: Db, clock: Clock, email: string, ip: string, trustedDevice: boolean): Promise<ThrottleVerdict> {
  const k = keys(email, ip);
  const rows = await db.select().from(loginThrottle).where(inArray(loginThrottle.key, [k.pair, k.ip, k.acct]));
  const now = clock.now().getTime();
  for (const r of rows) {
    if (!r.lockedUntil || r.lockedUntil.getTime() <= now) continue;
    if (r.key === k.acct && trustedDevice) continue;
    const reason = r.key === k.pair ? 'pair' : r.key === k.ip ? 'ip' : 'account';
    return { allowed: false, retryAfterSec: Math.ceil((r.lockedUntil.getTime() - now) / 1000), reason };
  }
  return { allowed: true };
}

export async function recordFailure(db: Db, clock: Clock, email: string, ip: string): Promise<void> {
  const k = keys(email, ip);
  const now = clock.now();
  const windowStart = new Date(now.getTime() - THROTTLE.windowMs);
  const lockUntil = new Date(now.getTime() + THROTTLE.lockMs);
  for (const [key, limit] of [[k.pair, THROTTLE.pairLimit], [k.ip, THROTTLE.ipLimit], [k.acct, THROTTLE.accountLimit]] as const) {
    await db.insert(loginThrottle).values({ key, failures: 1, windowStart: now })
      .onConflictDoUpdate({
        target: loginThrottle.key,
        set: {
          failures: sql`CASE WHEN ${loginThrottle.windowStart} < ${windowStart} THEN 1 ELSE ${loginThrottle.failures} + 1 END`,
          windowStart: sql`CASE WHEN ${loginThrottle.windowStart} < ${windowStart} THEN ${now} ELSE ${loginThrottle.windowStart} END`,
        },
      });
    await db.update(loginThrottle).set({ lockedUntil: lockUntil })
      .where(sql`${loginThrottle.key} = ${key} AND ${loginThrottle.failures} >= ${limit} AND (${loginThrottle.lockedUntil} IS NULL OR ${loginThrottle.lockedUntil} < ${now})`);
  }
}

/** A success clears the pair counter (not the IP or account counters: one good login must not reset an attack). */
export async function recordSuccess(db: Db, email: string, ip: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, keys(email, ip).pair));
}

export function signDevice(secret: string, email: string): string {
  const nonce = Date.now().toString(36);
  const mac = createHmac('sha256', secret).update(`${email}|${nonce}`).digest('base64url');
  return `${nonce}.${mac}`;
}

export function isTrustedDevice(secret: string, email: string, cookie: string | undefined): boolean {
  if (!cookie) return false;
  for (const entry of cookie.split('~')) {
    const [nonce, mac] = entry.split('.');
    if (!nonce || !mac) continue;
    const expected = createHmac('sha256', secret).update(`${email}|${nonce}`).digest('base64url');
    if (expected.length === mac.length && timingSafeEqual(Buffer.from(expected), Buffer.from(mac))) return true;
  }
  return false;
}
