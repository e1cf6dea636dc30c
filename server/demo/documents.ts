/**
 * Quotes, invoices, credit notes and payments of the demo shop, written as rows the way the app writes them: totals
 * from computeTotals (integer Rials), the same party snapshots, events for the timeline, and numbers given per series
 * and Jalali fiscal year in the order the documents went out (PF-/INV-/CN-<year>-<seq>), with the counters to match.
 */
import { createHash } from 'node:crypto';
import type { documents, documentLines, payments, documentEvents } from '../modules/documents/index.ts';
import { computeTotals, publicToken } from '../modules/documents/index.ts';
import type { OrgSettings } from '../modules/settings/index.ts';
import type { PartySnapshot } from '../modules/documents/index.ts';
import { toJalaliString } from '../../common/jalali.ts';
import type { Rng } from './prng.ts';
import type { CustomerInsert } from './people.ts';

export type DocInsert = typeof documents.$inferInsert & { id: string; kind: 'quote' | 'invoice' | 'credit_note'; createdAt: Date; updatedAt: Date; grandTotal: bigint; paidTotal: bigint };
export type LineInsert = typeof documentLines.$inferInsert;
export type PaymentInsert = typeof payments.$inferInsert & { amount: bigint; paidAt: Date };
export type EventInsert = typeof documentEvents.$inferInsert & { at: Date };
export type SaleLine = { productId: string; code: string; description: string; unit: string; quantity: string; unitPrice: bigint; discount: bigint; taxable: boolean };

const DAY = 86_400_000;
const PREFIX = { quote: 'PF', invoice: 'INV', credit_note: 'CN' } as const;
const METHODS = { pos: 35, card: 20, transfer: 25, cash: 8, cheque: 7, online: 5 } as const;

/** The calendar day of an instant in Tehran, as YYYY-MM-DD. */
const TEHRAN_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tehran', year: 'numeric', month: '2-digit', day: '2-digit' });
export const tehranDay = (d: Date) => TEHRAN_DAY.format(d);
export const addDays = (iso: string, days: number) => new Date(Date.parse(iso + 'T00:00:00Z') + days * DAY).toISOString().slice(0, 10);

function sellerOf(s: OrgSettings): PartySnapshot {
  return {
    name: s.companyLegalName || s.companyName, economicCode: s.companyEconomicCode || undefined, nationalId: s.companyNationalId || undefined,
    registrationNumber: s.companyRegistrationNo || undefined, postalCode: s.companyPostalCode || undefined, address: s.companyAddress || undefined,
    phone: s.companyPhone || undefined,
  };
}

/** The buyer as the app snapshots it from the customer record (documents.service buyerOf). */
function buyerOf(c: CustomerInsert): PartySnapshot {
  const addr = c.addresses?.[0];
  const clean = (o: PartySnapshot) => JSON.parse(JSON.stringify(o)) as PartySnapshot;
  return clean({
    name: c.displayName,
    economicCode: c.economicCode ?? undefined,
    nationalId: (c.kind === 'organization' ? c.companyNationalId : c.nationalId) ?? undefined,
    registrationNumber: c.registrationNo ?? undefined,
    postalCode: addr?.postalCode ?? undefined,
    address: addr ? [addr.line, addr.city ?? c.city, addr.province ?? c.province].filter(Boolean).join('، ') : [c.city, c.province].filter(Boolean).join('، ') || undefined,
    phone: c.phones?.[0]?.number ?? undefined,
  });
}

export class DocumentWriter {
  readonly documents: DocInsert[] = [];
  readonly lines: LineInsert[] = [];
  readonly payments: PaymentInsert[] = [];
  readonly events: EventInsert[] = [];
  /** When each numbered document got its number (sent, or issued as a credit note). */
  private numbered: { doc: DocInsert; at: Date }[] = [];
  private linesOf = new Map<string, LineInsert[]>();
  private seller: PartySnapshot;

  constructor(private rng: Rng, private now: Date, private settings: OrgSettings, private secret: string) {
    this.seller = sellerOf(settings);
  }

  private event(doc: DocInsert, type: string, at: Date, actorId: string | null, data: Record<string, unknown> = {}) {
    this.events.push({ id: this.rng.uuid(), documentId: doc.id, customerId: doc.customerId, type, actorId, data, at });
    if (at > doc.updatedAt) doc.updatedAt = at;
  }

  /** A draft with its lines and totals, created at `at` by `actorId`. */
  draft(kind: 'quote' | 'invoice', c: CustomerInsert, lines: SaleLine[], opts: { at: Date; actorId: string; ownerId: string; dealId?: string | null; sourceId?: string; discount?: bigint; fees?: { label: string; amount: bigint }[] }): DocInsert {
    const fees = opts.fees ?? [];
    const discount = opts.discount ?? 0n;
    const t = computeTotals({ lines: lines.map((l) => ({ quantity: l.quantity, unitPrice: l.unitPrice, discount: l.discount, taxable: l.taxable })), discount, vatRateBp: this.settings.vatRateBp, fees });
    const issueDate = tehranDay(opts.at);
    const doc: DocInsert = {
      id: this.rng.uuid(), kind, status: 'draft', customerId: c.id, dealId: opts.dealId ?? null, sourceId: opts.sourceId ?? null, issueDate,
      validUntil: kind === 'quote' ? addDays(issueDate, this.settings.quoteValidityDays) : null, dueDate: null,
      seller: this.seller, buyer: buyerOf(c), discount, vatRateBp: this.settings.vatRateBp,
      fees: fees.map((f) => ({ label: f.label, amount: f.amount.toString() })), subtotal: t.subtotal, lineDiscountTotal: t.lineDiscountTotal,
      taxTotal: t.taxTotal, feeTotal: t.feeTotal, grandTotal: t.grandTotal, paidTotal: 0n,
      terms: kind === 'quote' ? this.settings.documentTerms : null, notes: null, locale: 'fa',
      ownerId: opts.ownerId, createdBy: opts.actorId, createdAt: opts.at, updatedAt: opts.at,
    };
    this.documents.push(doc);
    const rows: LineInsert[] = [];
    this.linesOf.set(doc.id, rows);
    lines.forEach((l, i) => rows.push({
      id: this.rng.uuid(), documentId: doc.id, position: i + 1, productId: l.productId, code: l.code, description: l.description, quantity: l.quantity,
      unit: l.unit, unitPrice: l.unitPrice, discount: l.discount, taxable: l.taxable ? 1 : 0,
      docDiscountShare: t.lines[i].docDiscountShare, tax: t.lines[i].tax, total: t.lines[i].total,
    }));
    this.lines.push(...rows);
    this.event(doc, 'created', opts.at, opts.actorId, { kind, total: t.grandTotal.toString(), ...(opts.sourceId ? { fromQuote: null } : {}) });
    return doc;
  }

  /** Sent (quote) or issued (invoice) at `at`: numbered later in order, its public link open for the usual days. */
  send(doc: DocInsert, c: CustomerInsert, at: Date, actorId: string) {
    doc.status = doc.kind === 'quote' ? 'sent' : 'issued';
    doc.sentAt = at;
    doc.publicTokenHash = createHash('sha256').update(publicToken(this.secret, doc.id)).digest('hex');
    doc.publicExpiresAt = new Date(at.getTime() + this.settings.publicLinkDays * DAY);
    this.numbered.push({ doc, at });
    const email = c.emails?.[0]?.address ?? null;
    const mobile = c.phones?.find((p) => /^\+989\d{9}$/.test(p.number))?.number ?? null;
    const sms = c.smsConsent ? mobile : null;
    this.event(doc, 'sent', at, actorId, { email, sms, resend: false, smsSkipped: sms ? null : mobile ? 'no consent' : 'no mobile' });
  }

  decide(quote: DocInsert, decision: 'accepted' | 'rejected', at: Date, by: string | null, note: string | null = null) {
    quote.status = decision;
    quote.decidedAt = at;
    quote.decisionNote = note;
    this.event(quote, decision, at, by, { by: by ? 'staff' : 'customer', note });
  }

  expire(quote: DocInsert) {
    const at = new Date(Date.parse(addDays(String(quote.validUntil), 1) + 'T03:30:00Z'));
    if (at > this.now) return;
    quote.status = 'expired';
    this.event(quote, 'expired', at, null);
  }

  /** The accepted quote's invoice (same lines and totals), drafted at `at`. */
  invoiceFrom(quote: DocInsert, c: CustomerInsert, at: Date, actorId: string): DocInsert {
    const lines = this.linesOf.get(quote.id)!.map((l) => ({
      productId: l.productId!, code: l.code!, description: l.description, unit: l.unit!, quantity: l.quantity, unitPrice: l.unitPrice, discount: l.discount!, taxable: l.taxable === 1,
    }));
    const fees = (quote.fees ?? []).map((f) => ({ label: f.label, amount: BigInt(f.amount) }));
    const inv = this.draft('invoice', c, lines, { at, actorId, ownerId: quote.ownerId!, dealId: quote.dealId, sourceId: quote.id, discount: quote.discount, fees });
    inv.buyer = quote.buyer;
    this.event(quote, 'invoiced', at, actorId, { invoiceId: inv.id });
    return inv;
  }

  pay(inv: DocInsert, amount: bigint, at: Date, actorId: string, method?: keyof typeof METHODS) {
    const m = method ?? this.rng.weighted(METHODS);
    const reference = m === 'cash' ? null : m === 'cheque' ? `چک ${this.rng.digits(6)}` : this.rng.digits(this.rng.int(6, 12));
    const p: PaymentInsert = { id: this.rng.uuid(), documentId: inv.id, customerId: inv.customerId, amount, method: m, reference, paidAt: at, note: null, createdBy: actorId, createdAt: at };
    this.payments.push(p);
    inv.paidTotal += amount;
    inv.status = inv.paidTotal === inv.grandTotal ? 'paid' : 'partially_paid';
    this.event(inv, 'payment', at, actorId, { paymentId: p.id, amount: amount.toString(), method: m, reference, balance: (inv.grandTotal - inv.paidTotal).toString() });
    if (inv.status === 'paid') this.event(inv, 'paid', at, actorId);
  }

  /** Cancels an issued invoice at `at`: kept, marked cancelled, balanced by a credit note with the same lines. */
  cancel(inv: DocInsert, at: Date, actorId: string, reason: string) {
    inv.status = 'cancelled';
    inv.cancelledAt = at;
    inv.decisionNote = reason;
    const cn: DocInsert = {
      ...inv, id: this.rng.uuid(), kind: 'credit_note', status: 'issued', sourceId: inv.id, issueDate: tehranDay(at), paidTotal: 0n,
      sentAt: null, publicTokenHash: null, publicExpiresAt: null, cancelledAt: null, decisionNote: null, decidedAt: null, validUntil: null,
      terms: null, notes: reason, createdBy: actorId, createdAt: at, updatedAt: at,
    };
    this.documents.push(cn);
    for (const l of this.linesOf.get(inv.id)!) this.lines.push({ ...l, id: this.rng.uuid(), documentId: cn.id });
    this.numbered.push({ doc: cn, at });
    this.event(cn, 'created', at, actorId, { kind: 'credit_note', total: inv.grandTotal.toString() });
    this.event(inv, 'cancelled', at, actorId, { reason, creditNoteId: cn.id });
  }

  /**
   * Gives every sent document its number in the order they went out, per series and Jalali fiscal year of the issue
   * date (as the app's counter does), and returns the counters' last values.
   */
  number(): { kind: string; fiscalYear: number; last: number }[] {
    const last = new Map<string, number>();
    this.numbered.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.doc.id < b.doc.id ? -1 : 1));
    for (const { doc } of this.numbered) {
      const fiscalYear = Number(toJalaliString(String(doc.issueDate)).slice(0, 4));
      const key = `${doc.kind}:${fiscalYear}`;
      const seq = (last.get(key) ?? 0) + 1;
      last.set(key, seq);
      Object.assign(doc, { number: `${PREFIX[doc.kind]}-${fiscalYear}-${String(seq).padStart(5, '0')}`, fiscalYear, seq });
    }
    // What refers to a number is filled in once the numbers are known, as the app would have written it.
    const byId = new Map(this.documents.map((d) => [d.id, d]));
    for (const d of this.documents) {
      if (d.kind === 'credit_note') {
        const inv = byId.get(d.sourceId!)!;
        d.notes = `${inv.number}: ${d.notes}`;
      }
    }
    for (const e of this.events) {
      const d = byId.get(e.documentId);
      if (!d) continue;
      if (e.type === 'sent') e.data = { number: d.number, ...e.data };
      if (e.type === 'created' && d.kind === 'credit_note') e.data = { ...e.data, forInvoice: byId.get(d.sourceId!)?.number ?? null };
      if (e.type === 'created' && d.sourceId && d.kind === 'invoice') e.data = { ...e.data, fromQuote: byId.get(d.sourceId)?.number ?? null };
    }
    return [...last.entries()].map(([k, v]) => ({ kind: k.split(':')[0], fiscalYear: Number(k.split(':')[1]), last: v }));
  }
}
