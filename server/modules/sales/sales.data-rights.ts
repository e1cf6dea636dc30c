/**
 * The customer's deals (with items and stage history) in a data export. On erasure deals stay for the pipeline
 * figures and because kept invoices may point at them; their free text (title, lost reasons) is replaced.
 */
import { eq, inArray } from 'drizzle-orm';
import { registerCustomerDataSection } from '../customers/index.ts';
import { dealItems, dealStageEvents, deals } from './sales.tables.ts';

export const ERASED_DEAL_TITLE = '—';

export function registerSalesDataRights(): void {
  registerCustomerDataSection('deals', {
    tables: ['deals', 'deal_stage_events'],
    order: 60,
    collect: async (db, customerId) => {
      const ds = await db.select().from(deals).where(eq(deals.customerId, customerId));
      const items = ds.length ? await db.select().from(dealItems).where(inArray(dealItems.dealId, ds.map((d) => d.id))) : [];
      const events = await db.select().from(dealStageEvents).where(eq(dealStageEvents.customerId, customerId));
      return {
        deals: ds.map((d) => ({ ...d, items: items.filter((i) => i.dealId === d.id) })),
        dealStageEvents: events,
      };
    },
    erase: async (tx, customerId, ctx) => {
      const ds = await tx.update(deals).set({ title: ERASED_DEAL_TITLE, lostReason: null, source: null, updatedAt: ctx.now }).where(eq(deals.customerId, customerId)).returning({ id: deals.id });
      await tx.update(dealStageEvents).set({ lostReason: null }).where(eq(dealStageEvents.customerId, customerId));
      return { anonymized: { deals: ds.length } };
    },
  });
}
