/**
 * A whole SMS campaign drained through a rate-limited gateway (issue 18: "drained through the fake gateway at its rate
 * limit with zero lost, zero doubled"). N customers with SMS consent, a saved segment of all of them, a campaign
 * started through the service as POST /api/campaigns/:id/send does; then the real runtime does the rest — the
 * campaign tick (every minute, throttled to MEHVAR_CAMPAIGN_SMS_PER_MINUTE), the pg-boss outbox jobs and the
 * Kavenegar driver — against the fake Kavenegar behind a limiter that answers Kavenegar's own 451 ("too many calls in
 * the period") to any request past `--gateway-rate` in a sliding minute. Waits until every recipient is settled.
 *
 *   npx tsx bench/campaign-drain.ts [--messages 100000] [--gateway-rate 6000] [--campaign-rate <gateway-rate>]
 *     [--url postgres://postgres@127.0.0.1:5432/postgres] [--timeout-min 60]
 */
import { parseArgs } from 'node:util';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/client.ts';
import { boot } from '../server/boot.ts';
import { withTx } from '../server/db/tx.ts';
import { systemActor } from '../server/modules/auth/index.ts';
import { createSegment } from '../server/modules/segments/index.ts';
import { createCampaign, startCampaign, CAMPAIGN_TICK_JOB } from '../server/modules/campaigns/index.ts';
import { createSmsDriver } from '../server/drivers/sms/index.ts';
import { segmentInput } from '../common/segments.schemas.ts';
import { campaignInput } from '../common/campaigns.schemas.ts';
import { DEFAULT_ROLES } from '../common/permissions.ts';
import { startFakeKavenegar } from '../server/test/fakes/sms-gateways.ts';
import { createScratchDatabase } from '../server/test/scratch-db.ts';
import { loopbackGuard } from '../server/test/fakes/dns.ts';

const { values: args } = parseArgs({ options: {
  messages: { type: 'string', default: '100000' }, 'gateway-rate': { type: 'string', default: '6000' }, 'campaign-rate': { type: 'string' },
  url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' }, 'timeout-min': { type: 'string', default: '60' },
} });
const N = Number(args.messages);
const GATEWAY_RATE = Number(args['gateway-rate']);
const CAMPAIGN_RATE = Number(args['campaign-rate'] ?? GATEWAY_RATE);
const KEY = 'drain-key';
const secs = (t: number) => +((performance.now() - t) / 1000).toFixed(1);

// The gateway, and its limit in front of it: a sliding minute of accepted calls.
const kave = await startFakeKavenegar({ apiKey: KEY });
const accepted: number[] = [];
let refused = 0;
const limiter = http.createServer((req, res) => {
  const now = Date.now();
  while (accepted.length && accepted[0] <= now - 60_000) accepted.shift();
  if (accepted.length >= GATEWAY_RATE) {
    refused++;
    req.resume();
    res.writeHead(451, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ return: { status: 451, message: 'فراخوانی بیش از حد در بازه زمانی مشخص' }, entries: null }));
    return;
  }
  accepted.push(now);
  const target = new URL(req.url ?? '/', kave.url);
  const fwd = http.request(target, { method: req.method, headers: req.headers }, (up) => { res.writeHead(up.statusCode ?? 502, up.headers); up.pipe(res); });
  fwd.on('error', () => { res.writeHead(502); res.end(); });
  req.pipe(fwd);
});
await new Promise<void>((r) => limiter.listen(0, '127.0.0.1', r));
const gatewayUrl = `http://127.0.0.1:${(limiter.address() as AddressInfo).port}`;

const scratch = await createScratchDatabase(args.url!, 'mehvar_bench_drain');
const database = await openDatabase({ url: scratch.url });
const config = loadConfig({ MEHVAR_DATA_DIR: '/nonexistent', NODE_ENV: 'production', MEHVAR_LOG_LEVEL: 'silent', DATABASE_URL: scratch.url,
  MEHVAR_CAMPAIGN_SMS_PER_MINUTE: String(CAMPAIGN_RATE) });
const rt = await boot(config, {
  database, jobs: true, log: () => {},
  smsDriver: createSmsDriver({ driver: 'kavenegar', apiKey: KEY, baseUrl: gatewayUrl, sender: '10004346', guard: loopbackGuard() }),
});
const db = rt.database.db;
const out: Record<string, unknown> = { messages: N, gatewayRatePerMinute: GATEWAY_RATE, campaignRatePerMinute: CAMPAIGN_RATE, cpus: os.cpus().length, loadBefore: os.loadavg().map((l) => +l.toFixed(1)) };
try {
  let t = performance.now();
  await db.execute(sql`INSERT INTO customers (kind, display_name, first_name, last_name, search_doc, lifecycle_stage, sms_consent, phones, created_at, updated_at)
    SELECT 'person', 'مشتری ' || i || ' آزمون', 'مشتری' || i, 'آزمون', 'مشتری' || i || ' آزمون', 'customer', true,
      jsonb_build_array(jsonb_build_object('number', '+98912' || lpad(i::text, 7, '0'), 'type', 'mobile')), now(), now()
    FROM generate_series(1, ${N}) i`);
  await db.execute(sql`ANALYZE customers`);
  out.seedSeconds = secs(t);
  const [{ id: userId }] = (await db.execute(sql`INSERT INTO users (email, name, password_hash, role_id) SELECT 'bench@drain', 'bench', 'x', id FROM roles WHERE key = 'admin' RETURNING id`)).rows as { id: string }[];
  const actor = { ...systemActor(DEFAULT_ROLES.admin.permissions), userId };
  const seg = await withTx(rt.database, (tx) => createSegment(tx, actor, rt.clock, segmentInput.parse({ name: 'همه', rules: { all: [{ field: 'smsConsent', op: 'eq', value: true }] } }))) as { id: string };
  const camp = await withTx(rt.database, (tx) => createCampaign(tx, actor, rt.clock, campaignInput.parse({
    name: 'تخلیهٔ کامل', segmentId: seg.id, body: '{greeting}، {firstName} عزیز: جشنوارهٔ پاییز از فردا', holdoutPercent: 0, advertising: false,
  }))) as { id: string };
  t = performance.now();
  await withTx(rt.database, (tx) => startCampaign(tx, actor, rt.clock, camp.id));
  await rt.queue.send(CAMPAIGN_TICK_JOB, {});
  out.startSeconds = secs(t);
  const deadline = performance.now() + Number(args['timeout-min']) * 60_000;
  let lastLog = 0;
  for (;;) {
    const [s] = (await db.execute(sql`SELECT count(*) FILTER (WHERE status IN ('pending', 'sending'))::int AS open, count(*) FILTER (WHERE status = 'sent')::int AS sent,
      count(*) FILTER (WHERE status = 'failed')::int AS failed, count(*)::int AS rows FROM outbox WHERE channel = 'sms'`)).rows as { open: number; sent: number; failed: number; rows: number }[];
    const [r] = (await db.execute(sql`SELECT count(*) FILTER (WHERE status IN ('pending', 'waiting'))::int AS left FROM campaign_recipients WHERE campaign_id = ${camp.id}`)).rows as { left: number }[];
    if (performance.now() - lastLog > 60_000) {
      lastLog = performance.now();
      console.log(`${secs(t)} s: queued ${s.rows}, sent ${s.sent}, failed ${s.failed}, at the gateway ${kave.messages.length}, refused with 451 ${refused}, recipients left ${r.left}, load ${os.loadavg()[0].toFixed(1)}`);
    }
    if (r.left === 0 && s.open === 0) break;
    if (performance.now() > deadline) { out.timedOut = true; break; }
    await new Promise((res) => setTimeout(res, 1000));
  }
  out.drainSeconds = secs(t);
  const numbers = kave.messages.map((m) => m.to);
  const distinct = new Set(numbers).size;
  // The most the gateway accepted in any 60 s window (message arrival times, sorted).
  const at = kave.messages.map((m) => m.at.getTime()).sort((a, b) => a - b);
  let maxMinute = 0;
  for (let i = 0, j = 0; i < at.length; i++) { while (at[i] - at[j] >= 60_000) j++; maxMinute = Math.max(maxMinute, i - j + 1); }
  const [fin] = (await db.execute(sql`SELECT count(*)::int AS rows, count(DISTINCT recipient)::int AS recipients, count(*) FILTER (WHERE status = 'sent')::int AS sent,
    count(*) FILTER (WHERE status = 'failed')::int AS failed, coalesce(max(attempts), 0)::int AS "maxAttempts" FROM outbox WHERE channel = 'sms'`)).rows as Record<string, number>[];
  Object.assign(out, {
    atGateway: kave.messages.length, distinctAtGateway: distinct, lost: N - distinct, doubled: kave.messages.length - distinct,
    refused451: refused, maxAcceptedInAnyMinute: maxMinute, outbox: fin,
    perSecond: +(kave.messages.length / Number(out.drainSeconds)).toFixed(1), loadAfter: os.loadavg().map((l) => +l.toFixed(1)),
  });
} finally {
  console.log(JSON.stringify(out, null, 2));
  await rt.close();
  await kave.close();
  limiter.close();
  await scratch.drop();
}
process.exit(0);
