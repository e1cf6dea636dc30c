/**
 * A recipient's personal links: the tracked link (/c/…), the email open pixel (/o/…) and the unsubscribe page (/u/…).
 * The token is the recipient row's id (22 characters) and a MAC of it per purpose (12), so a token can be neither
 * guessed nor turned into another recipient's or another purpose's. A token carries no address: the click goes to the
 * campaign's stored link only (no open redirect).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type LinkPurpose = 'c' | 'o' | 'u';
export type LinkContext = { secret: string; publicUrl: string };

const mac = (secret: string, purpose: LinkPurpose, id: string) =>
  createHmac('sha256', `campaign-link:${secret}`).update(`${purpose}:${id}`).digest('base64url').slice(0, 12);

const idToShort = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex').toString('base64url');
function shortToId(short: string): string | null {
  if (!/^[A-Za-z0-9_-]{22}$/.test(short)) return null;
  const hex = Buffer.from(short, 'base64url').toString('hex');
  if (hex.length !== 32) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function linkToken(secret: string, purpose: LinkPurpose, recipientId: string): string {
  return idToShort(recipientId) + mac(secret, purpose, recipientId);
}

/** The recipient id behind a token, or null for anything forged, cut or meant for another purpose. */
export function readLinkToken(secret: string, purpose: LinkPurpose, token: string): string | null {
  if (typeof token !== 'string' || token.length !== 34) return null;
  const id = shortToId(token.slice(0, 22));
  if (!id) return null;
  const given = Buffer.from(token.slice(22));
  const want = Buffer.from(mac(secret, purpose, id));
  return given.length === want.length && timingSafeEqual(given, want) ? id : null;
}

export function recipientLinks(ctx: LinkContext, recipientId: string) {
  const base = ctx.publicUrl.replace(/\/+$/, '');
  return {
    click: `${base}/c/${linkToken(ctx.secret, 'c', recipientId)}`,
    open: `${base}/o/${linkToken(ctx.secret, 'o', recipientId)}`,
    unsubscribe: `${base}/u/${linkToken(ctx.secret, 'u', recipientId)}`,
  };
}
