/**
 * The one gate every outbound connection to an admin- or operator-chosen host goes through (SMTP, SMS gateways, the
 * PBX): the host is resolved (all its addresses) and refused when any address is loopback, private, link-local,
 * cloud metadata, shared (CGNAT), unspecified, multicast, broadcast or otherwise reserved — unless the host name or the
 * address is on the allow-list. The check runs when a setting is saved, before each connection or HTTP hop, and again
 * inside the socket's own name lookup, so a name that resolves differently at connect time (DNS rebinding) is caught
 * on the address actually connected to.
 */
import dns from 'node:dns';
import net from 'node:net';
import { classifyIp, formatIp, parseHost, parseIp, type AddressCategory } from './ip-address.ts';
import { allowsIp, allowsName, compileAllowList } from './allow-list.ts';

export type ResolvedAddress = { address: string; family: 4 | 6 };
/** All the addresses of a DNS name (the system resolver by default; tests inject their own). */
export type Resolver = (name: string) => Promise<ResolvedAddress[]>;

/** The words a refused target is reported with, everywhere (API errors, test results, logs). */
export const REFUSED_MESSAGE = 'refused: private address';

export class OutboundRefused extends Error {
  readonly code = 'EOUTBOUND_REFUSED';
  constructor(readonly host: string, readonly category: AddressCategory) {
    super(REFUSED_MESSAGE);
    this.name = 'OutboundRefused';
  }
}

export class InvalidHost extends Error {
  readonly code = 'EINVALIDHOST';
  constructor(readonly host: string, reason: string) {
    super(`not a valid host (${reason})`);
    this.name = 'InvalidHost';
  }
}

export const isRefused = (e: unknown): e is OutboundRefused => (e as { code?: unknown } | null)?.code === 'EOUTBOUND_REFUSED';

const systemResolver: Resolver = async (name) => (await dns.promises.lookup(name, { all: true, verbatim: true }))
  .map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** RFC 6761: these names are the machine itself, whatever a resolver says. */
const LOOPBACK_NAMES: ResolvedAddress[] = [{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }];
const isLocalhostName = (name: string) => name === 'localhost' || name.endsWith('.localhost');

export type GuardOptions = {
  /** Allow-list entries (host names, addresses, CIDR ranges), read on every check so a change applies at once. */
  allow: () => readonly string[] | Promise<readonly string[]>;
  resolve?: Resolver;
  /** How long one resolution may take. */
  dnsTimeoutMs?: number;
};

export type SaveCheck = { ok: true } | { ok: false; reason: 'refused' | 'invalid'; message: string };

export class OutboundGuard {
  private readonly resolver: Resolver;
  private readonly dnsTimeoutMs: number;

  constructor(private readonly opts: GuardOptions) {
    this.resolver = opts.resolve ?? systemResolver;
    this.dnsTimeoutMs = opts.dnsTimeoutMs ?? 5000;
  }

  /**
   * Resolves host and returns the addresses that may be connected to, or throws OutboundRefused (or InvalidHost, or the
   * resolver's error). Every address must pass: a name with one public and one private address is refused.
   */
  async vet(host: string): Promise<ResolvedAddress[]> {
    const parsed = parseHost(host);
    if (parsed.kind === 'invalid') throw new InvalidHost(host, parsed.reason);
    const allow = compileAllowList(await this.opts.allow());
    let addresses: ResolvedAddress[];
    if (parsed.kind === 'ip') {
      addresses = [{ address: formatIp(parsed.ip), family: parsed.ip.v }];
    } else {
      if (allowsName(allow, parsed.name)) return this.resolve(parsed.name);
      addresses = isLocalhostName(parsed.name) ? LOOPBACK_NAMES : await this.resolve(parsed.name);
    }
    for (const a of addresses) {
      const ip = parseIp(a.address);
      if (!ip) throw new InvalidHost(host, `the resolver answered ${JSON.stringify(a.address)}`);
      const category = classifyIp(ip);
      if (category && !allowsIp(allow, ip)) throw new OutboundRefused(host, category);
    }
    return addresses;
  }

  /**
   * For saving a setting: refused when the host is known to be private now. A name that does not resolve at the
   * moment is accepted (a PBX being set up, a DNS hiccup): it is checked again at every connection.
   */
  async check(host: string): Promise<SaveCheck> {
    try {
      await this.vet(host);
      return { ok: true };
    } catch (e) {
      if (isRefused(e)) return { ok: false, reason: 'refused', message: REFUSED_MESSAGE };
      if (e instanceof InvalidHost) return { ok: false, reason: 'invalid', message: 'not a valid host' };
      return { ok: true };
    }
  }

  private async resolve(name: string): Promise<ResolvedAddress[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`DNS lookup of ${name} timed out`), { code: 'ETIMEOUT' })), this.dnsTimeoutMs);
    });
    try {
      const list = await Promise.race([this.resolver(name), timeout]);
      if (!list.length) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
      return list;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * A `lookup` for net.connect, http(s).request and tls.connect: the socket connects only to addresses vetted here,
   * in the same resolution — no second lookup can slip a different address in.
   */
  readonly lookup: net.LookupFunction = (hostname, options, callback) => {
    const family = typeof options === 'number' ? options : options?.family;
    const all = typeof options === 'object' && options !== null && options.all === true;
    this.vet(hostname).then((addresses) => {
      const list = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
      if (!list.length) {
        callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      } else if (all) {
        (callback as unknown as (err: null, addresses: ResolvedAddress[]) => void)(null, list);
      } else {
        callback(null, list[0].address, list[0].family);
      }
    }, (err: NodeJS.ErrnoException) => callback(err, '', 0));
  };

  /**
   * A TCP socket to host:port, returned at once like net.connect: it connects after the host is vetted and through the
   * guarded lookup, or is destroyed with the refusal (an 'error' event) without any packet sent to the host.
   */
  connect(target: { host: string; port: number; timeoutMs?: number }): net.Socket {
    const socket = new net.Socket();
    const timer = target.timeoutMs ? setTimeout(() => {
      if (socket.connecting || !socket.remoteAddress) socket.destroy(Object.assign(new Error('connection timed out'), { code: 'ETIMEDOUT' }));
    }, target.timeoutMs) : undefined;
    socket.once('connect', () => clearTimeout(timer));
    socket.once('close', () => clearTimeout(timer));
    this.vet(target.host).then(() => {
      if (socket.destroyed) return;
      const parsed = parseHost(target.host);
      const host = parsed.kind === 'ip' ? formatIp(parsed.ip) : parsed.kind === 'name' ? parsed.name : target.host;
      socket.connect({ host, port: target.port, lookup: this.lookup });
    }, (err: Error) => socket.destroy(err));
    return socket;
  }
}
