// Documents: quotes (پیش‌فاکتور), invoices (فاکتور) and credit notes — totals in integer Rials, numbering per series
// and Jalali fiscal year, sending (PDF by email + SMS through the outbox), the customer's public link, payments.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { registerAttachmentResolver } from '../messaging/index.ts';
import { documents } from './documents.tables.ts';
import { documentPdf } from './documents.query.ts';
import { registerDocumentViews } from './documents.timeline.ts';

export { documents, documentLines, payments, documentEvents, documentCounters, type PartySnapshot } from './documents.tables.ts';
export { setDocumentSmsHandover } from './documents.service.ts';
export { createDocument, updateDocument, sendDocument, invoiceFromQuote, recordPayment, onInvoicePaid, onDocumentCancelled, cancelDocument, expireQuotes, loadVisibleDocument, publicToken } from './documents.service.ts';
export { setQuoteDiscountRule, setPriceListRule } from './documents.rules.ts';
export { listDocuments, documentById, documentPdf, presentDocument, visibleDocumentsSql, type DocumentView } from './documents.query.ts';
export { purchasesOf } from './documents.timeline.ts';
export { computeTotals } from './totals.ts';
export { searchDocumentHits } from './documents.search.ts';
export { registerDocumentDataRights } from './documents.data-rights.ts';
export { ensurePdfFonts, PDF_FONT_FAMILY, pdfText } from './pdf/index.ts';

/** Timeline, 360° section, and the PDF attachment of sent documents. */
export function registerDocuments(db: Db): void {
  registerDocumentViews();
  registerAttachmentResolver('document-pdf', async (id) => {
    const [doc] = await db.select().from(documents).where(eq(documents.id, id));
    if (!doc) throw new Error(`document ${id} is gone`);
    return { filename: `${doc.number ?? 'document'}.pdf`, content: await documentPdf(db, doc), contentType: 'application/pdf' };
  });
}
export { registerDocumentMover } from './documents.mover.ts';
export { recordExternalInvoice, invoiceIdByNumber, externalInvoiceContent, deleteExternalInvoice, type ExternalInvoice, type ExternalInvoiceLine, type ExternalPayment } from './documents.external.ts';
export { recordExternalInvoicesBulk, invoiceIdsByNumbers, refreshInvoiceStats, type BulkInvoiceResult } from './documents.external-bulk.ts';
export { registerDocumentSegmentFields } from './documents.segment-fields.ts';
export { purchaseLog, type PurchaseRow } from './documents.purchase-log.ts';
