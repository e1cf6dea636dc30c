/**
 * The club's report: members by tier, the points outstanding and what they are worth, the redemption rate of the
 * last 12 months, and members against comparable non-members (customers who bought in the same 12 months but
 * never joined): share who bought more than once, and average spend.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import type { LoyaltyReport } from '../../../common/loyalty.schemas.ts';
import { getProgram } from './loyalty.program.ts';
import { addMonths } from './points.ts';

export async function loyaltyReport(db: Db, actor: Actor, now: Date): Promise<LoyaltyReport> {
  assertCan(actor, 'reports', 'read');
  const program = await getProgram(db);
  const since = addMonths(now, -12).toISOString();
  const tiers = (await db.execute(sql`SELECT tier, count(*)::int AS n FROM loyalty_members GROUP BY tier`)).rows as { tier: string | null; n: number }[];
  const [t] = (await db.execute(sql`
    SELECT (SELECT count(*) FROM loyalty_members)::int AS members,
           (SELECT coalesce(sum(balance), 0) FROM loyalty_members)::text AS outstanding,
           coalesce(sum(points) FILTER (WHERE kind = 'earn'), 0)::text AS earned,
           coalesce(sum(-points) FILTER (WHERE kind = 'redeem'), 0)::text AS redeemed,
           coalesce(sum(-points) FILTER (WHERE kind = 'expire'), 0)::text AS expired
    FROM loyalty_ledger WHERE at > ${since}::timestamptz`)).rows as { members: number; outstanding: string; earned: string; redeemed: string; expired: string }[];
  const cmp = (await db.execute(sql`
    WITH buys AS (
      SELECT d.customer_id, count(*) AS orders, sum(d.paid_total) AS spent FROM documents d
      WHERE d.kind = 'invoice' AND d.status IN ('paid', 'partially_paid') AND d.issue_date > ${since.slice(0, 10)}::date
      GROUP BY d.customer_id)
    SELECT (m.customer_id IS NOT NULL) AS member, count(*)::int AS customers, count(*) FILTER (WHERE b.orders > 1)::int AS repeat,
           coalesce(round(avg(b.spent)), 0)::text AS avg_spend
    FROM buys b LEFT JOIN loyalty_members m ON m.customer_id = b.customer_id GROUP BY 1`)).rows as { member: boolean; customers: number; repeat: number; avg_spend: string }[];
  const group = (member: boolean) => {
    const g = cmp.find((r) => r.member === member);
    return { customers: g?.customers ?? 0, repeatRate: g?.customers ? g.repeat / g.customers : null, avgSpend: g?.avg_spend ?? '0' };
  };
  const earned = Number(t.earned);
  const known = new Map(program.tiers.map((x) => [x.key, x]));
  return {
    byTier: [...program.tiers].sort((a, b) => a.threshold - b.threshold).map((x): { tier: string | null; nameFa: string; nameEn: string; members: number } => ({ tier: x.key, nameFa: x.nameFa, nameEn: x.nameEn, members: tiers.find((r) => r.tier === x.key)?.n ?? 0 }))
      .concat(tiers.filter((r) => r.tier == null || !known.has(r.tier)).map((r) => ({ tier: r.tier, nameFa: r.tier ?? 'بدون سطح', nameEn: r.tier ?? 'No tier', members: r.n }))),
    members: t.members,
    outstandingPoints: Number(t.outstanding),
    liabilityRials: (BigInt(t.outstanding) * BigInt(program.pointValueRials)).toString(),
    earnedPoints: earned, redeemedPoints: Number(t.redeemed), expiredPoints: Number(t.expired),
    redemptionRate: earned > 0 ? Number(t.redeemed) / earned : null,
    comparison: { members: group(true), nonMembers: group(false) },
  };
}
