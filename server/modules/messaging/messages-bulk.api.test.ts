/**
 * queueMessages (a campaign batch's messages in two statements): the same rows as queueMessage one by one — outbox
 * payload, message log with its SMS part count — and the dedupe key kept: a key used before, or twice in one list,
 * queues one message only; a rolled-back transaction queues nothing.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv } from '../../test/harness.ts';
import { withTx } from '../../db/tx.ts';
import { queueMessage, queueMessages, type NewMessage } from './index.ts';

let env: TestEnv;
let customerIds: string[];
beforeAll(async () => {
  env = await createTestEnv();
  customerIds = ((await env.rt.database.db.execute(sql`INSERT INTO customers (kind, display_name, first_name, sms_consent)
    SELECT 'person', 'مشتری ' || i, 'مشتری' || i, true FROM generate_series(1, 3) i RETURNING id`)).rows as { id: string }[]).map((r) => r.id);
});
afterAll(async () => { await env?.close(); });

const sms = (i: number, key: string, body = `سلام ${i}`): NewMessage =>
  ({ customerId: customerIds[i], channel: 'sms', address: `+9891200000${i}`, body, subjectType: 'campaign', subjectId: customerIds[0], dedupeKey: key });

describe('queueMessages', () => {
  it('writes the outbox and the log as queueMessage does, once per dedupe key', async () => {
    const db = env.rt.database;
    await withTx(db, (tx) => queueMessage(tx, sms(0, 'bulk:used')));
    const long = 'پ'.repeat(80); // 80 Persian letters: two SMS parts (70 a part for one, 67 each when split)
    const res = await withTx(db, (tx) => queueMessages(tx, [sms(0, 'bulk:used'), sms(1, 'bulk:b', long), sms(2, 'bulk:c'), sms(1, 'bulk:b')]));
    expect(res[0]).toBeUndefined(); // used by queueMessage before
    expect(res[3]).toBeUndefined(); // the second of the same key in the list
    expect(res[1]?.outboxId).toBeTruthy();
    expect(res[2]?.messageId).toBeTruthy();
    const out = (await db.db.execute(sql`SELECT o.id, o.recipient, o.payload, m.id AS message_id, m.body, m.meta, m.status, m.direction, m.subject_type, m.customer_id
      FROM outbox o JOIN messages m ON m.outbox_id = o.id WHERE o.dedupe_key LIKE 'bulk:%' ORDER BY o.dedupe_key`)).rows as Record<string, unknown>[];
    expect(out.map((r) => r.recipient)).toEqual(['+98912000001', '+98912000002', '+98912000000']); // bulk:b, bulk:c, bulk:used
    const b = out[0];
    expect(b).toMatchObject({ id: res[1]!.outboxId, message_id: res[1]!.messageId, body: long, status: 'queued', direction: 'out', subject_type: 'campaign', customer_id: customerIds[1] });
    expect(b.payload).toEqual({ text: long, attachments: [] });
    expect(b.meta).toEqual({ parts: 2 });
  });

  it('queues nothing when the transaction rolls back, and refuses an SMS over 10 parts', async () => {
    const db = env.rt.database;
    await expect(withTx(db, async (tx) => { await queueMessages(tx, [sms(2, 'bulk:rollback')]); throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(withTx(db, (tx) => queueMessages(tx, [sms(2, 'bulk:ok'), sms(2, 'bulk:long', 'پ'.repeat(700))]))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const [n] = (await db.db.execute(sql`SELECT count(*)::int AS n FROM outbox WHERE dedupe_key IN ('bulk:rollback', 'bulk:ok', 'bulk:long')`)).rows as { n: number }[];
    expect(n.n).toBe(0);
  });
});
