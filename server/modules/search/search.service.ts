/**
 * The one search box: asks every module that owns a kind of record for its matches (each in the reader's scope, each
 * only if the reader may read that kind), then groups them: the group whose best hit matched best comes first (a
 * ticket number typed as #123 puts tickets on top), and the `limit` places are shared out fairly between the groups.
 */
import type { Db } from '../../db/client.ts';
import type { Actor } from '../auth/index.ts';
import { searchCustomerHits } from '../customers/index.ts';
import { searchTicketHits, searchContractHits } from '../support/index.ts';
import { searchDocumentHits } from '../documents/index.ts';
import { searchDealHits, searchProductHits } from '../sales/index.ts';
import { SEARCH_KINDS, type ScoredHit, type SearchAnswer, type SearchKind } from '../../../common/search.schemas.ts';

type KindSearch = (db: Db, actor: Actor, q: string, limit: number) => Promise<ScoredHit[]>;

const BY_KIND: Record<SearchKind, KindSearch> = {
  customer: searchCustomerHits,
  ticket: searchTicketHits,
  document: searchDocumentHits,
  deal: searchDealHits,
  product: searchProductHits,
  contract: searchContractHits,
};

/** Up to `limit` places over the groups, one to each in turn (best group first) until the groups or the places run out. */
export function shareOut(groups: ScoredHit[][], limit: number): ScoredHit[][] {
  const take = groups.map(() => 0);
  for (let left = limit, moved = true; left > 0 && moved;) {
    moved = false;
    for (let i = 0; i < groups.length && left > 0; i++) {
      if (take[i] < groups[i].length) { take[i]++; left--; moved = true; }
    }
  }
  return groups.map((g, i) => g.slice(0, take[i]));
}

export async function searchEverything(db: Db, actor: Actor, q: string, limit: number): Promise<SearchAnswer> {
  if (!q.trim()) return { items: [] };
  // Independent statements: on PostgreSQL they run side by side on the pool; PGlite takes them one after another.
  // Customers are looked for exactly first: their typo-tolerant pass costs more than the other five kinds together
  // (a product name or a deal title is no customer's name, bench/), so it runs only when nothing matched at all.
  const found = await Promise.all(SEARCH_KINDS.map((kind) => (kind === 'customer' ? searchCustomerHits(db, actor, q, limit, false) : BY_KIND[kind](db, actor, q, limit))));
  if (found.every((hits) => !hits.length)) found[SEARCH_KINDS.indexOf('customer')] = await searchCustomerHits(db, actor, q, limit);
  const groups = found
    .map((hits, order) => ({ hits, order, best: hits.length ? Math.max(...hits.map((h) => h.score)) : -1 }))
    .filter((g) => g.hits.length)
    .sort((a, b) => b.best - a.best || a.order - b.order);
  const shared = shareOut(groups.map((g) => g.hits), limit);
  return { items: shared.flat().map(({ kind, id, title, subtitle, url }) => ({ kind, id, title, subtitle, url })) };
}
