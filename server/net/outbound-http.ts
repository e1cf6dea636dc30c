/**
 * HTTP(S) requests to an admin-chosen host through the outbound guard. Node's fetch offers no hook into the connect,
 * so this uses node:http/https with the guard's lookup. Redirects are followed by hand — each hop's host is checked
 * again, at most `maxRedirects` hops, credentials are not carried to another origin — and the answer is read up to a
 * size limit.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { OutboundGuard } from './outbound-guard.ts';

export type OutboundRequest = {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  /** For the whole exchange, redirects included. */
  timeoutMs: number;
  maxRedirects?: number;
  /** Largest answer read; a bigger one fails. */
  maxBytes?: number;
};

export type OutboundResponse = { status: number; headers: IncomingHttpHeaders; text: string; url: string };

/** Why a request failed on our side (code: timeout, too_many_redirects, bad_redirect, too_large). */
export class OutboundHttpError extends Error {
  constructor(message: string, readonly code: 'timeout' | 'too_many_redirects' | 'bad_redirect' | 'too_large') {
    super(message);
    this.name = 'OutboundHttpError';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers that still go along when a redirect leaves the origin; the rest (keys, Authorization) stay behind. */
const CROSS_ORIGIN_SAFE = new Set(['accept', 'accept-language', 'content-type', 'user-agent']);

export async function outboundRequest(guard: OutboundGuard, url: string, req: OutboundRequest): Promise<OutboundResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), req.timeoutMs);
  const maxRedirects = req.maxRedirects ?? 3;
  let current = new URL(url);
  let method: string = req.method;
  let headers: Record<string, string> = { ...req.headers };
  let body = req.body;
  try {
    for (let hop = 0; ; hop++) {
      if (current.protocol !== 'http:' && current.protocol !== 'https:') throw new OutboundHttpError(`redirect to a ${current.protocol} address`, 'bad_redirect');
      await abortable(guard.vet(current.hostname), controller.signal);
      const res = await once(guard, current, method, headers, body, controller.signal, req.maxBytes ?? 1_000_000);
      const location = res.headers.location;
      if (!REDIRECTS.has(res.status) || !location) return res;
      if (hop >= maxRedirects) throw new OutboundHttpError(`more than ${maxRedirects} redirects`, 'too_many_redirects');
      let next: URL;
      try { next = new URL(location, current); } catch { throw new OutboundHttpError('a redirect to an invalid address', 'bad_redirect'); }
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^content-/i.test(k)));
      }
      if (next.origin !== current.origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => CROSS_ORIGIN_SAFE.has(k.toLowerCase())));
      current = next;
    }
  } catch (e) {
    if (controller.signal.aborted) throw new OutboundHttpError(`no answer within ${req.timeoutMs} ms`, 'timeout');
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then((v) => { signal.removeEventListener('abort', onAbort); resolve(v); },
      (e: unknown) => { signal.removeEventListener('abort', onAbort); reject(e); });
  });
}

function once(guard: OutboundGuard, url: URL, method: string, headers: Record<string, string>, body: string | undefined,
  signal: AbortSignal, maxBytes: number): Promise<OutboundResponse> {
  const lib = url.protocol === 'https:' ? https : http;
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const h: Record<string, string> = { ...headers };
  if (body !== undefined) h['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const request = lib.request({
      protocol: url.protocol, hostname, port: url.port || undefined, path: `${url.pathname}${url.search}`, method, headers: h,
      // A fresh connection per request, made through the guard's lookup (no pooled socket to another address).
      agent: false, lookup: guard.lookup, signal,
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes && !tooLarge) {
          tooLarge = true;
          reject(new OutboundHttpError(`the answer is larger than ${maxBytes} bytes`, 'too_large'));
          request.destroy();
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => tooLarge || resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), url: url.toString() }));
      res.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}
