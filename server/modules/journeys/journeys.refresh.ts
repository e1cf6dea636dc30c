/**
 * journey_events kept (docs/decisions.md, "Journey map at scale"): filled once from every source (journeys.events.ts),
 * then refreshed per changed customer. A customer is changed when one of its source rows was written after the last
 * refresh — by the sources' own stamps (updated_at, created_at, at), an audit row about the customer, an edit of the
 * customer (a merge updates the survivor), or a mark left by the merge mover (journey_events_state.stale) — less EVENTS_OVERLAP_MINUTES, so a
 * transaction that committed late or a clock a little behind is still seen. A changed customer's rows are deleted and
 * read again from the sources, so a refresh is idempotent. Rows are never written for a deleted (merged, erased)
 * customer. Every map computation refreshes first (journeys.service.ts), and the job does every few minutes, so a
 * refresh before a read has only the last minutes' changes to read.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { unionSql } from './journeys.events.ts';
import { journeyEventsState } from './journeys.tables.ts';

/** How far before the last refresh the next one looks for changed rows. */
export const EVENTS_OVERLAP_MINUTES = 15;
/** The whole table is read again from the sources at least this often (rows written with back-dated stamps, edits to products or surveys). */
export const FULL_EVERY_HOURS = 24;
/**
 * A refresh with more changed customers than this share of all rebuilds the whole table instead: one pass over every
 * source costs about as much as index lookups for a tenth of the customers (measured, docs/benchmarks.md).
 */
const FULL_WHEN_CHANGED_SHARE = 0.1;
const STATE_ID = 'events';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** `customers`: how many were read again (-1: all, a full fill); `events`: rows written. */
export type RefreshResult = { mode: 'full' | 'incremental'; customers: number; events: number; ms: number };

const COLS = sql`customer_id, src, ev, channel, at, outcome, line, ref, wait_h, score`;
/**
 * An event counts while its customer is not deleted (customers are only ever soft-deleted). Written as an anti-join,
 * not as a join with customers: on freshly written tables (no statistics yet: right after an import, or in a test)
 * PostgreSQL estimated one row per source and planned the join as a nested loop with the customers outside, running
 * the whole union once per customer — 11.5 s for 420 customers and 1,923 events. The anti-join keeps the union
 * outside whatever the estimates: it is read once, and each row probes the (small) set of deleted customers.
 */
const liveCustomer = sql`u.at IS NOT NULL AND u.customer_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = u.customer_id AND c.deleted_at IS NOT NULL)`;

/** Runs an INSERT … SELECT and says how many rows it wrote. */
async function counted(tx: Db, insert: SQL): Promise<number> {
  const [r] = (await tx.execute(sql`WITH w AS (${insert} RETURNING 1) SELECT count(*)::int AS n FROM w`)).rows as { n: number }[];
  return Number(r?.n ?? 0);
}

/** The customers with a source row written after `since`. */
function changedSince(since: Date) {
  const t = sql`${since.toISOString()}::timestamptz`;
  return sql`SELECT customer_id AS id FROM interactions WHERE updated_at > ${t}
    UNION SELECT customer_id FROM lead_submissions WHERE at > ${t}
    UNION SELECT customer_id FROM calls WHERE updated_at > ${t}
    UNION SELECT customer_id FROM documents WHERE updated_at > ${t}
    UNION SELECT customer_id FROM document_events WHERE at > ${t}
    UNION SELECT customer_id FROM payments WHERE created_at > ${t}
    UNION SELECT customer_id FROM tickets WHERE updated_at > ${t}
    UNION SELECT customer_id FROM ticket_messages WHERE created_at > ${t}
    UNION SELECT customer_id FROM audit_log WHERE at > ${t}
    UNION SELECT customer_id FROM survey_responses WHERE updated_at > ${t}
    UNION SELECT customer_id FROM campaign_recipients WHERE queued_at > ${t} OR campaign_id IN (SELECT id FROM campaigns WHERE updated_at > ${t})
    UNION SELECT customer_id FROM campaign_recipients WHERE clicked_at > ${t}
    UNION SELECT customer_id FROM contracts WHERE updated_at > ${t}
    UNION SELECT id FROM customers WHERE updated_at > ${t}
    UNION SELECT unnest(stale) FROM journey_events_state`;
}

/**
 * Brings journey_events up to date: the whole table when it was never filled (or `full`), else the changed customers.
 * One transaction under an advisory lock, so two refreshes never interleave (no duplicates).
 */
export async function refreshJourneyEvents(db: Db, now: Date, opts: { full?: boolean } = {}): Promise<RefreshResult> {
  const t0 = performance.now();
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('journey_events'))`);
    const [state] = await tx.select().from(journeyEventsState).where(eq(journeyEventsState.id, STATE_ID));
    let full = !state || !!opts.full || now.getTime() - state.filledAt.getTime() > FULL_EVERY_HOURS * HOUR;
    let changed: string[] = [];
    if (!full) {
      const since = new Date(Math.min(state!.refreshedAt.getTime(), now.getTime()) - EVENTS_OVERLAP_MINUTES * MINUTE);
      changed = ((await tx.execute(sql`SELECT id FROM (${changedSince(since)}) x WHERE id IS NOT NULL`)).rows as { id: string }[]).map((r) => String(r.id));
      // Many changed customers: reading every source once is cheaper than looking each one up.
      const [{ n }] = (await tx.execute(sql`SELECT count(*)::int AS n FROM customers WHERE deleted_at IS NULL`)).rows as { n: number }[];
      if (changed.length > Number(n) * FULL_WHEN_CHANGED_SHARE) full = true;
    }
    let customers = 0, events = 0;
    if (full) {
      // Written in customer order, so a customer's rows share pages: the map reads them a range of customers at a
      // time (journeys.stream.ts); rows of customers changed later are appended until the next full fill.
      await tx.execute(sql`DELETE FROM journey_events`);
      events = await counted(tx, sql`INSERT INTO journey_events (${COLS}) SELECT u.customer_id, u.src, u.ev, u.channel, u.at, u.outcome, u.line, u.ref, u.wait_h, u.score
        FROM (${unionSql(undefined)}) u WHERE ${liveCustomer}
        ORDER BY u.customer_id, u.at`);
      customers = -1;
    } else if (changed.length) {
      customers = changed.length;
      const ids = sql`${`{${changed.join(',')}}`}::uuid[]`;
      await tx.execute(sql`DELETE FROM journey_events WHERE customer_id = ANY(${ids})`);
      const only = (col: SQL) => sql`${col} = ANY(${ids})`;
      events = await counted(tx, sql`INSERT INTO journey_events (${COLS}) SELECT u.customer_id, u.src, u.ev, u.channel, u.at, u.outcome, u.line, u.ref, u.wait_h, u.score
        FROM (${unionSql(only)}) u WHERE ${liveCustomer}`);
    }
    const ms = Math.round(performance.now() - t0);
    const row = { id: STATE_ID, filledAt: full ? now : state!.filledAt, refreshedAt: now, lastMs: ms, lastCustomers: customers };
    await tx.insert(journeyEventsState).values(row).onConflictDoUpdate({ target: journeyEventsState.id, set: row });
    // Only the marks this refresh has read: a merge committing meanwhile keeps its own for the next one.
    if (state?.stale.length) await tx.execute(sql`UPDATE journey_events_state SET stale = ARRAY(SELECT x FROM unnest(stale) x WHERE x <> ALL(${`{${state.stale.join(',')}}`}::uuid[]))`);
    return { mode: full ? 'full' : 'incremental', customers, events, ms };
  });
}
