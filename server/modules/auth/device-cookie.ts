/**
 * The device cookie of the login throttle: entries "<id>.<mac>" joined by "~", one per account that logged in from this
 * browser; the MAC ties the id to the account's email, so a cookie cannot be forged or moved to another account. A
 * browser holding a valid entry is a known device with its own failure budget (throttle-rules.ts).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

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
