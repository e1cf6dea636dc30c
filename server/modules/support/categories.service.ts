/** Ticket categories: the list everyone who reads tickets sees, and the admin's additions and changes. */
import { createHash } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { faNorm } from '../../../common/fa-normalize.ts';
import type { Db } from '../../db/client.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { ticketCategories } from './support.tables.ts';
import type { TicketCategoryCreate, TicketCategoryUpdate, TicketCategoryView } from '../../../common/ticket-categories.schemas.ts';

type Row = typeof ticketCategories.$inferSelect;
const present = (r: Row, ticketCount: number): TicketCategoryView =>
  ({ key: r.key, labelFa: r.labelFa, labelEn: r.labelEn, active: r.active, position: r.position, ticketCount });

export async function listTicketCategories(db: Db, actor: Actor): Promise<TicketCategoryView[]> {
  assertCan(actor, 'tickets', 'read');
  const rows = await db.select().from(ticketCategories).orderBy(asc(ticketCategories.position), asc(ticketCategories.key));
  const counts = (await db.execute(sql`SELECT category, count(*)::int AS n FROM tickets WHERE category IS NOT NULL GROUP BY category`)).rows as { category: string; n: number }[];
  const byKey = new Map(counts.map((c) => [c.category, Number(c.n)]));
  return rows.map((r) => present(r, byKey.get(r.key) ?? 0));
}

async function countOf(db: Db, key: string): Promise<number> {
  const [r] = (await db.execute(sql`SELECT count(*)::int AS n FROM tickets WHERE category = ${key}`)).rows as { n: number }[];
  return Number(r?.n ?? 0);
}

export async function createTicketCategory(tx: Db, actor: Actor, input: TicketCategoryCreate): Promise<TicketCategoryView> {
  assertCan(actor, 'settings', 'update');
  const [row] = await tx.insert(ticketCategories).values(input).onConflictDoNothing().returning();
  if (!row) throw new AppError('CONFLICT', 'A category with this key exists; change it instead', { key: 'taken' });
  return present(row, await countOf(tx, row.key));
}

export async function updateTicketCategory(tx: Db, actor: Actor, key: string, patch: TicketCategoryUpdate): Promise<TicketCategoryView> {
  assertCan(actor, 'settings', 'update');
  const [row] = await tx.update(ticketCategories).set({ ...patch, updatedAt: new Date() }).where(eq(ticketCategories.key, key)).returning();
  if (!row) throw notFound('Ticket category');
  return present(row, await countOf(tx, key));
}

/**
 * A category given to a ticket must be one an admin defined and left active. A ticket that already carries a key
 * (an old free-text category, or one since deactivated) keeps it: only a change is checked.
 */
export async function assertCategoryUsable(db: Db, key: string | null | undefined, current?: string | null): Promise<void> {
  if (!key || key === current) return;
  const [row] = await db.select({ active: ticketCategories.active }).from(ticketCategories).where(eq(ticketCategories.key, key));
  if (!row) throw new AppError('VALIDATION_FAILED', 'No such ticket category', { category: 'unknown category' });
  if (!row.active) throw new AppError('VALIDATION_FAILED', 'This ticket category is no longer in use', { category: 'inactive category' });
}

/**
 * The category a ticket brought in from a file belongs to: a defined one whose key or Persian or English name is the
 * file's text (in any spelling of the letters), otherwise a new category named by that text (key `imp-<hash>`), which an
 * admin can rename or merge later. A business's own words are kept instead of rejecting its history.
 */
export async function categoryForImport(tx: Db, text: string): Promise<string> {
  const want = faNorm(text);
  const rows = await tx.select().from(ticketCategories);
  const hit = rows.find((r) => [r.key, r.labelFa, r.labelEn].some((x) => faNorm(x) === want));
  if (hit) return hit.key;
  const key = 'imp-' + createHash('sha1').update(want).digest('hex').slice(0, 10);
  await tx.insert(ticketCategories).values({ key, labelFa: text.slice(0, 100), labelEn: text.slice(0, 100), position: 900 }).onConflictDoNothing();
  return key;
}
