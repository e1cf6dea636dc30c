/**
 * The map computed while journey_events streams past (docs/benchmarks.md, "Journey map streamed"): journey_events is
 * walked in customer-id order a chunk at a time (keyset on its (customer_id, at) index: about `chunk` customers' rows,
 * cut after a whole customer; a segment: `chunk` of its customers by id), each chunk read in one statement ordered by
 * customer and time, the visible customers kept, and fed to the accumulator customer by customer. A customer is never
 * split between chunks; memory holds two chunks (the next one is read while this one is counted) and the
 * accumulator's counts, never all the events. Plain statements: the same on PGlite and PostgreSQL.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { customerScopeSql, type Actor } from '../auth/index.ts';
import { COLUMNS, outcomeAt, toEvents, type BaseEvent } from './journeys.events.ts';
import { mapAccumulator, type MapAnalysis, type MapDef } from './journeys.analysis.ts';

/** Customers per chunk: ~10 events each at the issue's scale, so ~50k rows (a few tens of MB) a statement. */
export const STREAM_CUSTOMERS = 5_000;
/** Without a segment a chunk is cut by rows: this many per customer of the chunk (then to the end of that customer). */
const EVENTS_PER_CUSTOMER = 10;

export type StreamOpts = { lo: Date; hi: Date; now: Date; customerIds?: SQL; chunk?: number };
export type StreamStats = { customers: number; events: number; chunks: number; readMs: number };

const uuids = (ids: string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

/**
 * Every event in [lo, hi) of the customers the actor may see (optionally among `customerIds`, a statement giving
 * customer ids), one customer at a time in customer-id order with its events in time order — the same events, filters
 * and order as loadEvents. `readMs`: time spent waiting for the database (the rest is the caller's).
 */
export async function streamEvents(db: Db, actor: Actor, opts: StreamOpts, onCustomer: (customerId: string, events: BaseEvent[]) => void): Promise<StreamStats> {
  const chunk = opts.chunk ?? STREAM_CUSTOMERS;
  const scope = customerScopeSql(actor, 'c') ?? sql`true`;
  const visible = sql`c.deleted_at IS NULL AND ${scope}`;
  // A segment is read once as ids (its condition may be costly to evaluate again for every chunk); else keyset.
  const segment = opts.customerIds
    ? ((await db.execute(sql`SELECT c.id FROM customers c WHERE ${visible} AND c.id IN (${opts.customerIds}) ORDER BY c.id`)).rows as { id: string }[]).map((r) => String(r.id))
    : null;
  const range = sql`ev.at >= ${opts.lo.toISOString()}::timestamptz AND ev.at < ${opts.hi.toISOString()}::timestamptz`;
  const select = (which: SQL) => sql`SELECT ${COLUMNS}, ${outcomeAt(sql`ev.outcome`, sql`ev.at`, opts.now)} AS outcome FROM journey_events ev
    WHERE ${which} AND ${range} ORDER BY ev.customer_id, ev.at, ev.src, ev.ev, ev.id`;
  /** The next chunk after customer `after`: its last customer (null: none left) and the events. */
  const read = async (after: string | null, k: number): Promise<{ last: string | null; events: BaseEvent[] }> => {
    let which: SQL;
    let last: string | null;
    if (segment) {
      const ids = segment.slice(k * chunk, (k + 1) * chunk);
      if (!ids.length) return { last: null, events: [] };
      last = ids[ids.length - 1];
      which = sql`ev.customer_id = ANY(${uuids(ids)})`;
    } else {
      // Keyset on the (customer_id, at) index: the chunk ends at the customer of the chunk-th row past `after` (all
      // of that customer's rows included), or runs to the end; the visible customers among them are kept.
      const from = after ? sql`ev.customer_id > ${after}` : sql`true`;
      const [first] = (await db.execute(sql`SELECT ev.customer_id FROM journey_events ev WHERE ${from} ORDER BY ev.customer_id LIMIT 1`)).rows as { customer_id: string }[];
      if (!first) return { last: null, events: [] };
      const [end] = (await db.execute(sql`SELECT ev.customer_id FROM journey_events ev WHERE ${from} ORDER BY ev.customer_id OFFSET ${chunk * EVENTS_PER_CUSTOMER} LIMIT 1`)).rows as { customer_id: string }[];
      last = end ? String(end.customer_id) : null;
      which = sql`${from} ${last ? sql`AND ev.customer_id <= ${last}` : sql``} AND ev.customer_id IN (SELECT c.id FROM customers c WHERE ${visible})`;
      if (!last) last = '';
    }
    const res = await db.execute(select(which));
    return { last, events: toEvents(res.rows as Record<string, unknown>[]) };
  };
  const stats: StreamStats = { customers: 0, events: 0, chunks: 0, readMs: 0 };
  let k = 0;
  let next = read(null, k);
  for (;;) {
    const t = performance.now();
    const cur = await next;
    stats.readMs += performance.now() - t;
    if (cur.last === null) break;
    stats.chunks++;
    // The next chunk is read while this one is counted (no unhandled rejection if counting throws first).
    next = cur.last === '' ? Promise.resolve({ last: null, events: [] }) : read(cur.last, ++k);
    next.catch(() => undefined);
    const events = cur.events;
    let from = 0;
    for (let i = 1; i <= events.length; i++) {
      if (i < events.length && events[i].customerId === events[from].customerId) continue;
      onCustomer(events[from].customerId, events.slice(from, i));
      stats.customers++;
      from = i;
    }
    stats.events += events.length;
  }
  stats.readMs = Math.round(stats.readMs);
  return stats;
}

/** The map of [lo, hi) from the events of BASELINE_DAYS before `lo` up to `until`, read in chunks (see streamEvents). */
export async function streamMap(db: Db, actor: Actor, def: MapDef, period: { lo: Date; hi: Date; now: Date }, read: StreamOpts): Promise<{ analysis: MapAnalysis; stats: StreamStats }> {
  const acc = mapAccumulator(def, period.lo, period.hi, period.now);
  const stats = await streamEvents(db, actor, read, (c, events) => acc.add(c, events));
  return { analysis: acc.finish(), stats };
}
