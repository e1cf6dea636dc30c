/**
 * Many new invoices from outside at once (an import's chunk of purchase history): what recordExternalInvoice does for
 * an invoice whose number is not yet recorded, in a fixed number of statements per chunk (documents, lines, payments
 * and events each inserted in one statement). An invoice whose number exists by the time its lock is held is not
 * touched: the caller records it the one-by-one way (adding lines, replacing, skipping), so the rules stay in one place.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { assertCan, customerScopeSql, type Actor } from '../auth/index.ts';
import { getOrgSettings } from '../settings/index.ts';
import { insertRowsJson } from '../../db/bulk-insert.ts';
import { documents, documentLines, documentEvents, payments } from './documents.tables.ts';
import { externalTotals, type ExternalInvoice } from './documents.external.ts';
import { announceInvoicePaid } from './documents.service.ts';

export type BulkInvoiceResult = { id: string } | { exists: string } | { problem: string };

/** Fresh planner statistics after many invoices were added at once (an import; PGlite has no autovacuum). */
export async function refreshInvoiceStats(db: Db): Promise<void> {
  await db.execute(sql`ANALYZE documents, document_lines, payments, document_events`);
}

/** The ids of the invoices with these numbers (one statement). */
export async function invoiceIdsByNumbers(db: Db, numbers: string[]): Promise<Map<string, string>> {
  if (!numbers.length) return new Map();
  const res = await db.execute(sql`SELECT id, number FROM documents WHERE kind = 'invoice' AND number = ANY(${sql.param([...new Set(numbers)])}::text[])`);
  return new Map((res.rows as { id: string; number: string }[]).map((r) => [r.number, r.id]));
}

const problemOf = (err: unknown): string => {
  if (!(err instanceof AppError)) throw err;
  const d = err.details && typeof err.details === 'object' ? Object.entries(err.details as Record<string, unknown>).map(([k, v]) => `${k}: ${String(v)}`).join('; ') : '';
  return d ? `${err.message} (${d})` : err.message;
};

/** Records each input whose number is new; one result per input, in order. Numbers must differ among the inputs. */
export async function recordExternalInvoicesBulk(tx: Db, actor: Actor, clock: Clock, inputs: ExternalInvoice[]): Promise<BulkInvoiceResult[]> {
  assertCan(actor, 'documents', 'create');
  assertCan(actor, 'documents', 'update');
  assertCan(actor, 'customers', 'read');
  if (!inputs.length) return [];
  if (new Set(inputs.map((i) => i.number)).size !== inputs.length) throw new Error('recordExternalInvoicesBulk: numbers repeat');
  // The same advisory locks as recordExternalInvoice (a webhook or a pull recording one of these numbers waits), taken
  // in a fixed order so that two bulk writers cannot deadlock.
  const numbers = inputs.map((i) => i.number);
  await tx.execute(sql`SELECT count(pg_advisory_xact_lock(hashtext('external-invoice:' || n))) FROM (SELECT n FROM unnest(${sql.param(numbers)}::text[]) AS u(n) ORDER BY n) s`);
  const existing = await invoiceIdsByNumbers(tx, numbers);
  const scope = customerScopeSql(actor, 'c');
  const ids = [...new Set(inputs.map((i) => i.customerId))];
  const res = await tx.execute(sql`SELECT c.id, c.display_name, c.phones, c.owner_id FROM customers c
    WHERE c.id = ANY(${sql.param(ids)}::uuid[]) AND c.deleted_at IS NULL AND ${scope ?? sql`true`}`);
  const customers = new Map((res.rows as { id: string; display_name: string; phones: { number: string }[]; owner_id: string | null }[]).map((r) => [r.id, r]));
  const settings = await getOrgSettings(tx);
  const now = clock.now();
  const docs: (typeof documents.$inferInsert)[] = [];
  const lines: (typeof documentLines.$inferInsert)[] = [];
  const pays: (typeof payments.$inferInsert)[] = [];
  const events: (typeof documentEvents.$inferInsert)[] = [];
  const announce: string[] = [];
  const out = inputs.map((input): BulkInvoiceResult => {
    const found = existing.get(input.number);
    if (found) return { exists: found };
    const customer = customers.get(input.customerId);
    if (!customer) return { problem: 'Customer not found' };
    let t;
    try { t = externalTotals(input); } catch (err) { return { problem: problemOf(err) }; }
    const { lineInputs, totals } = t;
    const id = randomUUID();
    // A new invoice has no payments yet: every positive one is recorded (as recordExternalInvoice does).
    const paid = input.payments.filter((p) => p.amount > 0n);
    const paidTotal = paid.reduce((s, p) => s + p.amount, 0n);
    const status = input.cancelled ? 'cancelled' : paidTotal >= totals.grandTotal && totals.grandTotal > 0n ? 'paid' : paidTotal > 0n ? 'partially_paid' : 'issued';
    docs.push({
      id, kind: 'invoice', status, number: input.number, customerId: customer.id, seller: { name: settings.companyLegalName || settings.companyName },
      vatRateBp: 0, notes: input.source, locale: settings.defaultLocale, ownerId: customer.owner_id ?? null, createdBy: null, createdAt: now,
      subtotal: totals.subtotal, lineDiscountTotal: totals.lineDiscountTotal, discount: 0n, taxTotal: 0n, feeTotal: totals.feeTotal,
      grandTotal: totals.grandTotal, fees: input.fees.map((f) => ({ label: f.label, amount: f.amount.toString() })),
      issueDate: input.issueDate, updatedAt: now, buyer: { name: customer.display_name, phone: customer.phones[0]?.number ?? undefined },
      paidTotal, cancelledAt: input.cancelled ? now : null,
    });
    events.push({ documentId: id, customerId: customer.id, type: 'created', actorId: null, data: { kind: 'invoice', source: input.source, total: totals.grandTotal.toString() }, at: now });
    input.lines.forEach((l, i) => lines.push({
      documentId: id, position: i + 1, productId: l.productId, code: l.code, description: l.description, quantity: l.quantity, unit: null,
      unitPrice: l.unitPrice, discount: lineInputs[i].discount, taxable: 0, docDiscountShare: 0n, tax: 0n, total: totals.lines[i].total,
    }));
    for (const p of paid) {
      pays.push({ documentId: id, customerId: customer.id, amount: p.amount, method: p.method, reference: p.reference, paidAt: p.paidAt, note: input.source, createdBy: null });
      events.push({ documentId: id, customerId: customer.id, type: 'payment', actorId: null, data: { amount: p.amount.toString(), method: p.method, reference: p.reference }, at: p.paidAt });
    }
    if (input.cancelled) events.push({ documentId: id, customerId: customer.id, type: 'cancelled', actorId: null, data: { source: input.source }, at: now });
    if (status === 'paid') {
      events.push({ documentId: id, customerId: customer.id, type: 'paid', actorId: null, data: { source: input.source }, at: now });
      if (input.announcePaid) announce.push(id);
    }
    return { id };
  });
  // Documents first (the others point at them); one statement per table whatever the chunk's size.
  await insertRowsJson(tx, documents, docs);
  await insertRowsJson(tx, documentLines, lines);
  await insertRowsJson(tx, payments, pays);
  await insertRowsJson(tx, documentEvents, events);
  for (const id of announce) await announceInvoicePaid(tx, id, now);
  return out;
}
