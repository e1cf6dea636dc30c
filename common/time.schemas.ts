/** Instants a request may carry: ISO 8601 with an offset, within the years PostgreSQL and JavaScript both write alike. */
import { z } from 'zod';

const MIN = Date.parse('0001-01-01T00:00:00Z');
const MAX = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * An ISO 8601 instant with an offset, between the years 0001 and 9999 in UTC. Outside them JavaScript writes the year
 * as 0000, -000001 or +010000, which PostgreSQL refuses (a 500 instead of a field error).
 */
export const isoInstant = z.iso.datetime({ offset: true }).refine((v) => {
  const t = Date.parse(v);
  return t >= MIN && t <= MAX;
}, 'a time between the years 0001 and 9999');

/**
 * A day a report or a metric may start or end on. Reports turn days into Jalali months and Tehran instants and step
 * back whole periods from them; far-off years (0001, 9999) overflow that arithmetic, and no business reports on them.
 */
export const reportDay = z.iso.date().refine((d) => d >= '1900-01-01' && d <= '2199-12-31', 'a day between the years 1900 and 2199');
