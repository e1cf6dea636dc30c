/** Tickets and contracts in the one search box (GET /api/search), in the reader's scope. */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { can, type Actor } from '../auth/index.ts';
import { faNorm } from '../../../common/fa-normalize.ts';
import { textScore, type ScoredHit } from '../../../common/search.schemas.ts';
import { recordNumber, wordsMatch, SEARCH_CANDIDATES } from '../../db/text-match.ts';
import { bestHits } from '../../db/search-rank.ts';
import { visibleTicketsSql } from './ticket-visibility.ts';
import { visibleContractsSql } from './contracts.service.ts';

type Row = { id: string; number: number | string; title: string; customer_name: string; at: unknown };

/**
 * The rows of `from` that match: the one whose number is the text (its own statement, so it is never crowded out),
 * and up to SEARCH_CANDIDATES whose text contains every word — taken in index order, not sorted, so a word that
 * thousands of records contain costs no more than a rare one; they are ranked afterwards (bestHits).
 */
async function candidates(db: Db, select: SQL, from: SQL, where: SQL, byNumber: SQL | undefined, byText: SQL | undefined): Promise<Row[]> {
  const parts: SQL[] = [];
  if (byNumber) parts.push(sql`(SELECT ${select} FROM ${from} WHERE ${where} AND ${byNumber})`);
  if (byText) parts.push(sql`(SELECT ${select} FROM ${from} WHERE ${where} AND ${byText} LIMIT ${SEARCH_CANDIDATES})`);
  if (!parts.length) return [];
  return (await db.execute(sql.join(parts, sql` UNION ALL `))).rows as Row[];
}

/** Tickets by number (#123, 123, ۱۲۳) or by the words of their number, subject and description. */
export async function searchTicketHits(db: Db, actor: Actor, q: string, limit: number): Promise<ScoredHit[]> {
  if (!can(actor, 'tickets', 'read')) return [];
  const text = faNorm(q);
  const num = recordNumber(text);
  const rows = await candidates(db,
    sql`t.id, t.number, t.subject AS title, c.display_name AS customer_name, t.updated_at AS at`,
    sql`tickets t JOIN customers c ON c.id = t.customer_id`,
    sql`c.deleted_at IS NULL AND ${visibleTicketsSql(actor)}`,
    num !== undefined ? sql`t.number = ${num}` : undefined,
    wordsMatch(sql`t.search_doc`, text));
  return bestHits(rows.map((r) => ({
    kind: 'ticket' as const, id: String(r.id), title: r.title, subtitle: `#${r.number} · ${r.customer_name}`, url: `/tickets/${r.id}`,
    score: Number(r.number) === num ? 4 : textScore(text, faNorm(r.title)), at: r.at,
  })), limit);
}

/** Contracts by number or by the words of their title. */
export async function searchContractHits(db: Db, actor: Actor, q: string, limit: number): Promise<ScoredHit[]> {
  if (!can(actor, 'contracts', 'read')) return [];
  const text = faNorm(q);
  const num = recordNumber(text);
  const rows = await candidates(db,
    sql`k.id, k.number, k.title, c.display_name AS customer_name, k.updated_at AS at`,
    sql`contracts k JOIN customers c ON c.id = k.customer_id`,
    visibleContractsSql(actor),
    num !== undefined ? sql`k.number = ${num}` : undefined,
    wordsMatch(sql`k.search_title`, text));
  return bestHits(rows.map((r) => ({
    kind: 'contract' as const, id: String(r.id), title: r.title, subtitle: `#${r.number} · ${r.customer_name}`, url: `/contracts?contract=${r.id}`,
    score: Number(r.number) === num ? 4 : textScore(text, faNorm(r.title)), at: r.at,
  })), limit);
}
