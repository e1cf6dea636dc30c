/**
 * Referral as an event: a customer may carry who referred them (customers.referred_by_customer_id). With the referred
 * customer's first paid invoice the referrer gets the program's referral bonus, once per referred customer (the
 * ledger's unique (customer, earn, bonus:referral, reference) index, reference `customer:<referred id>`); the entry's
 * reason names the invoice, and cancelling that invoice takes the bonus back (once, never below a zero balance).
 * Both show on the referrer's timeline (loyalty.timeline.ts).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { loyaltyLedger } from './loyalty.tables.ts';
import { getProgram } from './loyalty.program.ts';
import { lockMember, post } from './loyalty.ledger.ts';
import { award, bonusEntry } from './loyalty.bonuses.ts';

export const referralReference = (referredId: string) => `customer:${referredId}`;
const invoiceReason = (invoiceId: string) => `invoice:${invoiceId}`;

/** The invoice paid hook: the referrer's bonus, if the payer was referred and it was not given yet. */
export async function referralOnPaid(tx: Db, invoice: { id: string; customerId: string }, now: Date): Promise<void> {
  const program = await getProgram(tx);
  if (!program.enabled || program.bonuses.referral <= 0) return;
  const [ref] = (await tx.execute(sql`SELECT r.id FROM customers c JOIN customers r ON r.id = c.referred_by_customer_id
    WHERE c.id = ${invoice.customerId} AND r.deleted_at IS NULL AND r.erased_at IS NULL`)).rows as { id: string }[];
  if (!ref) return;
  const reference = referralReference(invoice.customerId);
  if (await bonusEntry(tx, ref.id, 'referral', reference)) return;
  await award(tx, program, await lockMember(tx, ref.id, now), 'referral', reference, now, { reason: invoiceReason(invoice.id) });
}

/** The cancel hook: the referral bonus that came with this invoice goes back from the referrer (once). */
export async function referralOnCancelled(tx: Db, invoice: { id: string; customerId: string }, now: Date): Promise<void> {
  const reference = referralReference(invoice.customerId);
  const [bonus] = await tx.select().from(loyaltyLedger).where(and(eq(loyaltyLedger.kind, 'earn'), eq(loyaltyLedger.sourceType, 'bonus:referral'),
    eq(loyaltyLedger.sourceId, reference), eq(loyaltyLedger.reason, invoiceReason(invoice.id))));
  if (!bonus) return;
  const [back] = await tx.select({ id: loyaltyLedger.id }).from(loyaltyLedger).where(and(eq(loyaltyLedger.kind, 'reverse'), eq(loyaltyLedger.lotId, bonus.id)));
  if (back) return;
  const program = await getProgram(tx);
  const member = await lockMember(tx, bonus.customerId, now);
  const [exp] = await tx.select({ v: sql<string>`coalesce(sum(-${loyaltyLedger.points}), 0)` }).from(loyaltyLedger)
    .where(and(eq(loyaltyLedger.lotId, bonus.id), eq(loyaltyLedger.kind, 'expire')));
  const points = Math.min(Math.max(0, bonus.points - Number(exp.v)), Math.max(0, member.balance));
  await post(tx, member, program, { kind: 'reverse', points: -points, lotId: bonus.id, reason: 'referral invoice cancelled', sourceType: 'bonus:referral', sourceId: reference }, now);
}
