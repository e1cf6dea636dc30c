/**
 * Graceful shutdown of the real server (`npm start`'s bundle, PGlite in a temporary folder, the job queue on): with a
 * browser tab's event stream open, SIGTERM ends the stream, lets an in-flight request finish, stops the job queue and
 * exits 0 well within the 10 s a service manager or a rolling deploy gives it.
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, ADMIN_EMAIL, ADMIN_PASSWORD, type RunningServer } from './server.ts';
import { until } from './browser.ts';

let server: RunningServer | undefined;
afterEach(async () => { await server?.stop(); server = undefined; });

const EXIT_WITHIN_MS = 10_000;

/** Starts the server with the job queue on, and waits until the queue is running (the shutdown must stop it too). */
async function start(extra: Record<string, string> = {}) {
  const s = await startServer({ env: { MEHVAR_JOBS: 'on', MEHVAR_JOBS_DELAY_MS: '0', ...extra } });
  await until('the job queue to start', () => s.log().includes('Job queue started'), 60_000);
  return s;
}

async function login(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }) });
  expect(res.status).toBe(200);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

/** Opens GET /api/events as a browser tab does and resolves once the server said it is ready. */
async function openStream(baseUrl: string, cookie: string) {
  let ended = false;
  let text = '';
  const req = http.get(`${baseUrl}/api/events`, { headers: { cookie, accept: 'text/event-stream' } });
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => { req.on('response', resolve); req.on('error', reject); });
  expect(res.statusCode).toBe(200);
  res.setEncoding('utf8');
  res.on('data', (c: string) => { text += c; });
  const done = () => { ended = true; };
  res.on('end', done);
  res.on('close', done);
  req.on('error', done);
  await until('the stream to be ready', () => text.includes('event: ready'), 10_000);
  return { ended: () => ended, close: () => req.destroy() };
}

/** Sends SIGTERM and measures how long the process takes to exit, and with which code. */
async function terminate(s: RunningServer): Promise<{ code: number | null; ms: number }> {
  const t = Date.now();
  s.signal('SIGTERM');
  const code = await Promise.race([s.exited(), new Promise<'hung'>((r) => setTimeout(() => r('hung'), 20_000))]);
  expect(code, `the server did not exit within 20 s after SIGTERM\n${s.log()}`).not.toBe('hung');
  const ms = Date.now() - t;
  console.log(`exit ${String(code)} ${ms} ms after SIGTERM`);
  return { code: code as number | null, ms };
}

describe('SIGTERM', () => {
  it('with a browser tab’s event stream open: the stream ends and the server exits 0 within 10 s', async () => {
    server = await start();
    const stream = await openStream(server.baseUrl, await login(server.baseUrl));
    const { code, ms } = await terminate(server);
    expect(code, server.log()).toBe(0);
    expect(ms).toBeLessThan(EXIT_WITHIN_MS);
    expect(stream.ended()).toBe(true);
    expect(server.log()).toMatch(/SIGTERM: shutting down/);
    stream.close();
  });

  it('lets a slow request that is already running finish and answer before exiting', async () => {
    // The fault point makes GET /api/health?slow=3000 take 3 s and say so in the log when it starts.
    server = await start({ MEHVAR_FAILPOINT: 'slow-health' });
    const stream = await openStream(server.baseUrl, await login(server.baseUrl));
    let answeredAt = 0;
    const slow = fetch(`${server.baseUrl}/api/health?slow=3000`).then(async (r) => { answeredAt = Date.now(); return { status: r.status, body: await r.json() }; });
    const s = server;
    await until('the slow request to start', () => s.log().includes('slow request started'), 10_000);
    let exitedAt = 0;
    const exit = terminate(server).then((r) => { exitedAt = Date.now(); return r; });
    const answer = await slow;
    expect(answer).toEqual({ status: 200, body: { status: 'ok', database: process.env.E2E_DATABASE_URL ? 'postgresql' : 'pglite' } });
    const { code, ms } = await exit;
    expect(code, server.log()).toBe(0);
    expect(ms).toBeLessThan(EXIT_WITHIN_MS);
    expect(answeredAt).toBeLessThanOrEqual(exitedAt);
    expect(stream.ended()).toBe(true);
    stream.close();
  });

  it('does not wait forever: a request that would run past the deadline is cut off and the process still exits in time', async () => {
    server = await start({ MEHVAR_FAILPOINT: 'slow-health' });
    const stuck = fetch(`${server.baseUrl}/api/health?slow=60000`).catch(() => 'cut off');
    const s = server;
    await until('the slow request to start', () => s.log().includes('slow request started'), 10_000);
    const { code, ms } = await terminate(server);
    // Not a clean exit (something was still running), but an exit, before a service manager would kill it.
    expect(code).toBe(1);
    expect(ms).toBeLessThan(EXIT_WITHIN_MS);
    expect(server.log()).toMatch(/Shutdown did not finish/);
    expect(await stuck).toBe('cut off');
  });
});
