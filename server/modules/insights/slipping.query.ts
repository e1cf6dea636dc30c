/**
 * "Slipping away": the high-value customers (top CLV share of every scored customer, or a CLV floor) whose P(alive)
 * or health fell since their last stored day before the latest refit, most valuable first, in the reader's scope.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { assertCan, customerScopeSql, type Actor } from '../auth/index.ts';
import type { SlippingItem, SlippingQuery } from '../../../common/insights.schemas.ts';
import { nameOffers, type StoredOffer } from './offer-names.ts';

const json = <T>(v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export async function slippingCustomers(db: Db, actor: Actor, q: SlippingQuery): Promise<{ items: SlippingItem[]; total: number; limit: number; offset: number; clvFloor: number | null }> {
  assertCan(actor, 'customers', 'read');
  const scope = customerScopeSql(actor, 'c');
  // percentile_disc over CLV descending: the smallest CLV still inside the top share (10 customers, top 0.2 → the 2nd).
  const floor = q.minClv !== undefined ? sql`${q.minClv}::float8`
    : sql`(SELECT percentile_disc(${q.top}::float8) WITHIN GROUP (ORDER BY clv DESC) FROM customer_scores)`;
  const res = await db.execute(sql`WITH f AS (SELECT ${floor} AS clv)
    SELECT s.customer_id::text AS id, c.display_name, c.sms_consent,
      EXISTS (SELECT 1 FROM jsonb_array_elements(c.phones) p WHERE p->>'label' = 'mobile' OR p->>'number' LIKE '+989%') AS has_mobile,
      s.rfm_segment, s.clv, s.churn_risk, s.p_alive, s.prev_p_alive, s.health, s.prev_health, s.prev_day::text AS prev_day,
      s.reasons, s.offers, f.clv AS floor, count(*) OVER () AS total
    FROM customer_scores s JOIN customers c ON c.id = s.customer_id CROSS JOIN f
    WHERE c.deleted_at IS NULL ${scope ? sql`AND ${scope}` : sql``} AND s.clv >= f.clv
      AND (s.prev_p_alive - s.p_alive >= ${q.minPAliveDrop}::float8 OR s.prev_health - s.health >= ${q.minHealthDrop}::int)
    ORDER BY s.clv DESC, s.customer_id
    LIMIT ${q.limit} OFFSET ${q.offset}`);
  const rows = res.rows as Record<string, unknown>[];
  let clvFloor: number | null = rows.length ? Number(rows[0].floor) : null;
  let total = rows.length ? Number(rows[0].total) : 0;
  if (!rows.length) {
    // Past the last page (or nobody falling): the floor and the count still answer.
    const [r] = (await db.execute(sql`WITH f AS (SELECT ${floor} AS clv) SELECT f.clv AS floor, (SELECT count(*) FROM customer_scores s JOIN customers c ON c.id = s.customer_id
      WHERE c.deleted_at IS NULL ${scope ? sql`AND ${scope}` : sql``} AND s.clv >= f.clv
        AND (s.prev_p_alive - s.p_alive >= ${q.minPAliveDrop}::float8 OR s.prev_health - s.health >= ${q.minHealthDrop}::int)) AS total FROM f`)).rows as Record<string, unknown>[];
    clvFloor = r.floor == null ? null : Number(r.floor);
    total = Number(r.total);
  }
  // Only the top offer is shown: its product names, for the whole page, in one lookup.
  const topOffers = await nameOffers(db, rows.map((r) => json<StoredOffer[] | null>(r.offers)?.slice(0, 1) ?? []));
  const items = rows.map((r, i): SlippingItem => {
    const reasons = json<{ churn: SlippingItem['reasons'] }>(r.reasons);
    const offers = topOffers[i];
    return {
      customer: { id: String(r.id), displayName: String(r.display_name), smsConsent: Boolean(r.sms_consent), hasMobile: Boolean(r.has_mobile) },
      rfmSegment: String(r.rfm_segment), clv: Number(r.clv), churnRisk: Number(r.churn_risk),
      pAlive: Number(r.p_alive), prevPAlive: r.prev_p_alive == null ? null : Number(r.prev_p_alive),
      health: Number(r.health), prevHealth: r.prev_health == null ? null : Number(r.prev_health), prevDay: (r.prev_day as string | null) ?? null,
      reasons: reasons.churn.slice(0, 3), topOffer: offers[0] ?? null,
    };
  });
  return { items, total, limit: q.limit, offset: q.offset, clvFloor };
}
