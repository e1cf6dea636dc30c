/**
 * Journey map speed: a fresh PostgreSQL database, N customers with the journey story (server/demo/journey-story.ts:
 * a purchase, a delivery CSAT answer, most with a ticket, some a repeat purchase — about 7 events each, both findings
 * planted), then the default journey's map over the last year, timed three times (events read, analysis, total).
 *
 *   npx tsx bench/journeys.ts --url postgres://postgres@127.0.0.1:5432/<empty database> [--customers 20000]
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../server/config.ts';
import { boot } from '../server/boot.ts';
import { storyRows, writeStory, STORY_LINES } from '../server/demo/journey-story.ts';
import { analyzeJourney, defaultJourney, keptAnalysis } from '../server/modules/journeys/index.ts';
import { systemActor } from '../server/modules/auth/index.ts';
import { products } from '../server/modules/sales/index.ts';
import { DEFAULT_ROLES } from '../common/permissions.ts';

const { values } = parseArgs({ options: { url: { type: 'string' }, customers: { type: 'string' } } });
const N = Number(values.customers ?? 20_000);
const config = loadConfig({ ...process.env, DATABASE_URL: values.url ?? '', MEHVAR_JOBS: 'off', NODE_ENV: 'production' } as Record<string, string>);
const rt = await boot(config, { jobs: false });
try {
  const db = rt.database.db;
  const t0 = performance.now();
  const ids = ((await db.execute(sql`INSERT INTO customers (kind, display_name) SELECT 'person', 'bench ' || g FROM generate_series(1, ${N}) g RETURNING id`)).rows as { id: string }[]).map((r) => String(r.id));
  const prods = await db.insert(products).values(STORY_LINES.map((c, i) => ({ code: `JB-${i}`, nameFa: c, category: c, price: 10_000_000n }))).returning({ id: products.id, category: products.category });
  const story = storyRows({ seed: 1, now: rt.clock.now(), customerIds: ids, products: prods.map((p) => ({ id: p.id, category: p.category! })), plantPain: true, plantMoment: true });
  await writeStory(db, story);
  if (rt.database.kind === 'postgresql') await rt.database.query('ANALYZE');
  const [{ n }] = (await db.execute(sql`SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM survey_responses) + (SELECT count(*) FROM tickets) * 3 AS n`)).rows as { n: number }[];
  console.log(JSON.stringify({ customers: N, approxEvents: Number(n), seedSeconds: Math.round(performance.now() - t0) / 1000 }));
  const j = await defaultJourney(db);
  const actor = systemActor(DEFAULT_ROLES.admin.permissions);
  const to = new Date(rt.clock.now().getTime() + 3.5 * 3_600_000).toISOString().slice(0, 10);
  const from = new Date(rt.clock.now().getTime() - 364 * 86_400_000).toISOString().slice(0, 10);
  for (const run of [1, 2, 3]) {
    const t = performance.now();
    const { analysis } = await analyzeJourney(db, actor, j.id, from, to, rt.clock);
    console.log(JSON.stringify({ run, ms: Math.round(performance.now() - t), pains: analysis.painPoints.map((p) => p.id), moments: analysis.momentsOfTruth.map((m) => `${m.touchpointKey}:${m.outcome}`) }));
  }
  for (const run of ['kept-first', 'kept-1', 'kept-2', 'kept-3']) {
    const t = performance.now();
    const { analysis } = await keptAnalysis(db, actor, rt.clock, j.id, { from, to });
    console.log(JSON.stringify({ run, ms: Math.round(performance.now() - t), pains: analysis.painPoints.length }));
  }
  const [{ bytes }] = (await db.execute(sql`SELECT pg_column_size(analysis) AS bytes FROM journey_map_cache`)).rows as { bytes: number }[];
  console.log(JSON.stringify({ keptRowBytes: Number(bytes) }));
} finally {
  await rt.close();
}
