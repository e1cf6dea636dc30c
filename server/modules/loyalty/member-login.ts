/**
 * Signing in to the member's page with a one-time SMS code. The code is six digits, texted through the outbox, stored
 * only as an HMAC under the server's secret, valid 5 minutes for 5 attempts; a phone may ask 3 codes in 15 minutes and
 * an address 10 in an hour. The answer to "send me a code" is the same whether or not the number is a member's (no
 * one learns who is a member). A session lasts 20 minutes; its cookie holds a random token, the database its hash.
 */
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { queueMessage, registerMessageSubject } from '../messaging/index.ts';
import { normalizePhone } from '../../../common/phone.ts';
import { toPersianDigits } from '../../../common/fa-normalize.ts';
import { loyaltyLoginCodes, loyaltyMemberSessions } from './loyalty.tables.ts';

export const CODE_MINUTES = 5;
export const CODE_ATTEMPTS = 5;
export const CODES_PER_PHONE = { n: 3, minutes: 15 };
export const CODES_PER_IP = { n: 10, minutes: 60 };
export const SESSION_MINUTES = 20;
const MIN = 60_000;

const codeHash = (secret: string, id: string, code: string) => createHmac('sha256', secret).update(`club-code:${id}:${code}`).digest('base64url');
export const sessionHash = (secret: string, token: string) => createHmac('sha256', secret).update(`club-session:${token}`).digest('base64url');

/** The member with this mobile (E.164), if any: a customer with a ledger row, not deleted or erased. */
async function memberByPhone(tx: Db, e164: string): Promise<{ id: string; smsConsent: boolean } | null> {
  const [row] = (await tx.execute(sql`SELECT c.id FROM customers c JOIN loyalty_members m ON m.customer_id = c.id
    WHERE ${e164} = ANY(c.phone_keys) AND c.deleted_at IS NULL AND c.erased_at IS NULL ORDER BY m.joined_at LIMIT 1`)).rows as { id: string }[];
  return row ? { id: row.id, smsConsent: true } : null;
}

export function mobileOf(input: string): string | null {
  const r = normalizePhone(input);
  return r.ok && r.e164.startsWith('+989') ? r.e164 : null;
}

/** Sends a code if the number is a member's; refuses (429) over the limits. Returns whether a code was sent (for tests only). */
export async function requestCode(tx: Db, secret: string, phoneInput: string, ip: string, now: Date, lang: 'fa' | 'en'): Promise<boolean> {
  const phone = mobileOf(phoneInput);
  if (!phone) throw new AppError('VALIDATION_FAILED', 'Enter a mobile number', { phone: 'a mobile number (09…)' });
  const [{ byPhone, byIp }] = (await tx.execute(sql`SELECT
      (SELECT count(*)::int FROM loyalty_login_codes WHERE phone = ${phone} AND created_at > ${new Date(now.getTime() - CODES_PER_PHONE.minutes * MIN)}) AS "byPhone",
      (SELECT count(*)::int FROM loyalty_login_codes WHERE ip = ${ip} AND created_at > ${new Date(now.getTime() - CODES_PER_IP.minutes * MIN)}) AS "byIp"`)).rows as { byPhone: number; byIp: number }[];
  if (byPhone >= CODES_PER_PHONE.n || byIp >= CODES_PER_IP.n) throw new AppError('RATE_LIMITED', 'Too many codes asked for; try again later', { retryAfterSec: CODES_PER_PHONE.minutes * 60 });
  const member = await memberByPhone(tx, phone);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  // A row for non-members too (no customer, an unusable hash), so the limits count every request alike.
  const [row] = await tx.insert(loyaltyLoginCodes).values({
    customerId: member?.id ?? null, phone, codeHash: member ? '' : '-', ip, expiresAt: new Date(now.getTime() + CODE_MINUTES * MIN), createdAt: now,
  }).returning({ id: loyaltyLoginCodes.id });
  if (!member) return false;
  await tx.update(loyaltyLoginCodes).set({ codeHash: codeHash(secret, row.id, code) }).where(eq(loyaltyLoginCodes.id, row.id));
  // The customer asked for it: a transactional message, sent whatever the marketing consent.
  const body = lang === 'en' ? `Your customer club sign-in code: ${code}` : `کد ورود به باشگاه مشتریان: ${toPersianDigits(code)}`;
  await queueMessage(tx, { customerId: member.id, channel: 'sms', address: phone, body, subjectType: 'loyalty_login', dedupeKey: `club-code:${row.id}` });
  return true;
}

/**
 * Checks a code against the newest live code of the phone. A wrong code counts an attempt (returned as 'wrong' so
 * the caller commits the count); 5 wrong ends the code. Right: the code is used and a session begins.
 */
export async function verifyCode(tx: Db, secret: string, phoneInput: string, code: string, now: Date):
  Promise<{ ok: true; token: string; customerId: string } | { ok: false; reason: 'wrong' | 'expired' }> {
  const phone = mobileOf(phoneInput);
  if (!phone) return { ok: false, reason: 'expired' };
  const [row] = await tx.select().from(loyaltyLoginCodes)
    .where(and(eq(loyaltyLoginCodes.phone, phone), isNull(loyaltyLoginCodes.usedAt), gt(loyaltyLoginCodes.expiresAt, now)))
    .orderBy(desc(loyaltyLoginCodes.createdAt)).limit(1).for('update');
  if (!row || row.attempts >= CODE_ATTEMPTS) return { ok: false, reason: 'expired' };
  const given = Buffer.from(codeHash(secret, row.id, String(code).replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d))).trim()));
  const want = Buffer.from(row.codeHash);
  if (!row.customerId || given.length !== want.length || !timingSafeEqual(given, want)) {
    await tx.update(loyaltyLoginCodes).set({ attempts: row.attempts + 1 }).where(eq(loyaltyLoginCodes.id, row.id));
    return { ok: false, reason: row.attempts + 1 >= CODE_ATTEMPTS ? 'expired' : 'wrong' };
  }
  await tx.update(loyaltyLoginCodes).set({ usedAt: now, attempts: row.attempts + 1 }).where(eq(loyaltyLoginCodes.id, row.id));
  const token = randomBytes(32).toString('base64url');
  await tx.insert(loyaltyMemberSessions).values({ tokenHash: sessionHash(secret, token), customerId: row.customerId, expiresAt: new Date(now.getTime() + SESSION_MINUTES * MIN), createdAt: now });
  return { ok: true, token, customerId: row.customerId };
}

/** The member a session token belongs to, while it lasts. */
export async function sessionMember(db: Db, secret: string, token: string | undefined, now: Date): Promise<string | null> {
  if (!token || token.length > 100) return null;
  const [s] = await db.select({ customerId: loyaltyMemberSessions.customerId }).from(loyaltyMemberSessions)
    .where(and(eq(loyaltyMemberSessions.tokenHash, sessionHash(secret, token)), gt(loyaltyMemberSessions.expiresAt, now)));
  return s?.customerId ?? null;
}

export async function endSession(db: Db, secret: string, token: string | undefined): Promise<void> {
  if (token) await db.delete(loyaltyMemberSessions).where(eq(loyaltyMemberSessions.tokenHash, sessionHash(secret, token)));
}

/** Sign-in codes are the customer's alone: no staff member sees these texts in the message log or on the timeline. */
export function hideLoginTexts(): void {
  registerMessageSubject('loyalty_login', () => sql`false`);
}
