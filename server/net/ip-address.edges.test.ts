/**
 * The edges of host and address reading: why a host is refused (the reason is shown to the admin), loose IPv4 forms
 * that inet_aton refuses, the length limit on a numeric part, IPv6 read by Node's own parser, and range membership
 * at /0 and across families. Expected values from inet_aton / WHATWG URL host rules and RFC 4291 / RFC 4632.
 */
import { describe, it, expect } from 'vitest';
import { classifyIp, formatIp, inRange, parseHost, parseIp, parseIpv4Loose, parseIpv6, unmap, type Ip } from './ip-address.ts';

const reason = (s: string) => {
  const h = parseHost(s);
  return h.kind === 'invalid' ? h.reason : `${h.kind}`;
};
const ip = (s: string) => parseIp(s) as Ip;

describe('parseHost: why a host is refused', () => {
  it('names the reason', () => {
    expect(reason('a\tb')).toBe('spaces or control characters');
    expect(reason('mail.example.com\x00.evil')).toBe('spaces or control characters');
    expect(reason('[fe80::1%25eth0]')).toBe('an IPv6 zone is not allowed');
    expect(reason('fe80::1%eth0')).toBe('an IPv6 zone is not allowed');
    expect(reason(':::1')).toBe('not a valid IPv6 address');
    expect(reason('.')).toBe('empty host');
    expect(reason('[]')).toBe('empty host');
    expect(reason('256.0.0.1')).toBe('not a valid IPv4 address');
    expect(reason('-bad.example')).toBe('not a valid host name');
  });

  it('takes brackets only as a pair around the whole host', () => {
    expect(parseHost('[::1]')).toEqual({ kind: 'ip', ip: { v: 6, w: [0, 0, 0, 0, 0, 0, 0, 1] } });
    expect(parseHost('[::1').kind).toBe('invalid');
    expect(parseHost('x::1]').kind).toBe('invalid');
    expect(parseHost('[::1x').kind).toBe('invalid');
  });

  it('a last label that is not a number makes a name, however it starts', () => {
    expect(parseHost('foo.1abc')).toEqual({ kind: 'name', name: 'foo.1abc' });
    expect(parseHost('1abc')).toEqual({ kind: 'name', name: '1abc' });
    expect(parseHost('0x1g')).toEqual({ kind: 'name', name: '0x1g' });
  });

  it('an ASCII name is taken as written (lower-cased), not re-encoded', () => {
    // A punycode label is passed on to DNS as is, even one that does not decode.
    expect(parseHost('XN--ZZ.example')).toEqual({ kind: 'name', name: 'xn--zz.example' });
    expect(parseHost('a')).toEqual({ kind: 'name', name: 'a' });
  });

  it('a name of up to 253 characters in labels of up to 63', () => {
    const label = 'a'.repeat(63);
    const name253 = [label, label, label, 'b'.repeat(61)].join('.');
    expect(name253).toHaveLength(253);
    expect(parseHost(name253)).toEqual({ kind: 'name', name: name253 });
    expect(parseHost(`${name253}c`).kind).toBe('invalid');
    expect(parseHost(`${'a'.repeat(64)}.com`).kind).toBe('invalid');
    expect(parseHost(`${label}.com`).kind).toBe('name');
    expect(parseHost('a-.example').kind).toBe('invalid');
    expect(parseHost('a_b-c.example').kind).toBe('name');
  });
});

describe('parseIpv4Loose', () => {
  it('refuses a fifth part even when the numbers would fit', () => {
    expect(parseIpv4Loose('1.2.3.4.0')).toBe('invalid');
    expect(parseIpv4Loose('1.2.3.4')).toBe(0x01020304);
  });
  it('refuses parts that only start like a number', () => {
    expect(parseIpv4Loose('0x1g.0.0.1')).toBe('invalid');
    expect(parseIpv4Loose('1e2.0.0.1')).toBe('invalid');
    expect(parseIpv4Loose('1a.0.0.1')).toBe('invalid');
    expect(parseIpv4Loose('09.0.0.1')).toBe('invalid');
  });
  it('reads hex and octal parts, and "0x" alone as 0', () => {
    expect(parseIpv4Loose('0x7f.0.0.0x1')).toBe(0x7f000001);
    expect(parseIpv4Loose('0x.0.0.1')).toBe(1);
    expect(parseIpv4Loose('010.0.0.1')).toBe(0x08000001);
    expect(parseIpv4Loose('0.0.0.0')).toBe(0);
    expect(parseIpv4Loose('example')).toBeNull();
  });
  it('a numeric part may have at most 40 characters (leading zeros are no way around the limit)', () => {
    expect(parseIpv4Loose('0'.repeat(40))).toBe(0);
    expect(parseIpv4Loose('0'.repeat(41))).toBe('invalid');
    expect(parseIpv4Loose(`${'0'.repeat(41)}.0.0.1`)).toBe('invalid');
    expect(parseIpv4Loose(`0x${'0'.repeat(39)}1`)).toBe('invalid');
    expect(parseIpv4Loose(`0x${'0'.repeat(37)}1`)).toBe(1);
  });
  it('a decimal too large for a number is refused', () => {
    expect(parseIpv4Loose('1'.repeat(400))).toBe('invalid');
  });
});

describe('parseIpv6', () => {
  it('expands what Node’s parser accepts; refuses what it does not and any zone', () => {
    expect(parseIpv6('2001:db8::1')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
    expect(parseIpv6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseIpv6('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIpv6('1::')).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIpv6('FFFF::aBcD')).toEqual([0xffff, 0, 0, 0, 0, 0, 0, 0xabcd]);
    expect(parseIpv6('::ffff:192.168.1.2')).toEqual([0, 0, 0, 0, 0, 0xffff, 0xc0a8, 0x0102]);
    expect(parseIpv6('1:2:3:4:5:6:10.0.0.1')).toEqual([1, 2, 3, 4, 5, 6, 0x0a00, 0x0001]);
    for (const bad of ['fe80::1%eth0', '1:2:3:4:5:6:7:8:9', '1::2::3', '::ffff:256.1.1.1', '12345::1', 'g::1', '127.0.0.1', '', 'example.com']) {
      expect(parseIpv6(bad), bad).toBeNull();
    }
  });
});

describe('parseIp, unmap and inRange', () => {
  it('parseIp is null for a name or anything invalid', () => {
    expect(parseIp('example.com')).toBeNull();
    expect(parseIp('a b')).toBeNull();
    expect(parseIp('10.0.0.1')).toEqual({ v: 4, n: 0x0a000001 });
  });

  it('only ::ffff:0:0/96 is IPv4-mapped', () => {
    expect(unmap(ip('::ffff:10.0.0.1'))).toEqual({ v: 4, n: 0x0a000001 });
    expect(unmap(ip('1::ffff:a00:1'))).toEqual(ip('1::ffff:a00:1'));
    expect(unmap(ip('::1:0:ffff:a00:1'))).toEqual(ip('::1:0:ffff:a00:1'));
    expect(unmap(ip('::a00:1'))).toEqual(ip('::a00:1'));
    expect(unmap(ip('::fffe:a00:1'))).toEqual(ip('::fffe:a00:1'));
    // So a public IPv4 address behind a non-mapped prefix is not public.
    expect(classifyIp(ip('1::ffff:808:808'))).toBe('reserved');
    expect(classifyIp(ip('::808:808'))).toBe('reserved');
  });

  it('/0 holds every address of its family and none of the other', () => {
    expect(inRange(ip('8.8.8.8'), ip('0.0.0.0'), 0)).toBe(true);
    expect(inRange(ip('255.255.255.255'), ip('10.0.0.0'), 0)).toBe(true);
    expect(inRange(ip('2001:db8::1'), ip('::'), 0)).toBe(true);
    expect(inRange(ip('8.8.8.8'), ip('::'), 0)).toBe(false);
    expect(inRange(ip('::1'), ip('0.0.0.0'), 0)).toBe(false);
  });

  it('compares exactly the prefix bits', () => {
    expect(inRange(ip('10.0.0.1'), ip('10.0.0.0'), 31)).toBe(true);
    expect(inRange(ip('10.0.0.2'), ip('10.0.0.0'), 31)).toBe(false);
    expect(inRange(ip('10.0.0.1'), ip('10.0.0.1'), 32)).toBe(true);
    expect(inRange(ip('10.0.0.0'), ip('10.0.0.1'), 32)).toBe(false);
    expect(inRange(ip('128.0.0.0'), ip('0.0.0.0'), 1)).toBe(false);
    expect(inRange(ip('fd00::1'), ip('fd00::'), 127)).toBe(true);
    expect(inRange(ip('fd00::2'), ip('fd00::'), 127)).toBe(false);
    expect(inRange(ip('fd00::1'), ip('fd00::1'), 128)).toBe(true);
    expect(inRange(ip('fd00::1'), ip('fd00::'), 128)).toBe(false);
    expect(inRange(ip('fd00:0:0:1::'), ip('fd00::'), 64)).toBe(false);
    expect(inRange(ip('fd00::ffff:ffff:ffff:ffff'), ip('fd00::'), 64)).toBe(true);
    expect(inRange(ip('fd01::'), ip('fd00::'), 15)).toBe(true);
    expect(inRange(ip('fd02::'), ip('fd00::'), 15)).toBe(false);
  });
});

describe('formatIp', () => {
  it('RFC 5952: the longest run of two or more zero words becomes ::, the first of equal runs', () => {
    expect(formatIp(ip('1:0:0:2:0:0:0:3'))).toBe('1:0:0:2::3');
    expect(formatIp(ip('1:0:0:2:0:0:3:4'))).toBe('1::2:0:0:3:4');
    expect(formatIp(ip('1:0:2:3:4:5:6:7'))).toBe('1:0:2:3:4:5:6:7');
    expect(formatIp(ip('1:2:3:4:5:6:0:0'))).toBe('1:2:3:4:5:6::');
    expect(formatIp(ip('0:0:1:2:3:4:5:6'))).toBe('::1:2:3:4:5:6');
    expect(formatIp(ip('0.0.0.0'))).toBe('0.0.0.0');
    expect(formatIp(ip('255.1.2.254'))).toBe('255.1.2.254');
  });
});
