/**
 * The campaign enqueue on PGlite (the embedded default): a fresh data folder, N customers and one SMS campaign to all
 * of them, queued by runCampaignBatch (CAMPAIGN_BATCH a batch) until none is left; prints seconds, rate and the outbox
 * rows against distinct dedupe keys. Run: npx tsx bench/campaigns-pglite.ts [N, default 20000]
 */
import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, runMigrations } from '../server/db/client.ts';
import { runCampaignBatch, CAMPAIGN_BATCH } from '../server/modules/campaigns/index.ts';
const N = Number(process.argv[2] ?? 20000);
const dir = mkdtempSync(join(tmpdir(), 'camp2-pglite-'));
const database = await openDatabase({ dataDir: dir });
await runMigrations(database);
const db = database.db;
await db.execute(sql`INSERT INTO customers (kind, display_name, first_name, last_name, gender, sms_consent, phones)
  SELECT 'person', 'مشتری ' || i, 'مشتری' || i, 'آزمون', CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END, i % 10 <> 0,
         jsonb_build_array(jsonb_build_object('number', '+98912' || lpad(i::text, 7, '0'))) FROM generate_series(1, ${N}) i`);
const [c] = (await db.execute(sql`INSERT INTO campaigns (name, segment_id, body, holdout_percent, advertising, status, started_at)
    VALUES ('bench', gen_random_uuid(), '{greeting}، جشنوارهٔ پاییز: {firstName} عزیز', 0, false, 'sending', now()) RETURNING id`)).rows as { id: string }[];
await db.execute(sql`INSERT INTO campaign_recipients (campaign_id, customer_id, grp, status, phone, variant)
    SELECT ${c.id}::uuid, id, 'send', 'pending', phones -> 0 ->> 'number', 'a' FROM customers`);
const deps = { database, clock: { now: () => new Date() }, links: { secret: 's'.repeat(32), publicUrl: 'http://localhost:3000' }, rates: { sms: 10_000_000, email: 10_000_000 } };
const t = performance.now();
let r;
do r = await runCampaignBatch(deps, c.id, CAMPAIGN_BATCH); while (r.remaining > 0);
const s = (performance.now() - t) / 1000;
const [st] = (await db.execute(sql`SELECT count(*)::int AS outbox, count(DISTINCT dedupe_key)::int AS keys FROM outbox`)).rows as { outbox: number; keys: number }[];
console.log(JSON.stringify({ pglite: true, recipients: N, seconds: Number(s.toFixed(1)), perSecond: Math.round(N / s), ...st }));
await database.close?.();
rmSync(dir, { recursive: true, force: true });
