/**
 * MEHVAR_TRUSTED_PROXIES: the reverse proxies allowed to say who the client is (X-Forwarded-For/-Proto/-Host). Each
 * entry is an IP address or a CIDR range, as Fastify's trustProxy (proxy-addr) takes them; a host name is refused,
 * since trusting whatever a name resolves to would let DNS decide whose forwarded address counts.
 */
import { isIP } from 'node:net';

/** One proxy address or range (CIDR): `10.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`. */
export function isAddressOrRange(entry: string): boolean {
  const [addr, bits, ...rest] = entry.split('/');
  const family = isIP(addr);
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** The setting's text → its entries (comma-separated, spaces around them ignored, empty ones dropped). */
export function splitTrustedProxies(text: string): string[] {
  return text.split(',').map((p) => p.trim()).filter(Boolean);
}
