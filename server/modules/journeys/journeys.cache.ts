/**
 * The map, kept (docs/decisions.md, "Journey map: kept, with a stated freshness"). Computing a map reads every event of
 * the period and the year before it, which grows with the customers; so the analysed map of a (journey definition,
 * period, segment condition, reader's scope) is stored, served while younger than MAP_FRESH_MINUTES, and recomputed by
 * the refresh job every MAP_REFRESH_EVERY_MINUTES while someone has read it in the last day. A map read again within
 * the freshness is one row read; the first read of a new period or segment still computes it. Reviews and before/after
 * are not kept (they are read live by the route), so a manager's review shows at once.
 */
import { createHash } from 'node:crypto';
import { eq, lt, sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db, Database } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { actorsOfUsers, assertCan, customerScopeSql, type Actor } from '../auth/index.ts';
import { savedSegmentWhere } from '../segments/index.ts';
import { journeyMapCache, type journeys } from './journeys.tables.ts';
import { analyzeJourney, loadJourney, periodOf } from './journeys.service.ts';
import type { MapAnalysis } from './journeys.analysis.ts';

/** A kept map is served for this long after it was computed: the map's stated freshness. */
export const MAP_FRESH_MINUTES = 15;
/** The refresh job's period; it recomputes the maps that would otherwise go stale before its next run. */
export const MAP_REFRESH_EVERY_MINUTES = 5;
export const JOURNEY_MAP_REFRESH_JOB = 'journeys.map-refresh';
export const JOURNEY_MAP_REFRESH_CRON = `*/${MAP_REFRESH_EVERY_MINUTES} * * * *`;
/** A map nobody read for this long is dropped (and computed again at its next read). */
const KEEP_UNREAD_MS = 86_400_000;
const MINUTE = 60_000;

type JourneyRow = typeof journeys.$inferSelect;
export type MapQuery = { from: string; to: string; segmentId?: string };

const dialect = new PgDialect();
const rendered = (s: SQL | undefined) => (s ? JSON.stringify(dialect.sqlToQuery(s)) : '-');

/** What the map depends on besides the data: the definition's version, the period, the segment's condition, the scope. */
async function keyOf(db: Db, actor: Actor, clock: Clock, journey: JourneyRow, q: MapQuery): Promise<{ key: string; segment: SQL | undefined }> {
  const segment = q.segmentId ? sql`SELECT c.id FROM customers c WHERE ${await savedSegmentWhere(db, actor, clock, q.segmentId)}` : undefined;
  const parts = [journey.id, journey.updatedAt.toISOString(), q.from, q.to, rendered(segment), rendered(customerScopeSql(actor, 'c'))];
  return { key: createHash('sha256').update(parts.join('\n')).digest('hex'), segment };
}

type Stored = Omit<MapAnalysis, 'painPoints'> & { painPoints: (Omit<MapAnalysis['painPoints'][number], 'customerIds'> & { customerIds: { id: string; at: string }[] })[] };
const store = (a: MapAnalysis): Stored => ({ ...a, painPoints: a.painPoints.map((p) => ({ ...p, customerIds: p.customerIds.map((c) => ({ id: c.id, at: c.at.toISOString() })) })) });
const revive = (s: Stored): MapAnalysis => ({ ...s, painPoints: s.painPoints.map((p) => ({ ...p, customerIds: (p.customerIds ?? []).map((c) => ({ id: c.id, at: new Date(c.at) })) })) });
/** The kept analysis without the pain points' customer lists (most of the row: 2 MB at 300k customers), cut in the database. */
const withoutLists = sql`CASE WHEN jsonb_typeof(${journeyMapCache.analysis} -> 'painPoints') = 'array' THEN jsonb_set(${journeyMapCache.analysis}, '{painPoints}',
  COALESCE((SELECT jsonb_agg(p - 'customerIds' ORDER BY o) FROM jsonb_array_elements(${journeyMapCache.analysis} -> 'painPoints') WITH ORDINALITY e(p, o)), '[]'::jsonb)) ELSE ${journeyMapCache.analysis} END`;

const NO_USER = '00000000-0000-0000-0000-000000000000'; // systemActor's
/** Maps being computed in this process, by key. */
const inFlight = new Map<string, Promise<MapAnalysis>>();

/** `read`: a reader asked for it (the job's recomputation does not count as a read). */
async function computeAndKeep(db: Db, actor: Actor, clock: Clock, journey: JourneyRow, q: MapQuery, key: string, segment: SQL | undefined, read: boolean): Promise<MapAnalysis> {
  const t0 = performance.now();
  const { analysis } = await analyzeJourney(db, actor, journey.id, q.from, q.to, clock, segment);
  const now = clock.now();
  const row = {
    key, journeyId: journey.id, fromDay: q.from, toDay: q.to, segmentId: q.segmentId ?? null, userId: actor.userId === NO_USER ? null : actor.userId,
    computedAt: now, computeMs: Math.round(performance.now() - t0), readAt: now, analysis: store(analysis),
  };
  await db.insert(journeyMapCache).values(row).onConflictDoUpdate({ target: journeyMapCache.key, set: { computedAt: row.computedAt, computeMs: row.computeMs, analysis: row.analysis, ...(read ? { readAt: row.readAt, userId: row.userId } : {}) } });
  return analysis;
}

/**
 * The map for the reader: the kept one while fresh, else computed now and kept. Same checks as analyzeJourney.
 * `lists: false`: a kept map comes without the pain points' customer lists (empty), for the map itself.
 */
export async function keptAnalysis(db: Db, actor: Actor, clock: Clock, journeyId: string, q: MapQuery, opts: { lists?: boolean } = {}): Promise<{ journey: JourneyRow; analysis: MapAnalysis; computedAt: Date }> {
  assertCan(actor, 'reports', 'read');
  assertCan(actor, 'customers', 'read');
  const journey = await loadJourney(db, journeyId);
  periodOf(q.from, q.to);
  const { key, segment } = await keyOf(db, actor, clock, journey, q);
  const now = clock.now();
  const [kept] = await db.select({ computedAt: journeyMapCache.computedAt, readAt: journeyMapCache.readAt, analysis: opts.lists === false ? withoutLists : journeyMapCache.analysis }).from(journeyMapCache).where(eq(journeyMapCache.key, key));
  if (kept && now.getTime() - kept.computedAt.getTime() < MAP_FRESH_MINUTES * MINUTE && kept.computedAt <= now) {
    if (now.getTime() - kept.readAt.getTime() > MINUTE) await db.update(journeyMapCache).set({ readAt: now }).where(eq(journeyMapCache.key, key));
    return { journey, analysis: revive(kept.analysis as Stored), computedAt: kept.computedAt };
  }
  // The page asks for the map and a pain point's customers at once: one computation per key in this process, the
  // second reader waits for the first's answer (the key holds the definition, period, segment and scope).
  let running = inFlight.get(key);
  if (!running) {
    running = computeAndKeep(db, actor, clock, journey, q, key, segment, true).finally(() => inFlight.delete(key));
    inFlight.set(key, running);
  }
  return { journey, analysis: await running, computedAt: now };
}

/**
 * The refresh job: drops maps unread for a day, then recomputes, in their last reader's current scope, the maps that
 * would be older than MAP_FRESH_MINUTES before the next run. A map whose key no longer matches (the reader's scope,
 * the segment or the definition changed, the reader lost the permission or left) is dropped instead.
 */
/** Drops the maps nobody read for a day; says whether any kept map is left (someone reads the journey map). */
export async function keptMapsInUse(db: Db, now: Date): Promise<boolean> {
  await db.delete(journeyMapCache).where(lt(journeyMapCache.readAt, new Date(now.getTime() - KEEP_UNREAD_MS)));
  return (await db.select({ key: journeyMapCache.key }).from(journeyMapCache).limit(1)).length > 0;
}

export async function refreshKeptMaps(database: Database, clock: Clock): Promise<{ refreshed: number; dropped: number }> {
  const db = database.db;
  const now = clock.now();
  let dropped = (await db.delete(journeyMapCache).where(lt(journeyMapCache.readAt, new Date(now.getTime() - KEEP_UNREAD_MS))).returning({ key: journeyMapCache.key })).length;
  const due = await db.select({ key: journeyMapCache.key, journeyId: journeyMapCache.journeyId, fromDay: journeyMapCache.fromDay, toDay: journeyMapCache.toDay, segmentId: journeyMapCache.segmentId, userId: journeyMapCache.userId })
    .from(journeyMapCache).where(lt(journeyMapCache.computedAt, new Date(now.getTime() - (MAP_FRESH_MINUTES - MAP_REFRESH_EVERY_MINUTES) * MINUTE)));
  let refreshed = 0;
  for (const row of due) {
    const drop = async () => { dropped++; await db.delete(journeyMapCache).where(eq(journeyMapCache.key, row.key)); };
    const [actor] = row.userId ? await actorsOfUsers(db, [row.userId]) : [];
    if (!actor) { await drop(); continue; }
    try {
      const journey = await loadJourney(db, row.journeyId);
      const q = { from: row.fromDay, to: row.toDay, segmentId: row.segmentId ?? undefined };
      const { key, segment } = await keyOf(db, actor, clock, journey, q);
      if (key !== row.key) { await drop(); continue; }
      assertCan(actor, 'reports', 'read');
      assertCan(actor, 'customers', 'read');
      await computeAndKeep(db, actor, clock, journey, q, key, segment, false);
      refreshed++;
    } catch {
      await drop();
    }
  }
  return { refreshed, dropped };
}
