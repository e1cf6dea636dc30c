/** Quotes, invoices and credit notes in the one search box (GET /api/search), by number, in the reader's scope. */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { can, type Actor } from '../auth/index.ts';
import { faNorm, toLatinDigits } from '../../../common/fa-normalize.ts';
import type { ScoredHit } from '../../../common/search.schemas.ts';
import { SEARCH_CANDIDATES } from '../../db/text-match.ts';
import { bestHits } from '../../db/search-rank.ts';
import { visibleDocumentsSql } from './documents.query.ts';

/** A document number reduced to its letters and digits: PF-1405-00424, pf 1405 00424 and PF-۱۴۰۵-۰۰۴۲۴ are one key. */
export const numberKey = (s: string) => toLatinDigits(s).toLowerCase().replace(/[^a-z0-9]/g, '');
/** The same key in SQL, as the expression index documents_number_key_trgm holds it (keep the two identical). */
const KEY_SQL = sql`regexp_replace(lower(d.number), '[^a-z0-9]', '', 'g')`;

/**
 * Text that can be (part of) a document number: Latin letters, digits and separators only, with a digit, and at least
 * 3 characters of key (a trigram index needs 3). "PF-1405-00424", "۱۴۰۵-۰۰۴۲۴", "00424" and "424" qualify.
 */
function documentKey(q: string): string | undefined {
  if (!/^[a-z0-9 #/.]+$/.test(faNorm(q))) return undefined;
  const key = numberKey(q);
  return key.length >= 3 && /\d/.test(key) ? key : undefined;
}

export async function searchDocumentHits(db: Db, actor: Actor, q: string, limit: number): Promise<ScoredHit[]> {
  if (!can(actor, 'documents', 'read')) return [];
  const key = documentKey(q);
  if (!key) return [];
  const seq = /^\d{1,9}$/.test(key) ? Number(key) : undefined;
  const rows = (await db.execute(sql`
    SELECT d.id, d.number, d.seq, c.display_name AS customer_name, d.updated_at AS at
    FROM documents d JOIN customers c ON c.id = d.customer_id
    WHERE c.deleted_at IS NULL AND ${visibleDocumentsSql(actor)} AND d.number IS NOT NULL AND ${KEY_SQL} LIKE ${`%${key}%`}
    LIMIT ${SEARCH_CANDIDATES}`)).rows as { id: string; number: string; seq: number | null; customer_name: string; at: unknown }[];
  return bestHits(rows.map((r) => {
    const k = numberKey(r.number);
    // The whole number; its sequence typed alone (424 → PF-1405-00424); the number's end; its start; inside it.
    const score = k === key ? 4 : seq !== undefined && r.seq === seq ? 3 : k.endsWith(key) ? 2 : k.startsWith(key) ? 1 : 0;
    return { kind: 'document' as const, id: String(r.id), title: r.number, subtitle: r.customer_name, url: `/documents/${r.id}`, score, at: r.at };
  }), limit);
}
