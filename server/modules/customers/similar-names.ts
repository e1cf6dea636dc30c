/**
 * The new-customer form's name warning: visible records of the same kind whose normalized name (fa_norm: ي/ی, ك/ک,
 * ZWNJ, digits) is the same as the one being typed, or close to it (trigram similarity ≥ SIMILAR_NAME) and sharing
 * the city or a phone prefix (the number without its last four digits) — the same tests the duplicate finder pairs
 * records by. A warning only: creating a customer is refused for a shared phone, email or ID, never for a name.
 *
 * The candidates come through the search document's trigram index (the name is a word run of it: `<%`), so the
 * lookup stays an index scan however many customers there are.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { customerScopeSql, type Actor } from '../auth/index.ts';
import { faNorm } from '../../../common/fa-normalize.ts';
import type { DuplicateMatch } from './customers.service.ts';

/** How close two normalized names must be (pg_trgm similarity) to count when they share a city or phone prefix. */
export const SIMILAR_NAME = 0.5;

export type NameProbe = { name: string; kind: 'person' | 'organization'; city?: string | null; phones?: string[]; excludeId?: string };

export async function findSimilarNames(db: Db, actor: Actor, q: NameProbe): Promise<DuplicateMatch[]> {
  const n = faNorm(q.name).trim();
  if (n.length < 3) return [];
  const city = q.city ? faNorm(q.city).trim() : '';
  const prefixes = (q.phones ?? []).filter((p) => p.length > 8).map((p) => p.slice(0, -4));
  const scope = customerScopeSql(actor, 'c');
  const res = await db.execute(sql`
    SELECT x.id, x.display_name, x.visible, x.same_name FROM (
      SELECT c.id, c.display_name, ${scope ?? sql`true`} AS visible,
        split_part(c.search_doc, ' | ', 1) = ${n} AS same_name,
        similarity(split_part(c.search_doc, ' | ', 1), ${n}) AS sim,
        (${city} <> '' AND c.city IS NOT NULL AND fa_norm(c.city) = ${city}) AS same_city,
        ${prefixes.length ? sql`EXISTS (SELECT 1 FROM unnest(c.phone_keys) k WHERE length(k) > 8 AND left(k, -4) = ANY(${sql.param(prefixes)}::text[]))` : sql`false`} AS same_prefix
      FROM customers c
      WHERE c.deleted_at IS NULL AND c.kind = ${q.kind} AND c.display_name <> '' AND ${n} <% c.search_doc
        ${q.excludeId ? sql`AND c.id <> ${q.excludeId}` : sql``}
      LIMIT 200
    ) x
    WHERE x.same_name OR (x.sim >= ${SIMILAR_NAME} AND (x.same_city OR x.same_prefix))
    ORDER BY x.same_name DESC, x.sim DESC
    LIMIT 10`);
  return (res.rows as { id: string; display_name: string; visible: boolean; same_name: boolean }[]).map((r) => {
    const matchedOn: DuplicateMatch['matchedOn'] = [r.same_name ? 'name' : 'similarName'];
    return r.visible ? { id: r.id, displayName: r.display_name, hidden: false, matchedOn } : { id: null, displayName: null, hidden: true, matchedOn };
  });
}
