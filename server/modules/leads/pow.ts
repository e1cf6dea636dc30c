/**
 * Proof of work for public lead forms: the server hands out an HMAC-signed challenge (form, difficulty, expiry, random
 * nonce); the browser finds a counter whose sha256(challenge + ':' + counter) starts with `difficulty` zero bits. The
 * server checks the signature, the expiry and the hash; spending it once is recorded by the caller.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const POW_TTL_MS = 10 * 60_000;

export function issueChallenge(secret: string, formId: string, difficulty: number, now: Date): string {
  const body = `${formId}.${difficulty}.${now.getTime() + POW_TTL_MS}.${randomBytes(12).toString('base64url')}`;
  return `${body}.${sign(secret, body)}`;
}

const sign = (secret: string, body: string) => createHmac('sha256', `lead-pow:${secret}`).update(body).digest('base64url');

export function leadingZeroBits(buf: Buffer): number {
  let n = 0;
  for (const b of buf) {
    if (b === 0) { n += 8; continue; }
    return n + Math.clz32(b) - 24;
  }
  return n;
}

export const powHash = (challenge: string, counter: string) => createHash('sha256').update(`${challenge}:${counter}`).digest();

export type PowCheck = { ok: true; expiresAt: Date } | { ok: false; reason: 'malformed' | 'signature' | 'form' | 'expired' | 'work' };

export function verifyPow(secret: string, formId: string, minDifficulty: number, challenge: string, counter: string, now: Date): PowCheck {
  const parts = challenge.split('.');
  if (parts.length !== 5 || !/^\d{1,12}$/.test(counter)) return { ok: false, reason: 'malformed' };
  const [form, diff, exp, , mac] = parts;
  const want = Buffer.from(sign(secret, parts.slice(0, 4).join('.')));
  const got = Buffer.from(mac);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return { ok: false, reason: 'signature' };
  if (form !== formId || Number(diff) < minDifficulty) return { ok: false, reason: 'form' };
  const expiresAt = new Date(Number(exp));
  if (!(expiresAt.getTime() > now.getTime())) return { ok: false, reason: 'expired' };
  if (leadingZeroBits(powHash(challenge, counter)) < Number(diff)) return { ok: false, reason: 'work' };
  return { ok: true, expiresAt };
}

/** What the browser does (and tests): the first counter that does the work. */
export function solvePow(challenge: string, difficulty: number): string {
  for (let i = 0; ; i++) if (leadingZeroBits(powHash(challenge, String(i))) >= difficulty) return String(i);
}
