/**
 * Host spellings and address classes. Expected values are written from the IANA special-purpose registries and the
 * inet_aton / WHATWG URL rules, not from the code; the property tests check every spelling of an address against the
 * same number, and the WHATWG URL parser (Node's own) as an independent reader of IPv4 forms.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import net from 'node:net';
import { classifyIp, formatIp, parseHost, parseIp, parseIpv6, type AddressCategory, type Ip } from './ip-address.ts';

const ipOf = (s: string): string => {
  const h = parseHost(s);
  if (h.kind !== 'ip') throw new Error(`${s} is ${h.kind}`);
  return formatIp(h.ip);
};
const classOf = (s: string) => classifyIp(parseIp(s)!);

describe('parseHost', () => {
  it('reads every IPv4 spelling a resolver accepts as the same address', () => {
    for (const s of ['127.0.0.1', '0177.0.0.1', '2130706433', '0x7f.1', '0x7f000001', '0X7F.0.0.1', '127.1', '127.0.1',
      '017700000001', '0177.0.0.01', '127.0.0.1.', ' 127.0.0.1 ']) {
      expect(ipOf(s), s).toBe('127.0.0.1');
    }
    expect(ipOf('0')).toBe('0.0.0.0');
    expect(ipOf('0x')).toBe('0.0.0.0');
    expect(ipOf('10.1')).toBe('10.0.0.1');
    expect(ipOf('192.168.257')).toBe('192.168.1.1');
    expect(ipOf('4294967295')).toBe('255.255.255.255');
  });

  it('reads IPv6 with or without brackets, in any compression, with an IPv4 tail', () => {
    expect(ipOf('[::1]')).toBe('::1');
    expect(ipOf('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(ipOf('::')).toBe('::');
    expect(ipOf('[::ffff:127.0.0.1]')).toBe('::ffff:7f00:1');
    expect(ipOf('::FFFF:7F00:1')).toBe('::ffff:7f00:1');
    expect(ipOf('fd00:ec2:0:0:0:0:0:254')).toBe('fd00:ec2::254');
    expect(ipOf('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
  });

  it('refuses what is neither an address nor a host name', () => {
    for (const s of ['08.0.0.1', '256.0.0.1', '1.2.3.4.5', '0x100.0.0.1', '4294967296', '1.2.3.09', 'foo.123', '1..2',
      'fe80::1%eth0', '[fe80::1%25eth0]', ':::1', 'a b', '-bad.example', 'exa..mple', '', '.', 'x'.repeat(64) + '.com', 'http://x']) {
      expect(parseHost(s).kind, s).toBe('invalid');
    }
  });

  it('names come out lower case, without the trailing dot, in ASCII', () => {
    expect(parseHost('Mail.Example.COM.')).toEqual({ kind: 'name', name: 'mail.example.com' });
    expect(parseHost('localhost')).toEqual({ kind: 'name', name: 'localhost' });
    expect(parseHost('_sip._udp.pbx.lan')).toEqual({ kind: 'name', name: '_sip._udp.pbx.lan' });
    const idn = parseHost('پیامک.ایران');
    expect(idn.kind).toBe('name');
    expect((idn as { name: string }).name).toMatch(/^xn--[a-z0-9-]+\.xn--[a-z0-9-]+$/);
  });
});

describe('classifyIp', () => {
  const table: [string, AddressCategory | null][] = [
    ['127.0.0.1', 'loopback'], ['127.255.255.254', 'loopback'], ['10.1.2.3', 'private'], ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'], ['172.32.0.1', null], ['192.168.0.1', 'private'], ['169.254.169.254', 'metadata'],
    ['100.100.100.200', 'metadata'], ['169.254.1.1', 'link-local'], ['100.64.0.1', 'shared'], ['100.127.255.255', 'shared'],
    ['100.128.0.1', null], ['0.0.0.0', 'unspecified'], ['0.1.2.3', 'unspecified'], ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'], ['255.255.255.255', 'broadcast'], ['240.0.0.1', 'reserved'], ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'], ['198.20.0.1', null], ['192.0.2.1', 'documentation'], ['198.51.100.1', 'documentation'],
    ['203.0.113.1', 'documentation'], ['192.0.0.8', 'reserved'], ['192.88.99.1', 'reserved'], ['8.8.8.8', null],
    ['93.184.215.14', null], ['1.1.1.1', null], ['185.143.233.120', null],
    ['::1', 'loopback'], ['::', 'unspecified'], ['::ffff:127.0.0.1', 'loopback'], ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'metadata'], ['::ffff:8.8.8.8', null], ['::127.0.0.1', 'reserved'], ['::8.8.8.8', 'reserved'],
    ['::ffff:0:7f00:1', 'reserved'], ['fe80::1', 'link-local'], ['febf::1', 'link-local'], ['fec0::1', 'reserved'],
    ['fc00::1', 'private'], ['fd12:3456::1', 'private'], ['fd00:ec2::254', 'metadata'], ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'], ['2001::1', 'reserved'], ['2001:2::1', 'benchmarking'], ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'metadata'], ['64:ff9b::808:808', null], ['64:ff9b:1::1', 'private'], ['2002:7f00:1::1', 'loopback'],
    ['2002:a00:1::', 'private'], ['2002:808:808::1', null], ['2606:4700:4700::1111', null], ['2a00:1450:4001::1', null],
    ['100::1', 'reserved'], ['3fff::1', 'documentation'], ['4000::1', 'reserved'], ['1::1', 'reserved'],
  ];
  for (const [ip, expected] of table) it(`${ip} → ${expected ?? 'public'}`, () => expect(classOf(ip)).toBe(expected));
});

const v4 = (n: number): Ip => ({ v: 4, n });
const dotted = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255);

describe('properties', () => {
  it('every inet_aton spelling of an IPv4 address is that address', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.boolean(), (n, upper) => {
      const [a, b, c, d] = dotted(n);
      const hex = (x: number) => `0${upper ? 'X' : 'x'}${x.toString(16)}`;
      const oct = (x: number) => `0${x.toString(8)}`;
      const spellings = [
        `${a}.${b}.${c}.${d}`, String(n), hex(n), oct(n), `${oct(a)}.${hex(b)}.${c}.${oct(d)}`,
        `${a}.${b}.${(c << 8) | d}`, `${a}.${(b << 16) | (c << 8) | d}`, `${a}.${b}.${c}.${d}.`,
      ];
      for (const s of spellings) expect(ipOf(s), s).toBe(formatIp(v4(n)));
    }));
  });

  it('the WHATWG URL parser (Node) and parseHost agree on numeric hosts', () => {
    const label = fc.oneof(fc.stringMatching(/^[0-9]{1,11}$/), fc.stringMatching(/^0[xX][0-9a-fA-F]{0,9}$/), fc.stringMatching(/^0[0-7]{1,12}$/), fc.constantFrom('', '08', 'ab'));
    fc.assert(fc.property(fc.array(label, { minLength: 1, maxLength: 5 }), (parts) => {
      const s = parts.join('.');
      let whatwg: string | null;
      try { whatwg = new URL(`http://${s}/`).hostname; } catch { whatwg = null; }
      const ours = parseHost(s);
      if (ours.kind === 'ip') expect(whatwg, s).toBe(formatIp(ours.ip));
      else if (ours.kind === 'invalid') expect(whatwg === null || whatwg.endsWith('.') || !net.isIPv4(whatwg), s).toBe(true);
      else expect(whatwg !== null && !net.isIPv4(whatwg), s).toBe(true);
    }), { numRuns: 2000 });
  });

  it('an IPv4 address and its IPv4-mapped, NAT64 and 6to4 forms are classified alike', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
      const hi = (n >>> 16).toString(16), lo = (n & 0xffff).toString(16);
      const c = classifyIp(v4(n));
      expect(classifyIp(parseIp(`::ffff:${hi}:${lo}`)!)).toBe(c);
      expect(classifyIp(parseIp(`::ffff:${dotted(n).join('.')}`)!)).toBe(c);
      expect(classifyIp(parseIp(`64:ff9b::${hi}:${lo}`)!)).toBe(c);
      expect(classifyIp(parseIp(`2002:${hi}:${lo}::1`)!)).toBe(c);
    }));
  });

  it('every address of the refused IPv4 ranges is refused', () => {
    const ranges: [string, number, AddressCategory][] = [['127.0.0.0', 8, 'loopback'], ['10.0.0.0', 8, 'private'], ['172.16.0.0', 12, 'private'],
      ['192.168.0.0', 16, 'private'], ['100.64.0.0', 10, 'shared'], ['0.0.0.0', 8, 'unspecified'], ['224.0.0.0', 4, 'multicast']];
    for (const [base, prefix, category] of ranges) {
      const start = (parseIp(base) as { n: number }).n;
      fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** (32 - prefix) - 1 }), (off) => {
        expect(classifyIp(v4(start + off))).toBe(category);
      }), { numRuns: 200 });
    }
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffff }), (off) => {
      const c = classifyIp(v4((parseIp('169.254.0.0') as { n: number }).n + off));
      expect(c === 'link-local' || c === 'metadata').toBe(true);
    }), { numRuns: 200 });
  });

  it('IPv6: formatting and parsing round-trip; unique-local, link-local and multicast are refused', () => {
    const words = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 });
    fc.assert(fc.property(words, (w) => {
      const text = formatIp({ v: 6, w });
      expect(net.isIPv6(text)).toBe(true);
      expect(parseIpv6(text)).toEqual(w);
    }));
    fc.assert(fc.property(words, (w) => {
      const ula = [0xfc00 | (w[0] & 0x1ff), ...w.slice(1)];
      const metadata = formatIp({ v: 6, w: ula }) === 'fd00:ec2::254';
      expect(classifyIp({ v: 6, w: ula })).toBe(metadata ? 'metadata' : 'private');
      expect(classifyIp({ v: 6, w: [0xfe80 | (w[0] & 0x3f), ...w.slice(1)] })).toBe('link-local');
      expect(classifyIp({ v: 6, w: [0xff00 | (w[0] & 0xff), ...w.slice(1)] })).toBe('multicast');
    }));
  });

  it('parseHost never throws', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => { parseHost(s); }), { numRuns: 2000 });
  });
});
