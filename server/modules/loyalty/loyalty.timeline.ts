/** Tier changes on the customer's timeline (kind `loyalty`), for readers of the customer; the 360° section `loyalty`. */
import { sql } from 'drizzle-orm';
import { registerProfileSection, registerTimelineSource, beforeCursor, isoAt } from '../customers/index.ts';
import { can } from '../auth/index.ts';
import { getProgram } from './loyalty.program.ts';
import { loyaltySection } from './loyalty.service.ts';

export function registerLoyaltyViews(): void {
  registerTimelineSource({
    kind: 'loyalty',
    async fetch(db, actor, customerId, cursor, limit) {
      if (!can(actor, 'customers', 'read')) return [];
      const rows = (await db.execute(sql`
        SELECT id, at, from_tier, to_tier, direction FROM loyalty_tier_changes t
        WHERE t.customer_id = ${customerId} AND ${beforeCursor('loyalty', sql`t.at`, sql`t.id::text`, cursor)}
        ORDER BY t.at DESC, t.id DESC LIMIT ${limit}`)).rows as { id: string; at: Date | string; from_tier: string | null; to_tier: string | null; direction: string }[];
      if (!rows.length) return [];
      const program = await getProgram(db);
      const name = (k: string | null) => {
        const t = program.tiers.find((x) => x.key === k);
        return k == null ? null : { key: k, nameFa: t?.nameFa ?? k, nameEn: t?.nameEn ?? k };
      };
      return rows.map((r) => ({ kind: 'loyalty', id: r.id, at: isoAt(r.at), data: { type: 'tier', from: name(r.from_tier), to: name(r.to_tier), direction: r.direction } }));
    },
  });
  registerProfileSection({ key: 'loyalty', load: (db, actor, customerId, now) => loyaltySection(db, actor, customerId, now) });
}
