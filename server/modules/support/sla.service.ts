/**
 * SLA policies and the support calendar. Targets are business minutes (server/modules/support/business-hours.ts); a
 * ticket's deadlines are computed when it is opened and stored, and moved when a wait on the customer ends.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { readSetting, writeSetting } from '../settings/index.ts';
import jalaali from 'jalaali-js';
import type { SlaPolicyInput } from '../../../common/support.schemas.ts';
import { contractLevelOf } from './contracts.service.ts';
import { slaPolicies, type TicketPriority, type TicketStatus } from './support.tables.ts';
import { addBusinessMinutes, businessCalendarSchema, businessMinutesBetween, iranHolidays, type BusinessCalendar, type BusinessCalendarInput } from './business-hours.ts';

const CALENDAR_KEY = 'support.calendar';

/** Business minutes. A working day of the default calendar is 540 minutes (08:00–17:00). */
export const DEFAULT_SLA: Record<TicketPriority, { name: string; firstResponseMinutes: number; resolutionMinutes: number }> = {
  urgent: { name: 'فوری', firstResponseMinutes: 60, resolutionMinutes: 480 },
  high: { name: 'بالا', firstResponseMinutes: 240, resolutionMinutes: 1080 },
  normal: { name: 'عادی', firstResponseMinutes: 480, resolutionMinutes: 2700 },
  low: { name: 'پایین', firstResponseMinutes: 1080, resolutionMinutes: 5400 },
};

/** Creates the default policy of each priority that has none (run at start; an admin's edits are kept). */
export async function ensureDefaultSlaPolicies(db: Db): Promise<void> {
  for (const [priority, p] of Object.entries(DEFAULT_SLA) as [TicketPriority, (typeof DEFAULT_SLA)[TicketPriority]][]) {
    await db.insert(slaPolicies).values({ priority, contractLevel: null, ...p }).onConflictDoNothing();
  }
}

/** The default calendar: Saturday–Wednesday 08:00–17:00, Thursday 08:00–13:00, Iran's fixed solar holidays this year and next. */
export function defaultCalendar(now: Date): BusinessCalendar {
  const { jy } = jalaali.toJalaali(now);
  return businessCalendarSchema.parse({ holidays: [...iranHolidays(jy), ...iranHolidays(jy + 1)] });
}

export async function supportCalendar(db: Db, now = new Date()): Promise<BusinessCalendar> {
  const saved = await readSetting<BusinessCalendarInput>(db, CALENDAR_KEY);
  if (!saved) return defaultCalendar(now);
  const parsed = businessCalendarSchema.safeParse(saved);
  return parsed.success ? parsed.data : defaultCalendar(now);
}

export async function getSupportCalendar(db: Db, actor: Actor, now: Date) {
  assertCan(actor, 'tickets', 'read');
  return { calendar: await supportCalendar(db, now), custom: (await readSetting(db, CALENDAR_KEY)) !== undefined };
}

/** Saves the calendar (validated by the route with businessCalendarSchema). Deadlines of open tickets are not recomputed. */
export async function setSupportCalendar(db: Db, actor: Actor, calendar: BusinessCalendar) {
  assertCan(actor, 'settings', 'update');
  await writeSetting(db, actor.userId, CALENDAR_KEY, calendar);
  return { calendar, custom: true };
}

export type SlaPolicy = typeof slaPolicies.$inferSelect;

/** The active policy for a priority at the level of the customer's active contract (if one names a level), else the default. */
export async function policyFor(db: Db, priority: TicketPriority, customerId: string, now: Date): Promise<SlaPolicy | undefined> {
  const level = await contractLevelOf(db, customerId, now);
  if (level) {
    const [p] = await db.select().from(slaPolicies).where(and(eq(slaPolicies.priority, priority), eq(slaPolicies.contractLevel, level), eq(slaPolicies.active, true)));
    if (p) return p;
  }
  const [p] = await db.select().from(slaPolicies).where(and(eq(slaPolicies.priority, priority), isNull(slaPolicies.contractLevel), eq(slaPolicies.active, true)));
  return p;
}

export function slaDeadlines(calendar: BusinessCalendar, openedAt: Date, policy: { firstResponseMinutes: number; resolutionMinutes: number }) {
  return {
    firstResponseDueAt: addBusinessMinutes(calendar, openedAt, policy.firstResponseMinutes),
    resolutionDueAt: addBusinessMinutes(calendar, openedAt, policy.resolutionMinutes),
  };
}

/** A wait on the customer from `pausedAt` to `resumedAt` moves the resolution deadline by the business time it took. */
export function resumeDeadline(calendar: BusinessCalendar, dueAt: Date, pausedAt: Date, resumedAt: Date): Date {
  const paused = businessMinutesBetween(calendar, pausedAt, resumedAt);
  return paused > 0 ? addBusinessMinutes(calendar, dueAt, paused) : dueAt;
}

/** Warn this long before a deadline (wall-clock), as the "breaching soon" queue does. */
export const WARN_BEFORE_MS = 2 * 3_600_000;

type Clock = { state: 'met' | 'ok' | 'warning' | 'breached' | 'paused' | 'none'; dueAt: string | null };

function clockState(dueAt: Date | null, doneAt: Date | null, now: Date, paused: boolean): Clock {
  if (!dueAt) return { state: 'none', dueAt: null };
  const iso = dueAt.toISOString();
  if (doneAt) return { state: doneAt <= dueAt ? 'met' : 'breached', dueAt: iso };
  if (now > dueAt) return { state: 'breached', dueAt: iso };
  if (paused) return { state: 'paused', dueAt: iso };
  return { state: dueAt.getTime() - now.getTime() <= WARN_BEFORE_MS ? 'warning' : 'ok', dueAt: iso };
}

/** Each SLA clock of a ticket: met/breached once answered or resolved, otherwise ok, warning (due within 2 h), breached or paused. */
export function slaView(t: { status: TicketStatus; now: Date; pausedAt: Date | null; firstResponseDueAt: Date | null; resolutionDueAt: Date | null; firstResponseAt: Date | null; resolvedAt: Date | null }) {
  const firstResponse = clockState(t.firstResponseDueAt, t.firstResponseAt, t.now, false);
  const resolution = clockState(t.resolutionDueAt, t.status === 'resolved' || t.status === 'closed' ? t.resolvedAt : null, t.now, t.pausedAt !== null);
  return { firstResponse, resolution, breached: firstResponse.state === 'breached' || resolution.state === 'breached' };
}

export async function listSlaPolicies(db: Db, actor: Actor) {
  assertCan(actor, 'tickets', 'read');
  return db.select().from(slaPolicies).orderBy(asc(slaPolicies.contractLevel), sql`array_position(ARRAY['urgent','high','normal','low'], ${slaPolicies.priority})`);
}

export async function createSlaPolicy(db: Db, actor: Actor, input: SlaPolicyInput) {
  assertCan(actor, 'settings', 'update');
  const [p] = await db.insert(slaPolicies).values({ ...input, contractLevel: input.contractLevel ?? null }).onConflictDoNothing().returning();
  if (!p) throw new AppError('CONFLICT', 'A policy for this priority and contract level exists; edit it instead', { priority: 'taken' });
  return p;
}

export async function updateSlaPolicy(db: Db, actor: Actor, id: string, input: SlaPolicyInput) {
  assertCan(actor, 'settings', 'update');
  const clash = await db.select({ id: slaPolicies.id }).from(slaPolicies)
    .where(and(eq(slaPolicies.priority, input.priority), input.contractLevel ? eq(slaPolicies.contractLevel, input.contractLevel) : isNull(slaPolicies.contractLevel)));
  if (clash.some((c) => c.id !== id)) throw new AppError('CONFLICT', 'Another policy covers this priority and contract level', { priority: 'taken' });
  const [p] = await db.update(slaPolicies).set({ ...input, contractLevel: input.contractLevel ?? null, updatedAt: new Date() }).where(eq(slaPolicies.id, id)).returning();
  if (!p) throw notFound('SLA policy');
  return p;
}
