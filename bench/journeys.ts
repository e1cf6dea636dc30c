/**
 * Journey map speed (docs/benchmarks.md, "Journey map at scale"): a PostgreSQL database with N customers with the
 * journey story (server/demo/journey-story.ts: a purchase, a delivery CSAT answer, most with a ticket, some a repeat
 * purchase — about 4.5 events each, both findings planted), then, in one run:
 *  - before: the events read from the sources with per-row subqueries (the form before branch j19) + the analysis;
 *  - the same read with joins on pre-aggregated rows;
 *  - journey_events: a full fill, an incremental refresh with nothing changed and with 1 % of the customers changed;
 *  - after: the map as the service computes it (refresh, read of journey_events, analysis), three times;
 *  - the kept map: first read and reads within the freshness.
 *
 *   npx tsx bench/journeys.ts --url postgres://postgres@127.0.0.1:5432/<database> [--customers 20000] [--reuse]
 * --reuse: a database seeded by an earlier run is used as it is (no seeding). Customer rows stamped in the last hour are
 * moved an hour back, so the refreshes measure a quiet database and a 1 % change, not the seed itself.
 */
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../server/config.ts';
import { boot } from '../server/boot.ts';
import { storyRows, writeStory, STORY_LINES } from '../server/demo/journey-story.ts';
import { analyzeJourney, analyzeMap, defaultJourney, keptAnalysis, loadEvents, loadSourceEvents, refreshJourneyEvents, BASELINE_DAYS } from '../server/modules/journeys/index.ts';
import { systemActor } from '../server/modules/auth/index.ts';
import { products } from '../server/modules/sales/index.ts';
import { DEFAULT_ROLES } from '../common/permissions.ts';

const DAY = 86_400_000;
const { values } = parseArgs({ options: { url: { type: 'string' }, customers: { type: 'string' }, reuse: { type: 'boolean' } } });
const N = Number(values.customers ?? 20_000);
const config = loadConfig({ ...process.env, DATABASE_URL: values.url ?? '', MEHVAR_JOBS: 'off', NODE_ENV: 'production' } as Record<string, string>);
const rt = await boot(config, { jobs: false });
const out = (o: Record<string, unknown>) => console.log(JSON.stringify({ ...o, load1: Math.round(loadavg()[0] * 10) / 10, rssMB: Math.round(process.memoryUsage().rss / 1e6) }));
const since = (t: number) => Math.round(performance.now() - t);
try {
  const db = rt.database.db;
  const [{ n: have }] = (await db.execute(sql`SELECT count(*)::int AS n FROM customers`)).rows as { n: number }[];
  if (!values.reuse || !Number(have)) {
    const t0 = performance.now();
    const prods = await db.insert(products).values(STORY_LINES.map((c, i) => ({ code: `JB-${i}`, nameFa: c, category: c, price: 10_000_000n }))).returning({ id: products.id, category: products.category });
    for (let k = 0; k < N; k += 100_000) {
      const ids = ((await db.execute(sql`INSERT INTO customers (kind, display_name) SELECT 'person', 'bench ' || g FROM generate_series(${k + 1}::int, ${Math.min(N, k + 100_000)}::int) g RETURNING id`)).rows as { id: string }[]).map((r) => String(r.id));
      const story = storyRows({ seed: 1 + k, now: rt.clock.now(), customerIds: ids, products: prods.map((p) => ({ id: p.id, category: p.category! })), plantPain: true, plantMoment: true });
      await writeStory(db, story);
    }
    if (rt.database.kind === 'postgresql') await rt.database.query('ANALYZE');
    out({ seeded: N, seedSeconds: since(t0) / 1000 });
  }
  // The seed's customer rows are stamped now; an hour back, the refreshes below see a quiet database (as a day later).
  await db.execute(sql`UPDATE customers SET updated_at = updated_at - interval '1 hour' WHERE updated_at > now() - interval '1 hour'`);
  const [{ n }] = (await db.execute(sql`SELECT (SELECT count(*) FROM customers) AS c, (SELECT count(*) FROM documents) + (SELECT count(*) FROM survey_responses) + (SELECT count(*) FROM tickets) * 3 AS n`)).rows as { n: number }[];
  out({ customers: Number(have) || N, sourceEvents: Number(n) });
  const j = await defaultJourney(db);
  const actor = systemActor(DEFAULT_ROLES.admin.permissions);
  const now = rt.clock.now();
  const to = new Date(now.getTime() + 3.5 * 3_600_000).toISOString().slice(0, 10);
  const from = new Date(now.getTime() - 364 * DAY).toISOString().slice(0, 10);
  const lo = new Date(`${from}T00:00:00+03:30`), hi = new Date(new Date(`${to}T00:00:00+03:30`).getTime() + DAY);
  const range = { lo: new Date(lo.getTime() - BASELINE_DAYS * DAY), hi: new Date(Math.max(now.getTime(), hi.getTime()) + DAY), now };
  const findings = (a: ReturnType<typeof analyzeMap>) => ({ pains: a.painPoints.map((p) => p.id), moments: a.momentsOfTruth.map((m) => `${m.touchpointKey}:${m.outcome}`) });

  for (const [name, lookups] of [['before: sources, per-row subqueries', true], ['sources, joins on pre-aggregated rows', false]] as const) {
    const t = performance.now();
    const events = await loadSourceEvents(db, actor, { ...range, lookups });
    const readMs = since(t), t1 = performance.now();
    const a = analyzeMap(j, events, lo, hi, now);
    out({ run: name, events: events.length, readMs, analysisMs: since(t1), totalMs: since(t), ...findings(a) });
  }
  out({ run: 'journey_events full fill', ...(await refreshJourneyEvents(db, now, { full: true })) });
  out({ run: 'journey_events refresh, nothing changed', ...(await refreshJourneyEvents(db, now)) });
  await db.execute(sql`UPDATE survey_responses SET updated_at = now() WHERE customer_id IN (SELECT id FROM customers ORDER BY id LIMIT ${Math.ceil((Number(have) || N) / 100)})`);
  out({ run: 'journey_events refresh, 1 % of customers changed', ...(await refreshJourneyEvents(db, now)) });
  if (rt.database.kind === 'postgresql') await rt.database.query('ANALYZE journey_events');
  for (const run of [1, 2, 3]) {
    const t = performance.now();
    const r = await refreshJourneyEvents(db, now);
    const refreshMs = since(t), t1 = performance.now();
    const events = await loadEvents(db, actor, range);
    const readMs = since(t1), t2 = performance.now();
    const a = analyzeMap(j, events, lo, hi, now);
    out({ run: `after: refresh + journey_events + analysis ${run}`, refreshed: r.customers, refreshMs, readMs, analysisMs: since(t2), totalMs: since(t), ...findings(a) });
  }
  const t = performance.now();
  const { analysis } = await analyzeJourney(db, actor, j.id, from, to, rt.clock);
  out({ run: 'after: analyzeJourney (the service)', totalMs: since(t), ...findings(analysis) });
  for (const run of ['kept-first', 'kept-1', 'kept-2', 'kept-3']) {
    const t = performance.now();
    const { analysis } = await keptAnalysis(db, actor, rt.clock, j.id, { from, to });
    out({ run, ms: since(t), pains: analysis.painPoints.length });
  }
  const [{ bytes, rows }] = (await db.execute(sql`SELECT (SELECT max(pg_column_size(analysis)) FROM journey_map_cache) AS bytes, (SELECT count(*) FROM journey_events) AS rows`)).rows as { bytes: number; rows: number }[];
  out({ keptRowBytes: Number(bytes), journeyEventsRows: Number(rows) });
} finally {
  await rt.close();
}
