/** SQL for "every word of a normalized text is in this document", shaped so a trigram index can serve it. */
import { sql, type SQL } from 'drizzle-orm';
import { splitWords } from '../../common/search.schemas.ts';

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

/**
 * Words of 3+ letters become `doc LIKE '%w%'` (a pg_trgm GIN index answers them); shorter words, from which no
 * trigram can be taken, become strpos() checks the planner cannot send to the index (otherwise it would scan the
 * whole index). Undefined when no word is long enough: the caller skips the text match rather than read every row.
 */
export function wordsMatch(doc: SQL, normalized: string): SQL | undefined {
  const { long, short } = splitWords(normalized);
  if (!long.length) return undefined;
  const parts = [...long.map((w) => sql`${doc} LIKE ${`%${likeEscape(w)}%`}`), ...short.map((w) => sql`strpos(${doc}, ${w}) > 0`)];
  return sql`(${sql.join(parts, sql` AND `)})`;
}

/**
 * A ticket or contract number typed as 123, #123 or ۱۲۳ (already normalized); undefined when the text is not one.
 * Leading zeros are not a ticket number: 00424 is the end of a document number (PF-1405-00424).
 */
export function recordNumber(normalized: string): number | undefined {
  const m = /^#?([1-9]\d{0,14})$/.exec(normalized);
  if (!m) return undefined;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** How many rows a kind's statement takes from the index before ranking them: bounds the cost of a very common word. */
export const SEARCH_CANDIDATES = 100;
