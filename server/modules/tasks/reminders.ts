/**
 * Task reminders: each reminder is a job scheduled for its time, plus a once-a-minute sweep that catches any
 * whose job was lost (a crash between commit and scheduling). Firing claims the reminder with one UPDATE,
 * so it notifies exactly once however many times the job runs.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Db } from '../../db/client.ts';
import { withTx } from '../../db/tx.ts';
import { notify, enqueueEmail, EMAIL_JOB } from '../notifications/index.ts';
import type { JobDef, JobQueue } from '../../jobs/queue.ts';
import type { Clock } from '../../clock.ts';
import { formatDateTime } from '../../../common/jalali.ts';
import { actorsOfUsers, type Actor } from '../auth/index.ts';
import { loadVisibleCustomer } from '../customers/index.ts';
import { AppError } from '../../errors.ts';

export const REMINDER_JOB = 'task.reminder';
export const REMINDER_SWEEP_JOB = 'task.reminder-sweep';
export { EMAIL_JOB };

type Claimed = { id: string; title: string; customer_id: string | null; due_at: string | null; assignee_id: string; email: string; locale: 'fa' | 'en'; time_zone: string; customer_name: string | null };

/** Fires the given task's reminder, or every due one when no id is given. Returns the outbox ids to deliver. */
export async function fireDueReminders(database: Database, clock: Clock, opts: { taskId?: string; emailEnabled: boolean }): Promise<{ fired: number; emails: string[] }> {
  return withTx(database, async (tx: Db) => {
    const now = clock.now();
    const res = await tx.execute(sql`
      UPDATE tasks t SET reminded_at = ${now}
      FROM users u
      WHERE u.id = t.assignee_id AND u.active AND t.reminder_at <= ${now} AND t.reminded_at IS NULL AND t.status = 'open' AND t.deleted_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM customers dc WHERE dc.id = t.customer_id AND dc.deleted_at IS NOT NULL)
        ${opts.taskId ? sql`AND t.id = ${opts.taskId}` : sql``}
      RETURNING t.id, t.title, t.customer_id, t.due_at, t.assignee_id, u.email, u.locale, u.time_zone,
        (SELECT display_name FROM customers c WHERE c.id = t.customer_id) AS customer_name`);
    const emails: string[] = [];
    const actors = new Map((await actorsOfUsers(tx, [...new Set((res.rows as Claimed[]).map((t) => t.assignee_id))])).map((a) => [a.userId, a]));
    for (const t of res.rows as Claimed[]) {
      // A task may be assigned to someone who may not see its customer: the reminder then does not name or link it.
      const actor = actors.get(t.assignee_id);
      if (t.customer_id && !(actor && await canSeeCustomer(tx, actor, t.customer_id))) { t.customer_id = null; t.customer_name = null; }
      const fa = t.locale !== 'en';
      const due = t.due_at ? formatDateTime(new Date(t.due_at), fa ? 'fa' : 'en', t.time_zone) : '';
      const title = fa ? `یادآوری: ${t.title}` : `Reminder: ${t.title}`;
      const body = [t.customer_name, due && (fa ? `موعد: ${due}` : `Due: ${due}`)].filter(Boolean).join(' — ');
      const link = t.customer_id ? `/customers/${t.customer_id}` : '/tasks';
      await notify(tx, { userId: t.assignee_id, kind: 'task_reminder', title, body, link, dedupeKey: `task-reminder:${t.id}:${now.toISOString()}` });
      if (opts.emailEnabled) {
        const id = await enqueueEmail(tx, { to: t.email, subject: title, text: `${title}\n${body}`, dedupeKey: `task-reminder-email:${t.id}:${now.toISOString()}` });
        if (id) emails.push(id);
      }
    }
    return { fired: res.rows.length, emails };
  });
}

async function canSeeCustomer(tx: Db, actor: Actor, customerId: string): Promise<boolean> {
  try {
    await loadVisibleCustomer(tx, actor, customerId);
    return true;
  } catch (err) {
    if (err instanceof AppError) return false;
    throw err;
  }
}

export function reminderJobs(deps: { database: Database; clock: Clock; queue: () => JobQueue; emailEnabled: () => Promise<boolean> }): JobDef<unknown>[] {
  const run = async (taskId?: string) => {
    const { emails } = await fireDueReminders(deps.database, deps.clock, { taskId, emailEnabled: await deps.emailEnabled() });
    for (const id of emails) await deps.queue().send(EMAIL_JOB, { outboxId: id }, { singletonKey: id });
  };
  return [
    { name: REMINDER_JOB, schema: z.object({ taskId: z.uuid() }), handler: async (d) => run((d as { taskId: string }).taskId) },
    {
      name: REMINDER_SWEEP_JOB, schema: z.unknown(),
      handler: async () => { await run(); },
    },
  ] as JobDef<unknown>[];
}
