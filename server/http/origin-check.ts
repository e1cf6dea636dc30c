/**
 * Cross-site request refusal, in addition to the CSRF token: a state-changing request carried by the session cookie
 * (and login) must not come from another site. Browsers say where a request comes from (`Origin` on every POST, PATCH
 * and DELETE; `Sec-Fetch-Site`); non-browser clients send neither and are judged by the CSRF token alone.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * Own origins: the public URL's, and — for the address the browser actually used (a LAN address, a second name) — an
 * Origin whose host is the request's Host. The public URL's host is only accepted with its own scheme, so a page
 * served over plain http cannot post to the https site.
 */
function isOwnOrigin(origin: string, req: FastifyRequest, publicUrl: string): boolean {
  let o: URL;
  try { o = new URL(origin); } catch { return false; }
  if (o.origin === 'null') return false;
  const pub = new URL(publicUrl);
  if (o.origin === pub.origin) return true;
  if (o.host === pub.host) return false;
  const host = req.headers.host;
  return Boolean(host) && o.host === host!.toLowerCase() && (o.protocol === 'http:' || o.protocol === 'https:');
}

export function assertSameOrigin(req: FastifyRequest, publicUrl: string): void {
  if (req.headers['sec-fetch-site'] === 'cross-site') throw new AppError('CSRF_FAILED', 'Cross-site request refused');
  const origin = req.headers.origin;
  if (origin !== undefined && !isOwnOrigin(origin, req, publicUrl)) throw new AppError('CSRF_FAILED', 'Cross-site request refused');
}
