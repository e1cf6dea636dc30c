// The customer club (باشگاه مشتریان): one program, an append-only points ledger per customer with a balance that
// never goes below zero, earning on paid invoices, tiers over a rolling window, expiry, the club's report.
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { JobDef } from '../../jobs/queue.ts';
import { expirePoints, LOYALTY_DAILY_JOB } from './loyalty.jobs.ts';
import { registerLoyaltyHooks } from './loyalty.hooks.ts';
import { registerLoyaltyViews } from './loyalty.timeline.ts';
import { birthdayBonuses, registerBonusListeners } from './loyalty.bonuses.ts';
import { registerTierBenefits } from './loyalty.benefits.ts';
import { hideLoginTexts } from './member-login.ts';
export { loyaltyProgram, loyaltyMembers, loyaltyLedger, loyaltyTierChanges, loyaltyRewards, loyaltyLoginCodes, loyaltyMemberSessions, loyaltyReviews } from './loyalty.tables.ts';
export { getProgram, saveProgram } from './loyalty.program.ts';
export { memberOf, ledgerOf, writeEntry, giveBonus } from './loyalty.service.ts';
export { birthdayBonuses } from './loyalty.bonuses.ts';
export { expirePoints, LOYALTY_DAILY_JOB, LOYALTY_DAILY_CRON } from './loyalty.jobs.ts';
export { registerLoyaltyMover } from './loyalty.mover.ts';
export { registerLoyaltySegmentFields } from './loyalty.segment-fields.ts';

export function loyaltyJobs(deps: { database: Database; clock: Clock }): JobDef<unknown>[] {
  return [{ name: LOYALTY_DAILY_JOB, schema: z.unknown(), handler: async () => {
    await expirePoints(deps.database, deps.clock);
    await birthdayBonuses(deps.database, deps.clock);
  } }];
}

/** The invoice hooks (earn, reverse, refund a redemption), bonus listeners, tier benefits (ticket priority, quote discount), the timeline source and the 360° section. */
export function registerLoyalty(): void {
  registerLoyaltyHooks();
  registerLoyaltyViews();
  registerBonusListeners();
  registerTierBenefits();
  hideLoginTexts();
}
