/**
 * The daily club job: earnings past their expiry lose what is left of them (oldest first, one expire entry per
 * earning, so a second run finds nothing), and every member's tier is recomputed as the rolling window moves on.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { withTx } from '../../db/tx.ts';
import { getProgram } from './loyalty.program.ts';
import { lockMember, lotsAndDebits, post, settleTier } from './loyalty.ledger.ts';
import { dueToExpire, remainingByLot } from './points.ts';

export const LOYALTY_DAILY_JOB = 'loyalty.daily';
/** 21:00 UTC, half past midnight in Tehran. */
export const LOYALTY_DAILY_CRON = '0 21 * * *';

export async function expirePoints(database: Database, clock: Clock): Promise<{ customers: number; expired: number; tierChanges: number }> {
  const db = database.db;
  const now = clock.now();
  const program = await getProgram(db);
  const due = (await db.execute(sql`
    SELECT DISTINCT l.customer_id FROM loyalty_ledger l
    WHERE l.points > 0 AND l.expires_at <= ${now.toISOString()}::timestamptz
      AND NOT EXISTS (SELECT 1 FROM loyalty_ledger x WHERE x.kind = 'expire' AND x.lot_id = l.id)`)).rows as { customer_id: string }[];
  let expired = 0;
  for (const { customer_id: id } of due) {
    expired += await withTx(database, async (tx) => {
      const member = await lockMember(tx, id, now);
      const { lots, debits } = await lotsAndDebits(tx, id);
      let n = 0;
      for (const d of dueToExpire(lots, remainingByLot(lots, debits), now)) {
        await post(tx, member, program, { kind: 'expire', points: -d.points, lotId: d.lotId, reason: 'expired' }, now);
        n += d.points;
      }
      return n;
    });
  }
  let tierChanges = 0;
  const members = (await db.execute(sql`SELECT customer_id, tier FROM loyalty_members WHERE tier IS NOT NULL OR balance > 0`)).rows as { customer_id: string; tier: string | null }[];
  for (const m of members) {
    const changed = await withTx(database, async (tx) => {
      const member = await lockMember(tx, m.customer_id, now);
      const before = member.tier;
      return (await settleTier(tx, member, program, now)) !== before;
    });
    if (changed) tierChanges++;
  }
  return { customers: due.length, expired, tierChanges };
}
