/** In-app notifications (exactly once per dedupe key) and the email outbox. */
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notifications, outbox } from './notifications.tables.ts';
import { publish } from '../../realtime/bus.ts';
import type { Actor } from '../auth/index.ts';
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

/**
 * A customer's data was erased: what is still waiting in the outbox for them is not sent, and no outbox row keeps
 * their address or the text.
 */
export async function forgetOutboxRows(tx: Db, ids: string[]): Promise<number> {
  if (!ids.length) return 0;
  await tx.update(outbox).set({ status: 'failed', lastError: 'recipient erased' }).where(and(inArray(outbox.id, ids), inArray(outbox.status, ['pending', 'sending'])));
  const rows = await tx.update(outbox).set({ recipient: '', payload: {} }).where(inArray(outbox.id, ids)).returning({ id: outbox.id });
  return rows.length;
}
