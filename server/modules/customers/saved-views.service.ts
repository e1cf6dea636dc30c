/**
 * Saved list views: a user's own, plus those others shared. A view belongs to one list (query.list: customers when
 * absent, as the views saved before lists had views); GET ?list= gives that list's views only.
 */
import { and, desc, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { savedViews } from './customers.tables.ts';
import { notFound } from '../../errors.ts';
import type { Actor } from '../auth/index.ts';

export async function listSavedViews(db: Db, actor: Actor, list?: string) {
  const mine = or(eq(savedViews.userId, actor.userId), eq(savedViews.shared, true));
  const ofList = list === undefined ? undefined : sql`coalesce(${savedViews.query}->>'list', 'customers') = ${list}`;
  return db.select().from(savedViews).where(ofList ? and(mine, ofList) : mine).orderBy(desc(savedViews.createdAt));
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
