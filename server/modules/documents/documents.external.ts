/**
 * Invoices made elsewhere (an online shop's orders) recorded as issued invoices: the shop's own number (e.g. WC-1042),
 * its lines and prices as the shop charged them (no VAT added: the shop's totals are what the customer paid), and its
 * payments. Idempotent by number: recording the same order again updates that invoice instead of adding another.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { loadVisibleCustomer } from '../customers/index.ts';
import { getOrgSettings } from '../settings/index.ts';
import { documents, documentLines, documentEvents, payments } from './documents.tables.ts';
import { computeTotals, quantityMilli, TotalsError } from './totals.ts';
import { announceInvoicePaid } from './documents.service.ts';

export type ExternalInvoiceLine = { productId: string | null; code: string | null; description: string; quantity: string; unitPrice: bigint; total: bigint };
export type ExternalPayment = { amount: bigint; paidAt: Date; method: 'online' | 'card' | 'transfer' | 'cash' | 'other'; reference: string };
export type ExternalInvoice = {
  customerId: string;
  /** The invoice number as the other system shows it, unique among invoices (the idempotency key). */
  number: string;
  issueDate: string;
  lines: ExternalInvoiceLine[];
  fees: { label: string; amount: bigint }[];
  /** Payments by reference: one already recorded (same reference) is not recorded again. */
  payments: ExternalPayment[];
  cancelled: boolean;
  source: string;
  /**
   * When this recording makes the invoice paid in full: true (a live order) → a `paid` event, the `invoice.paid`
   * webhook and the paid hooks (a purchase survey …); false (history brought in) → the status only, nobody is told.
   */
  announcePaid?: boolean;
};

const SCALE = 1000n;

/** The invoice's totals as recorded: a line's discount is what the shop took off its list price (quantity × price − line total). */
export function externalTotals(input: Pick<ExternalInvoice, 'lines' | 'fees'>) {
  const lineInputs = input.lines.map((l) => {
    const gross = (quantityMilli(l.quantity) * l.unitPrice + SCALE / 2n) / SCALE;
    const discount = gross > l.total ? gross - l.total : 0n;
    return { quantity: l.quantity, unitPrice: l.unitPrice, discount, taxable: false };
  });
  try {
    return { lineInputs, totals: computeTotals({ lines: lineInputs, discount: 0n, vatRateBp: 0, fees: input.fees }) };
  } catch (e) {
    if (e instanceof TotalsError) throw new AppError('VALIDATION_FAILED', e.message, { [e.field]: e.message });
    throw e;
  }
}

export async function recordExternalInvoice(tx: Db, actor: Actor, clock: Clock, input: ExternalInvoice): Promise<{ id: string; created: boolean }> {
  assertCan(actor, 'documents', 'create');
  assertCan(actor, 'documents', 'update');
  const customer = await loadVisibleCustomer(tx, actor, input.customerId);
  // Two writers of the same order (the webhook and the scheduled pull) wait for each other instead of both inserting.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${'external-invoice:' + input.number}))`);
  const [existing] = await tx.select().from(documents).where(and(eq(documents.kind, 'invoice'), eq(documents.number, input.number))).for('update');
  const now = clock.now();
  const { lineInputs, totals } = externalTotals(input);
  const columns = {
    subtotal: totals.subtotal, lineDiscountTotal: totals.lineDiscountTotal, discount: 0n, taxTotal: 0n, feeTotal: totals.feeTotal,
    grandTotal: totals.grandTotal, fees: input.fees.map((f) => ({ label: f.label, amount: f.amount.toString() })),
    issueDate: input.issueDate, updatedAt: now,
    buyer: { name: customer.displayName, phone: customer.phones[0]?.number ?? undefined },
  };
  let id: string;
  let created = false;
  if (existing) {
    id = existing.id;
    await tx.update(documents).set(columns).where(eq(documents.id, id));
  } else {
    const settings = await getOrgSettings(tx);
    const [doc] = await tx.insert(documents).values({
      kind: 'invoice', status: 'issued', number: input.number, customerId: customer.id, seller: { name: settings.companyLegalName || settings.companyName },
      vatRateBp: 0, notes: input.source, locale: settings.defaultLocale, ownerId: customer.ownerId ?? null, createdBy: null, createdAt: now, ...columns,
    }).returning({ id: documents.id });
    id = doc.id;
    created = true;
    await tx.insert(documentEvents).values({ documentId: id, customerId: customer.id, type: 'created', actorId: null, data: { kind: 'invoice', source: input.source, total: totals.grandTotal.toString() }, at: now });
  }
  await tx.delete(documentLines).where(eq(documentLines.documentId, id));
  if (input.lines.length) {
    await tx.insert(documentLines).values(input.lines.map((l, i) => ({
      documentId: id, position: i + 1, productId: l.productId, code: l.code, description: l.description, quantity: l.quantity, unit: null,
      unitPrice: l.unitPrice, discount: lineInputs[i].discount, taxable: 0, docDiscountShare: 0n, tax: 0n, total: totals.lines[i].total,
    })));
  }
  const known = new Set((await tx.select({ reference: payments.reference }).from(payments).where(eq(payments.documentId, id))).map((p) => p.reference));
  for (const p of input.payments) {
    if (known.has(p.reference) || p.amount <= 0n) continue;
    await tx.insert(payments).values({ documentId: id, customerId: customer.id, amount: p.amount, method: p.method, reference: p.reference, paidAt: p.paidAt, note: input.source, createdBy: null });
    await tx.insert(documentEvents).values({ documentId: id, customerId: customer.id, type: 'payment', actorId: null, data: { amount: p.amount.toString(), method: p.method, reference: p.reference }, at: p.paidAt });
  }
  const [{ paid }] = (await tx.execute(sql`SELECT coalesce(sum(amount), 0)::text AS paid FROM payments WHERE document_id = ${id}`)).rows as { paid: string }[];
  const paidTotal = BigInt(paid);
  const status = input.cancelled ? 'cancelled' : paidTotal >= totals.grandTotal && totals.grandTotal > 0n ? 'paid' : paidTotal > 0n ? 'partially_paid' : 'issued';
  if (existing?.status !== status && input.cancelled) await tx.insert(documentEvents).values({ documentId: id, customerId: customer.id, type: 'cancelled', actorId: null, data: { source: input.source }, at: now });
  await tx.update(documents).set({ paidTotal, status, cancelledAt: input.cancelled ? (existing?.cancelledAt ?? now) : null }).where(eq(documents.id, id));
  if (status === 'paid' && existing?.status !== 'paid') {
    await tx.insert(documentEvents).values({ documentId: id, customerId: customer.id, type: 'paid', actorId: null, data: { source: input.source }, at: now });
    if (input.announcePaid) await announceInvoicePaid(tx, id, now);
  }
  return { id, created };
}

/** The invoice with this number, if any (an outside system asks whether its order was recorded). */
export async function invoiceIdByNumber(db: Db, number: string): Promise<string | null> {
  const [d] = await db.select({ id: documents.id }).from(documents).where(and(eq(documents.kind, 'invoice'), eq(documents.number, number)));
  return d?.id ?? null;
}

/**
 * An invoice's date and lines as recordExternalInvoice takes them: an import that goes on with an invoice it began adds
 * to its lines; one that replaces an invoice keeps them to put back on undo.
 */
export async function externalInvoiceContent(db: Db, id: string): Promise<{ issueDate: string; lines: ExternalInvoiceLine[] } | null> {
  const [doc] = await db.select({ issueDate: documents.issueDate }).from(documents).where(eq(documents.id, id));
  if (!doc) return null;
  const rows = await db.select().from(documentLines).where(eq(documentLines.documentId, id)).orderBy(asc(documentLines.position));
  return {
    issueDate: String(doc.issueDate),
    lines: rows.map((l) => ({ productId: l.productId, code: l.code, description: l.description, quantity: String(l.quantity), unitPrice: l.unitPrice, total: l.total })),
  };
}

/**
 * Removes an invoice recorded from outside, with its lines, payments and events (an undone import takes back what it
 * brought). Refused when another document was made from it. (The audit trail has no document entity: the undone
 * import batch is the record of it.)
 */
export async function deleteExternalInvoice(tx: Db, actor: Actor, id: string): Promise<boolean> {
  assertCan(actor, 'documents', 'delete');
  const [doc] = await tx.select({ id: documents.id, customerId: documents.customerId }).from(documents)
    .where(and(eq(documents.id, id), eq(documents.kind, 'invoice'))).for('update');
  if (!doc) return false;
  const [child] = await tx.select({ id: documents.id }).from(documents).where(eq(documents.sourceId, id)).limit(1);
  if (child) throw new AppError('CONFLICT', 'Another document was made from this invoice', { id: 'has a credit note or follow-up' });
  await tx.delete(payments).where(eq(payments.documentId, id));
  await tx.delete(documents).where(eq(documents.id, id));
  return true;
}
