/**
 * Tier benefits put to use: a member's new tickets open at the tier's SLA priority (support then picks that
 * priority's SLA policy), a new quote without a discount of its own takes the tier's discount %, and a quote or
 * invoice naming no price list is priced from the tier's list (documents skips a list removed or switched off). The stored tier
 * (the one announced, recomputed at each ledger write and by the daily job) is the one that counts.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { setPriceListRule, setQuoteDiscountRule } from '../documents/index.ts';
import { setTicketPriorityFloor } from '../support/index.ts';
import { programInput, type Tier } from '../../../common/loyalty.schemas.ts';

/** The member's current tier, read with the program in one statement; null for a non-member, no tier, or the program off. */
export async function currentTier(db: Db, customerId: string): Promise<Tier | null> {
  const [row] = (await db.execute(sql`
    SELECT (SELECT tier FROM loyalty_members WHERE customer_id = ${customerId}) AS tier,
           (SELECT settings FROM loyalty_program WHERE id = 'default') AS settings`)).rows as { tier: string | null; settings: unknown }[];
  if (!row?.tier || !row.settings) return null;
  const program = programInput.parse(typeof row.settings === 'string' ? JSON.parse(row.settings) : row.settings);
  if (!program.enabled) return null;
  return program.tiers.find((t) => t.key === row.tier) ?? null;
}

export function registerTierBenefits(): void {
  setTicketPriorityFloor(async (tx, customerId) => (await currentTier(tx, customerId))?.slaPriority || null);
  setQuoteDiscountRule(async (tx, customerId) => (await currentTier(tx, customerId))?.discountPercent ?? 0);
  setPriceListRule(async (tx, customerId) => (await currentTier(tx, customerId))?.priceListId ?? null);
}
