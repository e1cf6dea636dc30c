/**
 * The outbound guard's edges: its errors (names, codes, messages), a resolver that hangs, answers nothing or answers
 * nonsense, the connect-time lookup with a numeric family, and a socket whose vetting outlasts its timeout. Only the
 * loopback address and a fake resolver are used; the system resolver is asked only for "localhost" (the hosts file).
 */
import { describe, it, expect, afterEach, vi } from 'vitest';
import net from 'node:net';
import { once } from 'node:events';
import { FakeDns } from '../test/fakes/dns.ts';
import { InvalidHost, OutboundGuard, OutboundRefused, REFUSED_MESSAGE, isRefused, type ResolvedAddress, type Resolver } from './outbound-guard.ts';

const PUBLIC = '93.184.215.14';
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const c of cleanups.splice(0).reverse()) await c();
});

const never: Resolver = () => new Promise(() => {});
const lookup = (g: OutboundGuard, host: string, options: unknown) =>
  new Promise<unknown[]>((resolve) => { g.lookup(host, options as never, ((...args: unknown[]) => resolve(args)) as never); });

describe('errors', () => {
  it('a refusal says "refused: private address" and carries the host and why', async () => {
    expect(REFUSED_MESSAGE).toBe('refused: private address');
    const g = new OutboundGuard({ allow: () => [] });
    const e = await g.vet('10.1.2.3').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OutboundRefused);
    expect(e).toMatchObject({ name: 'OutboundRefused', code: 'EOUTBOUND_REFUSED', host: '10.1.2.3', category: 'private', message: 'refused: private address' });
    expect(isRefused(e)).toBe(true);
    expect(isRefused(null)).toBe(false);
    expect(isRefused(undefined)).toBe(false);
    expect(isRefused(new Error('x'))).toBe(false);
    expect(isRefused({ code: 'EOUTBOUND_REFUSED' })).toBe(true);
  });

  it('an invalid host says why, and check() reports it as "not a valid host"', async () => {
    const g = new OutboundGuard({ allow: () => [] });
    const e = await g.vet('a b').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InvalidHost);
    expect(e).toMatchObject({ name: 'InvalidHost', code: 'EINVALIDHOST', host: 'a b', message: 'not a valid host (spaces or control characters)' });
    expect(await g.check('a b')).toEqual({ ok: false, reason: 'invalid', message: 'not a valid host' });
  });
});

describe('resolution', () => {
  it('a resolver answering something that is not an address: invalid host, naming the answer', async () => {
    const g = new OutboundGuard({ allow: () => [], resolve: async () => [{ address: 'evil.example', family: 4 }] });
    await expect(g.vet('odd.test')).rejects.toMatchObject({ code: 'EINVALIDHOST', message: 'not a valid host (the resolver answered "evil.example")' });
  });

  it('an empty answer is "not found"', async () => {
    const g = new OutboundGuard({ allow: () => [], resolve: async () => [] });
    await expect(g.vet('empty.test')).rejects.toMatchObject({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND empty.test' });
  });

  it('a resolver that hangs gives up after the DNS timeout', async () => {
    const g = new OutboundGuard({ allow: () => [], resolve: never, dnsTimeoutMs: 20 });
    await expect(g.vet('slow.test')).rejects.toMatchObject({ code: 'ETIMEOUT', message: 'DNS lookup of slow.test timed out' });
  });

  it('the DNS timer is cleared when the answer comes (no timer left behind)', async () => {
    vi.useFakeTimers();
    const dns = new FakeDns();
    dns.set('gw.example', [PUBLIC]);
    const g = new OutboundGuard({ allow: () => [], resolve: dns.resolve, dnsTimeoutMs: 1000 });
    expect(await g.vet('gw.example')).toEqual([{ address: PUBLIC, family: 4 }]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('the DNS timeout is 5 s unless set', async () => {
    vi.useFakeTimers();
    const g = new OutboundGuard({ allow: () => [], resolve: never });
    const result = g.vet('slow.test').catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(4999);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await result).toMatchObject({ code: 'ETIMEOUT' });
  });

  it('"localhost" is the loopback addresses without asking DNS; allowed by name, the system resolver is asked', async () => {
    const g = new OutboundGuard({ allow: () => ['127.0.0.1', '::1'], resolve: async () => { throw new Error('asked'); } });
    expect(await g.vet('localhost')).toEqual([{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }]);
    const system = new OutboundGuard({ allow: () => ['localhost'] });
    const addresses = await system.vet('localhost');
    expect(addresses).toContainEqual({ address: '127.0.0.1', family: 4 });
    for (const a of addresses) expect(a.family).toBe(net.isIP(a.address));
  });
});

describe('the connect-time lookup', () => {
  const both = () => {
    const dns = new FakeDns();
    dns.set('gw.example', [PUBLIC, '2606:4700:4700::1111']);
    dns.set('v4only.example', [PUBLIC]);
    return new OutboundGuard({ allow: () => [], resolve: dns.resolve });
  };

  it('takes the family as a number or an option; 0 or none means any', async () => {
    const g = both();
    expect(await lookup(g, 'gw.example', 6)).toEqual([null, '2606:4700:4700::1111', 6]);
    expect(await lookup(g, 'gw.example', 4)).toEqual([null, PUBLIC, 4]);
    expect(await lookup(g, 'gw.example', 0)).toEqual([null, PUBLIC, 4]);
    expect(await lookup(g, 'gw.example', { family: 6 })).toEqual([null, '2606:4700:4700::1111', 6]);
    expect(await lookup(g, 'gw.example', { family: 0, all: true })).toEqual([null, [{ address: PUBLIC, family: 4 }, { address: '2606:4700:4700::1111', family: 6 }]]);
    expect(await lookup(g, 'gw.example', { family: 6, all: true })).toEqual([null, [{ address: '2606:4700:4700::1111', family: 6 }]]);
    expect(await lookup(g, 'gw.example', null)).toEqual([null, PUBLIC, 4]);
    expect(await lookup(g, 'gw.example', undefined)).toEqual([null, PUBLIC, 4]);
    expect(await lookup(g, 'gw.example', { all: false })).toEqual([null, PUBLIC, 4]);
  });

  it('no address of the family asked: "not found"', async () => {
    const [err, address, family] = await lookup(both(), 'v4only.example', 6) as [NodeJS.ErrnoException, string, number];
    expect(err).toMatchObject({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND v4only.example' });
    expect([address, family]).toEqual(['', 0]);
  });

  it('passes a refusal on as the error', async () => {
    const [err] = await lookup(both(), '10.0.0.1', {}) as [NodeJS.ErrnoException];
    expect(err).toBeInstanceOf(OutboundRefused);
  });
});

describe('connect', () => {
  async function server() {
    let connections = 0;
    const s = net.createServer((c) => { connections++; c.end(); });
    s.listen(0, '127.0.0.1');
    await once(s, 'listening');
    cleanups.push(() => new Promise((r) => s.close(r)));
    return { port: (s.address() as net.AddressInfo).port, connections: () => connections };
  }

  it('times out while the host is still being vetted, and never connects afterwards', async () => {
    const { port, connections } = await server();
    let open!: () => void;
    const gate = new Promise<void>((r) => { open = r; });
    const g = new OutboundGuard({ allow: () => ['slow.lan'], resolve: () => gate.then(() => [{ address: '127.0.0.1', family: 4 }] as ResolvedAddress[]) });
    const socket = g.connect({ host: 'slow.lan', port, timeoutMs: 20 });
    const [err] = await once(socket, 'error') as [NodeJS.ErrnoException];
    expect(err).toMatchObject({ code: 'ETIMEDOUT', message: 'connection timed out' });
    // The name resolves only now: the destroyed socket must not connect. Two later connections of our own, one after
    // the other, are the only ones the server sees.
    open();
    for (let i = 0; i < 2; i++) {
      const probe = new OutboundGuard({ allow: () => ['127.0.0.1'] }).connect({ host: '127.0.0.1', port });
      await once(probe, 'close');
    }
    expect(connections()).toBe(2);
    expect(socket.destroyed).toBe(true);
  });

  it('a connection made in time is not cut by the timeout', async () => {
    const s = net.createServer(() => {});
    s.listen(0, '127.0.0.1');
    await once(s, 'listening');
    cleanups.push(() => new Promise((r) => { s.close(r); }));
    const port = (s.address() as net.AddressInfo).port;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const socket = new OutboundGuard({ allow: () => ['127.0.0.1'] }).connect({ host: '127.0.0.1', port, timeoutMs: 1000 });
    await once(socket, 'connect');
    expect(vi.getTimerCount()).toBe(0);
    socket.destroy();
  });
});
