/**
 * The club and the documents: a paid invoice earns points (and the first one the first-purchase bonus); a cancelled
 * (credited) invoice gives them back; points redeemed on a draft quote or invoice become its discount, and come back
 * if that document is cancelled.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { documents, documentLines, loadVisibleDocument, onDocumentCancelled, onInvoicePaid, updateDocument } from '../documents/index.ts';
import { products } from '../sales/index.ts';
import { loyaltyLedger } from './loyalty.tables.ts';
import { getProgram } from './loyalty.program.ts';
import { lockMember, post, type MemberRow } from './loyalty.ledger.ts';
import { presentEntry } from './loyalty.service.ts';
import { earnFor, reversalOf } from './points.ts';
import { award, reverseFirstPurchase } from './loyalty.bonuses.ts';
import { referralOnCancelled, referralOnPaid } from './loyalty.referrals.ts';
import type { Program } from '../../../common/loyalty.schemas.ts';

async function entryOf(tx: Db, customerId: string, kind: 'earn' | 'reverse' | 'adjust', sourceType: string, sourceId: string) {
  const [e] = await tx.select().from(loyaltyLedger).where(and(eq(loyaltyLedger.customerId, customerId), eq(loyaltyLedger.kind, kind), eq(loyaltyLedger.sourceType, sourceType), eq(loyaltyLedger.sourceId, sourceId)));
  return e;
}

/** Idempotent: an invoice earns once (announced twice, e.g. by a shop sync and by hand, it still earns once). */
export async function earnForInvoice(tx: Db, invoice: { id: string; customerId: string }, now: Date): Promise<void> {
  const program = await getProgram(tx);
  if (!program.enabled) return;
  const member = await lockMember(tx, invoice.customerId, now);
  if (await entryOf(tx, invoice.customerId, 'earn', 'invoice', invoice.id)) return;
  const lines = await tx.select({ total: documentLines.total, tax: documentLines.tax, category: products.category })
    .from(documentLines).leftJoin(products, eq(products.id, documentLines.productId)).where(eq(documentLines.documentId, invoice.id));
  const [doc] = await tx.select({ number: documents.number }).from(documents).where(eq(documents.id, invoice.id));
  const { points, spend } = earnFor(lines.map((l) => ({ net: Number(l.total - l.tax), category: l.category })), program);
  if (spend <= 0) return;
  const first = !(await tx.select({ id: loyaltyLedger.id }).from(loyaltyLedger)
    .where(and(eq(loyaltyLedger.customerId, invoice.customerId), eq(loyaltyLedger.kind, 'earn'), eq(loyaltyLedger.sourceType, 'invoice'))).limit(1)).length;
  const earned = await post(tx, member, program, { kind: 'earn', points, spend, reason: doc?.number ?? '', sourceType: 'invoice', sourceId: invoice.id }, now);
  // Once per customer (keyed by the customer); lotId names the invoice's earning, so cancelling it takes the bonus back.
  if (first) await award(tx, program, member, 'first_purchase', invoice.customerId, now, { lotId: earned.entry.id });
}

/** A cancelled invoice takes back what it earned, as far as the balance allows (see reversalOf). Idempotent. */
export async function reverseInvoice(tx: Db, member: MemberRow, program: Program, invoiceId: string, creditNoteId: string | null, now: Date): Promise<void> {
  const earned = await entryOf(tx, member.customerId, 'earn', 'invoice', invoiceId);
  if (!earned || await entryOf(tx, member.customerId, 'reverse', 'invoice', invoiceId)) return;
  const [exp] = await tx.select({ v: sql<string>`coalesce(sum(-${loyaltyLedger.points}), 0)` }).from(loyaltyLedger)
    .where(and(eq(loyaltyLedger.lotId, earned.id), eq(loyaltyLedger.kind, 'expire')));
  const { points, shortfall } = reversalOf(earned.points, Number(exp.v), member.balance);
  await post(tx, member, program, {
    kind: 'reverse', points: -points, spend: -earned.spend, lotId: earned.id, sourceType: 'invoice', sourceId: invoiceId,
    reason: [creditNoteId ? `credit note ${creditNoteId}` : 'cancelled', shortfall ? `shortfall ${shortfall}` : ''].filter(Boolean).join('; '),
  }, now);
  await reverseFirstPurchase(tx, member, program, earned.id, now);
}

/** Points redeemed on a cancelled quote or invoice come back (once). */
async function refundRedemptions(tx: Db, member: MemberRow, program: Program, documentId: string, now: Date) {
  const [r] = await tx.select({ v: sql<string>`coalesce(sum(-${loyaltyLedger.points}), 0)` }).from(loyaltyLedger)
    .where(and(eq(loyaltyLedger.customerId, member.customerId), eq(loyaltyLedger.kind, 'redeem'), eq(loyaltyLedger.sourceType, 'document'), eq(loyaltyLedger.sourceId, documentId)));
  const back = Number(r.v);
  if (back <= 0 || await entryOf(tx, member.customerId, 'adjust', 'document-cancelled', documentId)) return;
  // An earning of its own (it expires like one); it does not count towards a tier (not from a purchase).
  await post(tx, member, program, { kind: 'adjust', points: back, reason: 'document cancelled', sourceType: 'document-cancelled', sourceId: documentId }, now);
}

export function registerLoyaltyHooks(): void {
  onInvoicePaid('loyalty', async (tx, inv, now) => {
    await earnForInvoice(tx, inv, now);
    await referralOnPaid(tx, inv, now);
  });
  onDocumentCancelled('loyalty', async (tx, doc, now) => {
    if (doc.kind === 'invoice' && doc.wasIssued) await referralOnCancelled(tx, doc, now);
    const [any] = await tx.select({ id: loyaltyLedger.id }).from(loyaltyLedger)
      .where(and(eq(loyaltyLedger.customerId, doc.customerId), eq(loyaltyLedger.sourceId, doc.id))).limit(1);
    if (!any) return;
    const program = await getProgram(tx);
    const member = await lockMember(tx, doc.customerId, now);
    if (doc.kind === 'invoice' && doc.wasIssued) await reverseInvoice(tx, member, program, doc.id, doc.creditNoteId, now);
    await refundRedemptions(tx, member, program, doc.id, now);
  });
}

/**
 * Points as a discount on a draft quote or invoice: the redemption is written and the document's discount grows by
 * points × the point's value, in one transaction (documents:update on the document, customers:update for the ledger).
 */
export async function redeemOnDocument(tx: Db, actor: Actor, clock: Clock, documentId: string, points: number) {
  assertCan(actor, 'customers', 'update');
  assertCan(actor, 'documents', 'update');
  const doc = await loadVisibleDocument(tx, actor, documentId, { forUpdate: true });
  if (doc.kind === 'credit_note' || doc.status !== 'draft') throw new AppError('CONFLICT', 'Points are redeemed on a draft quote or invoice', { status: doc.status });
  const program = await getProgram(tx);
  if (!program.enabled || program.pointValueRials <= 0) throw new AppError('CONFLICT', 'The program does not redeem points for a discount');
  const value = BigInt(points) * BigInt(program.pointValueRials);
  const net = doc.subtotal - doc.lineDiscountTotal;
  if (doc.discount + value > net) throw new AppError('VALIDATION_FAILED', 'The discount would be more than the document', { points: `at most ${(net - doc.discount) / BigInt(program.pointValueRials)}` });
  const now = clock.now();
  const member = await lockMember(tx, doc.customerId, now);
  const res = await post(tx, member, program, { kind: 'redeem', points: -points, reason: doc.number ?? 'draft', sourceType: 'document', sourceId: doc.id, actorId: actor.userId }, now);
  await updateDocument(tx, actor, clock, doc.id, { discount: doc.discount + value });
  return { entry: presentEntry(res.entry), balance: res.balance, tier: res.tier, discount: (doc.discount + value).toString() };
}
