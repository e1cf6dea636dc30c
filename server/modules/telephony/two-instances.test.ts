/**
 * Two app instances on one PostgreSQL database: the PBX's event reaches instance A, the agent's browser is connected
 * to instance B's event stream, and the pop-up arrives there (LISTEN/NOTIFY between the instances), over real HTTP.
 * PostgreSQL only: the embedded database lives inside one process, so it cannot have a second instance.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, secondInstance, loginAs, TEST_PASSWORD, TEST_PG, type Agent, type TestEnv } from '../../test/harness.ts';
import { signWebhook } from './index.ts';
import type { FastifyInstance } from 'fastify';

describe.runIf(Boolean(TEST_PG))('telephony across two app instances', () => {
  let a: TestEnv;
  let b: Awaited<ReturnType<typeof secondInstance>> | undefined;
  let appB: FastifyInstance;
  let admin: Agent;
  let seller: Agent;

  beforeAll(async () => {
    a = await createTestEnv();
    admin = await a.login('admin');
    seller = await a.login('sales');
    b = await secondInstance(a);
    appB = b.app;
  }, 60_000);

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('pops on the instance the agent is connected to', async () => {
    await admin.put('/api/telephony/settings', { extensions: [{ extension: '101', userId: seller.userId }] });
    const secret = (await admin.post('/api/telephony/webhook-secret')).json().secret as string;
    const made = await seller.post('/api/customers', { kind: 'person', firstName: 'پریسا', lastName: 'نوری', phones: [{ number: '09127654321' }] });
    expect(made.statusCode).toBe(201);

    // The seller signs in on instance B and opens its event stream over HTTP.
    const onB = await loginAs(appB, seller.email, TEST_PASSWORD);
    const port = (appB.server.address() as AddressInfo).port;
    const received: string[] = [];
    const req = http.get({ host: '127.0.0.1', port, path: '/api/events', headers: { cookie: onB.cookie, accept: 'text/event-stream' } });
    const ready = new Promise<void>((resolve, reject) => {
      req.on('response', (res) => {
        expect(res.statusCode).toBe(200);
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => { received.push(chunk); if (chunk.includes('event: ready')) resolve(); });
      });
      req.on('error', reject);
    });
    await ready;

    // The PBX's event goes to instance A.
    const body = JSON.stringify({ callId: 'two-instances-1', event: 'ringing', number: '989127654321', extensions: ['101'] });
    const ts = String(Math.floor(a.clock.now().getTime() / 1000));
    const res = await a.app.inject({
      method: 'POST', url: '/api/telephony/events', payload: body,
      headers: { 'content-type': 'application/json', 'x-mehvar-timestamp': ts, 'x-mehvar-signature': signWebhook(secret, ts, body) },
    });
    expect(res.statusCode, res.body).toBe(202);

    const end = Date.now() + 5000;
    while (!received.join('').includes('event: call') && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    req.destroy();
    const text = received.join('');
    const line = text.split('\n').find((l, i, all) => all[i - 1] === 'event: call' && l.startsWith('data: '));
    expect(line, text).toBeDefined();
    const pop = JSON.parse(line!.slice(6));
    expect(pop).toMatchObject({ id: res.json().callId, status: 'ringing', number: '+989127654321', matches: [{ displayName: 'پریسا نوری' }] });
  });
});
