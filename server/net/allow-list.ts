/**
 * The outbound allow-list: host names (matched exactly, as written in a setting), IP addresses and CIDR ranges (matched
 * against every address the host resolves to). What it lists is reached even on a private network — a PBX on the
 * office LAN, a mail relay on the same machine, a local test gateway.
 */
import { formatIp, inRange, parseHost, unmap, type Ip } from './ip-address.ts';

export type AllowEntry = { kind: 'name'; name: string } | { kind: 'range'; ip: Ip; prefix: number };
export type ParsedEntry = { ok: true; entry: AllowEntry; text: string } | { ok: false; message: string };

export const ALLOW_LIST_MAX = 100;

/** One entry as typed → its normalized text, or why it is not one (a URL, a port, a bad prefix, a wildcard…). */
export function parseAllowEntry(raw: string): ParsedEntry {
  const text = raw.trim();
  if (!text) return { ok: false, message: 'empty entry' };
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const base = parseHost(text.slice(0, slash));
    const prefixText = text.slice(slash + 1);
    if (base.kind !== 'ip' || !/^\d{1,3}$/.test(prefixText)) return { ok: false, message: 'not a host name, an IP address or a CIDR range' };
    const ip = unmapped(base.ip, Number(prefixText));
    const max = ip.ip.v === 4 ? 32 : 128;
    if (ip.prefix > max) return { ok: false, message: `the prefix must be at most /${max}` };
    const net = networkOf(ip.ip, ip.prefix);
    return { ok: true, entry: { kind: 'range', ip: net, prefix: ip.prefix }, text: `${formatIp(net)}/${ip.prefix}` };
  }
  const h = parseHost(text);
  if (h.kind === 'invalid') return { ok: false, message: 'not a host name, an IP address or a CIDR range' };
  if (h.kind === 'name') return { ok: true, entry: h, text: h.name };
  const ip = unmap(h.ip);
  return { ok: true, entry: { kind: 'range', ip, prefix: ip.v === 4 ? 32 : 128 }, text: formatIp(ip) };
}

/** An IPv4-mapped range (::ffff:10.0.0.0/104) is the IPv4 range it maps. */
function unmapped(ip: Ip, prefix: number): { ip: Ip; prefix: number } {
  const u = unmap(ip);
  return u.v === 4 && ip.v === 6 ? { ip: u, prefix: Math.max(0, prefix - 96) } : { ip, prefix };
}

function networkOf(ip: Ip, prefix: number): Ip {
  if (ip.v === 4) return { v: 4, n: prefix === 0 ? 0 : (ip.n & (~0 << (32 - prefix))) >>> 0 };
  return { v: 6, w: ip.w.map((x, i) => {
    const bits = Math.max(0, Math.min(16, prefix - i * 16));
    return bits === 0 ? 0 : x & ((0xffff << (16 - bits)) & 0xffff);
  }) };
}

/** Entries as stored or configured (already validated) → parsed; an entry that no longer parses is skipped. */
export function compileAllowList(entries: readonly string[]): AllowEntry[] {
  return entries.flatMap((e) => {
    const p = parseAllowEntry(e);
    return p.ok ? [p.entry] : [];
  });
}

export function allowsName(list: readonly AllowEntry[], name: string): boolean {
  return list.some((e) => e.kind === 'name' && e.name === name);
}

export function allowsIp(list: readonly AllowEntry[], address: Ip): boolean {
  const ip = unmap(address);
  return list.some((e) => e.kind === 'range' && inRange(ip, e.ip, e.prefix));
}

/**
 * Validates and normalizes a list as an admin or operator gives it: errors by position, duplicates dropped.
 * A public address needs no entry, but listing one is harmless and allowed.
 */
export function normalizeAllowList(raw: readonly string[]): { entries: string[]; errors: Record<number, string> } {
  const entries: string[] = [];
  const errors: Record<number, string> = {};
  raw.forEach((r, i) => {
    const p = parseAllowEntry(r);
    if (!p.ok) errors[i] = p.message;
    else if (!entries.includes(p.text)) entries.push(p.text);
  });
  if (entries.length > ALLOW_LIST_MAX) errors[ALLOW_LIST_MAX] = `at most ${ALLOW_LIST_MAX} entries`;
  return { entries, errors };
}

