/**
 * The outbound allow-list on its own: what an entry may be (a host name, an address, a CIDR range — IPv4 /0–/32,
 * IPv6 /0–/128), how it is written back (the network address of a range, IPv4-mapped ranges as IPv4), and what a
 * compiled list lets through (names exactly, addresses by range, in either IPv4 spelling).
 */
import { describe, it, expect } from 'vitest';
import {
  ALLOW_LIST_MAX, allowsIp, allowsName, compileAllowList, normalizeAllowList, parseAllowEntry,
} from './allow-list.ts';
import { parseIp, type Ip } from './ip-address.ts';

const ip = (s: string) => parseIp(s) as Ip;
const BAD = 'not a host name, an IP address or a CIDR range';

describe('parseAllowEntry', () => {
  it('a name or an address is an exact entry (/32 or /128)', () => {
    expect(parseAllowEntry('pbx.office.lan')).toEqual({ ok: true, entry: { kind: 'name', name: 'pbx.office.lan' }, text: 'pbx.office.lan' });
    expect(parseAllowEntry(' 10.0.0.5 ')).toEqual({ ok: true, entry: { kind: 'range', ip: ip('10.0.0.5'), prefix: 32 }, text: '10.0.0.5' });
    expect(parseAllowEntry('fd00::5')).toEqual({ ok: true, entry: { kind: 'range', ip: ip('fd00::5'), prefix: 128 }, text: 'fd00::5' });
    expect(parseAllowEntry('::ffff:10.0.0.5')).toEqual({ ok: true, entry: { kind: 'range', ip: ip('10.0.0.5'), prefix: 32 }, text: '10.0.0.5' });
  });

  it('a range is kept as its network address', () => {
    expect(parseAllowEntry('192.168.1.77/24')).toEqual({ ok: true, entry: { kind: 'range', ip: ip('192.168.1.0'), prefix: 24 }, text: '192.168.1.0/24' });
    expect(parseAllowEntry('10.255.255.255/8').ok && parseAllowEntry('10.255.255.255/8')).toMatchObject({ text: '10.0.0.0/8' });
    expect(parseAllowEntry('172.31.200.1/12')).toMatchObject({ ok: true, text: '172.16.0.0/12' });
    expect(parseAllowEntry('10.1.2.3/32')).toMatchObject({ ok: true, text: '10.1.2.3/32' });
    expect(parseAllowEntry('10.1.2.3/31')).toMatchObject({ ok: true, text: '10.1.2.2/31' });
    expect(parseAllowEntry('255.255.255.255/1')).toMatchObject({ ok: true, text: '128.0.0.0/1' });
    expect(parseAllowEntry('10.1.2.3/0')).toMatchObject({ ok: true, entry: { kind: 'range', ip: ip('0.0.0.0'), prefix: 0 }, text: '0.0.0.0/0' });
    expect(parseAllowEntry('fd12:3456:789a:bcde::1/64')).toMatchObject({ ok: true, text: 'fd12:3456:789a:bcde::/64' });
    expect(parseAllowEntry('fd12:ffff::/20')).toMatchObject({ ok: true, text: 'fd12:f000::/20' });
    expect(parseAllowEntry('fd12:3456:789a:bcde:1:2:3:4/128')).toMatchObject({ ok: true, text: 'fd12:3456:789a:bcde:1:2:3:4/128' });
    expect(parseAllowEntry('fd12::1/0')).toMatchObject({ ok: true, text: '::/0' });
    expect(parseAllowEntry('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/127')).toMatchObject({ ok: true, text: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127' });
  });

  it('an IPv4-mapped range is the IPv4 range it maps; a prefix inside the mapping prefix is /0', () => {
    expect(parseAllowEntry('::ffff:10.0.0.0/104')).toEqual({ ok: true, entry: { kind: 'range', ip: ip('10.0.0.0'), prefix: 8 }, text: '10.0.0.0/8' });
    expect(parseAllowEntry('::ffff:10.1.2.3/128')).toMatchObject({ ok: true, text: '10.1.2.3/32' });
    expect(parseAllowEntry('::ffff:10.1.2.3/96')).toMatchObject({ ok: true, text: '0.0.0.0/0' });
    expect(parseAllowEntry('::ffff:10.1.2.3/90')).toMatchObject({ ok: true, text: '0.0.0.0/0' });
    expect(parseAllowEntry('::ffff:10.1.2.3/129')).toEqual({ ok: false, message: 'the prefix must be at most /32' });
  });

  it('refuses, with the reason, what is not an entry', () => {
    expect(parseAllowEntry('')).toEqual({ ok: false, message: 'empty entry' });
    expect(parseAllowEntry('   ')).toEqual({ ok: false, message: 'empty entry' });
    expect(parseAllowEntry('10.0.0.0/33')).toEqual({ ok: false, message: 'the prefix must be at most /32' });
    expect(parseAllowEntry('fd00::/129')).toEqual({ ok: false, message: 'the prefix must be at most /128' });
    for (const raw of ['pbx.lan/24', '10.0.0.0/', '10.0.0.0/x', '10.0.0.0/1000', '10.0.0.0/ 8', '/8', 'http://10.0.0.5/', 'pbx.lan:5038', '*.office.lan', '1.2.3.4.5', '10.0.0.0/8/8']) {
      expect(parseAllowEntry(raw), raw).toEqual({ ok: false, message: BAD });
    }
    expect(parseAllowEntry('10.0.0.0/32')).toMatchObject({ ok: true });
    expect(parseAllowEntry('fd00::/128')).toMatchObject({ ok: true });
  });
});

describe('a compiled list', () => {
  const list = compileAllowList(['pbx.office.lan', '10.0.0.0/8', 'fd00::/8', '192.168.1.5', 'not valid!', '*.x']);

  it('skips entries that no longer parse', () => {
    expect(list).toHaveLength(4);
    expect(compileAllowList([])).toEqual([]);
  });

  it('allows names exactly as written, not their subdomains or parents', () => {
    expect(allowsName(list, 'pbx.office.lan')).toBe(true);
    expect(allowsName(list, 'x.pbx.office.lan')).toBe(false);
    expect(allowsName(list, 'office.lan')).toBe(false);
    // An address entry does not allow a name spelled like it.
    expect(allowsName(compileAllowList(['10.0.0.5']), '10.0.0.5')).toBe(false);
  });

  it('allows addresses inside a range, in either IPv4 spelling, and nothing outside', () => {
    expect(allowsIp(list, ip('10.200.1.1'))).toBe(true);
    expect(allowsIp(list, ip('::ffff:10.200.1.1'))).toBe(true);
    expect(allowsIp(list, ip('11.0.0.1'))).toBe(false);
    expect(allowsIp(list, ip('fd12::1'))).toBe(true);
    expect(allowsIp(list, ip('fe80::1'))).toBe(false);
    expect(allowsIp(list, ip('192.168.1.5'))).toBe(true);
    expect(allowsIp(list, ip('192.168.1.6'))).toBe(false);
    // A name entry allows no address.
    expect(allowsIp(compileAllowList(['pbx.office.lan']), ip('10.0.0.1'))).toBe(false);
  });
});

describe('normalizeAllowList', () => {
  it('reports errors by position and drops duplicates after normalizing', () => {
    expect(normalizeAllowList(['PBX.lan', '10.0.0.7/8', 'bad entry', 'pbx.lan.', '10.0.0.0/8', ''])).toEqual({
      entries: ['pbx.lan', '10.0.0.0/8'], errors: { 2: BAD, 5: 'empty entry' },
    });
    expect(normalizeAllowList([])).toEqual({ entries: [], errors: {} });
  });

  it('takes at most 100 entries', () => {
    const hundred = Array.from({ length: ALLOW_LIST_MAX }, (_, i) => `10.0.${i}.1`);
    expect(ALLOW_LIST_MAX).toBe(100);
    expect(normalizeAllowList(hundred)).toEqual({ entries: hundred, errors: {} });
    const more = normalizeAllowList([...hundred, '10.1.0.1']);
    expect(more.entries).toHaveLength(101);
    expect(more.errors).toEqual({ 100: 'at most 100 entries' });
    // Duplicates do not count towards the limit.
    expect(normalizeAllowList([...hundred, hundred[0]]).errors).toEqual({});
  });
});
