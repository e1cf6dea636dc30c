/**
 * Journeys: the definitions, a customer's derived path, and the map of a period in the reader's scope.
 * Reading the map needs reports:read and counts only customers the reader may see (customers scope); a customer's
 * journey follows the customer's visibility (404 otherwise).
 */
import { asc, desc, eq, type sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { loadVisibleCustomer } from '../customers/index.ts';
import { journeys, type StageDef, type TouchpointDef } from './journeys.tables.ts';
import { DEFAULT_JOURNEY_NAME, DEFAULT_STAGES, DEFAULT_TOUCHPOINTS } from './journeys.default.ts';
import { loadCustomerEvents } from './journeys.events.ts';
import { refreshJourneyEvents } from './journeys.refresh.ts';
import { touchEventsOf, visitsOf } from './journeys.derive.ts';
import { BASELINE_DAYS, type MapAnalysis } from './journeys.analysis.ts';
import { streamMap } from './journeys.stream.ts';
import type { JourneyInput, JourneyView } from '../../../common/journeys.schemas.ts';

const DAY = 86_400_000;
type JourneyRow = typeof journeys.$inferSelect;

export function presentJourney(j: JourneyRow): JourneyView {
  return { id: j.id, name: j.name, isDefault: j.isDefault, stages: j.stages, touchpoints: j.touchpoints };
}

/** The default journey, created when missing (the migration seeds it; a restored or emptied table gets it back). */
export async function defaultJourney(db: Db): Promise<JourneyRow> {
  const [found] = await db.select().from(journeys).where(eq(journeys.isDefault, true));
  if (found) return found;
  await db.insert(journeys).values({ name: DEFAULT_JOURNEY_NAME, stages: DEFAULT_STAGES, touchpoints: DEFAULT_TOUCHPOINTS, isDefault: true }).onConflictDoNothing();
  const [made] = await db.select().from(journeys).where(eq(journeys.isDefault, true));
  return made;
}

export async function listJourneys(db: Db, actor: Actor): Promise<JourneyView[]> {
  assertCan(actor, 'reports', 'read');
  await defaultJourney(db);
  const rows = await db.select().from(journeys).orderBy(desc(journeys.isDefault), asc(journeys.createdAt), asc(journeys.id));
  return rows.map(presentJourney);
}

export async function loadJourney(db: Db, id: string): Promise<JourneyRow> {
  const [j] = await db.select().from(journeys).where(eq(journeys.id, id));
  if (!j) throw new AppError('NOT_FOUND', 'Journey not found');
  return j;
}

/** Stages and touchpoints must be consistent: unique keys, each touchpoint in a stage, `measures` naming a touchpoint. */
export function checkDefinition(input: { stages: StageDef[]; touchpoints: TouchpointDef[] }): void {
  const stageKeys = new Set(input.stages.map((s) => s.key));
  const tpKeys = new Set(input.touchpoints.map((t) => t.key));
  const problems: Record<string, string> = {};
  if (stageKeys.size !== input.stages.length) problems.stages = 'stage keys must be unique';
  if (tpKeys.size !== input.touchpoints.length) problems.touchpoints = 'touchpoint keys must be unique';
  input.touchpoints.forEach((t, i) => {
    if (!stageKeys.has(t.stageKey)) problems[`touchpoints.${i}.stageKey`] = `no stage ${t.stageKey}`;
    if (t.rule.measures && !tpKeys.has(t.rule.measures)) problems[`touchpoints.${i}.rule.measures`] = `no touchpoint ${t.rule.measures}`;
  });
  if (Object.keys(problems).length) throw new AppError('VALIDATION_FAILED', 'The journey definition is inconsistent', problems);
}

/** Defining journeys is a setting (settings:update). */
export async function createJourney(tx: Db, actor: Actor, input: JourneyInput, clock: Clock): Promise<JourneyView> {
  assertCan(actor, 'settings', 'update');
  checkDefinition(input);
  const now = clock.now();
  const [row] = await tx.insert(journeys).values({ name: input.name, stages: input.stages, touchpoints: input.touchpoints, createdAt: now, updatedAt: now }).returning();
  return presentJourney(row);
}

export async function updateJourney(tx: Db, actor: Actor, id: string, input: JourneyInput, clock: Clock): Promise<JourneyView> {
  assertCan(actor, 'settings', 'update');
  checkDefinition(input);
  await loadJourney(tx, id);
  const [row] = await tx.update(journeys).set({ name: input.name, stages: input.stages, touchpoints: input.touchpoints, updatedAt: clock.now() }).where(eq(journeys.id, id)).returning();
  return presentJourney(row);
}

/** Tehran has kept +03:30 all year since 2022. */
export const tehranStart = (day: string) => new Date(`${day}T00:00:00+03:30`);
export function periodOf(from: string, to: string): { lo: Date; hi: Date } {
  const lo = tehranStart(from), hi = new Date(tehranStart(to).getTime() + DAY);
  if (!(lo < hi)) throw new AppError('VALIDATION_FAILED', 'from must be on or before to', { from: 'after to' });
  if (hi.getTime() - lo.getTime() > 3 * 366 * DAY) throw new AppError('VALIDATION_FAILED', 'The period is at most three years', { to: 'too far from from' });
  return { lo, hi };
}

/** A customer's journey on the default journey (or the one named): the path of stage visits with their touchpoints. */
export async function customerJourney(db: Db, actor: Actor, customerId: string, clock: Clock, journeyId?: string) {
  await loadVisibleCustomer(db, actor, customerId);
  const j = journeyId ? await loadJourney(db, journeyId) : await defaultJourney(db);
  const now = clock.now();
  const events = await loadCustomerEvents(db, actor, customerId, now);
  const visits = visitsOf(touchEventsOf(events, j.stages, j.touchpoints));
  return {
    journeyId: j.id,
    currentStage: visits.length ? visits[visits.length - 1].stageKey : null,
    path: visits.map((v) => ({
      stageKey: v.stageKey, enteredAt: v.enteredAt.toISOString(), leftAt: v.leftAt?.toISOString() ?? null,
      days: v.leftAt ? Math.round(((v.leftAt.getTime() - v.enteredAt.getTime()) / DAY) * 10) / 10 : null,
      touchpoints: v.touchpoints.map((t) => ({ key: t.tp, at: t.at.toISOString(), source: t.source, ref: t.ref })),
    })),
  };
}

/** The events a map of [lo, hi) reads: from BASELINE_DAYS before the period to a day after its end or now. */
export function mapReadRange(lo: Date, hi: Date, now: Date, customerIds?: ReturnType<typeof sql>) {
  return { lo: new Date(lo.getTime() - BASELINE_DAYS * DAY), hi: new Date(Math.max(now.getTime(), hi.getTime()) + DAY), now, customerIds };
}

/**
 * The analysed map of a period (reports:read; only the customers the reader may see; optionally one segment's),
 * counted while journey_events is read in chunks of customers (journeys.stream.ts): memory bounded by a chunk.
 */
export async function analyzeJourney(db: Db, actor: Actor, journeyId: string, from: string, to: string, clock: Clock, segmentCustomers?: ReturnType<typeof sql>): Promise<{ journey: JourneyRow; analysis: MapAnalysis }> {
  assertCan(actor, 'reports', 'read');
  assertCan(actor, 'customers', 'read');
  const journey = await loadJourney(db, journeyId);
  const { lo, hi } = periodOf(from, to);
  const now = clock.now();
  await refreshJourneyEvents(db, now);
  const { analysis } = await streamMap(db, actor, journey, { lo, hi, now }, mapReadRange(lo, hi, now, segmentCustomers));
  return { journey, analysis };
}
