/** The API's view of a document (and the payload of its webhook events): money as decimal strings, no internal columns. */
import type { documents } from './documents.tables.ts';

type DocumentRow = typeof documents.$inferSelect;

export function money(v: bigint | string | number): string;
export function money(v: bigint | string | number | null | undefined): string | null;
export function money(v: bigint | string | number | null | undefined) { return v === null || v === undefined ? null : BigInt(v).toString(); }

export function presentDocument(d: DocumentRow & { customerName?: string }) {
  return {
    id: d.id, kind: d.kind, number: d.number, status: d.status, customerId: d.customerId, customerName: d.customerName ?? d.buyer.name,
    dealId: d.dealId, sourceId: d.sourceId, issueDate: String(d.issueDate), validUntil: d.validUntil ? String(d.validUntil) : null, dueDate: d.dueDate ? String(d.dueDate) : null,
    seller: d.seller, buyer: d.buyer, vatRateBp: d.vatRateBp, fees: d.fees,
    subtotal: money(d.subtotal), lineDiscountTotal: money(d.lineDiscountTotal), discount: money(d.discount), taxTotal: money(d.taxTotal),
    feeTotal: money(d.feeTotal), grandTotal: money(d.grandTotal), paidTotal: money(d.paidTotal), balance: money(d.grandTotal - d.paidTotal),
    terms: d.terms, notes: d.notes, locale: d.locale, sentAt: d.sentAt ? d.sentAt.toISOString() : null, decidedAt: d.decidedAt ? d.decidedAt.toISOString() : null,
    decisionNote: d.decisionNote, cancelledAt: d.cancelledAt ? d.cancelledAt.toISOString() : null, publicExpiresAt: d.publicExpiresAt ? d.publicExpiresAt.toISOString() : null,
    ownerId: d.ownerId, createdAt: d.createdAt.toISOString(), updatedAt: d.updatedAt.toISOString(),
  };
}
export type DocumentView = ReturnType<typeof presentDocument>;
