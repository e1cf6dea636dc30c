/**
 * HTTP through the outbound guard, against local servers on the loopback address: which redirects change the method
 * (RFC 9110 15.4: 303 always, 301/302 after a POST), which headers cross to another origin, the size cap at exactly
 * maxBytes, Content-Length of a body, the error texts, and a timeout that also bounds a slow DNS answer.
 */
import { describe, it, expect, afterEach } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { once } from 'node:events';
import { OutboundGuard, type Resolver } from './outbound-guard.ts';
import { OutboundHttpError, outboundRequest } from './outbound-http.ts';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
async function listen(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void, host = '127.0.0.1') {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => { seen.push({ method: req.method!, url: req.url!, headers: req.headers, body }); handler(req, res); });
  });
  server.listen(0, host);
  await once(server, 'listening');
  cleanups.push(() => new Promise((r) => { server.closeAllConnections(); server.close(r); }));
  const port = (server.address() as net.AddressInfo).port;
  return { port, url: host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`, seen };
}

const guard = (allow = ['127.0.0.1', '::1'], resolve?: Resolver) => new OutboundGuard({ allow: () => allow, resolve });

describe('redirects and methods', () => {
  /** A server that redirects /r/<status> to /end, and answers /end with 200. */
  const redirector = () => listen((req, res) => {
    const m = /^\/r\/(\d+)$/.exec(req.url!);
    if (m) res.writeHead(Number(m[1]), { location: '/end' }).end();
    else res.end('end');
  });

  it('303 turns any method into GET without body or Content-* headers; 301 and 302 do so only after a POST', async () => {
    const s = await redirector();
    const g = guard();
    const send = async (status: number, method: 'GET' | 'POST' | 'PUT') => {
      s.seen.length = 0;
      const res = await outboundRequest(g, `${s.url}/r/${status}`, { method, headers: { 'Content-Type': 'text/plain', 'X-Key': 'k' }, body: method === 'GET' ? undefined : 'data', timeoutMs: 2000 });
      expect(res.status).toBe(200);
      const end = s.seen[1];
      return { method: end.method, body: end.body, type: end.headers['content-type'], key: end.headers['x-key'] };
    };
    expect(await send(303, 'POST')).toEqual({ method: 'GET', body: '', type: undefined, key: 'k' });
    expect(await send(303, 'PUT')).toEqual({ method: 'GET', body: '', type: undefined, key: 'k' });
    expect(await send(302, 'POST')).toEqual({ method: 'GET', body: '', type: undefined, key: 'k' });
    expect(await send(301, 'POST')).toEqual({ method: 'GET', body: '', type: undefined, key: 'k' });
    expect(await send(302, 'PUT')).toEqual({ method: 'PUT', body: 'data', type: 'text/plain', key: 'k' });
    expect(await send(301, 'PUT')).toEqual({ method: 'PUT', body: 'data', type: 'text/plain', key: 'k' });
    expect(await send(307, 'POST')).toEqual({ method: 'POST', body: 'data', type: 'text/plain', key: 'k' });
    expect(await send(308, 'POST')).toEqual({ method: 'POST', body: 'data', type: 'text/plain', key: 'k' });
    expect(await send(302, 'GET')).toEqual({ method: 'GET', body: '', type: 'text/plain', key: 'k' });
  });

  it('only a redirect status with a Location is followed', async () => {
    const s = await listen((req, res) => {
      if (req.url === '/ok-with-location') res.writeHead(200, { location: '/elsewhere' }).end('here');
      else if (req.url === '/302-without-location') res.writeHead(302).end('no location');
      else res.writeHead(404).end();
    });
    const g = guard();
    expect(await outboundRequest(g, `${s.url}/ok-with-location`, { method: 'GET', timeoutMs: 2000 })).toMatchObject({ status: 200, text: 'here' });
    expect(await outboundRequest(g, `${s.url}/302-without-location`, { method: 'GET', timeoutMs: 2000 })).toMatchObject({ status: 302, text: 'no location' });
    expect(s.seen.map((x) => x.url)).toEqual(['/ok-with-location', '/302-without-location']);
  });

  it('to another origin only Accept, Accept-Language, Content-Type and User-Agent go along, whatever their case', async () => {
    const other = await listen((_q, r) => r.end('other'));
    const first = await listen((_q, r) => r.writeHead(307, { location: `${other.url}/x` }).end());
    const headers = { Accept: 'text/plain', 'accept-language': 'fa', 'Content-Type': 'text/plain', 'User-Agent': 'Mehvar', Authorization: 'Basic x', Cookie: 'a=b' };
    await outboundRequest(guard(), first.url, { method: 'POST', headers, body: 'b', timeoutMs: 2000 });
    const h = other.seen[0].headers;
    expect([h.accept, h['accept-language'], h['content-type'], h['user-agent'], h.authorization, h.cookie]).toEqual(['text/plain', 'fa', 'text/plain', 'Mehvar', undefined, undefined]);
    expect(first.seen[0].headers.authorization).toBe('Basic x');
  });

  it('names what went wrong', async () => {
    const loop = await listen((_q, r) => r.writeHead(302, { location: '/again' }).end());
    const g = guard();
    await expect(outboundRequest(g, loop.url, { method: 'GET', timeoutMs: 2000, maxRedirects: 2 }))
      .rejects.toMatchObject({ name: 'OutboundHttpError', code: 'too_many_redirects', message: 'more than 2 redirects' });
    // Three redirects by default: the fourth is refused after four requests.
    loop.seen.length = 0;
    await expect(outboundRequest(g, loop.url, { method: 'GET', timeoutMs: 2000 })).rejects.toMatchObject({ message: 'more than 3 redirects' });
    expect(loop.seen).toHaveLength(4);
    const bad = await listen((_q, r) => r.writeHead(302, { location: 'http://[::1' }).end());
    await expect(outboundRequest(g, bad.url, { method: 'GET', timeoutMs: 2000 })).rejects.toMatchObject({ code: 'bad_redirect', message: 'a redirect to an invalid address' });
    const toFtp = await listen((_q, r) => r.writeHead(302, { location: 'ftp://127.0.0.1/x' }).end());
    await expect(outboundRequest(g, toFtp.url, { method: 'GET', timeoutMs: 2000 })).rejects.toMatchObject({ code: 'bad_redirect', message: 'redirect to a ftp: address' });
  });
});

describe('the request itself', () => {
  it('sends Content-Length in bytes for a body', async () => {
    const s = await listen((_q, r) => r.end('ok'));
    await outboundRequest(guard(), s.url, { method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: 'سلام', timeoutMs: 2000 });
    expect(s.seen[0].headers['content-length']).toBe('8');
    expect(s.seen[0].headers['transfer-encoding']).toBeUndefined();
    expect(s.seen[0].body).toBe('سلام');
  });

  it('reaches an IPv6 address written in brackets', async () => {
    const s = await listen((_q, r) => r.end('six'), '::1');
    expect(await outboundRequest(guard(), `${s.url}/p?q=1`, { method: 'GET', timeoutMs: 2000 })).toMatchObject({ status: 200, text: 'six', url: `${s.url}/p?q=1` });
    expect(s.seen[0].url).toBe('/p?q=1');
  });

  it('speaks TLS to an https address (here to a plain TCP server, which sees the handshake)', async () => {
    let firstByte = -1;
    const tcp = net.createServer((c) => { c.once('data', (d: Buffer) => { firstByte = d[0]; c.destroy(); }); });
    tcp.listen(0, '127.0.0.1');
    await once(tcp, 'listening');
    cleanups.push(() => new Promise((r) => tcp.close(r)));
    const port = (tcp.address() as net.AddressInfo).port;
    const err = await outboundRequest(guard(), `https://127.0.0.1:${port}/`, { method: 'GET', timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(OutboundHttpError);
    // 0x16: a TLS handshake record.
    expect(firstByte).toBe(0x16);
  });

  it('an answer of exactly maxBytes is read; one byte more is refused', async () => {
    const s = await listen((req, r) => r.end('x'.repeat(req.url === '/more' ? 1001 : 1000)));
    expect((await outboundRequest(guard(), s.url, { method: 'GET', timeoutMs: 2000, maxBytes: 1000 })).text).toHaveLength(1000);
    await expect(outboundRequest(guard(), `${s.url}/more`, { method: 'GET', timeoutMs: 2000, maxBytes: 1000 }))
      .rejects.toMatchObject({ code: 'too_large', message: 'the answer is larger than 1000 bytes' });
  });

  it('the timeout covers a slow DNS answer too', async () => {
    const slowDns: Resolver = () => new Promise(() => {});
    const g = new OutboundGuard({ allow: () => [], resolve: slowDns, dnsTimeoutMs: 10_000 });
    const t = Date.now();
    await expect(outboundRequest(g, 'http://slow.example/', { method: 'GET', timeoutMs: 50 }))
      .rejects.toMatchObject({ code: 'timeout', message: 'no answer within 50 ms' });
    expect(Date.now() - t).toBeLessThan(5000);
  });
});
