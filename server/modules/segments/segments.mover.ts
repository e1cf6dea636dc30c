/** A customer merge moves the merged record's static-segment memberships to the survivor (and back on undo); erasure deletes them. */
import { eq } from 'drizzle-orm';
import { registerCustomerMover, columnMover, registerCustomerDataSection } from '../customers/index.ts';
import { segmentMembers, segments } from './segments.tables.ts';

export function registerSegmentMover(): void {
  registerCustomerMover(columnMover('segments', [
    { table: segmentMembers, id: segmentMembers.id, customerId: segmentMembers.customerId },
  ]));
}

export function registerSegmentDataRights(): void {
  registerCustomerDataSection('segments', {
    tables: ['segment_members'],
    order: 20,
    collect: async (db, customerId) => ({
      segments: await db.select({ segmentId: segments.id, name: segments.name }).from(segmentMembers)
        .innerJoin(segments, eq(segments.id, segmentMembers.segmentId)).where(eq(segmentMembers.customerId, customerId)),
    }),
    erase: async (tx, customerId) => {
      const gone = await tx.delete(segmentMembers).where(eq(segmentMembers.customerId, customerId)).returning({ id: segmentMembers.id });
      return { deleted: { segment_members: gone.length } };
    },
  });
}
