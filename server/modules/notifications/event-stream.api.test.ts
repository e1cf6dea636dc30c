/**
 * The realtime stream (GET /api/events) ends with the credentials it was opened with: at logout (that session's
 * stream), and at deactivation, password change and role change (all of the user's streams) — at once, not at the
 * next ping, on whichever app instance holds the stream — and it never delivers an event published after that.
 * Closing the app ends open streams instead of waiting for them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestEnv, secondInstance, loginAs, until, TEST_PASSWORD, TEST_PG, type Agent, type TestEnv } from '../../test/harness.ts';
import { publish } from '../../realtime/bus.ts';

type Stream = { events: string[]; ended: () => boolean; close(): void };

/** Opens the event stream over real HTTP and collects the names of the events it receives. */
async function openStream(app: FastifyInstance, headers: Record<string, string>): Promise<Stream> {
  const port = (app.server.address() as AddressInfo).port;
  const events: string[] = [];
  let ended = false;
  const req = http.get({ host: '127.0.0.1', port, path: '/api/events', agent: false, headers: { accept: 'text/event-stream', ...headers } });
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => { req.on('response', resolve); req.on('error', reject); });
  expect(res.statusCode).toBe(200);
  res.setEncoding('utf8');
  let buf = '';
  res.on('data', (chunk: string) => {
    buf += chunk;
    for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
      const name = /^event: (.+)$/m.exec(buf.slice(0, i))?.[1];
      if (name) events.push(name);
      buf = buf.slice(i + 2);
    }
  });
  const done = () => { ended = true; };
  res.on('end', done);
  res.on('close', done);
  res.on('error', done);
  req.on('error', done);
  await until(() => events.includes('ready'));
  return { events, ended: () => ended, close: () => req.destroy() };
}

const ENDS_WITHIN_MS = 2000;

describe('the event stream ends with its credentials', () => {
  let env: TestEnv;
  let admin: Agent;
  let roleIds: Record<string, string>;
  let seq = 0;
  const open: Stream[] = [];

  beforeAll(async () => {
    env = await createTestEnv();
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    admin = await env.login('admin');
    roleIds = Object.fromEntries(((await admin.get('/api/roles')).json().items as { id: string; key: string }[]).map((r) => [r.key, r.id]));
  });
  afterAll(async () => {
    open.forEach((s) => s.close());
    await env?.close();
  });

  async function userWithStreams(n: number) {
    const email = `stream${++seq}@test.example`;
    const made = await admin.post('/api/users', { email, name: `کاربر ${seq}`, password: TEST_PASSWORD, roleId: roleIds.sales });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;
    const agents: Agent[] = [];
    const streams: Stream[] = [];
    for (let i = 0; i < n; i++) {
      const a = await loginAs(env.app, email, TEST_PASSWORD, `10.8.${seq}.${i + 1}`);
      agents.push(a);
      const s = await openStream(env.app, { cookie: a.cookie });
      streams.push(s);
      open.push(s);
    }
    return { id, email, agents, streams };
  }

  /** An event for the user, sent as the app's services send them (NOTIFY); `witness` shows it was delivered. */
  async function sendAndSee(userId: string, name: string, witness: Stream) {
    await publish(env.rt.database.db, { userIds: [userId], event: name, data: {} });
    await until(() => witness.events.includes(name));
  }

  it('logout ends that session’s stream at once; an event sent afterwards reaches only the other session', async () => {
    const u = await userWithStreams(2);
    const [mine, other] = u.streams;
    await sendAndSee(u.id, 'before', mine);
    expect((await u.agents[0].post('/api/auth/logout')).statusCode).toBe(204);
    const t = Date.now();
    await until(() => mine.ended(), ENDS_WITHIN_MS);
    expect(Date.now() - t).toBeLessThan(ENDS_WITHIN_MS);
    await sendAndSee(u.id, 'after-logout', other);
    expect(mine.events).not.toContain('after-logout');
    expect(other.ended()).toBe(false);
  });

  it('deactivation ends every stream of the user, an API key’s too', async () => {
    const u = await userWithStreams(2);
    const key = (await admin.post('/api/api-keys', { name: 'stream', userId: u.id })).json().key as string;
    const byKey = await openStream(env.app, { authorization: `Bearer ${key}` });
    open.push(byKey);
    const colleague = await userWithStreams(1);
    const witness = colleague.streams[0];
    expect((await admin.patch(`/api/users/${u.id}`, { active: false })).statusCode).toBe(200);
    await until(() => [...u.streams, byKey].every((s) => s.ended()), ENDS_WITHIN_MS);
    // Sent to both after the deactivation: the colleague gets it, the deactivated user's streams are gone.
    await publish(env.rt.database.db, { userIds: [u.id, colleague.id], event: 'after-deactivation', data: {} });
    await until(() => witness.events.includes('after-deactivation'));
    for (const s of [...u.streams, byKey]) expect(s.events).not.toContain('after-deactivation');
  });

  it('an admin’s password reset and a role change end every stream of the user', async () => {
    const reset = await userWithStreams(2);
    expect((await admin.patch(`/api/users/${reset.id}`, { password: 'Sib-Zard-Kooh-Damavand' })).statusCode).toBe(200);
    await until(() => reset.streams.every((s) => s.ended()), ENDS_WITHIN_MS);

    const promoted = await userWithStreams(2);
    expect((await admin.patch(`/api/users/${promoted.id}`, { roleId: roleIds.manager })).statusCode).toBe(200);
    await until(() => promoted.streams.every((s) => s.ended()), ENDS_WITHIN_MS);
  });

  it('a renamed user keeps their streams (only credentials and permissions end them)', async () => {
    const u = await userWithStreams(1);
    expect((await admin.patch(`/api/users/${u.id}`, { name: 'نام تازه', roleId: roleIds.sales })).statusCode).toBe(200);
    await sendAndSee(u.id, 'after-rename', u.streams[0]);
    expect(u.streams[0].ended()).toBe(false);
  });

  it('changing one’s own password ends the other sessions’ streams; this browser reconnects with its new session', async () => {
    const u = await userWithStreams(2);
    const [here] = u.agents;
    const res = await here.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Sib-Zard-Kooh-Damavand' });
    expect(res.statusCode, res.body).toBe(200);
    await until(() => u.streams.every((s) => s.ended()), ENDS_WITHIN_MS);
    const cookie = `mehvar_session=${res.cookies.find((c) => c.name === 'mehvar_session')!.value}`;
    const again = await openStream(env.app, { cookie });
    open.push(again);
    await sendAndSee(u.id, 'after-change', again);
    for (const s of u.streams) expect(s.events).not.toContain('after-change');
  });

  it('closing the app ends open streams instead of waiting for them', async () => {
    const other = await createTestEnv();
    await other.app.listen({ port: 0, host: '127.0.0.1' });
    const a = await other.login('sales');
    const s = await openStream(other.app, { cookie: a.cookie });
    const t = Date.now();
    await other.close();
    expect(Date.now() - t).toBeLessThan(5000);
    await until(() => s.ended(), ENDS_WITHIN_MS);
  });
});

describe.runIf(Boolean(TEST_PG))('across two app instances (PostgreSQL)', () => {
  let a: TestEnv;
  let b: Awaited<ReturnType<typeof secondInstance>> | undefined;
  let appB: FastifyInstance;

  beforeAll(async () => {
    a = await createTestEnv();
    b = await secondInstance(a);
    appB = b.app;
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('a logout on instance A ends the stream held by instance B', async () => {
    const seller = await a.login('sales');
    const stream = await openStream(appB, { cookie: seller.cookie });
    expect((await seller.post('/api/auth/logout')).statusCode).toBe(204);
    await until(() => stream.ended(), ENDS_WITHIN_MS);
    stream.close();
  });
});
