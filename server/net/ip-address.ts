/**
 * Host strings and IP addresses for the outbound guard: every spelling a resolver or a URL parser accepts for an
 * address (0177.0.0.1, 2130706433, 0x7f.1, 127.1, [::ffff:127.0.0.1] …) is read here into one number, and each address
 * is classified against the IANA special-purpose registries. Pure: no DNS, no sockets.
 */
import net from 'node:net';
import { domainToASCII } from 'node:url';

/** IPv4 as a 32-bit unsigned number; IPv6 as eight 16-bit words. */
export type Ip = { v: 4; n: number } | { v: 6; w: number[] };

/** Why an address is not a public destination. */
export type AddressCategory =
  | 'loopback' | 'private' | 'link-local' | 'metadata' | 'shared' | 'unspecified' | 'multicast' | 'broadcast'
  | 'reserved' | 'documentation' | 'benchmarking';

export type ParsedHost =
  | { kind: 'ip'; ip: Ip }
  | { kind: 'name'; name: string }
  | { kind: 'invalid'; reason: string };

const NAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/**
 * A host as written by a person or taken from a URL → an address or a DNS name (lower case, ASCII, no trailing dot).
 * Brackets around IPv6 are optional. A last label that looks like a number makes the whole host an IPv4 address in
 * the loose form resolvers accept, or invalid — never a name sent to DNS.
 */
export function parseHost(input: string): ParsedHost {
  let h = input.trim();
  // Control characters and spaces are never part of a host (and a URL parser would silently drop some of them).
  if (/[\x00-\x20\x7f]/.test(h)) return { kind: 'invalid', reason: 'spaces or control characters' };
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.includes(':')) {
    if (h.includes('%')) return { kind: 'invalid', reason: 'an IPv6 zone is not allowed' };
    const w = parseIpv6(h);
    return w ? { kind: 'ip', ip: { v: 6, w } } : { kind: 'invalid', reason: 'not a valid IPv6 address' };
  }
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (!h) return { kind: 'invalid', reason: 'empty host' };
  const v4 = parseIpv4Loose(h);
  if (v4 === 'invalid') return { kind: 'invalid', reason: 'not a valid IPv4 address' };
  if (v4 !== null) return { kind: 'ip', ip: { v: 4, n: v4 } };
  const ascii = /^[\x21-\x7e]*$/.test(h) ? h.toLowerCase() : domainToASCII(h);
  if (!ascii || !NAME.test(ascii)) return { kind: 'invalid', reason: 'not a valid host name' };
  return { kind: 'name', name: ascii };
}

/**
 * The IPv4 forms inet_aton and the WHATWG URL parser accept: one to four parts, each decimal, octal (leading 0) or
 * hex (0x); the last part fills the remaining bytes. null: not numeric (a name); 'invalid': numeric but not an address.
 */
export function parseIpv4Loose(s: string): number | null | 'invalid' {
  const parts = s.split('.');
  const last = parts[parts.length - 1];
  if (!/^(?:0x[0-9a-f]*|\d+)$/i.test(last)) return null;
  if (parts.length > 4) return 'invalid';
  const nums: number[] = [];
  for (const p of parts) {
    let n: number;
    if (/^0x[0-9a-f]*$/i.test(p)) n = p.length > 2 ? parseInt(p.slice(2), 16) : 0;
    else if (/^0[0-7]*$/.test(p)) n = p.length > 1 ? parseInt(p.slice(1), 8) : 0;
    else if (/^[1-9]\d*$/.test(p)) n = Number(p);
    else return 'invalid';
    if (!Number.isFinite(n) || p.length > 40) return 'invalid';
    nums.push(n);
  }
  const lastNum = nums.pop()!;
  if (nums.some((n) => n > 255)) return 'invalid';
  if (lastNum >= 256 ** (4 - nums.length)) return 'invalid';
  let out = lastNum;
  nums.forEach((n, i) => { out += n * 256 ** (3 - i); });
  return out >>> 0;
}

/**
 * An IPv6 address (no brackets, no zone) → eight words, or null. Node's own parser (net.isIPv6) decides what is valid —
 * it accepts a zone (fe80::1%eth0), which is refused here; what follows only expands an address it accepted.
 */
export function parseIpv6(s: string): number[] | null {
  if (!net.isIPv6(s) || s.includes('%')) return null;
  let text = s;
  // An IPv4 tail (::ffff:1.2.3.4) becomes its two words.
  // Stryker disable next-line Regex: net.isIPv6 allows a dotted quad only at the end, so the anchor changes nothing
  const tail = /\d+\.\d+\.\d+\.\d+$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail[0].split('.').map(Number);
    text = text.slice(0, -tail[0].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest = ''] = text.split('::');
  const words = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const h = words(head), r = words(rest);
  return [...h, ...Array<number>(8 - h.length - r.length).fill(0), ...r];
}

/** An address string as a resolver returns it (or any spelling parseHost accepts) → Ip, or null. */
export function parseIp(s: string): Ip | null {
  const h = parseHost(s);
  return h.kind === 'ip' ? h.ip : null;
}

export function formatIp(ip: Ip): string {
  if (ip.v === 4) return [24, 16, 8, 0].map((s) => (ip.n >>> s) & 255).join('.');
  // RFC 5952: the longest run (two or more) of zero words becomes '::'.
  let best = -1, bestLen = 1;
  // Stryker disable next-line EqualityOperator: ip.w[8] is undefined, which is not 0, so i <= 8 ends the loop the same way
  for (let i = 0; i < 8;) {
    if (ip.w[i] !== 0) { i++; continue; }
    let j = i;
    while (ip.w[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = ip.w.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** The IPv4 address an IPv6 address stands for when it is IPv4-mapped (::ffff:a.b.c.d); else the address itself. */
export function unmap(ip: Ip): Ip {
  if (ip.v === 6 && ip.w.slice(0, 5).every((x) => x === 0) && ip.w[5] === 0xffff) return { v: 4, n: ((ip.w[6] << 16) | ip.w[7]) >>> 0 };
  return ip;
}

/** Whether ip lies in net/prefix (same family). */
export function inRange(ip: Ip, range: Ip, prefix: number): boolean {
  if (ip.v === 4) {
    if (range.v !== 4) return false;
    // A shift by 32 is a shift by 0 in JavaScript: /0 must be said on its own.
    if (prefix === 0) return true;
    const mask = (~0 << (32 - prefix)) >>> 0;
    return ((ip.n & mask) >>> 0) === ((range.n & mask) >>> 0);
  }
  if (range.v !== 6) return false;
  const a = ip.w, b = range.w;
  // Stryker disable next-line EqualityOperator: one more round compares 0 bits (the mask is 0), so <= is the same test
  for (let i = 0; i * 16 < prefix; i++) {
    const bits = Math.min(16, prefix - i * 16);
    const mask = (0xffff << (16 - bits)) & 0xffff;
    if ((a[i] & mask) !== (b[i] & mask)) return false;
  }
  return true;
}

type Rule = [range: string, prefix: number, category: AddressCategory];
const v4 = (s: string) => ({ v: 4, n: parseIpv4Loose(s) as number }) as Ip;
const v6 = (s: string) => ({ v: 6, w: parseIpv6(s)! }) as Ip;

/** IANA IPv4 special-purpose registry (RFC 6890 and successors), most specific first. */
const V4_RULES: [Ip, number, AddressCategory][] = ([
  ['169.254.169.254', 32, 'metadata'], // AWS, GCP, Azure, OpenStack …
  ['100.100.100.200', 32, 'metadata'], // Alibaba Cloud
  ['0.0.0.0', 8, 'unspecified'], // "this network"; 0.0.0.0 reaches the host itself on Linux
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared'], // carrier-grade NAT
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments
  ['192.0.2.0', 24, 'documentation'],
  ['192.31.196.0', 24, 'reserved'], // AS112
  ['192.52.193.0', 24, 'reserved'], // AMT
  ['192.88.99.0', 24, 'reserved'], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16, 'private'],
  ['192.175.48.0', 24, 'reserved'], // AS112 direct delegation
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['255.255.255.255', 32, 'broadcast'],
  ['240.0.0.0', 4, 'reserved'],
] as Rule[]).map(([r, p, c]) => [v4(r), p, c]);

/** IANA IPv6 special-purpose registry; forms that carry an IPv4 address are handled before these. */
const V6_RULES: [Ip, number, AddressCategory][] = ([
  ['fd00:ec2::254', 128, 'metadata'], // AWS over IPv6
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'reserved'], // IPv4-compatible (deprecated)
  ['::ffff:0:0:0', 96, 'reserved'], // IPv4-translated (SIIT)
  ['64:ff9b:1::', 48, 'private'], // local-use NAT64
  ['100::', 64, 'reserved'], // discard-only
  ['2001:2::', 48, 'benchmarking'],
  ['2001:db8::', 32, 'documentation'],
  ['2001::', 23, 'reserved'], // IETF protocol assignments, Teredo (2001::/32) included
  ['3fff::', 20, 'documentation'],
  ['fc00::', 7, 'private'], // unique local
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'reserved'], // site-local (deprecated)
  ['ff00::', 8, 'multicast'],
] as Rule[]).map(([r, p, c]) => [v6(r), p, c]);

const NAT64 = v6('64:ff9b::');
const SIX_TO_FOUR = v6('2002::');
const GLOBAL_UNICAST = v6('2000::');

/**
 * null for a public unicast address; otherwise why it is not one. IPv6 forms that carry an IPv4 address
 * (IPv4-mapped ::ffff:0:0/96, NAT64 64:ff9b::/96, 6to4 2002::/16) are classified by that IPv4 address; IPv6 outside
 * global unicast 2000::/3 is reserved.
 */
export function classifyIp(input: Ip): AddressCategory | null {
  const ip = unmap(input);
  if (ip.v === 4) {
    for (const [range, prefix, category] of V4_RULES) if (inRange(ip, range, prefix)) return category;
    return null;
  }
  if (inRange(ip, NAT64, 96)) return classifyIp({ v: 4, n: ((ip.w[6] << 16) | ip.w[7]) >>> 0 });
  if (inRange(ip, SIX_TO_FOUR, 16)) return classifyIp({ v: 4, n: ((ip.w[1] << 16) | ip.w[2]) >>> 0 });
  for (const [range, prefix, category] of V6_RULES) if (inRange(ip, range, prefix)) return category;
  return inRange(ip, GLOBAL_UNICAST, 3) ? null : 'reserved';
}
