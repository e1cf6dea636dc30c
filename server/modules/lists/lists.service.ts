/** Each user's list columns, and the undo record of bulk edits (kept per user, undoable for UNDO_MINUTES). */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Actor } from '../auth/index.ts';
import type { ListKey } from '../../../common/lists.schemas.ts';
import { bulkEdits, listPreferences, type BulkChange, type BulkEntity } from './lists.tables.ts';

export const UNDO_MINUTES = 10;

export async function getListPreference(db: Db, actor: Actor, list: ListKey) {
  const [row] = await db.select().from(listPreferences).where(and(eq(listPreferences.userId, actor.userId), eq(listPreferences.list, list)));
  return { list, columns: row?.columns ?? null };
}

export async function saveListPreference(db: Db, actor: Actor, clock: Clock, list: ListKey, columns: string[]) {
  const now = clock.now();
  await db.insert(listPreferences).values({ userId: actor.userId, list, columns, updatedAt: now })
    .onConflictDoUpdate({ target: [listPreferences.userId, listPreferences.list], set: { columns, updatedAt: now } });
  return { list, columns };
}

/** Keeps what a bulk edit changed (in its transaction); nothing changed: no token. */
export async function recordBulkEdit(tx: Db, actor: Actor, clock: Clock, entity: BulkEntity, action: string, changes: BulkChange[]) {
  if (!changes.length) return { updated: 0, undoToken: null, undoUntil: null };
  const now = clock.now();
  const [row] = await tx.insert(bulkEdits).values({ userId: actor.userId, entity, action, changes, createdAt: now }).returning({ id: bulkEdits.id });
  return { updated: changes.length, undoToken: row.id, undoUntil: new Date(now.getTime() + UNDO_MINUTES * 60_000).toISOString() };
}

/**
 * Takes a bulk edit for undoing (marks it undone in the caller's transaction): only its author's, only once, only within
 * UNDO_MINUTES. Another user's token is "not found", as a token that does not exist.
 */
export async function takeBulkEdit(tx: Db, actor: Actor, clock: Clock, entity: BulkEntity, token: string): Promise<{ action: string; changes: BulkChange[] }> {
  const res = await tx.execute(sql`SELECT id, action, changes, created_at, undone_at FROM bulk_edits
    WHERE id = ${token} AND user_id = ${actor.userId} AND entity = ${entity} FOR UPDATE`);
  const row = res.rows[0] as { action: string; changes: BulkChange[]; created_at: string | Date; undone_at: unknown } | undefined;
  if (!row) throw notFound('Bulk edit');
  if (row.undone_at) throw new AppError('CONFLICT', 'This bulk edit was already undone', { undoToken: 'already undone' });
  const now = clock.now();
  if (now.getTime() - new Date(row.created_at).getTime() > UNDO_MINUTES * 60_000) {
    throw new AppError('CONFLICT', `A bulk edit can be undone for ${UNDO_MINUTES} minutes`, { undoToken: 'expired' });
  }
  await tx.update(bulkEdits).set({ undoneAt: now }).where(eq(bulkEdits.id, token));
  return { action: row.action, changes: typeof row.changes === 'string' ? JSON.parse(row.changes) as BulkChange[] : row.changes };
}
