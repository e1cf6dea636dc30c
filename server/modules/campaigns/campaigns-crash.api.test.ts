/**
 * The crash test: a child process sending a 300-message campaign is killed with SIGKILL once the fake gateway has
 * received about a third; a second sender on the same database (PGlite data folder, or PostgreSQL) resumes after the
 * outbox sweep's reset. Every recipient's message reaches the gateway exactly once by its local id (the outbox row id,
 * as Kavenegar's localid de-duplicates); no recipient is missed and no second outbox row exists for anyone.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { openDatabase, runMigrations, type Database } from '../../db/client.ts';
import { TEST_PG } from '../../test/harness.ts';
import { createScratchDatabase } from '../../test/scratch-db.ts';

const N = 300;
const ROOT = join(import.meta.dirname, '../../..');
const received: { ref: string; to: string; text: string }[] = [];
let gateway: Server;
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

async function open(spec: string): Promise<Database> {
  return openDatabase(spec.startsWith('postgres') ? { url: spec } : { dataDir: spec });
}

function runChild(spec: string, campaignId: string, url: string, killAfter: number | null): Promise<{ killed: boolean; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/test/campaign-crash.child.ts', spec, campaignId, url, 'crash-secret'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    let killed = false;
    const timer = killAfter === null ? null : setInterval(() => {
      if (received.length >= killAfter && !killed) { killed = true; child.kill('SIGKILL'); }
    }, 5);
    child.on('error', reject);
    child.on('exit', () => { if (timer) clearInterval(timer); resolve({ killed, out }); });
  });
}

describe('a campaign killed mid-send', () => {
  it('resumes and delivers each message exactly once', async () => {
    gateway = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => { received.push(JSON.parse(body)); res.end('{"ok":true}'); });
    });
    await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => gateway.close(() => r())));
    const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`;

    let spec: string;
    if (TEST_PG) {
      const scratch = await createScratchDatabase(TEST_PG);
      spec = scratch.url;
      cleanups.push(() => scratch.drop());
    } else {
      spec = mkdtempSync(join(tmpdir(), 'mehvar-crash-'));
      cleanups.push(() => rmSync(spec, { recursive: true, force: true }));
    }
    let db = await open(spec);
    await runMigrations(db);
    const [c] = (await db.db.execute(sql`INSERT INTO campaigns (name, segment_id, body, holdout_percent, advertising, status, started_at)
      VALUES ('آزمون خرابی', gen_random_uuid(), 'سلام {firstName}', 0, false, 'sending', now()) RETURNING id`)).rows as { id: string }[];
    await db.db.execute(sql`INSERT INTO customers (kind, display_name, first_name, last_name, sms_consent, phones)
      SELECT 'person', 'مشتری ' || i, 'مشتری' || i, 'آزمون', true, jsonb_build_array(jsonb_build_object('number', '+98912' || lpad(i::text, 7, '0'))) FROM generate_series(1, ${N}) i`);
    await db.db.execute(sql`INSERT INTO campaign_recipients (campaign_id, customer_id, grp, status, phone, variant)
      SELECT ${c.id}::uuid, id, 'send', 'pending', phones -> 0 ->> 'number', 'a' FROM customers`);
    await db.close();

    const first = await runChild(spec, c.id, url, Math.floor(N / 3));
    expect(first.killed, first.out).toBe(true);
    const atKill = received.length;
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(N);

    // The restart: what the sweep does to a row a dead worker had claimed (after its 10 minutes), then a new sender.
    db = await open(spec);
    const [mid] = (await db.db.execute(sql`SELECT count(*) FILTER (WHERE status = 'sending')::int AS sending, count(*) FILTER (WHERE status = 'sent')::int AS sent FROM outbox`)).rows as { sending: number; sent: number }[];
    await db.db.execute(sql`UPDATE outbox SET status = 'pending' WHERE status = 'sending'`);
    await db.close();
    const second = await runChild(spec, c.id, url, null);
    expect(second.out).toContain('done');

    db = await open(spec);
    const byRef = new Map<string, number>();
    for (const r of received) byRef.set(r.ref, (byRef.get(r.ref) ?? 0) + 1);
    const phones = new Set(received.map((r) => r.to));
    expect(phones.size).toBe(N);
    expect(byRef.size).toBe(N); // each message once by its local id
    // A raw second request can only be a row in flight at the kill (at most the one being sent), resent with the same id.
    expect(received.length - N).toBeLessThanOrEqual(mid.sending);
    const [state] = (await db.db.execute(sql`SELECT count(*)::int AS rows, count(DISTINCT recipient)::int AS recipients, count(*) FILTER (WHERE status = 'sent')::int AS sent FROM outbox`)).rows as { rows: number; recipients: number; sent: number }[];
    expect(state).toEqual({ rows: N, recipients: N, sent: N });
    const [camp] = (await db.db.execute(sql`SELECT status FROM campaigns WHERE id = ${c.id}`)).rows as { status: string }[];
    expect(camp.status).toBe('sent');
    await db.close();
  }, 300_000);
});
