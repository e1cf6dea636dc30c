/** A keep-alive HTTP client for bench/load.ts: one socket per connection (node:http, no dependency). */
import http from 'node:http';

export type Session = { cookie: string; csrf: string };
export type Conn = { port: number; session: Session; agent?: http.Agent };

/** Sends one request on the connection's own keep-alive socket; resolves with the status after the whole body. */
export function request(c: Conn, method: 'GET' | 'POST', path: string, body?: unknown): Promise<number> {
  c.agent ??= new http.Agent({ keepAlive: true, maxSockets: 1 });
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: c.port, method, path, agent: c.agent,
      headers: { cookie: c.session.cookie, ...(payload ? { 'x-csrf-token': c.session.csrf, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) } }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.end(payload);
  });
}

export async function login(port: number, email: string, password: string): Promise<Session> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((x) => x.split(';')[0]).find((x) => x.startsWith('mehvar_session='));
  if (!cookie) throw new Error(`login ${email}: no session cookie`);
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}
