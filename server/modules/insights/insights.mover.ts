/**
 * Scores follow nothing on a merge: they are a computation, redone for the survivor at the next refit. The merged
 * record's row and its score history are dropped (an undo leaves the restored record without scores until then). A data export includes a
 * customer's scores; erasure deletes them.
 */
import { eq } from 'drizzle-orm';
import { registerCustomerMover, registerCustomerDataSection } from '../customers/index.ts';
import { customerScores, customerScoreHistory } from './insights.tables.ts';

export function registerInsightMover(): void {
  registerCustomerMover({
    name: 'insights',
    tables: ['customer_scores', 'customer_score_history'],
    async move(tx, fromId) {
      await tx.delete(customerScores).where(eq(customerScores.customerId, fromId));
      await tx.delete(customerScoreHistory).where(eq(customerScoreHistory.customerId, fromId));
      return {};
    },
    async count(db, customerId) {
      return {
        customer_scores: await db.$count(customerScores, eq(customerScores.customerId, customerId)),
        customer_score_history: await db.$count(customerScoreHistory, eq(customerScoreHistory.customerId, customerId)),
      };
    },
    async undo() { /* recomputed at the next refit */ },
  });
  registerCustomerDataSection('insights', {
    tables: ['customer_scores', 'customer_score_history'],
    order: 20,
    collect: async (db, customerId) => ({
      customerScores: await db.select().from(customerScores).where(eq(customerScores.customerId, customerId)),
      customerScoreHistory: await db.select().from(customerScoreHistory).where(eq(customerScoreHistory.customerId, customerId)).orderBy(customerScoreHistory.day),
    }),
    erase: async (tx, customerId) => {
      const gone = await tx.delete(customerScores).where(eq(customerScores.customerId, customerId)).returning({ id: customerScores.customerId });
      const past = await tx.delete(customerScoreHistory).where(eq(customerScoreHistory.customerId, customerId)).returning({ id: customerScoreHistory.customerId });
      return { deleted: { customer_scores: gone.length, customer_score_history: past.length } };
    },
  });
}
