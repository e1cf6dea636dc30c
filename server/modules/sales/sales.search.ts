/** Deals and products in the one search box (GET /api/search), in the reader's scope. */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { can, type Actor } from '../auth/index.ts';
import { faNorm, toLatinDigits } from '../../../common/fa-normalize.ts';
import { textScore, type ScoredHit } from '../../../common/search.schemas.ts';
import { wordsMatch, SEARCH_CANDIDATES } from '../../db/text-match.ts';
import { bestHits } from '../../db/search-rank.ts';
import { visibleDealsSql } from './deals.scope.ts';

/** Deals by the words of their title (the deals the actor may see: deal scope and customer scope). */
export async function searchDealHits(db: Db, actor: Actor, q: string, limit: number): Promise<ScoredHit[]> {
  if (!can(actor, 'deals', 'read')) return [];
  const text = faNorm(q);
  const match = wordsMatch(sql`d.search_title`, text);
  if (!match) return [];
  // Candidates in index order, ranked afterwards: a word that thousands of titles hold costs no more than a rare one.
  const rows = (await db.execute(sql`
    SELECT d.id, d.title, c.display_name AS customer_name, s.name AS stage_name, d.updated_at AS at
    FROM deals d JOIN customers c ON c.id = d.customer_id JOIN pipeline_stages s ON s.id = d.stage_id
    WHERE ${visibleDealsSql(actor)} AND ${match} LIMIT ${SEARCH_CANDIDATES}`)).rows as { id: string; title: string; customer_name: string; stage_name: string; at: unknown }[];
  return bestHits(rows.map((r) => ({
    kind: 'deal' as const, id: String(r.id), title: r.title, subtitle: `${r.customer_name} · ${r.stage_name}`, url: `/deals?deal=${r.id}`,
    score: textScore(text, faNorm(r.title)), at: r.at,
  })), limit);
}

/** Products by code (exact code first) or by the words of their names; active products before inactive ones. */
export async function searchProductHits(db: Db, actor: Actor, q: string, limit: number): Promise<ScoredHit[]> {
  if (!can(actor, 'products', 'read')) return [];
  const text = faNorm(q);
  const match = wordsMatch(sql`p.search_doc`, text);
  if (!text) return [];
  const byCode = sql`lower(p.code) = ${toLatinDigits(q.trim()).toLowerCase()}`;
  const rows = (await db.execute(sql`
    SELECT p.id, p.code, p.name_fa, p.name_en, p.active, p.updated_at AS at FROM products p
    WHERE ${match ? sql`(${byCode} OR ${match})` : byCode} LIMIT ${SEARCH_CANDIDATES}`)).rows as { id: string; code: string; name_fa: string; name_en: string | null; active: boolean; at: unknown }[];
  return bestHits(rows.map((r) => ({
    kind: 'product' as const, id: String(r.id), title: r.name_fa, subtitle: [r.code, r.name_en].filter(Boolean).join(' · '), url: `/products?q=${encodeURIComponent(r.code)}`,
    // An inactive product sorts below every active one of the same score.
    score: (faNorm(r.code) === text ? 4 : Math.max(textScore(text, faNorm(r.name_fa)), r.name_en ? textScore(text, faNorm(r.name_en)) : 0)) - (r.active ? 0 : 0.5), at: r.at,
  })), limit);
}
