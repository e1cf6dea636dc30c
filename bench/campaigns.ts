/**
 * Campaign benchmarks on PostgreSQL (a scratch database, dropped at the end):
 *  1. a 1,000,000-customer table (generated in SQL) and the count of a 5-rule mixed segment through the segment
 *     language (previewSegment, as POST /api/segments/preview does);
 *  2. a 100,000-message SMS campaign: the enqueue (runCampaignBatch, CAMPAIGN_BATCH a batch, through the outbox) and the
 *     delivery through the outbox to an in-process fake gateway (deliverOutbox, one claim + one settle transaction a
 *     message) for at most DRAIN_SECONDS, with zero lost and zero doubled checked on what was delivered.
 * With --cap N the contact policy's frequency cap (N in 7 days) is on, so the enqueue also counts each recipient's recent
 * marketing messages (the suppression list is always checked).
 *  3. with --personal 1: 50 products and 2 issued invoices (2 lines) for each of the first `messages` customers, a club
 *     balance for every other one, and the text uses {lastProduct}, {points}, {tier} and {offer} (co-purchase).
 * Run: npx tsx bench/campaigns.ts [--customers 1000000] [--messages 100000] [--drain-seconds 60] [--cap 3] [--personal 0|1]
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../server/db/client.ts';
import { loadConfig } from '../server/config.ts';
import { boot } from '../server/boot.ts';
import { createScratchDatabase } from '../server/test/scratch-db.ts';
import { systemActor } from '../server/modules/auth/index.ts';
import { previewSegment } from '../server/modules/segments/index.ts';
import { runCampaignBatch, CAMPAIGN_BATCH } from '../server/modules/campaigns/index.ts';
import { deliverOutbox, type OutboxRow } from '../server/modules/notifications/index.ts';
import { DEFAULT_ROLES } from '../common/permissions.ts';

const arg = (name: string, def: number) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : def; };
const CUSTOMERS = arg('customers', 1_000_000);
const MESSAGES = arg('messages', 100_000);
const DRAIN_SECONDS = arg('drain-seconds', 60);
const CAP = arg('cap', 0);
const PERSONAL = arg('personal', 0) === 1;
const t0 = () => performance.now();
const secs = (start: number) => (performance.now() - start) / 1000;

const scratch = await createScratchDatabase(process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres', 'mehvar_campbench');
const database = await openDatabase({ url: scratch.url });
const clock = { now: () => new Date() };
const rt = await boot(loadConfig({ MEHVAR_DATA_DIR: '/nonexistent', MEHVAR_JOBS: 'off', NODE_ENV: 'test', DATABASE_URL: scratch.url }), { database, clock, jobs: false, log: () => {} });
const out: Record<string, unknown> = { loadavg: os.loadavg().map((x) => Number(x.toFixed(2))) };
try {
  let t = t0();
  await database.db.execute(sql`INSERT INTO customers (kind, display_name, first_name, last_name, gender, city, lifecycle_stage, sms_consent, tags, phones, created_at)
    SELECT 'person', 'مشتری ' || i, 'مشتری' || i, 'آزمون', CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END,
           (ARRAY['تهران','اصفهان','شیراز','مشهد','تبریز','یزد','کرمان','رشت'])[1 + i % 8], (ARRAY['lead','customer','customer','loyal'])[1 + i % 4],
           i % 10 <> 0, CASE WHEN i % 7 = 0 THEN ARRAY['vip'] ELSE '{}'::text[] END,
           jsonb_build_array(jsonb_build_object('number', '+98912' || lpad(i::text, 7, '0'))), now() - (i % 1000) * interval '1 day'
    FROM generate_series(1, ${CUSTOMERS}) i`);
  await database.db.execute(sql`ANALYZE customers`);
  out.seedCustomersSec = Number(secs(t).toFixed(1));
  const rules = { all: [
    { field: 'city', op: 'in', value: ['تهران', 'اصفهان', 'شیراز'] }, { field: 'gender', op: 'eq', value: 'female' },
    { field: 'smsConsent', op: 'eq', value: true }, { field: 'createdAt', op: 'withinLastDays', value: 365 },
    { any: [{ field: 'lifecycleStage', op: 'eq', value: 'loyal' }, { field: 'tags', op: 'contains', value: 'vip' }] },
  ] };
  const admin = systemActor(DEFAULT_ROLES.admin.permissions);
  const counts: number[] = [];
  let count = 0;
  for (let i = 0; i < 3; i++) {
    t = t0();
    count = (await previewSegment(database.db, admin, clock, rules as never, 10)).count;
    counts.push(Number(secs(t).toFixed(3)));
  }
  out.segment = { customers: CUSTOMERS, count, seconds: counts };

  if (PERSONAL) {
    t = t0();
    await database.db.execute(sql`INSERT INTO products (code, name_fa, name_en, price) SELECT 'P' || i, 'کالای ' || i, 'Product ' || i, 1000 FROM generate_series(1, 50) i`);
    await database.db.execute(sql`INSERT INTO loyalty_program (id, settings) VALUES ('default', ${JSON.stringify({ enabled: true, tiers: [{ key: 'gold', nameFa: 'طلایی', nameEn: 'Gold', threshold: 0 }] })}::jsonb)`);
    await database.db.execute(sql`INSERT INTO loyalty_members (customer_id, balance, tier) SELECT id, 1250, 'gold' FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM customers ORDER BY id LIMIT ${MESSAGES}) x WHERE n % 2 = 0`);
    await database.db.execute(sql`
      WITH buyers AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM customers ORDER BY id LIMIT ${MESSAGES}),
      docs AS (INSERT INTO documents (kind, status, customer_id, issue_date, seller, buyer, vat_rate_bp, grand_total)
               SELECT 'invoice', 'paid', b.id, DATE '2026-01-01' + (b.n % 300)::int + k, '{}'::jsonb, '{}'::jsonb, 1000, 2000 FROM buyers b, generate_series(0, 1) k
               RETURNING id, customer_id, issue_date)
      INSERT INTO document_lines (document_id, position, product_id, description, quantity, unit_price, total)
      SELECT d.id, l, (SELECT p.id FROM products p WHERE p.code = 'P' || (1 + (abs(hashtext(d.id::text || l::text)) % 50))), 'خط', 1, 1000, 1000
      FROM docs d, generate_series(1, 2) l`);
    await database.db.execute(sql`ANALYZE documents; ANALYZE document_lines; ANALYZE loyalty_members`);
    out.seedPurchasesSec = Number(secs(t).toFixed(1));
  }
  const body = PERSONAL ? '{greeting}، آخرین خرید شما {lastProduct}؛ امتیاز {points} ({tier}). پیشنهاد: {offer}' : '{greeting}، جشنوارهٔ پاییز: {firstName} عزیز';
  const [c] = (await database.db.execute(sql`INSERT INTO campaigns (name, segment_id, body, offer_text, holdout_percent, advertising, status, started_at)
    VALUES ('bench', gen_random_uuid(), ${body}, 'تخفیف', 0, false, 'sending', now()) RETURNING id`)).rows as { id: string }[];
  await database.db.execute(sql`INSERT INTO campaign_recipients (campaign_id, customer_id, grp, status, phone, variant)
    SELECT ${c.id}::uuid, id, 'send', 'pending', phones -> 0 ->> 'number', 'a' FROM customers ORDER BY id LIMIT ${MESSAGES}`);
  if (CAP > 0) await database.db.execute(sql`INSERT INTO settings (key, value) VALUES ('marketing.contactPolicy', ${JSON.stringify({ quietStart: '21:00', quietEnd: '09:00', capCount: CAP, capDays: 7 })}::jsonb)`);
  out.cap = CAP;
  const deps = { database, clock, links: { secret: rt.secret, publicUrl: 'http://localhost:3000' }, rates: { sms: 10_000_000, email: 10_000_000 } };
  t = t0();
  let r;
  do r = await runCampaignBatch(deps, c.id, CAMPAIGN_BATCH); while (r.remaining > 0);
  const enqueueSec = secs(t);
  if (PERSONAL) {
    const [sample] = (await database.db.execute(sql`SELECT body FROM messages WHERE subject_type = 'campaign' ORDER BY created_at LIMIT 1`)).rows as { body: string }[];
    out.sampleText = sample?.body;
  }
  out.enqueue = { personal: PERSONAL, messages: MESSAGES, batch: CAMPAIGN_BATCH, seconds: Number(enqueueSec.toFixed(1)), perSecond: Math.round(MESSAGES / enqueueSec) };

  const gateway = new Map<string, number>();
  const senders = { sms: async (row: OutboxRow) => { gateway.set(row.id, (gateway.get(row.id) ?? 0) + 1); return { provider: 'fake', status: 'sent' }; } };
  t = t0();
  let delivered = 0;
  while (secs(t) < DRAIN_SECONDS) {
    const rows = (await database.db.execute(sql`SELECT id FROM outbox WHERE status = 'pending' ORDER BY created_at LIMIT 500`)).rows as { id: string }[];
    if (!rows.length) break;
    for (const x of rows) { await deliverOutbox(database.db, senders, x.id); delivered++; }
  }
  const drainSec = secs(t);
  const [st] = (await database.db.execute(sql`SELECT count(*)::int AS rows, count(DISTINCT recipient)::int AS recipients, count(*) FILTER (WHERE status = 'sent')::int AS sent FROM outbox`)).rows as { rows: number; recipients: number; sent: number }[];
  const doubled = [...gateway.values()].filter((n) => n > 1).length;
  out.drain = { delivered, seconds: Number(drainSec.toFixed(1)), perSecond: Math.round(delivered / drainSec), outboxRows: st.rows, distinctRecipients: st.recipients, sentRows: st.sent, gatewayDistinct: gateway.size, doubled };
  out.loadavgAfter = os.loadavg().map((x) => Number(x.toFixed(2)));
} finally {
  await rt.close();
  await scratch.drop();
}
console.log(JSON.stringify(out));
