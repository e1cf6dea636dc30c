/**
 * The journey map streamed at scale (docs/benchmarks.md, "Journey map streamed (issue 19, branch j19s)"): a PostgreSQL
 * database seeded by bench/journeys-1m-seed.ts (N customers, ~11 journey_events rows each, both findings planted,
 * journey_events_state stamped filled), then in one run:
 *  - the map computed by streaming (streamMap: chunks of customers, journeys.stream.ts), the database wait and the
 *    counting split, with the process's peak RSS during it; three runs;
 *  - the service (analyzeJourney: the refresh check, then the streamed map);
 *  - the kept map: first read (computes and keeps) and reads within the freshness;
 *  - with --old: the code path before this branch (loadEvents: every event in one array, then analyzeMap over it) in
 *    the same process, last (its memory stays), and whether its answer is the streamed one.
 *
 *   npx tsx bench/journeys-1m.ts --url postgres://postgres@127.0.0.1:5432/j19s_b1m [--customers 1000000] [--chunk 5000] [--runs 3] [--old]
 * The database is seeded when it has no customers (--customers, default 1,000,000).
 */
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../server/config.ts';
import { boot } from '../server/boot.ts';
import { analyzeJourney, analyzeMap, defaultJourney, keptAnalysis, loadEvents, mapReadRange, periodOf, streamMap, type MapAnalysis } from '../server/modules/journeys/index.ts';
import { systemActor } from '../server/modules/auth/index.ts';
import { DEFAULT_ROLES } from '../common/permissions.ts';
import { seedJourneys1m } from './journeys-1m-seed.ts';

const DAY = 86_400_000;
const { values } = parseArgs({ options: { url: { type: 'string' }, customers: { type: 'string' }, chunk: { type: 'string' }, runs: { type: 'string' }, old: { type: 'boolean' } } });
const config = loadConfig({ ...process.env, DATABASE_URL: values.url ?? '', MEHVAR_JOBS: 'off', NODE_ENV: 'production' } as Record<string, string>);
const rt = await boot(config, { jobs: false });
const mb = (x: number) => Math.round(x / 1e6);
const out = (o: Record<string, unknown>) => console.log(JSON.stringify({ at: new Date().toISOString().slice(11, 19), ...o, load1: Math.round(loadavg()[0] * 10) / 10, rssMB: mb(process.memoryUsage().rss) }));
const since = (t: number) => Math.round(performance.now() - t);
/** Peak RSS and heap while `fn` runs (sampled every 50 ms). */
async function peak<T>(fn: () => Promise<T>): Promise<{ result: T; peakRssMB: number; peakHeapMB: number }> {
  let rss = process.memoryUsage().rss, heap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => { const m = process.memoryUsage(); rss = Math.max(rss, m.rss); heap = Math.max(heap, m.heapUsed); }, 50);
  try {
    const result = await fn();
    const m = process.memoryUsage();
    return { result, peakRssMB: mb(Math.max(rss, m.rss)), peakHeapMB: mb(Math.max(heap, m.heapUsed)) };
  } finally { clearInterval(timer); }
}
const findings = (a: MapAnalysis) => ({ pains: a.painPoints.map((p) => `${p.id} (${p.customers})`), moments: a.momentsOfTruth.map((m) => `${m.touchpointKey}:${m.outcome} ${m.effect}`) });

try {
  const db = rt.database.db;
  const [{ n: have }] = (await db.execute(sql`SELECT count(*)::int AS n FROM customers`)).rows as { n: number }[];
  if (!Number(have)) await seedJourneys1m(rt.database, Number(values.customers ?? 1_000_000), out);
  const [{ c, e }] = (await db.execute(sql`SELECT (SELECT count(*) FROM customers) AS c, (SELECT count(*) FROM journey_events) AS e`)).rows as { c: number; e: number }[];
  out({ customers: Number(c), journeyEvents: Number(e) });
  const j = await defaultJourney(db);
  const actor = systemActor(DEFAULT_ROLES.admin.permissions);
  const now = rt.clock.now();
  const to = new Date(now.getTime() + 3.5 * 3_600_000).toISOString().slice(0, 10);
  const from = new Date(now.getTime() - 364 * DAY).toISOString().slice(0, 10);
  const { lo, hi } = periodOf(from, to);
  const range = { ...mapReadRange(lo, hi, now), chunk: values.chunk ? Number(values.chunk) : undefined };
  let streamed: MapAnalysis | undefined;
  for (let run = 1; run <= Number(values.runs ?? 3); run++) {
    global.gc?.();
    const t = performance.now();
    const { result, peakRssMB, peakHeapMB } = await peak(() => streamMap(db, actor, j, { lo, hi, now }, range));
    const totalMs = since(t);
    streamed = result.analysis;
    out({ run: `streamed map ${run}`, totalMs, waitingForDbMs: result.stats.readMs, countingMs: totalMs - result.stats.readMs, ...result.stats, peakRssMB, peakHeapMB, ...findings(result.analysis) });
  }
  // With one run the kept map's first read is the service's computation (it calls analyzeJourney).
  if (Number(values.runs ?? 3) > 1) {
    const t = performance.now();
    const { result, peakRssMB } = await peak(() => analyzeJourney(db, actor, j.id, from, to, rt.clock));
    out({ run: 'service: analyzeJourney (refresh check + streamed map)', totalMs: since(t), peakRssMB, ...findings(result.analysis) });
  }
  for (const run of ['kept-first', 'kept-1', 'kept-2', 'kept-3', 'kept-lists-1', 'kept-lists-2']) {
    const t = performance.now();
    const { result: { analysis }, peakRssMB } = await peak(() => keptAnalysis(db, actor, rt.clock, j.id, { from, to }, { lists: run.startsWith('kept-lists') }));
    out({ run, ms: since(t), peakRssMB, pains: analysis.painPoints.length, listed: analysis.painPoints.reduce((s, p) => s + p.customerIds.length, 0) });
  }
  const [{ bytes }] = (await db.execute(sql`SELECT max(pg_column_size(analysis)) AS bytes FROM journey_map_cache`)).rows as { bytes: number }[];
  out({ keptRowBytes: Number(bytes) });
  if (values.old) {
    global.gc?.();
    const t = performance.now();
    const { result, peakRssMB, peakHeapMB } = await peak(async () => {
      const events = await loadEvents(db, actor, range);
      const readMs = since(t), t1 = performance.now();
      const a = analyzeMap(j, events, lo, hi, now);
      return { a, readMs, analysisMs: since(t1), events: events.length };
    });
    out({ run: 'old path: loadEvents (all at once) + analyzeMap', totalMs: since(t), readMs: result.readMs, analysisMs: result.analysisMs, events: result.events, peakRssMB, peakHeapMB, sameAsStreamed: isDeepStrictEqual(result.a, streamed), ...findings(result.a) });
  }
} finally {
  await rt.close();
}
