/** Saved list views: a user's own, plus those others shared. */
import { and, desc, eq, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { savedViews } from './customers.tables.ts';
import { notFound } from '../../errors.ts';
import type { Actor } from '../auth/index.ts';

export async function listSavedViews(db: Db, actor: Actor) {
  return db.select().from(savedViews).where(or(eq(savedViews.userId, actor.userId), eq(savedViews.shared, true))).orderBy(desc(savedViews.createdAt));
}

export async function createSavedView(db: Db, actor: Actor, input: { name: string; query: Record<string, unknown>; shared: boolean }) {
  const [v] = await db.insert(savedViews).values({ ...input, userId: actor.userId }).returning();
  return v;
}

/** Only the owner deletes a view; someone else's (even shared) is "not found" to them. */
export async function deleteSavedView(db: Db, actor: Actor, id: string) {
  const [v] = await db.delete(savedViews).where(and(eq(savedViews.id, id), eq(savedViews.userId, actor.userId))).returning();
  if (!v) throw notFound('Saved view');
}
