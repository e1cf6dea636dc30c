/**
 * Quotes, invoices and credit notes: writing them (totals computed here, in integer Rials), numbering them per
 * series and Jalali fiscal year, and their lifecycle — send (email with the PDF + SMS, through the outbox, in the
 * same transaction as the status change), accept/reject, quote → invoice, payments, cancel (credit note; never
 * deleted). Reading and presenting them is in documents.query.ts.
 */
import { createHash, createHmac } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, systemActor, type Actor } from '../auth/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { loadVisibleCustomer, touchCustomer } from '../customers/index.ts';
import { getOrgSettings, type OrgSettings } from '../settings/index.ts';
import { products, resolvePrice, loadVisibleDeal, markDealWon } from '../sales/index.ts';
import { notify } from '../notifications/index.ts';
import { queueMessage } from '../messaging/index.ts';
import { documents, documentLines, documentCounters, documentEvents, payments, type PartySnapshot } from './documents.tables.ts';
import { computeTotals, TotalsError, type Totals } from './totals.ts';
import { presentDocument } from './documents.present.ts';
import { recordWebhookEvent, emitDomainEvent } from '../webhooks/index.ts';
import { formatMoney } from '../../../common/money.ts';
import { toJalaliString } from '../../../common/jalali.ts';
import { normalizePhone } from '../../../common/phone.ts';
import type { DocumentCreate, DocumentUpdate, DocumentSend, PaymentCreate, DocumentLineInput } from '../../../common/documents.schemas.ts';
import { todayIn } from '../../../common/jalali.ts';
import { standingDiscount, standingPriceList } from './documents.rules.ts';

export type DocumentRow = typeof documents.$inferSelect;

const PREFIX = { quote: 'PF', invoice: 'INV', credit_note: 'CN' } as const;
export const KIND_NAME = { fa: { quote: 'پیش‌فاکتور', invoice: 'فاکتور', credit_note: 'اعلامیهٔ بستانکاری' }, en: { quote: 'Quote', invoice: 'Invoice', credit_note: 'Credit note' } } as const;

const addDays = (iso: string, days: number) => new Date(Date.parse(iso + 'T00:00:00Z') + days * 86_400_000).toISOString().slice(0, 10);

/** Reads and checks a document the actor may see; documents are seen with their customer. */
export async function loadVisibleDocument(db: Db, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}): Promise<DocumentRow> {
  assertCan(actor, 'documents', 'read');
  const q = db.select().from(documents).where(eq(documents.id, id));
  const [doc] = opts.forUpdate ? await q.for('update') : await q;
  if (!doc) throw notFound('Document');
  await loadVisibleCustomer(db, actor, doc.customerId).catch(() => { throw notFound('Document'); });
  // As in the list (visibleDocumentsSql): documents have no team, so any scope but 'all' means the actor's own.
  const scope = actor.permissions.documents?.scope ?? 'own';
  if (scope !== 'all' && doc.ownerId !== actor.userId && doc.createdBy !== actor.userId) throw notFound('Document');
  return doc;
}

async function event(tx: Db, doc: { id: string; customerId: string }, type: string, actorId: string | null, data: Record<string, unknown> = {}, at?: Date) {
  await tx.insert(documentEvents).values({ documentId: doc.id, customerId: doc.customerId, type, actorId, data, ...(at ? { at } : {}) });
}

function sellerOf(s: OrgSettings): PartySnapshot {
  return {
    name: s.companyLegalName || s.companyName, economicCode: s.companyEconomicCode || undefined, nationalId: s.companyNationalId || undefined,
    registrationNumber: s.companyRegistrationNo || undefined, postalCode: s.companyPostalCode || undefined, address: s.companyAddress || undefined,
    phone: s.companyPhone || undefined,
  };
}

/** An invoice shows a phone as people write it at home (021 8877 6655), not in E.164. */
const nationalPhone = (e164: string) => { const p = normalizePhone(e164); return p.ok ? p.national : e164; };

function buyerOf(c: Awaited<ReturnType<typeof loadVisibleCustomer>>): PartySnapshot {
  const addr = c.addresses[0];
  return {
    name: c.displayName,
    economicCode: c.economicCode ?? undefined,
    nationalId: (c.kind === 'organization' ? c.companyNationalId : c.nationalId) ?? undefined,
    registrationNumber: c.registrationNo ?? undefined,
    postalCode: addr?.postalCode ?? undefined,
    address: addr ? [addr.line, addr.city ?? c.city, addr.province ?? c.province].filter(Boolean).join('، ') : [c.city, c.province].filter(Boolean).join('، ') || undefined,
    phone: c.phones[0] ? nationalPhone(c.phones[0].number) : undefined,
  };
}

type ResolvedLine = { productId: string | null; code: string | null; description: string; quantity: string; unit: string | null; unitPrice: bigint; discount: bigint; taxable: boolean };

/** Fills lines from their products (name, code, unit, price, tax class); an unknown or inactive product is an error on that line. */
async function resolveLines(db: Db, lines: DocumentLineInput[], priceListId: string | undefined, priced = { fromList: 0 }): Promise<ResolvedLine[]> {
  const ids = [...new Set(lines.map((l) => l.productId).filter((x): x is string => Boolean(x)))];
  const found = ids.length ? await db.select().from(products).where(inArray(products.id, ids)) : [];
  const byId = new Map(found.map((p) => [p.id, p]));
  const errors: Record<string, string> = {};
  const out: ResolvedLine[] = [];
  for (const [i, l] of lines.entries()) {
    const p = l.productId ? byId.get(l.productId) : undefined;
    if (l.productId && !p) { errors[`lines.${i}.productId`] = 'no such product'; continue; }
    if (p && !p.active) { errors[`lines.${i}.productId`] = 'this product is no longer sold'; continue; }
    const description = l.description || p?.nameFa;
    if (!description) { errors[`lines.${i}.description`] = 'required for a line without a product'; continue; }
    let unitPrice = l.unitPrice;
    if (unitPrice === undefined) {
      if (!p) { errors[`lines.${i}.unitPrice`] = 'required for a line without a product'; continue; }
      const r = await resolvePrice(db, p.id, priceListId);
      unitPrice = r.price;
      if (r.source === 'price_list') priced.fromList++;
    }
    out.push({
      productId: p?.id ?? null, code: l.code ?? p?.code ?? null, description, quantity: l.quantity, unit: l.unit ?? p?.unit ?? null,
      unitPrice, discount: l.discount ?? 0n, taxable: l.taxable ?? (p ? p.taxClass !== 'exempt' : true),
    });
  }
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Some lines are not right', errors);
  return out;
}

function totalsOf(lines: ResolvedLine[], discount: bigint, vatRateBp: number, fees: { label: string; amount: bigint }[]): Totals {
  try {
    return computeTotals({ lines: lines.map((l) => ({ quantity: l.quantity, unitPrice: l.unitPrice, discount: l.discount, taxable: l.taxable })), discount, vatRateBp, fees });
  } catch (e) {
    if (e instanceof TotalsError) throw new AppError('VALIDATION_FAILED', e.message, { [e.field]: e.message });
    throw e;
  }
}

async function writeLines(tx: Db, documentId: string, lines: ResolvedLine[], totals: Totals) {
  await tx.delete(documentLines).where(eq(documentLines.documentId, documentId));
  await tx.insert(documentLines).values(lines.map((l, i) => ({
    documentId, position: i + 1, productId: l.productId, code: l.code, description: l.description, quantity: l.quantity, unit: l.unit,
    unitPrice: l.unitPrice, discount: l.discount, taxable: l.taxable ? 1 : 0,
    docDiscountShare: totals.lines[i].docDiscountShare, tax: totals.lines[i].tax, total: totals.lines[i].total,
  })));
}

const totalsColumns = (t: Totals, fees: { label: string; amount: bigint }[]) => ({
  subtotal: t.subtotal, lineDiscountTotal: t.lineDiscountTotal, discount: t.documentDiscount, taxTotal: t.taxTotal, feeTotal: t.feeTotal,
  grandTotal: t.grandTotal, fees: fees.map((f) => ({ label: f.label, amount: f.amount.toString() })),
});

export async function createDocument(tx: Db, actor: Actor, clock: Clock, input: DocumentCreate): Promise<string> {
  assertCan(actor, 'documents', 'create');
  const customer = await loadVisibleCustomer(tx, actor, input.customerId);
  if (input.dealId) {
    const deal = await loadVisibleDeal(tx, actor, input.dealId);
    if (deal.customerId !== customer.id) throw new AppError('VALIDATION_FAILED', 'The deal belongs to another customer', { dealId: 'another customer’s deal' });
  }
  const settings = await getOrgSettings(tx);
  const issueDate = input.issueDate ?? todayIn(clock.now(), settings.timeZone);
  // A document naming no price list is priced from the customer's standing list (the club tier's), if any.
  const standing = input.priceListId ? null : await standingPriceList(tx, customer.id);
  const priced = { fromList: 0 };
  const lines = await resolveLines(tx, input.lines, input.priceListId ?? standing?.id, priced);
  const fees = input.fees ?? [];
  let discount = input.discount ?? 0n;
  let discountPercent = 0;
  // A new quote without a discount of its own takes the customer's standing discount (the club tier's), if any.
  if (input.kind === 'quote' && input.discount === undefined) {
    discountPercent = await standingDiscount(tx, customer.id);
    if (discountPercent > 0) {
      const before = totalsOf(lines, 0n, settings.vatRateBp, fees);
      discount = ((before.subtotal - before.lineDiscountTotal) * BigInt(Math.round(discountPercent * 100))) / 10_000n;
    }
  }
  const totals = totalsOf(lines, discount, settings.vatRateBp, fees);
  const [doc] = await tx.insert(documents).values({
    kind: input.kind, status: 'draft', customerId: customer.id, dealId: input.dealId ?? null, issueDate,
    validUntil: input.kind === 'quote' ? (input.validUntil ?? addDays(issueDate, settings.quoteValidityDays)) : null,
    dueDate: input.kind === 'invoice' ? (input.dueDate ?? null) : null,
    seller: sellerOf(settings), buyer: buyerOf(customer), vatRateBp: settings.vatRateBp, ...totalsColumns(totals, fees),
    terms: input.terms === undefined ? (input.kind === 'quote' ? settings.documentTerms : null) : input.terms, notes: input.notes ?? null,
    locale: input.locale ?? settings.defaultLocale, ownerId: customer.ownerId ?? actor.userId, createdBy: actor.userId,
    createdAt: clock.now(), updatedAt: clock.now(),
  }).returning({ id: documents.id, customerId: documents.customerId });
  await writeLines(tx, doc.id, lines, totals);
  await event(tx, doc, 'created', actor.userId, { kind: input.kind, total: totals.grandTotal.toString(), ...(discountPercent > 0 ? { standingDiscountPercent: discountPercent } : {}), ...(standing && priced.fromList ? { standingPriceList: { ...standing, lines: priced.fromList } } : {}) }, clock.now());
  await touchCustomer(tx, customer.id, clock.now());
  return doc.id;
}

/** Only a draft can be edited: a sent quote or an issued invoice is a record of what the customer received. */
export async function updateDocument(tx: Db, actor: Actor, clock: Clock, id: string, input: DocumentUpdate): Promise<void> {
  assertCan(actor, 'documents', 'update');
  const doc = await loadVisibleDocument(tx, actor, id, { forUpdate: true });
  if (doc.status !== 'draft') {
    throw new AppError('CONFLICT', doc.kind === 'invoice'
      ? 'An issued invoice cannot be edited; cancel it (a credit note is made) and issue a new one'
      : 'A sent quote cannot be edited; make a new version instead', { status: doc.status });
  }
  if (input.dealId) {
    const deal = await loadVisibleDeal(tx, actor, input.dealId);
    if (deal.customerId !== doc.customerId) throw new AppError('VALIDATION_FAILED', 'The deal belongs to another customer', { dealId: 'another customer’s deal' });
  }
  const current = await tx.select().from(documentLines).where(eq(documentLines.documentId, id)).orderBy(documentLines.position);
  const standing = input.lines && !input.priceListId ? await standingPriceList(tx, doc.customerId) : null;
  const priced = { fromList: 0 };
  const lines = input.lines ? await resolveLines(tx, input.lines, input.priceListId ?? standing?.id, priced) : current.map((l) => ({
    productId: l.productId, code: l.code, description: l.description, quantity: l.quantity, unit: l.unit, unitPrice: l.unitPrice, discount: l.discount, taxable: l.taxable === 1,
  }));
  const fees = input.fees ?? doc.fees.map((f) => ({ label: f.label, amount: BigInt(f.amount) }));
  const settings = await getOrgSettings(tx);
  const totals = totalsOf(lines, input.discount ?? doc.discount, settings.vatRateBp, fees);
  await tx.update(documents).set({
    ...totalsColumns(totals, fees), vatRateBp: settings.vatRateBp,
    ...(input.dealId !== undefined ? { dealId: input.dealId } : {}),
    ...(input.issueDate ? { issueDate: input.issueDate } : {}),
    ...(input.validUntil !== undefined && doc.kind === 'quote' ? { validUntil: input.validUntil } : {}),
    ...(input.dueDate !== undefined && doc.kind === 'invoice' ? { dueDate: input.dueDate } : {}),
    ...(input.terms !== undefined ? { terms: input.terms } : {}),
    ...(input.notes !== undefined ? { notes: input.notes } : {}),
    ...(input.locale ? { locale: input.locale } : {}),
    updatedAt: clock.now(),
  }).where(eq(documents.id, id));
  await writeLines(tx, id, lines, totals);
  await event(tx, doc, 'edited', actor.userId, { total: totals.grandTotal.toString(), ...(standing && priced.fromList ? { standingPriceList: { ...standing, lines: priced.fromList } } : {}) }, clock.now());
}

/** The next number of a series, under the counter row's lock: PF-1405-00001, INV-1405-00001, CN-1405-00001. */
async function nextNumber(tx: Db, kind: DocumentRow['kind'], issueDate: string) {
  const fiscalYear = Number(toJalaliString(issueDate).slice(0, 4));
  const res = await tx.execute(sql`
    INSERT INTO document_counters (kind, fiscal_year, last) VALUES (${kind}, ${fiscalYear}, 1)
    ON CONFLICT (kind, fiscal_year) DO UPDATE SET last = document_counters.last + 1 RETURNING last`);
  const seq = Number((res.rows[0] as { last: number }).last);
  return { number: `${PREFIX[kind]}-${fiscalYear}-${String(seq).padStart(5, '0')}`, fiscalYear, seq };
}

/** The public link's token: derived from the server secret, so it can be shown again, and stored only as a hash. */
export const publicToken = (secret: string, documentId: string) => createHmac('sha256', secret).update(`document-link:${documentId}`).digest('base64url');
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

function fill(template: string, values: Record<string, string>) {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}

export type SendResult = { number: string; email: string | null; sms: string | null; link: string };

/**
 * Whether a live automation sends the SMS for a document's first sending ('quote.sent' / 'invoice.sent'): then the
 * built-in notice is not sent, so the customer never gets both. Set at boot by the automations module; by default
 * (no such rule on) the built-in notice goes as before.
 */
let smsHandover: (tx: Db, event: 'quote.sent' | 'invoice.sent') => Promise<boolean> = async () => false;
export function setDocumentSmsHandover(fn: typeof smsHandover): void { smsHandover = fn; }

/**
 * Sends a document: gives it its number (first time), marks it sent (quote) or issued (invoice), opens its public
 * link, and queues the email (PDF attached) and the SMS notice in this same transaction. A second click while the
 * first is still committing waits on the row lock and then finds the document sent: CONFLICT, nothing queued twice.
 */
export async function sendDocument(tx: Db, actor: Actor, clock: Clock, id: string, opts: DocumentSend, ctx: { publicUrl: string; secret: string }): Promise<SendResult> {
  assertCan(actor, 'documents', 'update');
  const doc = await loadVisibleDocument(tx, actor, id, { forUpdate: true });
  if (doc.status === 'cancelled') throw new AppError('CONFLICT', 'A cancelled document cannot be sent', { status: doc.status });
  if (doc.kind === 'credit_note' && !opts.resend) throw new AppError('CONFLICT', 'A credit note is sent with “send again”', { status: doc.status });
  if (doc.status !== 'draft' && !opts.resend) throw new AppError('CONFLICT', 'This document was already sent; use “send again” to send it once more', { status: doc.status });
  if (opts.resend && doc.status === 'draft') throw new AppError('CONFLICT', 'A draft has not been sent yet', { status: doc.status });
  const customer = await loadVisibleCustomer(tx, actor, doc.customerId);
  const settings = await getOrgSettings(tx);
  const now = clock.now();
  let number = doc.number;
  if (!number) {
    const n = await nextNumber(tx, doc.kind, doc.issueDate);
    number = n.number;
    await tx.update(documents).set({ number: n.number, fiscalYear: n.fiscalYear, seq: n.seq }).where(eq(documents.id, id));
  }
  const token = publicToken(ctx.secret, id);
  const link = `${ctx.publicUrl}/d/${token}`;
  const emailTo = opts.email ? customer.emails[0]?.address ?? null : null;
  const mobile = customer.phones.find((p) => /^\+989\d{9}$/.test(p.number))?.number ?? null;
  const firstEvent = doc.status === 'draft' && (doc.kind === 'quote' || doc.kind === 'invoice') ? (doc.kind === 'quote' ? 'quote.sent' : 'invoice.sent') : null;
  // The rule's SMS replaces the built-in one on the first sending (the rule fires only then); a resend keeps the built-in.
  const byAutomation = Boolean(opts.sms && firstEvent && await smsHandover(tx, firstEvent));
  const smsTo = opts.sms && customer.smsConsent && !byAutomation ? mobile : null;
  if (opts.email && !emailTo && opts.sms && !smsTo && !byAutomation) {
    throw new AppError('UNPROCESSABLE', 'The customer has no email address and no mobile number that agreed to SMS', { email: 'no address', sms: customer.smsConsent ? 'no mobile number' : 'no SMS consent' });
  }
  const sends = (await tx.select({ n: sql<number>`count(*)::int` }).from(documentEvents).where(and(eq(documentEvents.documentId, id), eq(documentEvents.type, 'sent'))))[0].n;
  const locale = doc.locale;
  const values = {
    name: customer.displayName, document: KIND_NAME[locale][doc.kind], number, company: settings.companyName,
    amount: formatMoney(doc.grandTotal, { unit: settings.defaultCurrency === 'IRT' ? 'toman' : 'rial', locale, withUnit: true }), link,
  };
  const common = { customerId: customer.id, subjectType: 'document', subjectId: id, createdBy: actor.userId };
  if (emailTo) {
    await queueMessage(tx, {
      ...common, channel: 'email', address: emailTo, subject: fill(settings.emailSubjectDocument, values), body: fill(settings.emailBodyDocument, values),
      attachments: [{ kind: 'document-pdf', id, filename: `${number}.pdf` }], dedupeKey: `document:${id}:send:${sends + 1}:email`,
    });
  }
  if (smsTo) {
    await queueMessage(tx, { ...common, channel: 'sms', address: smsTo, body: fill(settings.smsTemplateDocument, values), dedupeKey: `document:${id}:send:${sends + 1}:sms` });
  }
  const status = doc.status === 'draft' ? (doc.kind === 'quote' ? 'sent' : 'issued') : doc.status;
  await tx.update(documents).set({
    status, sentAt: now, publicTokenHash: tokenHash(token), publicExpiresAt: new Date(now.getTime() + settings.publicLinkDays * 86_400_000), updatedAt: now,
  }).where(eq(documents.id, id));
  await event(tx, doc, 'sent', actor.userId, { number, email: emailTo, sms: smsTo, resend: opts.resend, smsSkipped: byAutomation ? 'automation' : opts.sms && !smsTo ? (customer.smsConsent ? 'no mobile' : 'no consent') : null }, now);
  // Automations may act on a quote's or invoice's first sending (not webhook events: no endpoint subscribes to them).
  if (firstEvent) {
    await emitDomainEvent(tx, firstEvent, { id, number, customerId: customer.id, link, sms: smsTo, at: now.toISOString() }, { at: now });
  }
  return { number, email: emailTo, sms: smsTo, link };
}

/** Accepting or rejecting a sent quote, by the customer through the link (actor null) or by staff for them. */
export async function decideQuote(tx: Db, clock: Clock, doc: DocumentRow, decision: 'accept' | 'reject', by: { actor?: Actor; note?: string }) {
  if (doc.kind !== 'quote') throw new AppError('CONFLICT', 'Only a quote is accepted or rejected');
  await expireIfDue(tx, clock, doc);
  const [fresh] = await tx.select().from(documents).where(eq(documents.id, doc.id)).for('update');
  if (fresh.status === 'accepted' || fresh.status === 'rejected') throw new AppError('CONFLICT', fresh.status === 'accepted' ? 'This quote was already accepted' : 'This quote was already declined', { status: fresh.status });
  if (fresh.status === 'expired') throw new AppError('CONFLICT', 'This quote has expired; ask for a new one', { status: fresh.status });
  if (fresh.status !== 'sent') throw new AppError('CONFLICT', 'Only a sent quote can be accepted or declined', { status: fresh.status });
  const now = clock.now();
  const status = decision === 'accept' ? 'accepted' : 'rejected';
  await tx.update(documents).set({ status, decidedAt: now, decisionNote: by.note ?? null, updatedAt: now }).where(eq(documents.id, doc.id));
  await event(tx, doc, status, by.actor?.userId ?? null, { by: by.actor ? 'staff' : 'customer', note: by.note ?? null }, now);
  if (decision === 'accept') {
    const [accepted] = await tx.select().from(documents).where(eq(documents.id, doc.id));
    await recordWebhookEvent(tx, 'quote.accepted', presentDocument(accepted), { at: now });
  }
  if (fresh.ownerId) {
    await notify(tx, {
      userId: fresh.ownerId, kind: `quote_${status}`, link: `/documents/${doc.id}`, dedupeKey: `quote-${status}:${doc.id}`,
      title: decision === 'accept' ? `پیش‌فاکتور ${fresh.number} پذیرفته شد` : `پیش‌فاکتور ${fresh.number} رد شد`,
      body: [fresh.buyer.name, by.note].filter(Boolean).join(' — '),
    });
  }
  if (decision === 'accept' && fresh.dealId) {
    // The deal is won with its quote; as the system when the customer accepted through the link.
    await markDealWon(tx, by.actor ?? systemActor(DEFAULT_ROLES.admin.permissions), fresh.dealId, clock).catch((e) => {
      if (!(e instanceof AppError)) throw e; // a deal that cannot be won (no won stage) does not undo the acceptance
    });
  }
}

/** A sent quote past its validity date becomes expired (checked when it is opened, and by a daily job). */
export async function expireIfDue(tx: Db, clock: Clock, doc: DocumentRow) {
  if (doc.kind !== 'quote' || doc.status !== 'sent' || !doc.validUntil) return;
  const settings = await getOrgSettings(tx);
  if (doc.validUntil >= todayIn(clock.now(), settings.timeZone)) return;
  const res = await tx.update(documents).set({ status: 'expired', updatedAt: clock.now() }).where(and(eq(documents.id, doc.id), eq(documents.status, 'sent'))).returning({ id: documents.id });
  if (res.length) await event(tx, doc, 'expired', null, {}, clock.now());
}

export async function expireQuotes(db: Db, clock: Clock): Promise<number> {
  const settings = await getOrgSettings(db);
  const due = await db.select().from(documents).where(and(eq(documents.kind, 'quote'), eq(documents.status, 'sent'), sql`${documents.validUntil} < ${todayIn(clock.now(), settings.timeZone)}`)).limit(1000);
  for (const d of due) await db.transaction(async (t) => expireIfDue(t as unknown as Db, clock, d));
  return due.length;
}

/** Accepted quote → invoice (a draft with the same lines), once. */
export async function invoiceFromQuote(tx: Db, actor: Actor, clock: Clock, quoteId: string): Promise<string> {
  assertCan(actor, 'documents', 'create');
  const quote = await loadVisibleDocument(tx, actor, quoteId, { forUpdate: true });
  if (quote.kind !== 'quote') throw new AppError('CONFLICT', 'Only a quote turns into an invoice');
  if (quote.status !== 'accepted') throw new AppError('CONFLICT', 'Only an accepted quote turns into an invoice', { status: quote.status });
  const [existing] = await tx.select({ id: documents.id }).from(documents).where(and(eq(documents.sourceId, quote.id), eq(documents.kind, 'invoice'), sql`${documents.status} <> 'cancelled'`));
  if (existing) throw new AppError('CONFLICT', 'This quote already has an invoice', { invoiceId: existing.id });
  const lines = await tx.select().from(documentLines).where(eq(documentLines.documentId, quote.id)).orderBy(documentLines.position);
  const settings = await getOrgSettings(tx);
  const issueDate = todayIn(clock.now(), settings.timeZone);
  const [inv] = await tx.insert(documents).values({
    kind: 'invoice', status: 'draft', customerId: quote.customerId, dealId: quote.dealId, sourceId: quote.id, issueDate,
    seller: sellerOf(settings), buyer: quote.buyer, discount: quote.discount, vatRateBp: quote.vatRateBp, fees: quote.fees,
    subtotal: quote.subtotal, lineDiscountTotal: quote.lineDiscountTotal, taxTotal: quote.taxTotal, feeTotal: quote.feeTotal, grandTotal: quote.grandTotal,
    terms: null, notes: quote.notes, locale: quote.locale, ownerId: quote.ownerId, createdBy: actor.userId,
    createdAt: clock.now(), updatedAt: clock.now(),
  }).returning({ id: documents.id, customerId: documents.customerId });
  await tx.insert(documentLines).values(lines.map(({ id: _id, documentId: _d, ...l }) => ({ ...l, documentId: inv.id })));
  await event(tx, inv, 'created', actor.userId, { kind: 'invoice', fromQuote: quote.number, total: quote.grandTotal.toString() }, clock.now());
  await event(tx, quote, 'invoiced', actor.userId, { invoiceId: inv.id }, clock.now());
  return inv.id;
}

export async function recordPayment(tx: Db, actor: Actor, clock: Clock, invoiceId: string, input: PaymentCreate) {
  assertCan(actor, 'documents', 'update');
  const inv = await loadVisibleDocument(tx, actor, invoiceId, { forUpdate: true });
  if (inv.kind !== 'invoice') throw new AppError('CONFLICT', 'Payments are recorded against an invoice');
  if (!['issued', 'partially_paid'].includes(inv.status)) {
    throw new AppError('CONFLICT', inv.status === 'draft' ? 'Issue (send) the invoice before recording a payment' : inv.status === 'paid' ? 'This invoice is already paid in full' : 'This invoice is cancelled', { status: inv.status });
  }
  if (input.amount <= 0n) throw new AppError('VALIDATION_FAILED', 'A payment must be more than zero', { amount: 'must be more than zero' });
  const balance = inv.grandTotal - inv.paidTotal;
  if (input.amount > balance) throw new AppError('VALIDATION_FAILED', 'The payment is more than what is left to pay', { amount: `at most ${balance} Rials` });
  const paidAt = input.paidAt ? new Date(input.paidAt) : clock.now();
  const [p] = await tx.insert(payments).values({
    documentId: inv.id, customerId: inv.customerId, amount: input.amount, method: input.method, reference: input.reference ?? null, paidAt, note: input.note ?? null, createdBy: actor.userId,
  }).returning({ id: payments.id });
  const paidTotal = inv.paidTotal + input.amount;
  const status = paidTotal === inv.grandTotal ? 'paid' : 'partially_paid';
  await tx.update(documents).set({ paidTotal, status, updatedAt: clock.now() }).where(eq(documents.id, inv.id));
  await event(tx, inv, 'payment', actor.userId, { paymentId: p.id, amount: input.amount.toString(), method: input.method, reference: input.reference ?? null, balance: (inv.grandTotal - paidTotal).toString() }, paidAt);
  if (status === 'paid') {
    await event(tx, inv, 'paid', actor.userId, {}, clock.now());
    await announceInvoicePaid(tx, inv.id, clock.now());
  }
  return p.id;
}

/** An invoice has just become paid in full: the `invoice.paid` webhook and the modules' hooks (e.g. a purchase survey). */
export async function announceInvoicePaid(tx: Db, invoiceId: string, now: Date): Promise<void> {
  const [paid] = await tx.select().from(documents).where(eq(documents.id, invoiceId));
  await recordWebhookEvent(tx, 'invoice.paid', presentDocument(paid), { at: now });
  for (const fn of paidHooks.values()) await fn(tx, { id: paid.id, customerId: paid.customerId }, now);
}

type PaidHook = (tx: Db, invoice: { id: string; customerId: string }, now: Date) => Promise<void>;
const paidHooks = new Map<string, PaidHook>();
/** Lets another module act, in the same transaction, when an invoice is paid in full: surveys ask the customer. Idempotent per name. */
export function onInvoicePaid(name: string, fn: PaidHook) { paidHooks.set(name, fn); }

type CancelHook = (tx: Db, doc: { id: string; kind: 'quote' | 'invoice' | 'credit_note'; customerId: string; wasIssued: boolean; creditNoteId: string | null }, now: Date) => Promise<void>;
const cancelHooks = new Map<string, CancelHook>();
/** Lets another module act, in the same transaction, when a quote or invoice is cancelled (an issued invoice is credited): loyalty takes back its points. Idempotent per name. */
export function onDocumentCancelled(name: string, fn: CancelHook) { cancelHooks.set(name, fn); }

/**
 * Cancelling: a draft is simply marked cancelled; an issued invoice is kept, marked cancelled, and balanced by a
 * credit note with the same lines (numbered in its own series). A quote is withdrawn. Nothing is deleted.
 */
export async function cancelDocument(tx: Db, actor: Actor, clock: Clock, id: string, reason: string): Promise<{ creditNoteId: string | null }> {
  assertCan(actor, 'documents', 'update');
  const doc = await loadVisibleDocument(tx, actor, id, { forUpdate: true });
  if (doc.status === 'cancelled') throw new AppError('CONFLICT', 'Already cancelled', { status: doc.status });
  if (doc.kind === 'credit_note') throw new AppError('CONFLICT', 'A credit note cannot be cancelled');
  if (doc.kind === 'quote' && doc.status === 'accepted') {
    const [inv] = await tx.select({ id: documents.id }).from(documents).where(and(eq(documents.sourceId, doc.id), sql`${documents.status} <> 'cancelled'`));
    if (inv) throw new AppError('CONFLICT', 'This quote has an invoice; cancel the invoice instead', { invoiceId: inv.id });
  }
  const now = clock.now();
  await tx.update(documents).set({ status: 'cancelled', cancelledAt: now, decisionNote: reason, updatedAt: now }).where(eq(documents.id, id));
  let creditNoteId: string | null = null;
  if (doc.kind === 'invoice' && doc.status !== 'draft') {
    const settings = await getOrgSettings(tx);
    const issueDate = todayIn(now, settings.timeZone);
    const n = await nextNumber(tx, 'credit_note', issueDate);
    const [cn] = await tx.insert(documents).values({
      kind: 'credit_note', status: 'issued', number: n.number, fiscalYear: n.fiscalYear, seq: n.seq, customerId: doc.customerId, dealId: doc.dealId, sourceId: doc.id,
      issueDate, seller: doc.seller, buyer: doc.buyer, discount: doc.discount, vatRateBp: doc.vatRateBp, fees: doc.fees, subtotal: doc.subtotal,
      lineDiscountTotal: doc.lineDiscountTotal, taxTotal: doc.taxTotal, feeTotal: doc.feeTotal, grandTotal: doc.grandTotal, paidTotal: 0n,
      notes: `${doc.number}: ${reason}`, locale: doc.locale, ownerId: doc.ownerId, createdBy: actor.userId, sentAt: null,
      createdAt: now, updatedAt: now,
    }).returning({ id: documents.id, customerId: documents.customerId });
    const lines = await tx.select().from(documentLines).where(eq(documentLines.documentId, doc.id));
    await tx.insert(documentLines).values(lines.map(({ id: _id, documentId: _d, ...l }) => ({ ...l, documentId: cn.id })));
    await event(tx, cn, 'created', actor.userId, { kind: 'credit_note', forInvoice: doc.number, total: doc.grandTotal.toString() }, now);
    creditNoteId = cn.id;
  }
  await event(tx, doc, 'cancelled', actor.userId, { reason, creditNoteId }, now);
  for (const fn of cancelHooks.values()) await fn(tx, { id: doc.id, kind: doc.kind, customerId: doc.customerId, wasIssued: doc.status !== 'draft', creditNoteId }, now);
  return { creditNoteId };
}

/** Staff record the customer's answer given by phone or in person. */
export async function decideQuoteAsStaff(tx: Db, actor: Actor, clock: Clock, id: string, decision: 'accept' | 'reject', note?: string) {
  assertCan(actor, 'documents', 'update');
  const doc = await loadVisibleDocument(tx, actor, id);
  await decideQuote(tx, clock, doc, decision, { actor, note });
}

/** The document a public link opens, if the link is right and still open. */
export async function documentByToken(db: Db, clock: Clock, token: string): Promise<DocumentRow> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw notFound('Document');
  const [doc] = await db.select().from(documents).where(eq(documents.publicTokenHash, tokenHash(token)));
  if (!doc || !doc.publicExpiresAt || doc.publicExpiresAt < clock.now()) throw new AppError('NOT_FOUND', 'This link does not exist or has expired');
  if (doc.status === 'cancelled') throw new AppError('NOT_FOUND', 'This document was withdrawn');
  return doc;
}

export async function recordPublicView(tx: Db, clock: Clock, doc: DocumentRow) {
  // One "viewed" event per day is enough for the timeline.
  const since = new Date(clock.now().getTime() - 86_400_000);
  const [recent] = await tx.select({ id: documentEvents.id }).from(documentEvents)
    .where(and(eq(documentEvents.documentId, doc.id), eq(documentEvents.type, 'viewed'), sql`${documentEvents.at} > ${since}`)).limit(1);
  if (!recent) await event(tx, doc, 'viewed', null, {}, clock.now());
}
