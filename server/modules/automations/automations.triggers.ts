/**
 * Where runs come from. Record events: a listener on the domain events writes a pending run in the event's own
 * transaction (so a run exists exactly when the change committed). Schedules: once a day, at the rule's hour in the
 * business's time zone (Tehran by default), the day's customers get a run each. Manual: the chosen customers.
 * Every run has an occurrence, and (automation, customer, occurrence) is unique: inserting it again does nothing.
 */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';
import { afterCommit, withTx } from '../../db/tx.ts';
import type { Clock } from '../../clock.ts';
import type { DomainEvent } from '../webhooks/index.ts';
import { birthdayWindow, compileContext, savedSegmentWhere, segmentFields } from '../segments/index.ts';
import { getOrgSettings } from '../settings/index.ts';
import { contractsEndingWhere } from '../support/index.ts';
import { addDays, todayIn } from '../../../common/jalali.ts';
import jalaali from 'jalaali-js';
import { automations } from './automations.tables.ts';
import { runningAutomation, wakeRunner } from './automations.context.ts';
import { SYSTEM } from './automations.actions.ts';

type AutomationRow = typeof automations.$inferSelect;

const definitionOf = (a: AutomationRow) => JSON.stringify({ conditions: a.conditions ?? null, actions: a.actions });

/** Inserts one run per customer the `from` statement selects (alias c); returns how many were new. */
async function insertRuns(tx: Db, a: AutomationRow, occurrence: SQL, where: SQL, at: Date, context: Record<string, unknown> = {}): Promise<number> {
  const res = await tx.execute(sql`
    INSERT INTO automation_runs (automation_id, version, customer_id, occurrence, dedupe_key, definition, context, status, due_at, created_at, updated_at)
    SELECT ${a.id}::uuid, ${a.version}, c.id, ${occurrence}, c.id::text || ':' || ${occurrence}, ${definitionOf(a)}::jsonb, ${JSON.stringify(context)}::jsonb, 'pending', ${at}, ${at}, ${at}
    FROM customers c WHERE c.deleted_at IS NULL AND ${where}
    ON CONFLICT (automation_id, dedupe_key) DO NOTHING RETURNING id`);
  const n = res.rows.length;
  if (n) afterCommit(() => wakeRunner());
  return n;
}

/** The customer a record event is about: the customer itself for customer.*, else the record's customerId. */
export function customerOfEvent(e: Pick<DomainEvent, 'type' | 'payload'>): string | null {
  const p = (e.payload ?? {}) as Record<string, unknown>;
  // customer.health_changed and customer.churn_risk_high carry the customer as customerId; a call (call.missed) as customer.id.
  const nested = (p.customer ?? null) as { id?: unknown } | null;
  const id = e.type.startsWith('customer.') ? (p.id ?? p.customerId) : (p.customerId ?? nested?.id);
  return typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? id : null;
}

/** What a step's text may use from the event (a quote's number and link), kept small. */
function eventContext(e: DomainEvent): Record<string, unknown> {
  const p = (e.payload ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = { event: e.type, eventId: e.id };
  for (const k of ['number', 'link', 'dealId', 'formName', 'from', 'to'] as const) if (typeof p[k] === 'string') out[k] = p[k];
  return out;
}

/** A trigger's filters: the field among the changed ones (customer.updated), the stage it came from / went to. */
export function eventMatches(trigger: AutomationRow['trigger'], e: Pick<DomainEvent, 'payload'>): boolean {
  if (trigger.kind !== 'event') return false;
  const p = (e.payload ?? {}) as Record<string, unknown>;
  if (trigger.field && !(Array.isArray(p.changedFields) && p.changedFields.includes(trigger.field))) return false;
  if (trigger.from && p.from !== trigger.from) return false;
  if (trigger.to && p.to !== trigger.to) return false;
  return true;
}

/** The domain-event listener (registered at boot). */
export async function onAutomationEvent(tx: Db, e: DomainEvent): Promise<void> {
  const customerId = customerOfEvent(e);
  if (!customerId) return;
  // An event a step of an automation caused (a tag it added, a stage it set) starts no automation: chains of rules
  // that answer each other (one adds a tag, another removes it) could never end.
  if (runningAutomation.getStore()) return;
  const rules = await tx.select().from(automations).where(and(eq(automations.enabled, true), isNull(automations.deletedAt),
    sql`${automations.trigger} ->> 'kind' = 'event' AND ${automations.trigger} ->> 'event' = ${e.type}`));
  for (const a of rules) {
    if (!eventMatches(a.trigger, e)) continue;
    await insertRuns(tx, a, sql`${`event:${e.id}`}::text`, sql`c.id = ${customerId}::uuid`, e.at, eventContext(e));
  }
}

/** Manual start: the chosen customers the starter may see (scope) get a run each, with one occurrence for this start. */
export async function startManually(tx: Db, a: AutomationRow, where: SQL, occurrence: string, at: Date): Promise<number> {
  return insertRuns(tx, a, sql`${occurrence}::text`, where, at, { event: 'manual' });
}

const hourIn = (at: Date, timeZone: string) => Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(at));

/**
 * Daily schedules whose hour has come and that have not picked today's customers yet pick them now, one automation
 * per transaction (with its scheduled day, so a day is picked once even when the tick runs twice).
 */
export async function pickScheduled(database: Database, clock: Clock): Promise<number> {
  const now = clock.now();
  const { timeZone } = await getOrgSettings(database.db);
  const today = todayIn(now, timeZone);
  const hour = hourIn(now, timeZone);
  const due = await database.db.select({ id: automations.id }).from(automations).where(and(eq(automations.enabled, true), isNull(automations.deletedAt),
    sql`${automations.trigger} ->> 'kind' = 'schedule' AND (${automations.trigger} ->> 'hour')::int <= ${hour} AND (${automations.scheduledOn} IS NULL OR ${automations.scheduledOn} < ${today})`));
  let total = 0;
  for (const { id } of due) {
    total += await withTx(database, async (tx) => {
      const [a] = await tx.select().from(automations).where(eq(automations.id, id)).for('update');
      if (!a || !a.enabled || a.trigger.kind !== 'schedule' || (a.scheduledOn && a.scheduledOn >= today)) return 0;
      await tx.update(automations).set({ scheduledOn: today }).where(eq(automations.id, id));
      return pickFor(tx, clock, a, today, now);
    });
  }
  return total;
}

/**
 * Customers with an important date of the kind N days after `today`: a Jalali date by its Jalali month-day (Esfand 30
 * falls on Esfand 29 in a common year, as birthdays do), a Gregorian one by its Gregorian month-day (Feb 29 on Feb 28).
 */
export function importantDateWhere(today: string, daysBefore: number, kind: string): SQL {
  const jalaliDays = birthdayWindow(today, daysBefore, daysBefore);
  const day = addDays(today, daysBefore);
  const [gy, gm, gd] = day.split('-').map(Number);
  const gregorianDays = [gm * 100 + gd];
  if (gm === 2 && gd === 28 && !(gy % 4 === 0 && (gy % 100 !== 0 || gy % 400 === 0))) gregorianDays.push(229);
  return sql`EXISTS (SELECT 1 FROM jsonb_array_elements(c.important_dates) d WHERE d ->> 'kind' = ${kind}
    AND ((d ->> 'month')::int * 100 + (d ->> 'day')::int) = ANY(CASE d ->> 'calendar' WHEN 'jalali' THEN ${`{${jalaliDays.join(',')}}`}::int[] ELSE ${`{${gregorianDays.join(',')}}`}::int[] END))`;
}

async function pickFor(tx: Db, clock: Clock, a: AutomationRow, today: string, now: Date): Promise<number> {
  if (a.trigger.kind !== 'schedule') return 0;
  const rule = a.trigger.rule;
  if (rule.type === 'segment') {
    // As its author sees it: an unshared segment of theirs counts too.
    const where = await savedSegmentWhere(tx, { ...SYSTEM, userId: a.createdBy ?? SYSTEM.userId }, clock, rule.segmentId);
    return insertRuns(tx, a, sql`${`segment:${rule.segmentId}`}::text`, where, now);
  }
  if (rule.type === 'birthday') {
    // The day N days ahead, by the Jalali calendar; its Jalali year makes the occurrence (one greeting a year).
    const day = addDays(today, rule.daysBefore);
    const [gy, gm, gd] = day.split('-').map(Number);
    const jy = jalaali.toJalaali(gy, gm, gd).jy;
    const days = birthdayWindow(today, rule.daysBefore, rule.daysBefore);
    return insertRuns(tx, a, sql`${`birthday:${jy}`}::text`, sql`c.birthday_jmd = ANY(${`{${days.join(',')}}`}::int[])`, now);
  }
  if (rule.type === 'contractEnd') {
    // One run per customer and contract end day (a renewed contract has its own end).
    const day = addDays(today, rule.daysBefore);
    return insertRuns(tx, a, sql`${`contractEnd:${day}`}::text`, contractsEndingWhere(day), now);
  }
  if (rule.type === 'importantDate') return insertRuns(tx, a, sql`${`importantDate:${addDays(today, rule.daysBefore)}`}::text`, importantDateWhere(today, rule.daysBefore, rule.dateKind), now);
  // No purchase (contact) for N days: the last purchase (interaction) is N or more days back; its day makes the
  // occurrence (one run per lapse or silence).
  const field = segmentFields().get(rule.type === 'noContact' ? 'lastInteractionAt' : 'lastPurchaseAt');
  if (!field || field.type === 'event') return 0;
  const ctx = await compileContext(tx, null, clock);
  const last = field.expr({ today, timeZone: ctx.timeZone });
  return insertRuns(tx, a, sql`${rule.type === 'noContact' ? 'silence:' : 'lapse:'}::text || (${last})::text`, sql`(${last}) IS NOT NULL AND (${last}) <= ${addDays(today, -rule.days)}::date`, now);
}
