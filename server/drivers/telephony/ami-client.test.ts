import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeAmiServer } from '../../test/fakes/ami-server.ts';
import { loopbackGuard } from '../../test/fakes/dns.ts';
import { AmiClient, originate, testAmiConnection, type AmiClientOptions } from './ami-client.ts';
import type { AmiMessage } from './ami-protocol.ts';

type Log = { level: string; msg: string };
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(over: Partial<AmiClientOptions> = {}, configure?: (s: FakeAmiServer) => void) {
  const server = new FakeAmiServer();
  configure?.(server);
  await server.start();
  cleanups.push(() => server.stop());
  const logs: Log[] = [];
  const client = new AmiClient({
    host: '127.0.0.1', port: server.port, username: 'admin', secret: 'secret', guard: loopbackGuard(),
    log: (level, msg) => logs.push({ level, msg }),
    connectTimeoutMs: 500, loginTimeoutMs: 150, actionTimeoutMs: 300,
    backoff: { initialMs: 20, maxMs: 100 }, pingIntervalMs: 5000, ...over,
  });
  cleanups.push(() => client.stop());
  const states: string[] = [];
  client.on('state', (s) => states.push(s));
  return { server, client, logs, states };
}

function once(client: AmiClient, name: 'connected' | 'disconnected', timeoutMs = 2000): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no ${name} within ${timeoutMs} ms`)), timeoutMs);
    client.once(name, () => { clearTimeout(t); resolve(); });
  });
}

function nextEvent(client: AmiClient, name: string): Promise<AmiMessage> {
  return new Promise((resolve) => {
    const on = (m: AmiMessage) => { if (m.Event === name) { client.off('event', on); resolve(m); } };
    client.on('event', on);
  });
}

describe('AmiClient', () => {
  it('logs in with Events: on and becomes connected', async () => {
    const { server, client, states } = await setup();
    const connected = once(client, 'connected');
    client.start();
    await connected;
    const login = await server.waitForAction('Login');
    expect(login).toMatchObject({ Username: 'admin', Secret: 'secret', Events: 'on' });
    expect(login.ActionID).toBeTruthy();
    expect(client.state).toBe('connected');
    expect(client.lastError).toBeNull();
    expect(client.amiVersion).toBe('6.0.0');
    expect(states).toEqual(['connecting', 'connected']);
  });

  it('on a rejected login logs it clearly and retries with backoff', async () => {
    const { server, client, logs } = await setup({}, (s) => { s.loginMode = 'reject'; });
    client.start();
    await server.waitForAction('Login', 2000, 3);
    expect(client.state).not.toBe('connected');
    expect(client.lastError).toBe('login rejected: Authentication failed');
    expect(logs.some((l) => l.level === 'error' && l.msg.includes('login rejected: Authentication failed'))).toBe(true);
    expect(logs.filter((l) => l.msg.startsWith('AMI: reconnecting in')).length).toBeGreaterThanOrEqual(2);
    server.loginMode = 'ok';
    await once(client, 'connected');
    expect(client.state).toBe('connected');
  });

  it('backs off exponentially between failed attempts', async () => {
    const { server, client, logs } = await setup({ backoff: { initialMs: 10, maxMs: 1000 } }, (s) => { s.loginMode = 'reject'; });
    client.start();
    await server.waitForAction('Login', 3000, 4);
    const delays = logs.filter((l) => l.msg.startsWith('AMI: reconnecting in')).map((l) => Number(/in (\d+) ms/.exec(l.msg)![1]));
    expect(delays[2]).toBeGreaterThan(delays[0] * 2); // 10·2² ±20 % > 2·(10 ±20 %)
  });

  it('when the PBX never answers the login: times out, logs, retries', async () => {
    const { server, client, logs } = await setup({}, (s) => { s.loginMode = 'silent'; });
    client.start();
    await server.waitForAction('Login', 2000, 2);
    expect(client.lastError).toBe('timed out waiting for the PBX to answer the login');
    expect(logs.some((l) => l.msg.includes('timed out waiting for the PBX to answer the login'))).toBe(true);
  });

  it('when the PBX never sends its banner: times out and retries', async () => {
    const { server, client } = await setup({}, (s) => { s.loginMode = 'no-banner'; });
    client.start();
    await vi.waitFor(() => expect(client.lastError).toBe('timed out waiting for the PBX banner'), { timeout: 5000, interval: 10 });
    expect(server.actions).toHaveLength(0);
    expect(client.state).not.toBe('connected');
  });

  it('after a PBX restart: emits disconnected, reconnects, logs in again and emits connected', async () => {
    const { server, client, states } = await setup();
    const c1 = once(client, 'connected');
    client.start();
    await c1;
    const order: string[] = [];
    client.on('disconnected', () => order.push('disconnected'));
    client.on('connected', () => order.push('connected'));
    const c2 = once(client, 'connected');
    await server.restart(60);
    await c2;
    expect(order).toEqual(['disconnected', 'connected']);
    expect(server.actions.filter((a) => a.Action === 'Login')).toHaveLength(2);
    // The PBX is down for 60 ms, so the first retry (after ~20 ms) is refused before the next one gets in.
    expect(states.slice(0, 3)).toEqual(['connecting', 'connected', 'disconnected']);
    expect(states.at(-1)).toBe('connected');
  });

  it('correlates responses by ActionID with events interleaved', async () => {
    const { server, client } = await setup();
    const c = once(client, 'connected');
    client.start();
    await c;
    const events: string[] = [];
    client.on('event', (m) => events.push(m.Event));
    // Answer the next two actions out of order, with events between and a foreign response first.
    const raw = new Promise<AmiMessage[]>((resolve) => {
      void Promise.all([server.waitForAction('CoreStatus'), server.waitForAction('Status')]).then(resolve);
    });
    const origActions = server.actions.length;
    const pCore = client.action({ Action: 'CoreStatus' }).catch((e: Error) => e);
    const pStatus = client.action({ Action: 'Status' }).catch((e: Error) => e);
    const [core, status] = await raw;
    expect(server.actions.length).toBe(origActions + 2);
    // The fake already answered both with Error (unknown command); check rejection carries the Message.
    expect(String(await pCore)).toContain('Invalid/unknown command');
    expect(String(await pStatus)).toContain('Invalid/unknown command');
    expect(core.ActionID).not.toBe(status.ActionID);
    // Now a hand-made interleaving: response to a pending Ping split around events.
    server.answerPings = false;
    const ping = client.action({ Action: 'Ping' });
    const pingAction = await server.waitForAction('Ping');
    server.sendRaw(`Event: Newexten\r\nLinkedid: 1\r\n\r\nResponse: Success\r\nActionID: someone-else\r\n\r\nEvent: VarSet\r\nActionID: ${pingAction.ActionID}\r\n\r\nResponse: Success\r\nActionID: ${pingAction.ActionID}\r\nPing: Pong\r\n\r\n`);
    await expect(ping).resolves.toMatchObject({ Ping: 'Pong', ActionID: pingAction.ActionID });
    expect(events).toEqual(expect.arrayContaining(['Newexten', 'VarSet']));
  });

  it('an action with no answer times out', async () => {
    const { server, client } = await setup();
    const c = once(client, 'connected');
    client.start();
    await c;
    server.answerPings = false;
    const t = Date.now();
    await expect(client.action({ Action: 'Ping' }, 80)).rejects.toThrow(/timed out/);
    expect(Date.now() - t).toBeGreaterThanOrEqual(70);
  });

  it('rejects at once when not connected', async () => {
    const { client } = await setup();
    await expect(client.action({ Action: 'Ping' })).rejects.toThrow('AMI not connected');
  });

  it('a missed ping answer tears the link down and reconnects', async () => {
    const { server, client, logs } = await setup({ pingIntervalMs: 60, actionTimeoutMs: 60 });
    const c = once(client, 'connected');
    client.start();
    await c;
    server.answerPings = false;
    await once(client, 'disconnected');
    expect(logs.some((l) => l.msg.includes('keepalive failed'))).toBe(true);
    server.answerPings = true;
    await once(client, 'connected');
    expect(server.actions.filter((a) => a.Action === 'Login').length).toBe(2);
  });

  it('keeps running through malformed frames and parses the next good event', async () => {
    const { server, client } = await setup();
    const c = once(client, 'connected');
    client.start();
    await c;
    const good = nextEvent(client, 'Hangup');
    server.sendRaw('this is not ami\r\n:::\r\nNoColonHere\r\n\r\nFoo: bar\r\n\r\n\r\n\r\n');
    server.sendRaw(Buffer.from([0xff, 0xfe, 0x0d, 0x0a, 0x0d, 0x0a]));
    server.sendRaw('Event: Hangup\r\nChannel: PJSIP/101-00000001\r\nCause-txt: Normal Clearing\r\n\r\n');
    await expect(good).resolves.toMatchObject({ Channel: 'PJSIP/101-00000001', 'Cause-txt': 'Normal Clearing' });
    expect(client.state).toBe('connected');
  });

  it('stop() logs off and does not reconnect', async () => {
    const { server, client, states } = await setup();
    const c = once(client, 'connected');
    client.start();
    await c;
    await client.stop();
    expect(server.actions.at(-1)?.Action).toBe('Logoff');
    expect(client.state).toBe('stopped');
    await new Promise((r) => setTimeout(r, 100));
    expect(server.actions.filter((a) => a.Action === 'Login')).toHaveLength(1);
    expect(states.at(-1)).toBe('stopped');
  });

  it('originate sends Async Originate with the variables on one Variable header', async () => {
    const { server, client } = await setup();
    const c = once(client, 'connected');
    client.start();
    await c;
    const res = await originate(client, {
      channel: 'PJSIP/101', context: 'from-internal', exten: '09121234567', callerId: 'مهور <09121234567>',
      variables: { MEHVAR_CALL_ID: 'abc', X: '1' }, timeoutMs: 30000,
    });
    expect(res.Message).toBe('Originate successfully queued');
    expect(await server.waitForAction('Originate')).toMatchObject({
      Channel: 'PJSIP/101', Context: 'from-internal', Exten: '09121234567', Priority: '1', Async: 'true',
      CallerID: 'مهور <09121234567>', Variable: 'MEHVAR_CALL_ID=abc,X=1', Timeout: '30000',
    });
    await expect(originate(client, { channel: 'PJSIP/101', context: 'c', exten: '1', variables: { A: 'x,y' } })).rejects.toThrow(/comma/);
    await expect(originate(client, { channel: 'PJSIP/101\r\nAction: Logoff', context: 'c', exten: '1' })).rejects.toThrow(/line break/);
  });
});

describe('testAmiConnection', () => {
  const opts = (port: number, secret = 'secret') => ({ host: '127.0.0.1', port, username: 'admin', secret, timeoutMs: 300, guard: loopbackGuard() });

  it('ok: logs in and off, reports the AMI version', async () => {
    const server = new FakeAmiServer();
    await server.start();
    cleanups.push(() => server.stop());
    expect(await testAmiConnection(opts(server.port))).toEqual({ ok: true, version: '6.0.0' });
    await server.waitForAction('Logoff');
  });

  it('connection refused', async () => {
    const s = net.createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    const port = (s.address() as net.AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    expect(await testAmiConnection(opts(port))).toEqual({ ok: false, message: 'connection refused' });
  });

  it('login rejected, silent PBX, no banner, bad banner', async () => {
    const server = new FakeAmiServer();
    await server.start();
    cleanups.push(() => server.stop());
    expect(await testAmiConnection(opts(server.port, 'wrong'))).toEqual({ ok: false, message: 'login rejected: Authentication failed' });
    server.loginMode = 'silent';
    expect(await testAmiConnection(opts(server.port))).toEqual({ ok: false, message: 'timed out waiting for the PBX' });
    server.loginMode = 'no-banner';
    expect(await testAmiConnection(opts(server.port))).toEqual({ ok: false, message: 'timed out waiting for the PBX' });
    server.loginMode = 'ok';
    server.banner = 'SSH-2.0-OpenSSH_9.6';
    expect(await testAmiConnection(opts(server.port))).toEqual({ ok: false, message: 'not an AMI server (bad banner)' });
  });
});
