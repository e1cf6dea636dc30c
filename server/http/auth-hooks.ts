/** Who is calling: session cookie (with CSRF check on writes) or API key. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { Actor } from '../actor.ts';
import { timingSafeEqual } from 'node:crypto';
import { assertSameOrigin } from './origin-check.ts';
import { countOf } from '../../common/plural.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    csrfToken?: string;
    /** The stored id of the request's session (cookie requests), to end its event stream with it. */
    sessionId?: string;
  }
}

/**
 * What a session cookie or an API key stands for. The auth module answers (the app context carries its answers),
 * so this layer names no module.
 */
export type Credentials = {
  /** The key's actor, its id and its requests-a-minute limit. */
  apiKey(key: string): Promise<{ actor: Actor; keyId: string; rateLimitPerMinute: number } | null | undefined>;
  /** Counts one request of a key in the current minute, across every app instance. */
  countKeyRequest(keyId: string, limit: number): Promise<{ allowed: boolean; limit: number; remaining: number; resetAt: Date; retryAfterSec: number }>;
  session(token: string): Promise<{ actor: Actor; csrfToken: string; sessionId: string } | null | undefined>;
  /**
   * Called right after a change to sessions, users or roles has committed: what this instance keeps in memory about
   * them is dropped at once (other instances hear of it from the database).
   */
  forget(change: { token: string } | { userId: string } | 'all'): void;
};
type WithCredentials = { credentials: Credentials; config: { publicUrl: string } };

export const SESSION_COOKIE = 'mehvar_session';
export const DEVICE_COOKIE = 'mehvar_device';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const sameToken = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function authenticate(ctx: WithCredentials) {
  return async function requireActor(req: FastifyRequest, reply: FastifyReply) {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const found = await ctx.credentials.apiKey(auth.slice(7).trim());
      if (!found) throw new AppError('UNAUTHENTICATED', 'Invalid or revoked API key');
      const rate = await ctx.credentials.countKeyRequest(found.keyId, found.rateLimitPerMinute);
      reply.header('X-RateLimit-Limit', String(rate.limit));
      reply.header('X-RateLimit-Remaining', String(rate.remaining));
      reply.header('X-RateLimit-Reset', String(Math.floor(rate.resetAt.getTime() / 1000)));
      if (!rate.allowed) {
        throw new AppError('RATE_LIMITED', `This API key may make ${countOf(rate.limit, 'request', 'requests')} a minute; try again in ${rate.retryAfterSec} s`, { retryAfterSec: rate.retryAfterSec, limit: rate.limit });
      }
      req.actor = found.actor;
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    if (!token) throw new AppError('UNAUTHENTICATED', 'Please log in');
    // The cookie goes with any request the browser makes, whichever site started it: writes must come from ours.
    if (!SAFE.has(req.method)) assertSameOrigin(req, ctx.config.publicUrl);
    const s = await ctx.credentials.session(token);
    if (!s) throw new AppError('UNAUTHENTICATED', 'Your session has ended; please log in again');
    if (!SAFE.has(req.method)) {
      const header = req.headers['x-csrf-token'];
      if (typeof header !== 'string' || !sameToken(header, s.csrfToken)) throw new AppError('CSRF_FAILED', 'Missing or wrong CSRF token; reload the page');
    }
    req.actor = s.actor;
    req.csrfToken = s.csrfToken;
    req.sessionId = s.sessionId;
  };
}

/** Whether the credentials of a request still hold (a long-lived stream asks this now and then). */
export async function stillAuthenticated(ctx: WithCredentials, req: FastifyRequest): Promise<boolean> {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return Boolean(await ctx.credentials.apiKey(auth.slice(7).trim()));
  const token = req.cookies[SESSION_COOKIE];
  return Boolean(token && (await ctx.credentials.session(token)));
}

/** The actor of an authenticated route (the hook guarantees it). */
export function actorOf(req: FastifyRequest) {
  if (!req.actor) throw new AppError('UNAUTHENTICATED', 'Please log in');
  return req.actor;
}
