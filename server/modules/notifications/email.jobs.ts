/**
 * Delivering the outbox. A row is claimed by one worker with one UPDATE (pending → sending), sent, then marked sent;
 * a failure puts it back to pending for the queue's next try (with backoff) until it is permanent or the attempts run
 * out. A crash while a row is 'sending' leaves it for the sweep (staleOutbox), which returns it to pending: the
 * message is then sent again with the same id (SMTP Message-ID, the gateway's local id where it has one), so a
 * receiver or gateway that de-duplicates sees it once.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { EmailDriver } from '../../drivers/email/smtp.driver.ts';
import type { JobDef, JobQueue } from '../../jobs/queue.ts';
import { outbox } from './notifications.tables.ts';

export const MAX_EMAIL_ATTEMPTS = 6;
export const MAX_OUTBOX_ATTEMPTS = MAX_EMAIL_ATTEMPTS;
/** Deliveries of one channel in flight at once in this process. */
export const OUTBOX_CONCURRENCY = 4;

export type OutboxRow = typeof outbox.$inferSelect;
export type SendResult = { provider?: string; providerId?: string; status?: string };
export type Sender = (row: OutboxRow) => Promise<SendResult>;
export type DeliveryOutcome =
  | { ok: true; result: SendResult }
  | { ok: false; error: string; final: boolean };
/** Told about each attempt's outcome, in the same transaction as the outbox row's update (e.g. the message log). */
export type DeliveryListener = (tx: Db, row: OutboxRow, outcome: DeliveryOutcome) => Promise<void>;

const listeners: DeliveryListener[] = [];
export function onOutboxDelivery(fn: DeliveryListener): void {
  if (!listeners.includes(fn)) listeners.push(fn);
}

/** Whether an error is worth another try: network trouble, timeouts, 4xx SMTP replies, 5xx/429 from a gateway. */
export function isRetryable(err: unknown): boolean {
  const e = err as { retryable?: boolean; responseCode?: number; code?: string };
  if (typeof e?.retryable === 'boolean') return e.retryable;
  if (typeof e?.responseCode === 'number') return e.responseCode < 500;
  return true;
}

/** Seconds before attempt n+1: 10 s, 20 s, 40 s … (pg-boss's own backoff schedules the retry; this is for the sweep). */
const backoffSeconds = (attempts: number) => 10 * 2 ** Math.max(0, attempts - 1);

export async function deliverOutbox(db: Db, senders: Senders, outboxId: string,
  now: () => Date = () => new Date()): Promise<'sent' | 'skipped' | 'failed'> {
  const claimed = await db.execute(sql`
    UPDATE outbox SET status = 'sending', claimed_at = ${now()}, attempts = attempts + 1
    WHERE id = ${outboxId} AND status = 'pending' RETURNING id`);
  if (!claimed.rows.length) return 'skipped';
  const [row] = await db.select().from(outbox).where(sql`${outbox.id} = ${outboxId}`);
  const settle = async (outcome: DeliveryOutcome) => {
    // The caller's Db may be a pool: the row and the listeners' writes go in one transaction.
    await db.transaction(async (tx) => {
      if (outcome.ok) {
        await tx.update(outbox).set({ status: 'sent', sentAt: now(), lastError: null, nextAttemptAt: null }).where(sql`${outbox.id} = ${row.id}`);
      } else {
        await tx.update(outbox).set(outcome.final
          ? { status: 'failed', lastError: outcome.error.slice(0, 1000), nextAttemptAt: null }
          : { status: 'pending', lastError: outcome.error.slice(0, 1000), nextAttemptAt: new Date(now().getTime() + backoffSeconds(row.attempts) * 1000) })
          .where(sql`${outbox.id} = ${row.id}`);
      }
      for (const l of listeners) await l(tx as unknown as Db, row, outcome);
    });
  };
  const send = senders[row.channel];
  if (!send) {
    await settle({ ok: false, error: `No ${row.channel === 'sms' ? 'SMS gateway' : 'email server'} is configured`, final: true });
    return 'failed';
  }
  let result: SendResult;
  try {
    result = await send(row);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // A gateway saying "too many calls in this period" (Kavenegar 451, HTTP 429) refused nothing about the message:
    // it stays pending however often that happens (the sweep re-queues it), so a burst never turns into lost messages.
    const rateLimited = (err as { kind?: string }).kind === 'rate_limited';
    const final = !rateLimited && (!isRetryable(err) || row.attempts >= MAX_OUTBOX_ATTEMPTS);
    await settle({ ok: false, error: message, final });
    if (final) return 'failed';
    throw err; // the queue retries with backoff
  }
  await settle({ ok: true, result });
  return 'sent';
}

/** An email sender for the outbox: the payload's subject, text, html and resolved attachments. */
export function emailSender(driver: EmailDriver, attachments?: (row: OutboxRow) => Promise<{ filename: string; content: Buffer; contentType: string }[]>): Sender {
  return async (row) => {
    const p = row.payload as { subject: string; text: string; html?: string; headers?: Record<string, string> };
    const info = await driver.send({ to: row.recipient, subject: p.subject, text: p.text, html: p.html, messageId: `<${row.id}@mehvar>`, attachments: attachments ? await attachments(row) : undefined, headers: p.headers });
    return { provider: 'smtp', providerId: info.messageId, status: 'sent' };
  };
}

/** Delivers one queued email (reminders and other notices to users). */
export async function deliverEmail(db: Db, driver: EmailDriver, outboxId: string) {
  return deliverOutbox(db, { email: emailSender(driver) }, outboxId);
}

/**
 * Outbox rows whose job may have been lost: pending and never tried (older than `pendingAgeMs`), failed tries whose
 * retry is long overdue, and rows claimed by a worker that died mid-send (after 10 minutes, back to pending). Queuing
 * a row twice is harmless: only one worker can claim it.
 */
export async function staleOutbox(db: Db, now: Date, pendingAgeMs = 2 * 60_000): Promise<{ id: string; channel: string }[]> {
  await db.execute(sql`UPDATE outbox SET status = 'pending' WHERE status = 'sending' AND claimed_at < ${new Date(now.getTime() - 10 * 60_000)}`);
  const res = await db.execute(sql`
    SELECT id, channel FROM outbox WHERE status = 'pending' AND (
      (attempts = 0 AND created_at <= ${new Date(now.getTime() - pendingAgeMs)})
      OR (attempts > 0 AND next_attempt_at < ${new Date(now.getTime() - 5 * 60_000)}))
    ORDER BY created_at LIMIT 500`);
  return res.rows as { id: string; channel: string }[];
}

/** Queues a delivery job for every row staleOutbox finds; at start-up with no minimum age (a crash may have lost them). */
export async function requeueStaleOutbox(db: Db, queue: JobQueue, now: Date, pendingAgeMs?: number): Promise<number> {
  const rows = await staleOutbox(db, now, pendingAgeMs);
  for (const r of rows) await queue.send(outboxJobName(r.channel), { outboxId: r.id }, { singletonKey: r.id });
  return rows.length;
}

export const EMAIL_JOB = 'outbox.email';
export const SMS_JOB = 'outbox.sms';
export const OUTBOX_SWEEP_JOB = 'outbox.sweep';
export const outboxJobName = (channel: string) => (channel === 'sms' ? SMS_JOB : EMAIL_JOB);

export type Senders = Partial<Record<OutboxRow['channel'], Sender | undefined>>;

/** The delivery job of each channel and the once-a-minute sweep that re-queues rows whose job was lost. */
export function outboxJobs(deps: { db: Db; now: () => Date; queue: () => JobQueue; senders: () => Promise<Senders> }): JobDef<unknown>[] {
  const deliver = (name: string): JobDef<unknown> => ({
    name,
    schema: z.object({ outboxId: z.uuid() }),
    retryLimit: MAX_OUTBOX_ATTEMPTS,
    batchSize: 20,
    // A delivery mostly waits for the gateway or the mail server: four at a time (each claims its own row).
    concurrency: OUTBOX_CONCURRENCY,
    handler: async (d) => { await deliverOutbox(deps.db, await deps.senders(), (d as { outboxId: string }).outboxId, deps.now); },
  } as JobDef<unknown>);
  return [
    deliver(EMAIL_JOB),
    deliver(SMS_JOB),
    {
      name: OUTBOX_SWEEP_JOB, schema: z.unknown(),
      handler: async () => { await requeueStaleOutbox(deps.db, deps.queue(), deps.now()); },
    },
  ];
}
