/**
 * A merge hands the merged record's ledger and tier history to the survivor and adds its balance to the survivor's
 * (the survivor's tier is recomputed at its next write or the daily job); an undo takes them back. A data export
 * includes the member row, the ledger and the tier changes; erasure deletes them.
 */
import { eq, sql } from 'drizzle-orm';
import { registerCustomerMover, columnMover, registerCustomerDataSection } from '../customers/index.ts';
import { loyaltyLedger, loyaltyLoginCodes, loyaltyMemberSessions, loyaltyMembers, loyaltyReviews, loyaltyTierChanges } from './loyalty.tables.ts';

export function registerLoyaltyMover(): void {
  const rows = columnMover('loyalty', [
    { table: loyaltyLedger, id: loyaltyLedger.id, customerId: loyaltyLedger.customerId },
    { table: loyaltyTierChanges, id: loyaltyTierChanges.id, customerId: loyaltyTierChanges.customerId },
    { table: loyaltyReviews, id: loyaltyReviews.id, customerId: loyaltyReviews.customerId },
  ]);
  registerCustomerMover({
    name: 'loyalty',
    // Sign-in codes and sessions of the member's page are short-lived: the merged record's are ended, not moved.
    tables: [...rows.tables, 'loyalty_members', 'loyalty_login_codes', 'loyalty_member_sessions'],
    async move(tx, fromId, toId) {
      const moved = await rows.move(tx, fromId, toId);
      await tx.delete(loyaltyLoginCodes).where(eq(loyaltyLoginCodes.customerId, fromId));
      await tx.delete(loyaltyMemberSessions).where(eq(loyaltyMemberSessions.customerId, fromId));
      const [from] = await tx.delete(loyaltyMembers).where(eq(loyaltyMembers.customerId, fromId)).returning();
      if (from) {
        await tx.insert(loyaltyMembers).values({ customerId: toId, balance: from.balance, joinedAt: from.joinedAt })
          .onConflictDoUpdate({ target: loyaltyMembers.customerId, set: { balance: sql`${loyaltyMembers.balance} + ${from.balance}` } });
      }
      // The merged record's balance row, as "balance|tier|joinedAt", to put back on undo.
      return { ...moved, loyalty_members: from ? [`${from.balance}|${from.tier ?? ''}|${from.joinedAt.toISOString()}`] : [] };
    },
    async count(db, customerId) {
      return { ...(await rows.count(db, customerId)), loyalty_members: await db.$count(loyaltyMembers, eq(loyaltyMembers.customerId, customerId)) };
    },
    async undo(tx, moved, fromId, toId) {
      await rows.undo(tx, moved, fromId, toId);
      const [saved] = moved.loyalty_members ?? [];
      if (!saved) return;
      const [balance, tier, joinedAt] = saved.split('|');
      const b = Number(balance);
      // What the survivor spent since may have come from these points: it keeps no less than zero.
      await tx.update(loyaltyMembers).set({ balance: sql`greatest(0, ${loyaltyMembers.balance} - ${b})` }).where(eq(loyaltyMembers.customerId, toId));
      await tx.insert(loyaltyMembers).values({ customerId: fromId, balance: b, tier: tier || null, joinedAt: new Date(joinedAt) }).onConflictDoNothing();
    },
  });
  registerCustomerDataSection('loyalty', {
    tables: ['loyalty_members', 'loyalty_ledger', 'loyalty_tier_changes', 'loyalty_reviews', 'loyalty_login_codes', 'loyalty_member_sessions'],
    order: 20,
    collect: async (db, customerId) => ({
      loyaltyMember: await db.select().from(loyaltyMembers).where(eq(loyaltyMembers.customerId, customerId)),
      loyaltyLedger: await db.select().from(loyaltyLedger).where(eq(loyaltyLedger.customerId, customerId)),
      loyaltyTierChanges: await db.select().from(loyaltyTierChanges).where(eq(loyaltyTierChanges.customerId, customerId)),
      loyaltyReviews: await db.select().from(loyaltyReviews).where(eq(loyaltyReviews.customerId, customerId)),
      // Never the hashes: when a code was asked for and a session began is what the customer's data holds.
      loyaltyLoginCodes: await db.select({ phone: loyaltyLoginCodes.phone, createdAt: loyaltyLoginCodes.createdAt, usedAt: loyaltyLoginCodes.usedAt }).from(loyaltyLoginCodes).where(eq(loyaltyLoginCodes.customerId, customerId)),
      loyaltyMemberSessions: await db.select({ createdAt: loyaltyMemberSessions.createdAt, expiresAt: loyaltyMemberSessions.expiresAt }).from(loyaltyMemberSessions).where(eq(loyaltyMemberSessions.customerId, customerId)),
    }),
    erase: async (tx, customerId) => {
      const l = await tx.delete(loyaltyLedger).where(eq(loyaltyLedger.customerId, customerId)).returning({ id: loyaltyLedger.id });
      const t = await tx.delete(loyaltyTierChanges).where(eq(loyaltyTierChanges.customerId, customerId)).returning({ id: loyaltyTierChanges.id });
      const rv = await tx.delete(loyaltyReviews).where(eq(loyaltyReviews.customerId, customerId)).returning({ id: loyaltyReviews.id });
      const lc = await tx.delete(loyaltyLoginCodes).where(eq(loyaltyLoginCodes.customerId, customerId)).returning({ id: loyaltyLoginCodes.id });
      const ms = await tx.delete(loyaltyMemberSessions).where(eq(loyaltyMemberSessions.customerId, customerId)).returning({ id: loyaltyMemberSessions.tokenHash });
      const m = await tx.delete(loyaltyMembers).where(eq(loyaltyMembers.customerId, customerId)).returning({ id: loyaltyMembers.customerId });
      return { deleted: { loyalty_ledger: l.length, loyalty_tier_changes: t.length, loyalty_reviews: rv.length, loyalty_members: m.length, loyalty_login_codes: lc.length, loyalty_member_sessions: ms.length } };
    },
  });
}
