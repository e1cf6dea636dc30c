/**
 * A customer's health history for the profile's chart: the stored day rows (one per scored day, the refit's UTC day)
 * of the last `days` days up to today, oldest first, in the reader's customer scope (404 as for the scores).
 */
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { Actor } from '../auth/index.ts';
import { loadVisibleCustomer } from '../customers/index.ts';
import type { HealthHistoryAnswer } from '../../../common/insights.schemas.ts';
import { customerScoreHistory } from './insights.tables.ts';

const DAY = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export async function customerHealthHistory(db: Db, actor: Actor, clock: Clock, customerId: string, days: number): Promise<HealthHistoryAnswer> {
  await loadVisibleCustomer(db, actor, customerId);
  const now = clock.now();
  const to = isoDay(now);
  // `days` days counting today: 90 → today and the 89 days before it.
  const from = isoDay(new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * DAY));
  const rows = await db.select({ day: customerScoreHistory.day, health: customerScoreHistory.health, churnRisk: customerScoreHistory.churnRisk, pAlive: customerScoreHistory.pAlive })
    .from(customerScoreHistory)
    .where(and(eq(customerScoreHistory.customerId, customerId), gte(customerScoreHistory.day, from), lte(customerScoreHistory.day, to)))
    .orderBy(asc(customerScoreHistory.day));
  return { from, to, points: rows.map((r) => ({ day: String(r.day), health: r.health, churnRisk: r.churnRisk, pAlive: r.pAlive })) };
}
