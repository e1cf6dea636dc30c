/**
 * Screen-pop latency: from a call event arriving (signed webhook POST, or an AMI event written by a fake PBX) to the
 * `call` event read off a connected browser client's Server-Sent-Event stream — with the 1M-customer PostgreSQL
 * database of bench/seed.ts and 200 agents each holding an open event stream to the real app over HTTP.
 *
 *   npx tsx bench/telephony.ts [--url postgres://…/mehvar_bench] [--calls 400] [--agents 200]
 *
 * Beside it, in the same run: the pop-up's own SQL (the customer-card statement) timed alone, so the share of the
 * database in the end-to-end time is visible.
 */
import { parseArgs } from 'node:util';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/client.ts';
import { boot } from '../server/boot.ts';
import { buildApp } from '../server/app.ts';
import { withTx } from '../server/db/tx.ts';
import { createSession, createUser, roleByKey, systemActor, actorsOfUsers } from '../server/modules/auth/index.ts';
import { DEFAULT_ROLES } from '../common/permissions.ts';
import { writeSetting } from '../server/modules/settings/index.ts';
import { customerCards, signWebhook, webhookLimits } from '../server/modules/telephony/index.ts';
import { FakeAmiServer } from '../server/test/fakes/ami-server.ts';
import { BENCH_PASSWORD, BENCH_PG_URL } from './common.ts';
import { pct } from './stats.ts';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: BENCH_PG_URL },
    calls: { type: 'string', default: '400' },
    agents: { type: 'string', default: '200' },
  },
});
const CALLS = Number(args.calls);
const AGENTS = Number(args.agents);
const log = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);

let s = 11;
const rand = () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 4294967296; };

webhookLimits.perMinute = 1_000_000; // the benchmark is one sender; the flood limit is tested elsewhere
const database = await openDatabase({ url: args.url });
const nCustomers = Number(((await database.db.execute(sql`SELECT count(*)::int AS n FROM customers`)).rows[0] as { n: number }).n);
log(`database: ${nCustomers.toLocaleString('en')} customers`);
const config = loadConfig({ MEHVAR_DATA_DIR: '/nonexistent', MEHVAR_JOBS: 'off', NODE_ENV: 'production', DATABASE_URL: args.url });
const rt = await boot(config, { database, jobs: false, log: (m, e) => console.error(m, e ?? '') });
const app = await buildApp(rt);
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as AddressInfo).port;
const db = rt.database.db;

// 200 agents with extensions 3001…, each with a session.
const admin = systemActor(DEFAULT_ROLES.admin.permissions);
const role = await roleByKey(db, 'sales');
const agents: { id: string; ext: string; cookie: string }[] = [];
for (let i = 1; i <= AGENTS; i++) {
  const email = `agent${i}@bench.local`;
  let [u] = (await db.execute(sql`SELECT id FROM users WHERE email = ${email}`)).rows as { id: string }[];
  if (!u) u = { id: (await createUser(db, admin, { email, name: `کارشناس ${i}`, password: BENCH_PASSWORD, roleId: role.id, teamId: null, locale: 'fa' })).id };
  const { token } = await createSession(db, rt.clock, String(u.id), 1, { ip: '127.0.0.1', userAgent: 'bench' });
  agents.push({ id: String(u.id), ext: String(3000 + i), cookie: `mehvar_session=${token}` });
}
const secret = 'whsec_bench_telephony';
await writeSetting(db, null, 'telephony.webhook', { secret, previous: null, previousUntil: null, rotatedAt: new Date().toISOString() });
await writeSetting(db, null, 'telephony.config', {
  extensions: agents.map((a) => ({ extension: a.ext, userId: a.id })), ringGroups: [], internalNumbers: [], trunkPrefixes: [],
  recordingUrlTemplate: '', missedCallTasks: true,
  ami: { enabled: false, host: '', port: 5038, username: '', secret: '', originateChannel: 'PJSIP/{extension}', originateContext: 'from-internal' },
});
await rt.ami.reload();
log(`${agents.length} agents with sessions and extensions`);

// Each agent's browser: an open event stream; `waiters` resolve when that agent's next call event arrives.
type Waiter = (t: number, data: string) => void;
const waiters = new Map<string, Waiter>();
const streams: http.ClientRequest[] = [];
await Promise.all(agents.map((a) => new Promise<void>((resolve, reject) => {
  const req = http.get({ host: '127.0.0.1', port, path: '/api/events', headers: { cookie: a.cookie, accept: 'text/event-stream' }, agent: false });
  streams.push(req);
  req.on('response', (res) => {
    if (res.statusCode !== 200) return reject(new Error(`stream ${res.statusCode}`));
    res.setEncoding('utf8');
    let buf = '';
    res.on('data', (chunk: string) => {
      const t = performance.now();
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const lines = block.split('\n');
        if (lines.includes('event: ready')) resolve();
        if (lines.includes('event: call')) {
          const w = waiters.get(a.id);
          const data = lines.find((l) => l.startsWith('data: '));
          if (w && data) { waiters.delete(a.id); w(t, data.slice(6)); }
        }
      }
    });
  });
  req.on('error', reject);
})));
log(`${streams.length} event streams open; hub has ${rt.hub.connectedUsers()} users`);

// Callers: phones of random customers across the table (the block sample spreads them over the whole heap).
const sample = (await db.execute(sql`SELECT id, phones->0->>'number' AS phone FROM customers TABLESAMPLE SYSTEM (0.2)
  WHERE jsonb_array_length(phones) > 0 AND deleted_at IS NULL LIMIT ${CALLS * 2}`)).rows as { id: string; phone: string }[];
log(`${sample.length} sampled callers`);
const formats = [(e: string) => e, (e: string) => e.slice(1), (e: string) => '0' + e.slice(3), (e: string) => '00' + e.slice(1)];

function nextCallEvent(agentId: string): Promise<{ t: number; data: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { waiters.delete(agentId); reject(new Error('no pop-up within 10 s')); }, 10_000);
    waiters.set(agentId, (t, data) => { clearTimeout(timer); resolve({ t, data }); });
  });
}

function post(body: string): Promise<number> {
  const ts = String(Math.floor(Date.now() / 1000));
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/api/telephony/events', method: 'POST', agent: false, headers: {
      'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-mehvar-timestamp': ts, 'x-mehvar-signature': signWebhook(secret, ts, body),
    } }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); });
    req.on('error', reject);
    req.end(body);
  });
}

let callNo = 0;
async function webhookCall(agent: (typeof agents)[number], phone: string): Promise<{ ms: number; matched: boolean }> {
  const number = formats[callNo % formats.length](phone);
  const body = JSON.stringify({ callId: `bench-${Date.now()}-${++callNo}`, event: 'ringing', number, extensions: [agent.ext] });
  const got = nextCallEvent(agent.id);
  const t0 = performance.now();
  const status = await post(body);
  if (status !== 202) throw new Error(`webhook answered ${status}`);
  const { t, data } = await got;
  const pop = JSON.parse(data) as { matches: { id: string }[] };
  return { ms: t - t0, matched: pop.matches.length > 0 };
}

const results: { name: string; values: number[]; note: string }[] = [];
const line = (name: string, v: number[], note = '') => {
  results.push({ name, values: v, note });
  log(`${name}: n=${v.length} p50=${pct(v, 50).toFixed(1)} p95=${pct(v, 95).toFixed(1)} p99=${pct(v, 99).toFixed(1)} max=${Math.max(...v).toFixed(1)} ms ${note}`);
};

// Warm-up (JIT, connection pool, plan cache).
for (let i = 0; i < 20; i++) await webhookCall(agents[i % agents.length], sample[i % sample.length].phone);

// 1. Webhook, one call at a time.
{
  const v: number[] = [];
  let matched = 0;
  for (let i = 0; i < CALLS; i++) {
    const r = await webhookCall(agents[Math.floor(rand() * agents.length)], sample[i % sample.length].phone);
    v.push(r.ms);
    if (r.matched) matched++;
  }
  line('webhook → pop-up, one call at a time', v, `(${matched}/${CALLS} matched a customer)`);
}

// 2. Webhook, 20 calls in flight (20 different agents ringing at once).
{
  const v: number[] = [];
  const CONC = 20;
  for (let round = 0; round < CALLS / CONC; round++) {
    const chosen = [...agents].sort(() => rand() - 0.5).slice(0, CONC);
    const rs = await Promise.all(chosen.map((a, k) => webhookCall(a, sample[(round * CONC + k + 7) % sample.length].phone)));
    v.push(...rs.map((r) => r.ms));
  }
  line(`webhook → pop-up, ${CONC} calls in flight`, v);
}

// 3. Unknown numbers (no customer: the index lookup finds nothing).
{
  const v: number[] = [];
  for (let i = 0; i < CALLS / 4; i++) v.push((await webhookCall(agents[i % agents.length], `+98999${String(1000000 + i)}`)).ms);
  line('webhook → pop-up, unknown caller', v);
}

// 4. AMI: a fake PBX writes Newchannel + DialBegin; the app's AMI client, tracker and the same path follow.
{
  const pbx = new FakeAmiServer();
  await pbx.start();
  await withTx(rt.database, (tx) => writeSetting(tx, null, 'telephony.config', {
    extensions: agents.map((a) => ({ extension: a.ext, userId: a.id })), ringGroups: [], internalNumbers: ['02191001000'], trunkPrefixes: [],
    recordingUrlTemplate: '', missedCallTasks: true,
    ami: { enabled: true, host: '127.0.0.1', port: pbx.port, username: [...pbx.users.keys()][0], secret: [...pbx.users.values()][0], originateChannel: 'PJSIP/{extension}', originateContext: 'from-internal' },
  }));
  await rt.ami.reload();
  const end = Date.now() + 5000;
  while (!rt.ami.connected() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  if (!rt.ami.connected()) throw new Error('AMI did not connect');
  const v: number[] = [];
  for (let i = 0; i < CALLS / 2; i++) {
    const a = agents[Math.floor(rand() * agents.length)];
    const phone = sample[(i + 13) % sample.length].phone;
    const id = `${Math.floor(Date.now() / 1000)}.${i}`;
    const caller = '0' + phone.slice(3);
    const text = `Event: Newchannel\nPrivilege: call,all\nChannel: PJSIP/trunk-0000${i}\nChannelState: 0\nChannelStateDesc: Down\nCallerIDNum: ${caller}\nCallerIDName: <unknown>\nContext: from-trunk\nExten: 02191001000\nPriority: 1\nUniqueid: ${id}\nLinkedid: ${id}\n\n` +
      `Event: DialBegin\nPrivilege: call,all\nChannel: PJSIP/trunk-0000${i}\nCallerIDNum: ${caller}\nExten: 02191001000\nUniqueid: ${id}\nLinkedid: ${id}\nDestChannel: PJSIP/${a.ext}-0000${i}\nDestCallerIDNum: ${a.ext}\nDestExten: ${a.ext}\nDestUniqueid: ${id}1\nDestLinkedid: ${id}\nDialString: ${a.ext}\n\n`;
    const got = nextCallEvent(a.id);
    const t0 = performance.now();
    await pbx.play(text);
    v.push((await got).t - t0);
  }
  line('AMI event → pop-up, one call at a time', v);
  await pbx.stop();
}

// 5. The pop-up's SQL alone: the customer-card statement for a sampled number, as the agent.
{
  const [actor] = await actorsOfUsers(db, [agents[0].id]);
  const v: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    await customerCards(db, actor, sample[i % sample.length].phone);
    v.push(performance.now() - t0);
  }
  line('customer-card SQL alone (raw)', v);
}

const out = path.resolve('bench/results');
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'telephony.json'), JSON.stringify({ at: new Date().toISOString(), customers: nCustomers, agents: AGENTS, calls: CALLS,
  results: results.map((r) => ({ name: r.name, n: r.values.length, p50: pct(r.values, 50), p95: pct(r.values, 95), p99: pct(r.values, 99), max: Math.max(...r.values), note: r.note })) }, null, 2));
console.log('\n| path | n | p50 ms | p95 ms | p99 ms | max ms |\n|---|--:|--:|--:|--:|--:|');
for (const r of results) console.log(`| ${r.name} ${r.note} | ${r.values.length} | ${pct(r.values, 50).toFixed(1)} | ${pct(r.values, 95).toFixed(1)} | ${pct(r.values, 99).toFixed(1)} | ${Math.max(...r.values).toFixed(1)} |`);
streams.forEach((r) => r.destroy());
await app.close();
await rt.close();
process.exit(0);
