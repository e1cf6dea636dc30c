/**
 * The outbound guard on its own: allow-list entries, what is refused and allowed, the connect-time lookup (DNS
 * rebinding), sockets that never reach a refused host, and HTTP with redirects checked hop by hop. Local servers on
 * 127.0.0.1 count what reaches them.
 */
import { describe, it, expect, afterEach } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { once } from 'node:events';
import { FakeDns } from '../test/fakes/dns.ts';
import { normalizeAllowList, parseAllowEntry } from './allow-list.ts';
import { OutboundGuard, OutboundRefused, REFUSED_MESSAGE, type ResolvedAddress } from './outbound-guard.ts';
import { OutboundHttpError, outboundRequest } from './outbound-http.ts';

const PUBLIC = '93.184.215.14';
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

function guard(allow: string[] = [], dns = new FakeDns()) {
  return { g: new OutboundGuard({ allow: () => allow, resolve: dns.resolve }), dns };
}

async function listen(handler?: http.RequestListener) {
  let hits = 0;
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => { hits++; seen.push(req.headers); (handler ?? ((_q, r) => r.end('ok')))(req, res); });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise((r) => server.close(r)));
  const port = (server.address() as net.AddressInfo).port;
  return { port, url: `http://127.0.0.1:${port}`, hits: () => hits, seen };
}

describe('allow-list entries', () => {
  it('normalizes names, addresses and ranges', () => {
    const cases: [string, string][] = [
      ['10.0.0.5', '10.0.0.5'], [' PBX.Office.LAN. ', 'pbx.office.lan'], ['192.168.1.7/24', '192.168.1.0/24'], ['0x7f.1', '127.0.0.1'],
      ['[::1]', '::1'], ['::ffff:10.0.0.5', '10.0.0.5'], ['::ffff:10.0.0.0/104', '10.0.0.0/8'], ['fd12:3456::/32', 'fd12:3456::/32'],
      ['fd12:3456:789a::1/48', 'fd12:3456:789a::/48'], ['0.0.0.0/0', '0.0.0.0/0'],
    ];
    for (const [raw, text] of cases) expect(parseAllowEntry(raw), raw).toMatchObject({ ok: true, text });
  });

  it('refuses URLs, ports, wildcards and bad prefixes, by position', () => {
    for (const raw of ['', 'http://10.0.0.5/', 'pbx.lan:5038', '*.office.lan', '10.0.0.0/33', 'fd00::/129', '10.0.0.0/', 'pbx.lan/24', '1.2.3.4.5']) {
      expect(parseAllowEntry(raw).ok, raw).toBe(false);
    }
    const n = normalizeAllowList(['pbx.lan', 'bad entry', 'PBX.lan', '10.0.0.0/8']);
    expect(n).toEqual({ entries: ['pbx.lan', '10.0.0.0/8'], errors: { 1: expect.any(String) } });
  });
});

describe('vet', () => {
  it('refuses private addresses in any spelling and names that resolve to one', async () => {
    const { g, dns } = guard();
    dns.set('intranet.test', ['10.1.2.3']);
    dns.set('mixed.test', [PUBLIC, 'fd00::1']);
    for (const host of ['127.0.0.1', '0x7f.1', '[::1]', '::ffff:127.0.0.1', 'localhost', 'a.localhost', 'intranet.test', 'mixed.test', '169.254.169.254']) {
      await expect(g.vet(host), host).rejects.toBeInstanceOf(OutboundRefused);
    }
    await expect(g.vet('169.254.169.254')).rejects.toMatchObject({ category: 'metadata', message: REFUSED_MESSAGE });
    // localhost is never asked of DNS.
    expect(dns.asked).toEqual(['intranet.test', 'mixed.test']);
  });

  it('allows public targets, and private ones by name, address or range', async () => {
    const { g, dns } = guard(['pbx.office.lan', '10.0.0.5', '192.168.1.0/24', 'fd12::/16']);
    dns.set('gw.example', [PUBLIC, '2606:4700:4700::1111']);
    dns.set('pbx.office.lan', ['172.16.9.9']);
    dns.set('printer.office.lan', ['192.168.1.40']);
    dns.set('sub.pbx.office.lan', ['172.16.9.9']);
    expect(await g.vet('gw.example')).toEqual([{ address: PUBLIC, family: 4 }, { address: '2606:4700:4700::1111', family: 6 }]);
    expect(await g.vet('pbx.office.lan')).toEqual([{ address: '172.16.9.9', family: 4 }]);
    expect(await g.vet('printer.office.lan')).toEqual([{ address: '192.168.1.40', family: 4 }]);
    expect(await g.vet('10.0.0.5')).toEqual([{ address: '10.0.0.5', family: 4 }]);
    expect(await g.vet('::ffff:10.0.0.5')).toEqual([{ address: '::ffff:a00:5', family: 6 }]);
    expect(await g.vet('fd12:1::9')).toEqual([{ address: 'fd12:1::9', family: 6 }]);
    await expect(g.vet('10.0.0.6')).rejects.toBeInstanceOf(OutboundRefused);
    await expect(g.vet('sub.pbx.office.lan')).rejects.toBeInstanceOf(OutboundRefused);
  });

  it('check (for saving): refused, invalid, or accepted — a name that does not resolve now is accepted', async () => {
    const { g } = guard();
    expect(await g.check('127.1')).toEqual({ ok: false, reason: 'refused', message: REFUSED_MESSAGE });
    expect(await g.check('08.1.1.1')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await g.check('not-yet.example')).toEqual({ ok: true });
    expect(await g.check('8.8.8.8')).toEqual({ ok: true });
  });
});

describe('lookup and connect', () => {
  const lookup = (g: OutboundGuard, host: string, options: { all?: boolean; family?: number } = {}) =>
    new Promise<{ err: NodeJS.ErrnoException | null; result: unknown }>((resolve) => {
      g.lookup(host, options as never, ((err: NodeJS.ErrnoException | null, address: string | ResolvedAddress[], family?: number) =>
        resolve({ err, result: Array.isArray(address) ? address : err ? null : { address, family } })) as never);
    });

  it('the connect-time lookup re-checks: a name that was public and is now private is refused', async () => {
    const { g, dns } = guard();
    dns.set('rebind.test', [PUBLIC], ['127.0.0.1']);
    await g.vet('rebind.test');
    const r = await lookup(g, 'rebind.test');
    expect(r.err).toMatchObject({ code: 'EOUTBOUND_REFUSED' });
  });

  it('answers one address or all of them, of the family asked', async () => {
    const { g, dns } = guard();
    dns.set('gw.example', [PUBLIC, '2606:4700:4700::1111']);
    expect((await lookup(g, 'gw.example')).result).toEqual({ address: PUBLIC, family: 4 });
    expect((await lookup(g, 'gw.example', { all: true })).result).toHaveLength(2);
    expect((await lookup(g, 'gw.example', { family: 6 })).result).toEqual({ address: '2606:4700:4700::1111', family: 6 });
  });

  it('a refused socket never reaches the host; an allowed one connects', async () => {
    let connections = 0;
    const server = net.createServer((s) => { connections++; s.end(); });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(() => new Promise((r) => server.close(r)));
    const port = (server.address() as net.AddressInfo).port;
    const { dns } = guard();
    dns.set('rebind.test', [PUBLIC], ['127.0.0.1']);
    const refusedGuard = new OutboundGuard({ allow: () => [], resolve: dns.resolve });
    for (const host of ['127.0.0.1', 'localhost', 'rebind.test']) {
      const s = refusedGuard.connect({ host, port });
      const [err] = await once(s, 'error') as [NodeJS.ErrnoException];
      expect(err.code, host).toBe('EOUTBOUND_REFUSED');
    }
    expect(connections).toBe(0);
    const ok = guard(['127.0.0.1']).g.connect({ host: '0x7f.1', port });
    await once(ok, 'connect');
    ok.destroy();
    expect(connections).toBe(1);
  });
});

describe('outboundRequest', () => {
  it('follows redirects while each hop is allowed, drops credentials at another origin, and stops at a private hop', async () => {
    const final = await listen((_q, r) => r.end('done'));
    const sameOrigin = await listen((q, r) => (q.url === '/start' ? r.writeHead(307, { location: '/next' }).end() : r.writeHead(302, { location: `${final.url}/end` }).end()));
    const { g } = guard(['127.0.0.1']);
    const res = await outboundRequest(g, `${sameOrigin.url}/start`, { method: 'POST', headers: { Authorization: 'Bearer k', 'X-API-KEY': 'k', 'Content-Type': 'text/plain' }, body: 'x', timeoutMs: 2000 });
    expect(res).toMatchObject({ status: 200, text: 'done', url: `${final.url}/end` });
    expect(sameOrigin.seen[1]).toMatchObject({ authorization: 'Bearer k', 'x-api-key': 'k' });
    // 302 after a POST: the next request is a GET without the body; another origin gets no credentials.
    expect(final.seen[0].authorization).toBeUndefined();
    expect(final.seen[0]['x-api-key']).toBeUndefined();
    expect(final.seen[0]['content-length']).toBeUndefined();

    const toPrivate = await listen((_q, r) => r.writeHead(301, { location: 'http://10.0.0.1/' }).end());
    await expect(outboundRequest(g, toPrivate.url, { method: 'GET', timeoutMs: 2000 })).rejects.toBeInstanceOf(OutboundRefused);
    const toFile = await listen((_q, r) => r.writeHead(302, { location: 'file:///etc/passwd' }).end());
    await expect(outboundRequest(g, toFile.url, { method: 'GET', timeoutMs: 2000 })).rejects.toMatchObject({ code: 'bad_redirect' });
  });

  it('caps redirects, answer size and time', async () => {
    const loop = await listen((_q, r) => r.writeHead(302, { location: '/again' }).end());
    const { g } = guard(['127.0.0.1']);
    await expect(outboundRequest(g, loop.url, { method: 'GET', timeoutMs: 2000, maxRedirects: 2 })).rejects.toMatchObject({ code: 'too_many_redirects' });
    expect(loop.hits()).toBe(3);
    const big = await listen((_q, r) => r.end('x'.repeat(5000)));
    await expect(outboundRequest(g, big.url, { method: 'GET', timeoutMs: 2000, maxBytes: 1000 })).rejects.toMatchObject({ code: 'too_large' });
    const silent = await listen(() => {});
    const err = await outboundRequest(g, silent.url, { method: 'GET', timeoutMs: 150 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutboundHttpError);
    expect(err).toMatchObject({ code: 'timeout' });
  });
});
