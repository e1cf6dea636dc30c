/**
 * The duplicate finder: pairs of visible customers that share a phone, an email or a national ID (all stored in one
 * normal form, so "0912…", "+98912…" and "۰۹۱۲…" meet), or whose normalized names (fa_norm: ي/ی, ك/ک, ZWNJ, digits)
 * are equal and who also share the city or a phone prefix (the number without its last four digits).
 */
import { and, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { customers } from './customers.tables.ts';
import { assertCan, customerScopeSql, type Actor } from '../auth/index.ts';
import { faNorm } from '../../../common/fa-normalize.ts';
import { DUPLICATE_REASONS, MERGE_FIELDS, type DuplicateReason } from '../../../common/merge.schemas.ts';
import { loadVisibleCustomer, ownerOf, presentCustomer, type CustomerRow } from './customers.service.ts';
import { customerMovers } from './merge-movers.ts';
import { invalid } from '../../errors.ts';

const briefOf = (c: CustomerRow) => ({
  id: c.id, kind: c.kind, displayName: c.displayName, city: c.city, nationalId: c.nationalId ?? c.companyNationalId,
  phone: c.phones.find((p) => p.primary)?.number ?? c.phones[0]?.number ?? null, email: c.emails[0]?.address ?? null,
  createdAt: c.createdAt,
});

/** Records sharing one key beyond this many are not reported as duplicates of each other. */
export const MAX_GROUP = 50;

export async function listDuplicatePairs(db: Db, actor: Actor, q: { page: number; pageSize: number; reason?: DuplicateReason }) {
  assertCan(actor, 'customers', 'read');
  const scope = customerScopeSql(actor, 'c');
  const offset = (q.page - 1) * q.pageSize;
  // Every record gives its keys (reason, value); a key shared by two or more visible records makes pairs. One scan
  // and one grouping, never a comparison of every record with every other. fa_norm is costly per call: the normalized
  // name is the search document's first part (nameKeyOf), and each distinct city is normalized once. A key shared by
  // more than MAX_GROUP records (a switchboard number, a very common name in a big city) says nothing about duplicates.
  const res = await db.execute(sql`
    WITH cities AS (
      SELECT d.city, nullif(fa_norm(d.city), '') AS ncity FROM (SELECT DISTINCT c.city FROM customers c WHERE c.deleted_at IS NULL AND c.city <> '') d
    ),
    v AS (
      SELECT c.id, c.kind, c.phone_keys, c.email_keys, nullif(c.national_id, '') AS nid, nullif(c.company_national_id, '') AS cnid,
             CASE WHEN c.display_name = '' THEN '' ELSE split_part(c.search_doc, ' | ', 1) END AS nname, ci.ncity
      FROM customers c LEFT JOIN cities ci ON ci.city = c.city
      WHERE c.deleted_at IS NULL ${scope ? sql`AND ${scope}` : sql``}
    ),
    keys AS (
      SELECT v.id, 'phone'::text AS r, k FROM v, unnest(v.phone_keys) AS k
      UNION ALL SELECT v.id, 'email', k FROM v, unnest(v.email_keys) AS k
      UNION ALL SELECT v.id, 'nationalId', v.nid FROM v WHERE v.nid IS NOT NULL
      UNION ALL SELECT v.id, 'companyNationalId', v.cnid FROM v WHERE v.cnid IS NOT NULL
      UNION ALL SELECT v.id, 'name+city', v.kind || '|' || v.nname || '|' || v.ncity FROM v WHERE v.nname <> '' AND v.ncity IS NOT NULL
      UNION ALL SELECT v.id, 'name+phonePrefix', v.kind || '|' || v.nname || '|' || left(k, -4) FROM v, unnest(v.phone_keys) AS k
        WHERE v.nname <> '' AND length(k) > 8
    ),
    shared AS (SELECT keys.r, array_agg(keys.id) AS ids FROM keys GROUP BY keys.r, keys.k HAVING count(*) BETWEEN 2 AND ${MAX_GROUP}),
    pairs AS (SELECT x AS a, y AS b, s.r AS reason FROM shared s, unnest(s.ids) AS x, unnest(s.ids) AS y WHERE x < y),
    grouped AS (
      SELECT p.a, p.b, array_agg(DISTINCT p.reason ORDER BY p.reason) AS reasons,
             min(CASE WHEN p.reason IN ('name+city', 'name+phonePrefix') THEN 1 ELSE 0 END) AS weak
      FROM pairs p GROUP BY p.a, p.b
    )
    SELECT g.a, g.b, g.reasons, count(*) OVER () AS total_n FROM grouped g
    ${q.reason ? sql`WHERE ${q.reason} = ANY(g.reasons)` : sql``}
    ORDER BY g.weak, g.a, g.b
    LIMIT ${q.pageSize} OFFSET ${offset}`);
  const rows = res.rows as { a: string; b: string; reasons: string[] | string; total_n: number | string }[];
  const ids = [...new Set(rows.flatMap((r) => [r.a, r.b]))];
  const found = ids.length ? await db.select().from(customers).where(and(inArray(customers.id, ids), isNull(customers.deletedAt))) : [];
  const byId = new Map(found.map((c) => [c.id, c]));
  const items = rows.flatMap((r) => {
    const a = byId.get(r.a);
    const b = byId.get(r.b);
    return a && b ? [{ a: briefOf(a), b: briefOf(b), reasons: pgArray(r.reasons) as DuplicateReason[] }] : [];
  });
  return { items, total: rows.length ? Number(rows[0].total_n) : 0, page: q.page, pageSize: q.pageSize };
}

/** A text[] from raw SQL: an array (node-postgres, PGlite) or its text form. */
function pgArray(v: string[] | string): string[] {
  if (Array.isArray(v)) return v;
  return v.replace(/^\{|\}$/g, '').split(',').filter(Boolean).map((s) => s.replace(/^"|"$/g, ''));
}

/** The normalized name the finder compares: the first part of the search document (buildSearchDoc), as the SQL reads it. */
export const nameKeyOf = (c: Pick<CustomerRow, 'displayName' | 'searchDoc'>) => (c.displayName === '' ? '' : c.searchDoc.split(' | ')[0]);

/** Why two records look like one person or organization (the same rules as the finder, for one pair). */
export function pairReasons(a: CustomerRow, b: CustomerRow): DuplicateReason[] {
  const out: DuplicateReason[] = [];
  const shares = (x: string[], y: string[]) => x.some((k) => y.includes(k));
  if (shares(a.phoneKeys, b.phoneKeys)) out.push('phone');
  if (shares(a.emailKeys, b.emailKeys)) out.push('email');
  if (a.nationalId && a.nationalId === b.nationalId) out.push('nationalId');
  if (a.companyNationalId && a.companyNationalId === b.companyNationalId) out.push('companyNationalId');
  const name = nameKeyOf(a);
  if (name && name === nameKeyOf(b) && a.kind === b.kind) {
    const city = faNorm(a.city ?? '');
    if (city && city === faNorm(b.city ?? '')) out.push('name+city');
    const prefixes = (keys: string[]) => keys.filter((k) => k.length > 8).map((k) => k.slice(0, -4));
    if (shares(prefixes(a.phoneKeys), prefixes(b.phoneKeys))) out.push('name+phonePrefix');
  }
  return DUPLICATE_REASONS.filter((r) => out.includes(r));
}

const same = (x: unknown, y: unknown) => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);

/** The side-by-side of two visible records: both in full, why they match, which fields differ, what would move. */
export async function duplicatePair(db: Db, actor: Actor, aId: string, bId: string) {
  if (aId === bId) throw invalid('Choose two different customers', { b: 'the same as a' });
  const a = await loadVisibleCustomer(db, actor, aId);
  const b = await loadVisibleCustomer(db, actor, bId);
  const related = async (id: string) => {
    const counts: Record<string, number> = {};
    for (const m of customerMovers()) Object.assign(counts, await m.count(db, id));
    return counts;
  };
  const [aOwner, bOwner, aRelated, bRelated] = await Promise.all([ownerOf(db, a.ownerId), ownerOf(db, b.ownerId), related(a.id), related(b.id)]);
  return {
    a: presentCustomer(a, aOwner), b: presentCustomer(b, bOwner), reasons: pairReasons(a, b),
    differing: MERGE_FIELDS.filter((f) => !same(a[f], b[f])),
    related: { a: aRelated, b: bRelated },
  };
}
