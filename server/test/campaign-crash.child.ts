/**
 * The crash test's sender (run as a child process and killed with SIGKILL mid-send): sends one campaign the way the
 * server does — a batch queued through the outbox, then each queued row delivered — to the test's fake gateway.
 * argv: <PGlite data dir | postgres url> <campaign id> <gateway url> <secret>
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/client.ts';
import { runCampaignBatch } from '../modules/campaigns/index.ts';
import { deliverOutbox, type OutboxRow } from '../modules/notifications/index.ts';

const [dbSpec, campaignId, gatewayUrl, secret] = process.argv.slice(2);
const database = await openDatabase(dbSpec.startsWith('postgres') ? { url: dbSpec } : { dataDir: dbSpec });
const deps = { database, clock: { now: () => new Date() }, links: { secret, publicUrl: 'http://localhost:3000' }, rates: { sms: 1_000_000, email: 1_000_000 } };
const senders = {
  sms: async (row: OutboxRow) => {
    const res = await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ref: row.id, to: row.recipient, text: (row.payload as { text: string }).text }) });
    if (!res.ok) throw new Error(`gateway ${res.status}`);
    return { provider: 'fake', status: 'sent' };
  },
};
for (;;) {
  const b = await runCampaignBatch(deps, campaignId, 25);
  const rows = (await database.db.execute(sql`SELECT id FROM outbox WHERE status = 'pending' AND dedupe_key LIKE ${'campaign:' + campaignId + ':%'} ORDER BY created_at LIMIT 25`)).rows as { id: string }[];
  for (const r of rows) await deliverOutbox(database.db, senders, r.id);
  if (b.remaining === 0 && rows.length === 0) break;
}
process.stdout.write('done\n');
await database.close?.();
