/**
 * Tier changes and referral bonuses (given with a referred customer's first paid invoice, taken back when it is
 * cancelled) on the customer's timeline (kind `loyalty`), for readers of the customer; the 360° section `loyalty`.
 * The referred customer is named only to a reader who may see them.
 */
import { sql } from 'drizzle-orm';
import { registerProfileSection, registerTimelineSource, beforeCursor, isoAt } from '../customers/index.ts';
import { can, customerScopeSql } from '../auth/index.ts';
import { getProgram } from './loyalty.program.ts';
import { loyaltySection } from './loyalty.service.ts';

export function registerLoyaltyViews(): void {
  registerTimelineSource({
    kind: 'loyalty',
    async fetch(db, actor, customerId, cursor, limit) {
      if (!can(actor, 'customers', 'read')) return [];
      const scope = customerScopeSql(actor, 'c');
      const rows = (await db.execute(sql`
        SELECT * FROM (
          SELECT t.id, t.at, 'tier' AS type, t.from_tier, t.to_tier, t.direction, NULL::bigint AS points, NULL::uuid AS referred_id, NULL::text AS referred_name,
                 NULL::int AS rating, NULL::text AS source, NULL::text AS text, NULL::text AS link
          FROM loyalty_tier_changes t WHERE t.customer_id = ${customerId}
          UNION ALL
          SELECT v.id, v.at, 'review', NULL, NULL, NULL,
                 (SELECT coalesce(sum(b.points), 0) FROM loyalty_ledger b WHERE b.customer_id = v.customer_id AND b.kind = 'earn' AND b.source_type = 'bonus:review' AND b.source_id = 'review:' || v.id::text),
                 NULL, NULL, v.rating, v.source, v.text, v.link
          FROM loyalty_reviews v WHERE v.customer_id = ${customerId}
          UNION ALL
          SELECT l.id, l.at, CASE WHEN l.kind = 'earn' THEN 'referral' ELSE 'referral_reversed' END, NULL, NULL, NULL, l.points, c.id,
                 CASE WHEN c.id IS NOT NULL AND ${scope ?? sql`true`} THEN c.display_name END, NULL, NULL, NULL, NULL
          FROM loyalty_ledger l LEFT JOIN customers c ON c.id::text = substr(l.source_id, 10) AND c.deleted_at IS NULL
          WHERE l.customer_id = ${customerId} AND l.source_type = 'bonus:referral' AND l.source_id LIKE 'customer:%' AND l.kind IN ('earn', 'reverse')
        ) u WHERE ${beforeCursor('loyalty', sql`u.at`, sql`u.id::text`, cursor)}
        ORDER BY u.at DESC, u.id DESC LIMIT ${limit}`)).rows as { id: string; at: Date | string; type: string; from_tier: string | null; to_tier: string | null; direction: string;
          points: string | number | null; referred_id: string | null; referred_name: string | null; rating: number | null; source: string | null; text: string | null; link: string | null }[];
      if (!rows.length) return [];
      const program = await getProgram(db);
      const name = (k: string | null) => {
        const t = program.tiers.find((x) => x.key === k);
        return k == null ? null : { key: k, nameFa: t?.nameFa ?? k, nameEn: t?.nameEn ?? k };
      };
      return rows.map((r) => ({
        kind: 'loyalty', id: r.id, at: isoAt(r.at),
        data: r.type === 'tier'
          ? { type: 'tier', from: name(r.from_tier), to: name(r.to_tier), direction: r.direction }
          : r.type === 'review'
          ? { type: 'review', rating: Number(r.rating), source: r.source, text: r.text, link: r.link, points: Number(r.points ?? 0) }
          : { type: r.type, points: Math.abs(Number(r.points)), referred: r.referred_name ? { id: r.referred_id, displayName: r.referred_name } : null },
      }));
    },
  });
  registerProfileSection({ key: 'loyalty', load: (db, actor, customerId, now) => loyaltySection(db, actor, customerId, now) });
}
