/**
 * Writing the ledger. Every write locks the member's balance row first (SELECT … FOR UPDATE), so writes for one
 * customer run one after another: a redemption sees the balance the previous one left, and one that would take the
 * balance below zero is refused (409 INSUFFICIENT_POINTS) before anything is written. The tier is recomputed in the
 * same transaction; a change is recorded for the timeline and an upgrade texted to the customer (consent respected).
 */
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { queueMessage } from '../messaging/index.ts';
import { customers } from '../customers/index.ts';
import type { LedgerKind, Program } from '../../../common/loyalty.schemas.ts';
import { loyaltyLedger, loyaltyMembers, loyaltyTierChanges } from './loyalty.tables.ts';
import { addMonths, isUpgrade, tierOf, type Debit, type Lot } from './points.ts';

export type MemberRow = typeof loyaltyMembers.$inferSelect;
export type Entry = typeof loyaltyLedger.$inferSelect;

/** The member's balance row, created at the first write, locked until the transaction ends. */
export async function lockMember(tx: Db, customerId: string, now: Date): Promise<MemberRow> {
  await tx.insert(loyaltyMembers).values({ customerId, joinedAt: now, updatedAt: now }).onConflictDoNothing();
  const [m] = await tx.select().from(loyaltyMembers).where(eq(loyaltyMembers.customerId, customerId)).for('update');
  return m;
}

export type Posting = {
  kind: LedgerKind;
  /** Signed: positive adds, negative takes. */
  points: number;
  reason?: string;
  spend?: number;
  sourceType?: string | null;
  sourceId?: string | null;
  lotId?: string | null;
  actorId?: string | null;
};

/** One entry for a locked member: refused with nothing written if it would leave a negative balance. */
export async function post(tx: Db, member: MemberRow, program: Program, p: Posting, now: Date): Promise<{ entry: Entry; balance: number; tier: string | null }> {
  const balance = member.balance + p.points;
  if (balance < 0) {
    throw new AppError('INSUFFICIENT_POINTS', 'Not enough points', { balance: member.balance, requested: -p.points });
  }
  const expiresAt = p.points > 0 && program.expiryMonths > 0 ? addMonths(now, program.expiryMonths) : null;
  const [entry] = await tx.insert(loyaltyLedger).values({
    customerId: member.customerId, kind: p.kind, points: p.points, balanceAfter: balance, spend: p.spend ?? 0, reason: p.reason ?? '',
    sourceType: p.sourceType ?? null, sourceId: p.sourceId ?? null, lotId: p.lotId ?? null, expiresAt, actorId: p.actorId ?? null, at: now,
  }).returning();
  await tx.update(loyaltyMembers).set({ balance, updatedAt: now }).where(eq(loyaltyMembers.customerId, member.customerId));
  member.balance = balance;
  const tier = await settleTier(tx, member, program, now);
  return { entry, balance, tier };
}

/** Points earned (earnings less reversals) or Rials spent within the program's rolling window. */
export async function qualifyingValue(db: Db, customerId: string, program: Program, now: Date): Promise<number> {
  const since = addMonths(now, -program.tierWindowMonths);
  const col = program.tierBasis === 'spend' ? loyaltyLedger.spend : loyaltyLedger.points;
  const [r] = await db.select({ v: sql<string>`coalesce(sum(${col}), 0)` }).from(loyaltyLedger)
    .where(and(eq(loyaltyLedger.customerId, customerId), inArray(loyaltyLedger.kind, ['earn', 'reverse']), gt(loyaltyLedger.at, since)));
  return Math.max(0, Number(r.v));
}

/** Recomputes a locked member's tier; a change is stored, recorded, and (upwards) texted. Returns the tier key. */
export async function settleTier(tx: Db, member: MemberRow, program: Program, now: Date): Promise<string | null> {
  const value = await qualifyingValue(tx, member.customerId, program, now);
  const { tier } = tierOf(program.tiers, value);
  const key = tier?.key ?? null;
  if (key === member.tier) return key;
  const up = isUpgrade(program.tiers, member.tier, key);
  await tx.update(loyaltyMembers).set({ tier: key, tierSince: now }).where(eq(loyaltyMembers.customerId, member.customerId));
  await tx.insert(loyaltyTierChanges).values({ customerId: member.customerId, fromTier: member.tier, toTier: key, direction: up ? 'up' : 'down', at: now });
  member.tier = key;
  if (up && tier && program.tierSmsFa) await textUpgrade(tx, member.customerId, tier.nameFa, program.tierSmsFa, now);
  if (up && tier && program.tierEmailFa) await emailUpgrade(tx, member.customerId, tier.nameFa, program, now);
  return key;
}

async function emailUpgrade(tx: Db, customerId: string, tierName: string, program: Program, now: Date) {
  const [c] = await tx.select({ name: customers.displayName, emails: customers.emails, consent: customers.emailConsent }).from(customers).where(eq(customers.id, customerId));
  const address = c?.emails[0]?.address;
  if (!c?.consent || !address) return;
  const fill = (text: string) => text.replaceAll('{name}', c.name).replaceAll('{tier}', tierName);
  await queueMessage(tx, {
    customerId, channel: 'email', address, subject: fill(program.tierEmailSubjectFa || tierName), body: fill(program.tierEmailFa), subjectType: 'loyalty',
    dedupeKey: `loyalty-tier-email:${customerId}:${tierName}:${now.toISOString().slice(0, 10)}`,
  });
}

async function textUpgrade(tx: Db, customerId: string, tierName: string, template: string, now: Date) {
  const [c] = await tx.select({ name: customers.displayName, phones: customers.phones, consent: customers.smsConsent }).from(customers).where(eq(customers.id, customerId));
  if (!c?.consent) return;
  const mobile = [...c.phones].sort((a, b) => Number(Boolean(b.primary)) - Number(Boolean(a.primary))).find((p) => p.number.startsWith('+989'));
  if (!mobile) return;
  const body = template.replaceAll('{name}', c.name).replaceAll('{tier}', tierName);
  await queueMessage(tx, {
    customerId, channel: 'sms', address: mobile.number, body, subjectType: 'loyalty',
    dedupeKey: `loyalty-tier:${customerId}:${tierName}:${now.toISOString().slice(0, 10)}`,
  });
}

/** A member's earnings (lots) and takings, for the FIFO arithmetic. */
export async function lotsAndDebits(db: Db, customerId: string): Promise<{ lots: Lot[]; debits: Debit[] }> {
  const rows = await db.select({ id: loyaltyLedger.id, points: loyaltyLedger.points, at: loyaltyLedger.at, expiresAt: loyaltyLedger.expiresAt, lotId: loyaltyLedger.lotId })
    .from(loyaltyLedger).where(eq(loyaltyLedger.customerId, customerId)).orderBy(asc(loyaltyLedger.at), asc(loyaltyLedger.id));
  const lots: Lot[] = [];
  const debits: Debit[] = [];
  for (const r of rows) {
    if (r.points > 0) lots.push({ id: r.id, at: r.at, points: r.points, expiresAt: r.expiresAt });
    else if (r.points < 0) debits.push({ amount: -r.points, lotId: r.lotId });
  }
  return { lots, debits };
}
