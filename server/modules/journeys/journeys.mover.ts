/**
 * journey_events on a merge and in data rights. The rows are a computation from other modules' rows, so a merge moves
 * none: the merged-away record's rows are deleted at once and the records are marked stale in journey_events_state, so the next refresh
 * reads the survivor's events again from the rows the other movers handed over (and both records' on an undo).
 * An export includes the customer's journey events; erasure deletes them.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { registerCustomerMover, registerCustomerDataSection } from '../customers/index.ts';
import { journeyEvents } from './journeys.tables.ts';

/** Asks the next refresh to read these customers again (nothing to ask before the table was first filled). */
async function markStale(tx: Db, ids: string[]): Promise<void> {
  await tx.execute(sql`UPDATE journey_events_state SET stale = ARRAY(SELECT DISTINCT unnest(stale || ${`{${ids.join(',')}}`}::uuid[]))`);
}

export function registerJourneyMover(): void {
  registerCustomerMover({
    name: 'journeys',
    tables: ['journey_events'],
    async move(tx, fromId, toId) {
      await tx.delete(journeyEvents).where(eq(journeyEvents.customerId, fromId));
      await markStale(tx, [toId]);
      return {};
    },
    async count(db, customerId) {
      return { journey_events: await db.$count(journeyEvents, eq(journeyEvents.customerId, customerId)) };
    },
    async undo(tx, _moved, fromId, toId) { await markStale(tx, [fromId, toId]); },
  });
  registerCustomerDataSection('journeys', {
    tables: ['journey_events'],
    order: 20,
    collect: async (db, customerId) => ({
      journeyEvents: await db.select({ source: journeyEvents.src, event: journeyEvents.ev, channel: journeyEvents.channel, at: journeyEvents.at, outcome: journeyEvents.outcome, line: journeyEvents.line, ref: journeyEvents.ref })
        .from(journeyEvents).where(eq(journeyEvents.customerId, customerId)).orderBy(journeyEvents.at, journeyEvents.id),
    }),
    erase: async (tx, customerId) => {
      const gone = await tx.delete(journeyEvents).where(eq(journeyEvents.customerId, customerId)).returning({ id: journeyEvents.id });
      await tx.execute(sql`UPDATE journey_events_state SET stale = array_remove(stale, ${customerId}::uuid)`);
      return { deleted: { journey_events: gone.length } };
    },
  });
}
