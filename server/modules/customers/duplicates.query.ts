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

export async function listDuplicatePairs(db: Db, actor: Actor, q: { page: number; pageSize: number; reason?: DuplicateReason }) {
  assertCan(actor, 'customers', 'read');
  const scope = customerScopeSql(actor, 'c');
  const offset = (q.page - 1) * q.pageSize;
  // Each reason is an equality join (hash-joinable), never a pairwise comparison of every record with every other.
  const res = await db.execute(sql`
    WITH v AS (
      SELECT c.id, c.kind, c.phone_keys, c.email_keys, nullif(c.national_id, '') AS nid, nullif(c.company_national_id, '') AS cnid,
             fa_norm(c.display_name) AS nname, nullif(fa_norm(coalesce(c.city, '')), '') AS ncity
      FROM customers c WHERE c.deleted_at IS NULL ${scope ? sql`AND ${scope}` : sql``}
    ),
    ph AS (SELECT v.id, v.kind, v.nname, k FROM v, unnest(v.phone_keys) AS k),
    em AS (SELECT v.id, k FROM v, unnest(v.email_keys) AS k),
    pairs AS (
      SELECT x.id AS a, y.id AS b, 'phone'::text AS reason FROM ph x JOIN ph y ON x.k = y.k AND x.id < y.id
      UNION SELECT x.id, y.id, 'email' FROM em x JOIN em y ON x.k = y.k AND x.id < y.id
      UNION SELECT x.id, y.id, 'nationalId' FROM v x JOIN v y ON x.nid = y.nid AND x.id < y.id
      UNION SELECT x.id, y.id, 'companyNationalId' FROM v x JOIN v y ON x.cnid = y.cnid AND x.id < y.id
      UNION SELECT x.id, y.id, 'name+city' FROM v x JOIN v y ON x.nname = y.nname AND x.ncity = y.ncity AND x.kind = y.kind AND x.id < y.id
        WHERE x.nname <> ''
      UNION SELECT x.id, y.id, 'name+phonePrefix' FROM ph x JOIN ph y
        ON x.nname = y.nname AND x.kind = y.kind AND left(x.k, -4) = left(y.k, -4) AND x.id < y.id WHERE x.nname <> '' AND length(x.k) > 8
    ),
    grouped AS (
      SELECT p.a, p.b, array_agg(p.reason ORDER BY p.reason) AS reasons,
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

/** Why two records look like one person or organization (the same rules as the finder, for one pair). */
export function pairReasons(a: CustomerRow, b: CustomerRow): DuplicateReason[] {
  const out: DuplicateReason[] = [];
  const shares = (x: string[], y: string[]) => x.some((k) => y.includes(k));
  if (shares(a.phoneKeys, b.phoneKeys)) out.push('phone');
  if (shares(a.emailKeys, b.emailKeys)) out.push('email');
  if (a.nationalId && a.nationalId === b.nationalId) out.push('nationalId');
  if (a.companyNationalId && a.companyNationalId === b.companyNationalId) out.push('companyNationalId');
  const name = faNorm(a.displayName);
  if (name && name === faNorm(b.displayName) && a.kind === b.kind) {
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
