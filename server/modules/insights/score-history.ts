/**
 * The health history and the "falling" comparison: after a refit has replaced customer_scores, each customer's row
 * learns the last stored day before today (prev_*), today's scores are upserted into customer_score_history (one row
 * per customer per day, so a second refit on the same day rewrites it), and a health score that moved into another
 * band (thresholds 40 and 70) since the last stored value raises `customer.health_changed`. Comparing against today's
 * row when there is one keeps a rerun from raising the same event twice. A churn risk that crossed into high (≥ 70)
 * raises the automation-only `customer.churn_risk_high` the same way.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { emitDomainEvent, recordWebhookEvent } from '../webhooks/index.ts';
import { CHURN_HIGH } from '../../../common/automations.schemas.ts';

export const HEALTH_THRESHOLDS = [40, 70] as const;
const band = (col: string) => sql.raw(`((${col} >= ${HEALTH_THRESHOLDS[0]})::int + (${col} >= ${HEALTH_THRESHOLDS[1]})::int)`);

export interface HealthCrossing { customerId: string; before: number; after: number; direction: 'up' | 'down' }

export async function recordScoreHistory(tx: Db, today: string, at: Date): Promise<HealthCrossing[]> {
  await tx.execute(sql`UPDATE customer_scores s SET prev_day = h.day, prev_p_alive = h.p_alive, prev_health = h.health
    FROM (SELECT DISTINCT ON (customer_id) customer_id, day, p_alive, health FROM customer_score_history
          WHERE day < ${today}::date ORDER BY customer_id, day DESC) h
    WHERE h.customer_id = s.customer_id`);
  const crossed = await tx.execute(sql`SELECT s.customer_id::text AS id, coalesce(t.health, s.prev_health) AS before, s.health AS after
    FROM customer_scores s LEFT JOIN customer_score_history t ON t.customer_id = s.customer_id AND t.day = ${today}::date
    WHERE coalesce(t.health, s.prev_health) IS NOT NULL AND ${band('coalesce(t.health, s.prev_health)')} <> ${band('s.health')}
    ORDER BY s.customer_id`);
  // Churn risk that crossed into high since the last stored value (today's row first, so a rerun raises nothing new).
  const risen = await tx.execute(sql`SELECT s.customer_id::text AS id, coalesce(t.churn_risk, p.churn_risk) AS before, s.churn_risk AS after
    FROM customer_scores s LEFT JOIN customer_score_history t ON t.customer_id = s.customer_id AND t.day = ${today}::date
    LEFT JOIN LATERAL (SELECT h.churn_risk FROM customer_score_history h WHERE h.customer_id = s.customer_id AND h.day < ${today}::date
      ORDER BY h.day DESC LIMIT 1) p ON true
    WHERE coalesce(t.churn_risk, p.churn_risk) < ${CHURN_HIGH} AND s.churn_risk >= ${CHURN_HIGH}
    ORDER BY s.customer_id`);
  await tx.execute(sql`INSERT INTO customer_score_history (customer_id, day, fit_id, p_alive, health, churn_risk, clv)
    SELECT customer_id, ${today}::date, fit_id, p_alive, health, churn_risk, clv FROM customer_scores
    ON CONFLICT (customer_id, day) DO UPDATE SET fit_id = excluded.fit_id, p_alive = excluded.p_alive, health = excluded.health,
      churn_risk = excluded.churn_risk, clv = excluded.clv`);
  const out: HealthCrossing[] = crossed.rows.map((r) => {
    const before = Number(r.before), after = Number(r.after);
    return { customerId: String(r.id), before, after, direction: after > before ? 'up' : 'down' };
  });
  for (const c of out) {
    await recordWebhookEvent(tx, 'customer.health_changed', { ...c, thresholds: [...HEALTH_THRESHOLDS], day: today }, { at });
  }
  for (const r of risen.rows) {
    await emitDomainEvent(tx, 'customer.churn_risk_high', { customerId: String(r.id), before: Number(r.before), after: Number(r.after), threshold: CHURN_HIGH, day: today }, { at });
  }
  return out;
}
