/**
 * Quotes, invoices and credit notes (with lines, payments and events) in a data export. On erasure the law decides:
 * issued invoices and credit notes (those that got a number) are kept exactly as issued — buyer fields, lines and
 * payments — and only their public link is switched off; quotes and drafts are deleted with their lines and events.
 */
import { and, eq, inArray, isNotNull, or } from 'drizzle-orm';
import { registerCustomerDataSection } from '../customers/index.ts';
import { documentEvents, documentLines, documents, payments } from './documents.tables.ts';
import { registerSalesRollupDataRights } from './sales-rollup.mover.ts';

type DocumentRow = typeof documents.$inferSelect;
/** A document the tax law requires the business to keep: an invoice or credit note once it was issued (numbered). */
export const legallyKept = (d: Pick<DocumentRow, 'kind' | 'number'>) => d.kind !== 'quote' && d.number !== null;

export function registerDocumentDataRights(): void {
  registerSalesRollupDataRights();
  registerCustomerDataSection('documents', {
    tables: ['documents', 'payments', 'document_events'],
    order: 50,
    collect: async (db, customerId) => {
      const docs = await db.select().from(documents).where(eq(documents.customerId, customerId));
      const ids = docs.map((d) => d.id);
      const lines = ids.length ? await db.select().from(documentLines).where(inArray(documentLines.documentId, ids)) : [];
      const pays = await db.select().from(payments).where(or(eq(payments.customerId, customerId), ids.length ? inArray(payments.documentId, ids) : undefined));
      const events = await db.select().from(documentEvents).where(eq(documentEvents.customerId, customerId));
      return {
        documents: docs.map(({ publicTokenHash: _t, ...d }) => ({
          ...d,
          lines: lines.filter((l) => l.documentId === d.id).sort((a, b) => a.position - b.position),
          payments: pays.filter((p) => p.documentId === d.id),
        })),
        documentEvents: events,
      };
    },
    erase: async (tx, customerId, ctx) => {
      const docs = await tx.select({ id: documents.id, kind: documents.kind, number: documents.number }).from(documents).where(eq(documents.customerId, customerId));
      const kept = docs.filter(legallyKept).map((d) => d.id);
      const drop = docs.filter((d) => !legallyKept(d)).map((d) => d.id);
      let paysGone = 0;
      if (drop.length) {
        paysGone = (await tx.delete(payments).where(inArray(payments.documentId, drop)).returning({ id: payments.id })).length;
        // lines and events go with their document (ON DELETE CASCADE)
        await tx.delete(documents).where(inArray(documents.id, drop));
      }
      if (kept.length) {
        await tx.update(documents).set({ publicTokenHash: null, publicExpiresAt: null, updatedAt: ctx.now }).where(inArray(documents.id, kept));
        // what happened to a kept invoice stays; where and to whom it was sent does not
        await tx.update(documentEvents).set({ data: {} }).where(and(inArray(documentEvents.documentId, kept), isNotNull(documentEvents.data)));
      }
      const keptPays = kept.length ? (await tx.select({ id: payments.id }).from(payments).where(inArray(payments.documentId, kept))).length : 0;
      return {
        deleted: { documents: drop.length, payments: paysGone },
        kept: { invoices: kept.length, payments: keptPays },
        notes: kept.length ? ['Issued invoices and credit notes are kept as issued (buyer details, lines, payments): the law requires them.'] : [],
      };
    },
  });
}
