/**
 * The dashboard, kept (docs/decisions.md, "Dashboard: kept, with a stated freshness"). A dashboard aggregates every
 * invoice, ticket and answer of its period, which grows with the business; so the figures of a (query, today, reader's
 * scope and filters) are stored, served while younger than DASHBOARD_FRESH_MINUTES, and computed again by the refresh
 * job every DASHBOARD_REFRESH_EVERY_MINUTES while someone has read them in the last day. The answer says when its
 * figures were computed (`computedAt`), and `refresh=true` computes them now. A read within the freshness is one row.
 */
import { eq, lt } from 'drizzle-orm';
import type { Db, Database } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { actorsOfUsers, type Actor } from '../auth/index.ts';
import type { DashboardQuery, DashboardView } from '../../../common/dashboard.schemas.ts';
import { dashboard, dashboardKey } from './dashboard.service.ts';
import { dashboardCache } from './dashboard.kept.tables.ts';

/** Kept figures are served for this long after they were computed: the dashboard's stated freshness. */
export const DASHBOARD_FRESH_MINUTES = 15;
/** The refresh job's period; it recomputes what would otherwise go stale before its next run. */
export const DASHBOARD_REFRESH_EVERY_MINUTES = 5;
export const DASHBOARD_REFRESH_JOB = 'reports.dashboard-refresh';
export const DASHBOARD_REFRESH_CRON = `*/${DASHBOARD_REFRESH_EVERY_MINUTES} * * * *`;
/** Figures nobody read for this long are dropped (and computed again at the next read). */
const KEEP_UNREAD_MS = 86_400_000;
const MINUTE = 60_000;
const NO_USER = '00000000-0000-0000-0000-000000000000'; // systemActor's

/** The query as kept: what decides the figures (not the export format or its language). */
const keptQuery = (q: DashboardQuery): DashboardQuery => ({ ...q, format: 'json', lang: 'fa' });

/**
 * `read`: a reader asked for it (the job's recomputation does not count as a read); `lastRead`: the job's new row
 * (a key that moved) keeps the last read of the row it replaces.
 */
async function computeAndKeep(db: Db, actor: Actor, clock: Clock, q: DashboardQuery, key: string, read: boolean, lastRead?: Date): Promise<DashboardView> {
  const t0 = performance.now();
  const view = await dashboard(db, actor, clock, q);
  const now = clock.now();
  const row = {
    key, query: keptQuery(q), userId: actor.userId === NO_USER ? null : actor.userId,
    computedAt: now, computeMs: Math.round(performance.now() - t0), readAt: lastRead ?? now, view,
  };
  await db.insert(dashboardCache).values(row).onConflictDoUpdate({
    target: dashboardCache.key,
    set: { computedAt: row.computedAt, computeMs: row.computeMs, view: row.view, query: row.query, ...(read ? { readAt: row.readAt, userId: row.userId } : {}) },
  });
  return { ...view, computedAt: now.toISOString() };
}

/** The dashboard for the reader: the kept figures while fresh, else computed now and kept. Same checks as `dashboard`. */
export async function keptDashboard(db: Db, actor: Actor, clock: Clock, q: DashboardQuery, opts: { refresh?: boolean } = {}): Promise<DashboardView> {
  const key = await dashboardKey(db, actor, clock, q);
  const now = clock.now();
  if (!opts.refresh) {
    const [kept] = await db.select({ computedAt: dashboardCache.computedAt, readAt: dashboardCache.readAt, view: dashboardCache.view }).from(dashboardCache).where(eq(dashboardCache.key, key));
    if (kept && kept.computedAt <= now && now.getTime() - kept.computedAt.getTime() < DASHBOARD_FRESH_MINUTES * MINUTE) {
      if (now.getTime() - kept.readAt.getTime() > MINUTE) await db.update(dashboardCache).set({ readAt: now }).where(eq(dashboardCache.key, key));
      return { ...(kept.view as DashboardView), computedAt: kept.computedAt.toISOString() };
    }
  }
  return computeAndKeep(db, actor, clock, q, key, true);
}

/**
 * The refresh job: drops figures unread for a day, then recomputes, in their last reader's current scope, those that
 * would be older than DASHBOARD_FRESH_MINUTES before the next run. When the key moved (a new day, the reader's scope or
 * the segment changed) the figures are kept under the new key and the old row goes; when the reader may no longer
 * read them (left, lost the permission or the segment), they are dropped.
 */
export async function refreshKeptDashboards(database: Database, clock: Clock): Promise<{ refreshed: number; dropped: number }> {
  const db = database.db;
  const now = clock.now();
  let dropped = (await db.delete(dashboardCache).where(lt(dashboardCache.readAt, new Date(now.getTime() - KEEP_UNREAD_MS))).returning({ key: dashboardCache.key })).length;
  const due = await db.select({ key: dashboardCache.key, query: dashboardCache.query, userId: dashboardCache.userId, readAt: dashboardCache.readAt })
    .from(dashboardCache).where(lt(dashboardCache.computedAt, new Date(now.getTime() - (DASHBOARD_FRESH_MINUTES - DASHBOARD_REFRESH_EVERY_MINUTES) * MINUTE)));
  let refreshed = 0;
  for (const row of due) {
    const drop = async () => { dropped++; await db.delete(dashboardCache).where(eq(dashboardCache.key, row.key)); };
    const [actor] = row.userId ? await actorsOfUsers(db, [row.userId]) : [];
    if (!actor) { await drop(); continue; }
    try {
      const q = row.query as DashboardQuery;
      const key = await dashboardKey(db, actor, clock, q);
      await computeAndKeep(db, actor, clock, q, key, false, row.readAt);
      if (key !== row.key) await db.delete(dashboardCache).where(eq(dashboardCache.key, row.key));
      refreshed++;
    } catch {
      await drop();
    }
  }
  return { refreshed, dropped };
}
