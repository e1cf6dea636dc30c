/** Values from raw SQL rows, which differ by driver: node-postgres gives Dates, PGlite sometimes Postgres text. */

/** A timestamptz as an ISO string, from a Date or from Postgres text such as "2026-11-23 09:29:13.158+00". */
export function toIso(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  const s = String(v);
  if (s.includes('T')) return new Date(s).toISOString();
  // Postgres writes a whole-hour offset as "+00"; JavaScript's Date needs "+00:00".
  const withOffset = /[+-]\d\d(:?\d\d)?$/.test(s) ? s.replace(/([+-]\d\d)$/, '$1:00') : s + 'Z';
  return new Date(withOffset.replace(' ', 'T')).toISOString();
}

/**
 * The instant of a timestamp this server wrote with toISOString() (as in a paging cursor), or undefined for anything
 * else: another format, an impossible date, or a year outside 0001–9999 (which PostgreSQL would refuse with an error).
 */
export function parseIsoInstant(s: unknown): Date | undefined {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(s) || s.startsWith('0000')) return undefined;
  const d = new Date(s);
  return !Number.isNaN(d.getTime()) && d.toISOString() === s ? d : undefined;
}
