/** Use cases of the club: a member's standing, the ledger's history, writing an entry by hand, a bonus. */
import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { assertCan, can, type Actor } from '../auth/index.ts';
import { loadVisibleCustomer } from '../customers/index.ts';
import { programInput, type BonusEvent, type LedgerEntryView, type LedgerInput, type MemberView, type Program, type Tier } from '../../../common/loyalty.schemas.ts';
import { loyaltyLedger } from './loyalty.tables.ts';
import { getProgram } from './loyalty.program.ts';
import { lockMember, post, type Entry } from './loyalty.ledger.ts';
import { award, bonusEntry } from './loyalty.bonuses.ts';
import { addMonths, expiringSoon, remainingByLot, tierOf, type Debit, type Lot } from './points.ts';

const DAY = 86_400_000;
const tierView = (t: Tier | null) => (t ? { key: t.key, nameFa: t.nameFa, nameEn: t.nameEn, threshold: t.threshold, discountPercent: t.discountPercent, freeService: t.freeService, slaPriority: t.slaPriority, priceListId: t.priceListId ?? null } : null);

/** A customer's standing (a customer with no ledger yet has balance 0). Reading needs customers:read in scope. */
export async function memberOf(db: Db, actor: Actor, customerId: string, now: Date, program?: Program): Promise<MemberView> {
  assertCan(actor, 'customers', 'read');
  await loadVisibleCustomer(db, actor, customerId);
  return standing(db, customerId, now, program);
}

/**
 * A member's standing in one statement (the 360° view and the screen-pop gather their sections in a fixed number of
 * round trips): the balance row, the program, and the ledger's amounts, from which the window and FIFO are computed.
 */
export async function standing(db: Db, customerId: string, now: Date, known?: Program): Promise<MemberView> {
  const [row] = (await db.execute(sql`
    SELECT (SELECT balance FROM loyalty_members WHERE customer_id = ${customerId})::text AS balance,
           (SELECT settings FROM loyalty_program WHERE id = 'default') AS settings,
           (SELECT coalesce(json_agg(json_build_object('id', id, 'kind', kind, 'points', points, 'spend', spend, 'at', at, 'expiresAt', expires_at, 'lotId', lot_id)
              ORDER BY at, id), '[]'::json) FROM loyalty_ledger WHERE customer_id = ${customerId}) AS entries`)).rows as { balance: string | null; settings: unknown; entries: unknown }[];
  const program = known ?? (row.settings ? programInput.parse(typeof row.settings === 'string' ? JSON.parse(row.settings) : row.settings) : { ...programInput.parse({}), enabled: false });
  const raw = (typeof row.entries === 'string' ? JSON.parse(row.entries) : row.entries) as { id: string; kind: string; points: number | string; spend: number | string; at: string; expiresAt: string | null; lotId: string | null }[];
  const since = addMonths(now, -program.tierWindowMonths).getTime();
  let value = 0;
  const lots: Lot[] = [];
  const debits: Debit[] = [];
  for (const e of raw) {
    const points = Number(e.points);
    const at = new Date(e.at);
    if ((e.kind === 'earn' || e.kind === 'reverse') && at.getTime() > since) value += program.tierBasis === 'spend' ? Number(e.spend) : points;
    if (points > 0) lots.push({ id: e.id, at, points, expiresAt: e.expiresAt ? new Date(e.expiresAt) : null });
    else if (points < 0) debits.push({ amount: -points, lotId: e.lotId });
  }
  value = Math.max(0, value);
  const { tier, next, toNext } = tierOf(program.tiers, value);
  // The stored tier is what was announced; between writes the window may have moved, shown as computed now.
  const left = remainingByLot(lots, debits);
  return {
    customerId, balance: Number(row.balance ?? 0), tier: tierView(tier), nextTier: tierView(next), pointsToNext: toNext, qualifying: value, basis: program.tierBasis,
    expiring: expiringSoon(lots, left, now, new Date(now.getTime() + 90 * DAY)), pointValueRials: program.pointValueRials, enabled: program.enabled,
  };
}

export function presentEntry(e: Entry, actorName: string | null = null): LedgerEntryView {
  return {
    id: e.id, kind: e.kind, points: e.points, balanceAfter: e.balanceAfter, reason: e.reason, sourceType: e.sourceType, sourceId: e.sourceId,
    expiresAt: e.expiresAt?.toISOString() ?? null, at: e.at.toISOString(), actorName,
  };
}

export async function ledgerOf(db: Db, actor: Actor, customerId: string, limit = 100): Promise<LedgerEntryView[]> {
  assertCan(actor, 'customers', 'read');
  await loadVisibleCustomer(db, actor, customerId);
  const rows = await db.select({ e: loyaltyLedger, actorName: sql<string | null>`(SELECT name FROM users u WHERE u.id = ${loyaltyLedger.actorId})` })
    .from(loyaltyLedger).where(eq(loyaltyLedger.customerId, customerId)).orderBy(desc(loyaltyLedger.at), desc(loyaltyLedger.id)).limit(limit);
  return rows.map((r) => presentEntry(r.e, r.actorName));
}

/** An entry written by staff: earn, redeem or adjust (with a reason). Needs customers:update on a customer in scope. */
export async function writeEntry(tx: Db, actor: Actor, clock: Clock, input: LedgerInput) {
  assertCan(actor, 'customers', 'update');
  await loadVisibleCustomer(tx, actor, input.customerId);
  const program = await getProgram(tx);
  const now = clock.now();
  const member = await lockMember(tx, input.customerId, now);
  const points = input.kind === 'redeem' ? -input.points : input.points;
  const res = await post(tx, member, program, { kind: input.kind, points, reason: input.reason, actorId: actor.userId, sourceType: 'staff' }, now);
  return { entry: presentEntry(res.entry), balance: res.balance, tier: res.tier };
}

/** A bonus event's points, once per (event, reference): a referral names who was referred, a survey its response. */
export async function giveBonus(tx: Db, actor: Actor | null, now: Date, customerId: string, event: BonusEvent, reference: string) {
  if (actor) {
    assertCan(actor, 'customers', 'update');
    await loadVisibleCustomer(tx, actor, customerId);
  }
  const program = await getProgram(tx);
  if (!program.enabled || program.bonuses[event] <= 0) throw new AppError('CONFLICT', 'The program gives no points for this event', { event });
  const sourceId = reference || customerId;
  if (await bonusEntry(tx, customerId, event, sourceId)) throw new AppError('CONFLICT', 'This bonus was already given', { event, reference: sourceId });
  const res = await award(tx, program, await lockMember(tx, customerId, now), event, sourceId, now, { actorId: actor?.userId ?? null });
  if (!res) throw new AppError('CONFLICT', 'This bonus was already given', { event, reference: sourceId });
  return { entry: presentEntry(res.entry), balance: res.balance, tier: res.tier };
}

/** The 360° section: left out without customers:read (with the program off it still answers, `enabled: false`). */
export async function loyaltySection(db: Db, actor: Actor, customerId: string, now: Date) {
  if (!can(actor, 'customers', 'read')) return undefined;
  return standing(db, customerId, now);
}
