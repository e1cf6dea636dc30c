/** What one search-box text looks for among customers: the exact and typo-tolerant conditions, and a complete identifier's key. */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { faNorm, toLatinDigits } from '../../../common/fa-normalize.ts';
import { normalizePhone, phoneSearchKey } from '../../../common/phone.ts';
import { cleanId, isValidCompanyNationalId, isValidNationalId } from '../../../common/national-id.ts';
import { likeEscape } from './customer-fields.ts';

export type SearchPart = { where: SQL; rank: SQL };
/**
 * Exact matches; `test`, the same condition without the trigram index, for rows already in hand (the dense probe's
 * window), and `testKey`, a text naming that condition (equal keys, equal conditions); `key`, a complete email, phone number or national ID, whose owners are looked up first; and the words to
 * correct for the typo-tolerant pass when nothing matches exactly (names only).
 */
export type SearchPlan = { exact: SearchPart; test: SQL; testKey: string; key?: SQL; fuzzyWords?: string[]; text: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_TEXT = /^[\d\s()+\-.]+$/;

/**
 * A complete identifier in the search box: an email address, a phone number, a national ID (10 digits, or 11 for an
 * organization) — matched on its own indexed key (email_keys, phone_keys, national IDs), as each is stored. Its
 * owners are the answer when there are any: a substring search for such text reads the trigram lists of the
 * domain's or the digits' letters, which nearly every customer has (15 ms for an email at 1M, docs/benchmarks.md).
 */
function identifierKey(q: string, a: SQL): SQL | undefined {
  const text = toLatinDigits(q).trim();
  const keys: SQL[] = [];
  if (EMAIL.test(text)) keys.push(sql`${a}.email_keys @> ARRAY[${text.toLowerCase()}]::text[]`);
  const phone = PHONE_TEXT.test(text) ? normalizePhone(text) : undefined;
  if (phone?.ok) keys.push(sql`${a}.phone_keys @> ARRAY[${phone.e164}]::text[]`);
  const id = cleanId(q);
  if (isValidNationalId(id)) keys.push(sql`${a}.national_id = ${id}`);
  if (isValidCompanyNationalId(id)) keys.push(sql`${a}.company_national_id = ${id}`);
  return keys.length ? sql`(${sql.join(keys, sql` OR `)})` : undefined;
}

/**
 * How one search-box text is looked for. Phone-like text searches the phone digits. Anything else searches the
 * normalized names/emails/IDs: a word as a substring, several words each as a substring (every word must be found,
 * so "علی کریمی" finds "علي كريمي" but not "سارا کریمی"). Only when nothing matches exactly, each word is forgiven a
 * wrong or missing letter (fuzzyPlan). Exact matches rank by where the text stands: start of the record, a whole
 * word, the start of a word, inside a word.
 *
 * Only the index conditions are LIKE (the trigram index serves LIKE): ranking and testing rows in hand use strpos and
 * starts_with, the same test on text with no wildcard, ≈ 6× cheaper than LIKE's character-by-character matching of
 * Persian text (4,000 search documents: 2.7 → 0.4 ms).
 */
export function searchConditions(q: string, alias = 'c'): SearchPlan | undefined {
  const a = sql.raw(alias);
  const doc = sql`${a}.search_doc`;
  const key = identifierKey(q, a);
  const pk = phoneSearchKey(q);
  if (pk) return { exact: { where: sql`${doc} LIKE ${`%${pk}%`}`, rank: sql`0::int` }, test: sql`strpos(${doc}, ${pk}) > 0`, testKey: JSON.stringify([pk]), key, text: pk };
  const qn = faNorm(q);
  if (!qn) return undefined;
  const idDigits = cleanId(q);
  const words = qn.split(' ');
  const contains = (w: string) => sql`${doc} LIKE ${`%${likeEscape(w)}%`}`;
  const has = (w: string) => sql`strpos(${doc}, ${w}) > 0`;
  // Several words: a record holding the text, spaced or compact ("محمدرضا" for "محمد رضا"), holds every word of it,
  // so "every word" alone finds the same records, with one trigram lookup instead of three (17 → 5.6 ms for two words
  // at 1M: docs/benchmarks.md, "Search and list at 1M"). One word: its compact form is itself.
  const exact = [words.length > 1 ? sql`(${sql.join(words.map(contains), sql` AND `)})` : contains(qn)];
  const test = [words.length > 1 ? sql`(${sql.join(words.map(has), sql` AND `)})` : has(qn)];
  const alsoId = /^\d{8,11}$/.test(idDigits) && idDigits !== qn;
  if (alsoId) { exact.push(contains(idDigits)); test.push(has(idDigits)); }
  const rank = sql`(CASE WHEN starts_with(${doc}, ${qn}) THEN 3 WHEN strpos(' ' || ${doc} || ' ', ${` ${qn} `}) > 0 THEN 2
    WHEN strpos(' ' || ${doc}, ${` ${qn}`}) > 0 THEN 1 ELSE 0 END)`;
  const plan: SearchPlan = {
    exact: { where: sql`(${sql.join(exact, sql` OR `)})`, rank }, test: sql`(${sql.join(test, sql` OR `)})`,
    testKey: JSON.stringify([words, alsoId ? idDigits : null]), key, text: qn,
  };
  // Typo tolerance is for names: an email address would match everyone at the same domain.
  if (!qn.includes('@') && words.some((w) => w.length >= 3)) plan.fuzzyWords = words;
  return plan;
}

/**
 * The typo-tolerant pass. Each word of 3+ letters that no customer name contains is replaced by the closest words of
 * the names vocabulary (search_words: trigram similarity over a few thousand words, not a million documents), and
 * the record must contain one of them; shorter words and words that do occur must be found as they are. Ranked by
 * how close the whole record is to the text typed.
 */
export async function fuzzyPlan(db: Db, plan: SearchPlan, alias = 'c'): Promise<SearchPart | undefined> {
  if (!plan.fuzzyWords) return undefined;
  const doc = sql`${sql.raw(alias)}.search_doc`;
  const contains = (w: string) => sql`${doc} LIKE ${`%${likeEscape(w)}%`}`;
  const parts: SQL[] = [];
  let corrected = false;
  for (const w of plan.fuzzyWords) {
    if (w.length < 3) { parts.push(contains(w)); continue; }
    const res = await db.execute(sql`
      SELECT word, word = ${w} AS same FROM search_words WHERE word % ${w} OR word = ${w}
      ORDER BY word = ${w} DESC, similarity(word, ${w}) DESC, word LIMIT 6`);
    const rows = res.rows as { word: string; same: boolean }[];
    if (rows.some((r) => r.same) || !rows.length) { parts.push(contains(w)); continue; }
    corrected = true;
    parts.push(sql`(${sql.join([w, ...rows.map((r) => r.word)].map(contains), sql` OR `)})`);
  }
  if (!corrected) return undefined;
  return { where: sql`(${sql.join(parts, sql` AND `)})`, rank: sql`word_similarity(${plan.text}, ${doc})` };
}
