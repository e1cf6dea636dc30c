/**
 * Idempotency-Key on POST requests (session and API key alike): the first request with a key runs and, when it
 * succeeds (2xx), its answer is kept; the same key with the same request within 24 h gets that answer again
 * (Idempotent-Replayed: true) without running twice; with a different request, 422 IDEMPOTENCY_MISMATCH; while the
 * first is still running, 409. Keys are per user. Storage is the auth module's, handed over in the app context.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

export type IdempotencyStore = {
  begin(userId: string, key: string, requestHash: string): Promise<
    { kind: 'new' } | { kind: 'replay'; status: number; body: string } | { kind: 'mismatch' } | { kind: 'in_flight' }
  >;
  finish(userId: string, key: string, status: number, body: string): Promise<void>;
  abandon(userId: string, key: string): Promise<void>;
};

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when this request claimed an Idempotency-Key: its answer is kept (2xx) or the key freed (otherwise). */
    idempotency?: { userId: string; key: string };
  }
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** 1 to 255 visible ASCII characters (a UUID is the usual choice). */
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

/** JSON with object keys sorted, so the same body sent with its fields in another order is the same request. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}

/** What makes two requests "the same": method, address (with its query) and body. */
export function requestHash(method: string, url: string, body: unknown): string {
  const text = Buffer.isBuffer(body) ? body.toString('base64') : typeof body === 'string' ? body : canonicalJson(body);
  return createHash('sha256').update(`${method} ${url}\n${text}`).digest('hex');
}

/** preValidation, after authentication: claims the key, or answers from what an earlier use of it left. */
export function idempotencyClaim(ctx: { idempotency: IdempotencyStore }) {
  return async function claim(req: FastifyRequest, reply: FastifyReply) {
    if (req.method !== 'POST') return;
    const raw = req.headers[IDEMPOTENCY_HEADER];
    if (raw === undefined) return;
    const key = Array.isArray(raw) ? raw.join(',') : raw;
    if (!KEY_SHAPE.test(key)) {
      throw new AppError('VALIDATION_FAILED', 'Idempotency-Key must be 1 to 255 visible ASCII characters', { 'Idempotency-Key': 'invalid' });
    }
    const actor = req.actor;
    if (!actor) return;
    // A streamed body (an upload) is not in hand to compare: refuse rather than replay an answer for other content.
    const streamed = (req.body === undefined && Number(req.headers['content-length'] ?? 0) > 0) || typeof (req.body as { pipe?: unknown } | null)?.pipe === 'function';
    if (streamed) throw new AppError('BAD_REQUEST', 'Idempotency-Key is not supported on this request: its body is streamed', { 'Idempotency-Key': 'unsupported' });
    const found = await ctx.idempotency.begin(actor.userId, key, requestHash(req.method, req.url, req.body));
    switch (found.kind) {
      case 'new':
        req.idempotency = { userId: actor.userId, key };
        return;
      case 'mismatch':
        throw new AppError('IDEMPOTENCY_MISMATCH', 'This Idempotency-Key was already used with a different request; use a new key', { 'Idempotency-Key': key });
      case 'in_flight':
        throw new AppError('CONFLICT', 'A request with this Idempotency-Key is still being processed; try again shortly', { 'Idempotency-Key': key });
      case 'replay':
        reply.status(found.status).header('Idempotent-Replayed', 'true').type('application/json; charset=utf-8');
        return reply.send(found.body);
      default: {
        const never: never = found;
        return never;
      }
    }
  };
}

/** onSend: keeps a successful answer for replay; any other answer frees the key so the client can retry. */
export function idempotencyStore(ctx: { idempotency: IdempotencyStore }) {
  return async function store(req: FastifyRequest, reply: FastifyReply, payload: unknown) {
    const claimed = req.idempotency;
    if (!claimed) return payload;
    req.idempotency = undefined;
    const ok = reply.statusCode >= 200 && reply.statusCode < 300;
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : payload == null ? '' : null;
    const json = String(reply.getHeader('content-type') ?? 'application/json').includes('json') || body === '';
    if (ok && body !== null && json) await ctx.idempotency.finish(claimed.userId, claimed.key, reply.statusCode, body);
    else await ctx.idempotency.abandon(claimed.userId, claimed.key);
    return payload;
  };
}
