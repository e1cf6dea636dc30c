/**
 * Bonus events given automatically, each once per event key (the ledger's unique (customer, earn, bonus:<event>,
 * reference) index is the guard; a second announcement finds the entry and does nothing):
 * - birthday: the daily job gives members whose Jalali birthday is today (Tehran) the bonus, keyed by the Jalali year;
 *   in a common year the members born on Esfand 30 get it on Esfand 29.
 * - survey_answered: an answer (the survey.answered domain event) gives its customer the bonus, keyed by the response
 *   (an answer changed later through its link keeps its response id, so it is not paid twice).
 * - first_purchase: with the first paid invoice (loyalty.hooks.ts), taken back when that invoice is cancelled.
 */
import { and, eq, sql } from 'drizzle-orm';
import jalaali from 'jalaali-js';
import type { Database, Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { withTx } from '../../db/tx.ts';
import { onDomainEvent } from '../webhooks/index.ts';
import { todayIn } from '../../../common/jalali.ts';
import type { BonusEvent, Program } from '../../../common/loyalty.schemas.ts';
import { loyaltyLedger } from './loyalty.tables.ts';
import { getProgram } from './loyalty.program.ts';
import { lockMember, post, type Entry, type MemberRow } from './loyalty.ledger.ts';

export type Awarded = { entry: Entry; balance: number; tier: string | null };

/** The bonus already given for (event, reference), if any. */
export async function bonusEntry(tx: Db, customerId: string, event: BonusEvent, reference: string): Promise<Entry | undefined> {
  const [e] = await tx.select().from(loyaltyLedger).where(and(eq(loyaltyLedger.customerId, customerId), eq(loyaltyLedger.kind, 'earn'),
    eq(loyaltyLedger.sourceType, `bonus:${event}`), eq(loyaltyLedger.sourceId, reference)));
  return e;
}

/**
 * Gives a bonus once: null when the program is off, gives nothing for the event, or it was given already.
 * `lotId` on a bonus names the entry it came with (first_purchase: the invoice's earning), for its reversal.
 */
export async function award(tx: Db, program: Program, member: MemberRow, event: BonusEvent, reference: string, now: Date,
  opts: { actorId?: string | null; lotId?: string | null; reason?: string } = {}): Promise<Awarded | null> {
  const points = program.bonuses[event];
  if (!program.enabled || points <= 0) return null;
  if (await bonusEntry(tx, member.customerId, event, reference)) return null;
  return post(tx, member, program, { kind: 'earn', points, reason: opts.reason ?? event, sourceType: `bonus:${event}`, sourceId: reference, actorId: opts.actorId ?? null, lotId: opts.lotId ?? null }, now);
}

/** The Jalali (year, month×100+day) of the Tehran calendar day `now` falls on. */
export function jalaliToday(now: Date): { year: number; md: number; leap: boolean } {
  const [y, m, d] = todayIn(now).split('-').map(Number);
  const j = jalaali.toJalaali(y, m, d);
  return { year: j.jy, md: j.jm * 100 + j.jd, leap: jalaali.isLeapJalaaliYear(j.jy) };
}

/** Birthday bonuses of today (idempotent: a second run the same Jalali year finds them given). */
export async function birthdayBonuses(database: Database, clock: Clock): Promise<{ given: number }> {
  const now = clock.now();
  const program = await getProgram(database.db);
  if (!program.enabled || program.bonuses.birthday <= 0) return { given: 0 };
  const { year, md, leap } = jalaliToday(now);
  const days = md === 1229 && !leap ? [1229, 1230] : [md];
  const reference = String(year);
  // Members only (a ledger row): the club's gift, not a gift to every contact with a birthday on file.
  const rows = (await database.db.execute(sql`
    SELECT c.id FROM customers c JOIN loyalty_members m ON m.customer_id = c.id
    WHERE c.birthday_jmd IN (${sql.join(days.map((d) => sql`${d}`), sql`, `)}) AND c.deleted_at IS NULL AND c.erased_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM loyalty_ledger l WHERE l.customer_id = c.id AND l.kind = 'earn' AND l.source_type = 'bonus:birthday' AND l.source_id = ${reference})`)).rows as { id: string }[];
  let given = 0;
  for (const { id } of rows) {
    const done = await withTx(database, async (tx) => award(tx, program, await lockMember(tx, id, now), 'birthday', reference, now));
    if (done) given++;
  }
  return { given };
}

/** Takes back a first-purchase bonus given with this invoice earning (once; never more than the balance). */
export async function reverseFirstPurchase(tx: Db, member: MemberRow, program: Program, invoiceEarnId: string, now: Date): Promise<void> {
  const [bonus] = await tx.select().from(loyaltyLedger).where(and(eq(loyaltyLedger.customerId, member.customerId), eq(loyaltyLedger.kind, 'earn'),
    eq(loyaltyLedger.sourceType, 'bonus:first_purchase'), eq(loyaltyLedger.lotId, invoiceEarnId)));
  if (!bonus) return;
  const [back] = await tx.select({ id: loyaltyLedger.id }).from(loyaltyLedger).where(and(eq(loyaltyLedger.kind, 'reverse'), eq(loyaltyLedger.lotId, bonus.id)));
  if (back) return;
  const [exp] = await tx.select({ v: sql<string>`coalesce(sum(-${loyaltyLedger.points}), 0)` }).from(loyaltyLedger)
    .where(and(eq(loyaltyLedger.lotId, bonus.id), eq(loyaltyLedger.kind, 'expire')));
  const points = Math.min(Math.max(0, bonus.points - Number(exp.v)), Math.max(0, member.balance));
  await post(tx, member, program, { kind: 'reverse', points: -points, lotId: bonus.id, reason: 'first purchase cancelled', sourceType: 'bonus:first_purchase', sourceId: bonus.sourceId }, now);
}

/** The survey.answered listener: the answering customer gets the survey bonus once per response. */
export function registerBonusListeners(): void {
  onDomainEvent('loyalty-bonuses', async (tx, event) => {
    if (event.type !== 'survey.answered') return;
    const p = event.payload as { id?: string; customerId?: string | null };
    if (!p.customerId || !p.id) return;
    const program = await getProgram(tx);
    if (!program.enabled || program.bonuses.survey_answered <= 0) return;
    if (await bonusEntry(tx, p.customerId, 'survey_answered', p.id)) return;
    await award(tx, program, await lockMember(tx, p.customerId, event.at), 'survey_answered', p.id, event.at);
  });
}
