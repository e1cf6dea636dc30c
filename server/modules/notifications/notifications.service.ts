/** In-app notifications (exactly once per dedupe key) and the email outbox. */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notifications, outbox } from './notifications.tables.ts';
import { publish } from '../../realtime/bus.ts';
import type { Actor } from '../auth/policy.ts';
import { notFound } from '../../errors.ts';

export type NewNotification = { userId: string; kind: string; title: string; body?: string | null; link?: string | null; dedupeKey: string };

/**
 * Creates a notification unless one with the same dedupe key exists; publishes it to the user's browsers.
 * Returns the new row, or undefined when it already existed (a job that ran twice).
 */
export async function notify(tx: Db, n: NewNotification) {
  const [row] = await tx.insert(notifications).values(n).onConflictDoNothing({ target: notifications.dedupeKey }).returning();
  if (row) await publish(tx, { userIds: [n.userId], event: 'notification', data: presentNotification(row) });
  return row;
}

export function presentNotification(n: typeof notifications.$inferSelect) {
  return { id: n.id, kind: n.kind, title: n.title, body: n.body, link: n.link, createdAt: n.createdAt, readAt: n.readAt };
}

export async function listNotifications(db: Db, actor: Actor, limit = 50) {
  const rows = await db.select().from(notifications).where(eq(notifications.userId, actor.userId)).orderBy(desc(notifications.createdAt)).limit(limit);
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(notifications).where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)));
  return { items: rows.map(presentNotification), unread: n };
}

export async function markRead(db: Db, actor: Actor, id: string) {
  const [r] = await db.update(notifications).set({ readAt: new Date() })
    .where(and(eq(notifications.id, id), eq(notifications.userId, actor.userId))).returning();
  if (!r) throw notFound('Notification');
}

export async function markAllRead(db: Db, actor: Actor) {
  await db.update(notifications).set({ readAt: new Date() }).where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)));
}

/** Queues an email in the caller's transaction; a job delivers it. Returns the outbox id, or undefined if already queued. */
export async function enqueueEmail(tx: Db, msg: { to: string; subject: string; text: string; html?: string; dedupeKey: string }) {
  const [row] = await tx.insert(outbox).values({ channel: 'email', recipient: msg.to, payload: { subject: msg.subject, text: msg.text, html: msg.html }, dedupeKey: msg.dedupeKey })
    .onConflictDoNothing({ target: outbox.dedupeKey }).returning({ id: outbox.id });
  return row?.id;
}

/** Pending emails queued before `before` and never attempted: their delivery job was lost. */
export async function stalePendingEmails(db: Db, before: Date): Promise<string[]> {
  const rows = await db.select({ id: outbox.id }).from(outbox)
    .where(and(eq(outbox.channel, 'email'), eq(outbox.status, 'pending'), eq(outbox.attempts, 0), sql`${outbox.createdAt} < ${before}`)).limit(500);
  return rows.map((r) => r.id);
}

export async function outboxRow(db: Db, id: string) {
  const [r] = await db.select().from(outbox).where(eq(outbox.id, id));
  return r;
}

export async function markOutbox(db: Db, id: string, result: { ok: true } | { ok: false; error: string }) {
  await db.update(outbox).set(result.ok
    ? { status: 'sent', sentAt: new Date(), attempts: sql`${outbox.attempts} + 1`, lastError: null }
    : { status: 'pending', attempts: sql`${outbox.attempts} + 1`, lastError: result.error.slice(0, 1000) }).where(eq(outbox.id, id));
}

export async function failOutbox(db: Db, id: string, error: string) {
  await db.update(outbox).set({ status: 'failed', attempts: sql`${outbox.attempts} + 1`, lastError: error.slice(0, 1000) }).where(eq(outbox.id, id));
}
