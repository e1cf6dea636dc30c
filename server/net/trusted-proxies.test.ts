/** MEHVAR_TRUSTED_PROXIES entries on their own: IP addresses and CIDR ranges (IPv4 /0–/32, IPv6 /0–/128), nothing else. */
import { describe, it, expect } from 'vitest';
import { isAddressOrRange, splitTrustedProxies } from './trusted-proxies.ts';
import { loadConfig } from '../config.ts';

describe('isAddressOrRange', () => {
  it('takes IPv4 and IPv6 addresses and ranges up to their family’s length', () => {
    for (const ok of ['10.0.0.1', '10.0.0.0/8', '0.0.0.0/0', '192.168.1.0/32', '::1', 'fd00::/8', '::/0', '2001:db8::/128', '::ffff:10.0.0.1', '10.0.0.0/008']) {
      expect(isAddressOrRange(ok), ok).toBe(true);
    }
  });
  it('refuses names, too long prefixes, empty or non-numeric prefixes, two slashes, and loose IPv4 spellings', () => {
    for (const bad of ['nginx.local', 'localhost', '', '/8', '10.0.0.0/33', '10.0.0.0/129', 'fd00::/129', '10.0.0.0/', '10.0.0.0/x',
      '10.0.0.0/8/8', '10.0.0.0/1000', '10.0.0.0/-1', '10.0.0.0/ 8', '10.1', '0x7f.0.0.1', '2130706433', '10.0.0.0/8a']) {
      expect(isAddressOrRange(bad), bad).toBe(false);
    }
  });
  it('an IPv6 prefix may go past 32', () => {
    expect(isAddressOrRange('fd00::/64')).toBe(true);
    expect(isAddressOrRange('fd00::/33')).toBe(true);
    expect(isAddressOrRange('10.0.0.0/31')).toBe(true);
  });
});

describe('splitTrustedProxies', () => {
  it('splits on commas, trims, and drops empty entries', () => {
    expect(splitTrustedProxies('')).toEqual([]);
    expect(splitTrustedProxies(' 127.0.0.1 ,10.0.0.0/8,, ::1 ,')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
  });
});

describe('the setting', () => {
  it('is none by default and refuses the whole setting when one entry is not an address or range', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ MEHVAR_TRUSTED_PROXIES: '10.0.0.1, fd00::/8' }).trustedProxies).toEqual(['10.0.0.1', 'fd00::/8']);
    expect(() => loadConfig({ MEHVAR_TRUSTED_PROXIES: '10.0.0.1, proxy.lan' })).toThrow(/MEHVAR_TRUSTED_PROXIES/);
  });
});
