/** Delivers queued emails from the outbox; retried with backoff by the queue, skipped once sent. */
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { EmailDriver } from '../../drivers/email/smtp.driver.ts';
import type { JobDef } from '../../jobs/queue.ts';
import { failOutbox, markOutbox, outboxRow } from './notifications.service.ts';

export const MAX_EMAIL_ATTEMPTS = 6;

export async function deliverEmail(db: Db, driver: EmailDriver, outboxId: string): Promise<'sent' | 'skipped' | 'failed'> {
  const row = await outboxRow(db, outboxId);
  if (!row || row.status !== 'pending') return 'skipped';
  const p = row.payload as { subject: string; text: string; html?: string };
  try {
    await driver.send({ to: row.recipient, subject: p.subject, text: p.text, html: p.html, messageId: `<${row.id}@mehvar>` });
    await markOutbox(db, row.id, { ok: true });
    return 'sent';
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (row.attempts + 1 >= MAX_EMAIL_ATTEMPTS) { await failOutbox(db, row.id, message); return 'failed'; }
    await markOutbox(db, row.id, { ok: false, error: message });
    throw err; // the queue retries with backoff
  }
}

export function emailJob(name: string, db: Db, driver: () => EmailDriver | undefined): JobDef<unknown> {
  return {
    name,
    schema: z.object({ outboxId: z.uuid() }),
    retryLimit: MAX_EMAIL_ATTEMPTS,
    handler: async (d) => {
      const drv = driver();
      if (drv) await deliverEmail(db, drv, (d as { outboxId: string }).outboxId);
    },
  } as JobDef<unknown>;
}
