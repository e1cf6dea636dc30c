/**
 * A customer merge moves the merged record's runs to the survivor (and back on undo; each run keeps its dedupe key,
 * so an occurrence the merged record already had does not run again under it). Export lists a customer's runs;
 * erasure deletes them.
 */
import { eq } from 'drizzle-orm';
import { registerCustomerMover, columnMover, registerCustomerDataSection } from '../customers/index.ts';
import { automationRuns, automations } from './automations.tables.ts';

export function registerAutomationMover(): void {
  registerCustomerMover(columnMover('automations', [{ table: automationRuns, id: automationRuns.id, customerId: automationRuns.customerId }]));
  registerCustomerDataSection('automations', {
    tables: ['automation_runs'],
    order: 21,
    collect: async (db, customerId) => ({
      automationRuns: await db.select({ automation: automations.name, status: automationRuns.status, log: automationRuns.log, createdAt: automationRuns.createdAt })
        .from(automationRuns).innerJoin(automations, eq(automations.id, automationRuns.automationId)).where(eq(automationRuns.customerId, customerId)),
    }),
    erase: async (tx, customerId) => {
      const gone = await tx.delete(automationRuns).where(eq(automationRuns.customerId, customerId)).returning({ id: automationRuns.id });
      return { deleted: { automation_runs: gone.length } };
    },
  });
}
