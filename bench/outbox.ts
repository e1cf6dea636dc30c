/**
 * The outbox under load: N quotes are written and sent (each queues an SMS notice, and with --email an email with its
 * PDF) through the real services and pg-boss queue, to a fake Kavenegar gateway and a local SMTP server. Reports the
 * time to queue, the delivery throughput, and counts what arrived: every message exactly once (none lost, none twice).
 *
 *   npx tsx bench/outbox.ts [--quotes 10000] [--email 200] [--db pglite|pg] [--url postgres://…]
 */
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/client.ts';
import { boot } from '../server/boot.ts';
import { withTx } from '../server/db/tx.ts';
import { systemActor } from '../server/modules/auth/policy.ts';
import { DEFAULT_ROLES } from '../common/permissions.ts';
import { createCustomer } from '../server/modules/customers/index.ts';
import { customerCreate } from '../common/customer.schemas.ts';
import { documentCreate } from '../common/documents.schemas.ts';
import { createDocument, sendDocument } from '../server/modules/documents/index.ts';
import { smtpDriver } from '../server/drivers/email/smtp.driver.ts';
import { createSmsDriver } from '../server/drivers/sms/index.ts';
import { startFakeKavenegar } from '../server/test/fakes/sms-gateways.ts';
import { startSmtp } from '../server/test/fakes/smtp.ts';
import { createScratchDatabase } from '../server/test/scratch-db.ts';
import { pct } from './stats.ts';
import { loopbackGuard } from '../server/test/fakes/dns.ts';

const { values: args } = parseArgs({ options: {
  quotes: { type: 'string', default: '10000' }, email: { type: 'string', default: '200' },
  db: { type: 'string', default: 'pglite' }, url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
} });
const N = Number(args.quotes);
const WITH_EMAIL = Math.min(N, Number(args.email));
const KEY = 'bench-key';

const kave = await startFakeKavenegar({ apiKey: KEY });
const smtp = await startSmtp();
const scratch = args.db === 'pg' ? await createScratchDatabase(args.url!, 'mehvar_bench_outbox') : null;
const dataDir = scratch ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'mehvar-outbox-'));
const database = await openDatabase({ url: scratch?.url, dataDir: dataDir ?? '' });
const config = loadConfig({ MEHVAR_DATA_DIR: dataDir ?? '/nonexistent', NODE_ENV: 'production', MEHVAR_LOG_LEVEL: 'silent' });
const rt = await boot(config, {
  database, jobs: true, log: () => {},
  emailDriver: smtpDriver(smtp.url, 'Mehvar <bench@test>', loopbackGuard()),
  smsDriver: createSmsDriver({ driver: 'kavenegar', apiKey: KEY, baseUrl: kave.url, sender: '10004346', guard: loopbackGuard() }),
});
const admin = systemActor(DEFAULT_ROLES.admin.permissions);
const db = rt.database.db;
// A real user to own what is written (documents reference users).
const [{ id: userId }] = (await db.execute(sql`INSERT INTO users (email, name, password_hash, role_id) SELECT 'bench@outbox', 'bench', 'x', id FROM roles WHERE key = 'admin' RETURNING id`)).rows as { id: string }[];
const actor = { ...admin, userId };

console.log(`${args.db}: ${N} quotes, SMS for all, email with PDF for the first ${WITH_EMAIL}`);
const customers: string[] = [];
for (let i = 0; i < Math.ceil(N / 10); i++) {
  const c = await withTx(rt.database, (tx) => createCustomer(tx, actor, rt.clock, customerCreate.parse({
    kind: 'person', firstName: 'مشتری', lastName: `شمارهٔ ${i}`, phones: [{ number: `0912${String(1000000 + i).slice(-7)}` }],
    emails: i < WITH_EMAIL ? [{ address: `c${i}@bench.test` }] : [], smsConsent: true, emailConsent: true,
  })));
  customers.push((c as { id: string }).id);
}
const t0 = performance.now();
const sendMs: number[] = [];
for (let i = 0; i < N; i++) {
  const customerId = customers[Math.floor(i / 10)];
  const id = await withTx(rt.database, (tx) => createDocument(tx, actor, rt.clock, documentCreate.parse({
    kind: 'quote', customerId, lines: [{ description: 'یخچال', quantity: '1', unitPrice: '850000000' }, { description: 'نصب', quantity: '1', unitPrice: '12500000' }],
  })));
  const s = performance.now();
  await withTx(rt.database, (tx) => sendDocument(tx, actor, rt.clock, id, { email: i % 10 === 0 && Math.floor(i / 10) < WITH_EMAIL, sms: true, resend: false }, { publicUrl: 'http://localhost', secret: rt.secret }));
  sendMs.push(performance.now() - s);
  if ((i + 1) % 1000 === 0) console.log(`  ${i + 1} sent (queued) — ${((performance.now() - t0) / 1000).toFixed(1)} s, SMS delivered so far ${kave.messages.length}`);
}
const queuedAt = performance.now();
const expectedEmails = (await db.execute(sql`SELECT count(*)::int AS n FROM outbox WHERE channel = 'email' AND dedupe_key LIKE 'document:%'`)).rows[0] as { n: number };
for (;;) {
  const [{ pending }] = (await db.execute(sql`SELECT count(*)::int AS pending FROM outbox WHERE status IN ('pending', 'sending')`)).rows as { pending: number }[];
  if (pending === 0) break;
  await new Promise((r) => setTimeout(r, 500));
}
const doneAt = performance.now();
const smsIds = kave.messages.map((m) => m.text.match(/PF-\d+-\d+/)?.[0]);
const distinctSms = new Set(smsIds).size;
const mailIds = smtp.messages.map((m) => /Message-ID:\s*(<[^>]+>)/i.exec(m.raw)?.[1]);
const [{ failed }] = (await db.execute(sql`SELECT count(*)::int AS failed FROM outbox WHERE status = 'failed'`)).rows as { failed: number }[];
const result = {
  db: args.db, quotes: N,
  queueSeconds: +((queuedAt - t0) / 1000).toFixed(1), sendRequest: { p50: +pct(sendMs, 50).toFixed(2), p95: +pct(sendMs, 95).toFixed(2) },
  totalSeconds: +((doneAt - t0) / 1000).toFixed(1),
  smsDelivered: kave.messages.length, smsDistinct: distinctSms, smsLost: N - distinctSms, smsDoubled: kave.messages.length - distinctSms,
  emailsExpected: expectedEmails.n, emailsDelivered: smtp.messages.length, emailsDistinct: new Set(mailIds).size, failed,
  throughputPerSec: +((kave.messages.length + smtp.messages.length) / ((doneAt - t0) / 1000)).toFixed(1),
  cpus: os.cpus().length, load: os.loadavg().map((l) => +l.toFixed(1)),
};
console.log(JSON.stringify(result, null, 2));
await rt.close();
await kave.close();
await smtp.close();
await scratch?.drop();
if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
