/** A local webhook receiver for the tests: records every request and answers as the test says. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, timingSafeEqual } from 'node:crypto';

export type Received = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string };
export type Receiver = {
  url: string; port: number; hits: Received[];
  /** What the next requests are answered with (status, body, headers). */
  respond: (fn: (req: Received) => { status: number; body?: string; headers?: Record<string, string> }) => void;
  close(): Promise<void>;
};

export async function startReceiver(): Promise<Receiver> {
  const hits: Received[] = [];
  let responder: (req: Received) => { status: number; body?: string; headers?: Record<string, string> } = () => ({ status: 200, body: 'ok' });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      hits.push(r);
      const a = responder(r);
      res.writeHead(a.status, a.headers).end(a.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`, port, hits,
    respond: (fn) => { responder = fn; },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/**
 * The receiver's check, written from docs/api.md and not from the server's code: X-Mehvar-Signature is
 * "sha256=" + hex HMAC-SHA256(secret, "<X-Mehvar-Timestamp>.<raw body>"); after a secret rotation the header lists
 * several such values separated by ", " and the delivery is genuine if any one of them holds.
 */
export function signatureHolds(secret: string, r: Received): boolean {
  const ts = String(r.headers['x-mehvar-timestamp'] ?? '');
  const sig = String(r.headers['x-mehvar-signature'] ?? '');
  if (!/^\d+$/.test(ts)) return false;
  const expected = Buffer.from('sha256=' + createHmac('sha256', secret).update(`${ts}.${r.body}`).digest('hex'));
  return sig.split(',').some((one) => {
    const got = Buffer.from(one.trim());
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}
