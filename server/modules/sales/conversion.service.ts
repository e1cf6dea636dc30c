/** Lead conversion: a lead (or visitor, or prospect) gets a deal and moves on in its lifecycle, in one transaction. */
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { loadVisibleCustomer, updateCustomer } from '../customers/index.ts';
import type { LeadConvert } from '../../../common/sales.schemas.ts';
import type { Clock } from '../../clock.ts';
import { createDeal } from './deals.service.ts';

/** Stages after which there is nothing to convert. */
const ALREADY_CUSTOMER = new Set(['customer', 'loyal', 'at_risk', 'churned']);

/**
 * Changes the lifecycle stage through the customers service (audited, search document kept right) and creates the
 * deal, in the caller's transaction: if the deal is refused, the stage change is rolled back with it.
 */
export async function convertLead(tx: Db, actor: Actor, clock: Clock, customerId: string, input: LeadConvert) {
  assertCan(actor, 'customers', 'update');
  assertCan(actor, 'deals', 'create');
  const before = await loadVisibleCustomer(tx, actor, customerId, { forUpdate: true });
  if (ALREADY_CUSTOMER.has(before.lifecycleStage)) {
    throw new AppError('CONFLICT', `This record is already at the “${before.lifecycleStage}” stage; create a deal for it instead of converting`,
      { lifecycleStage: before.lifecycleStage });
  }
  const customer = await updateCustomer(tx, actor, clock, customerId, { lifecycleStage: input.lifecycleStage });
  const deal = await createDeal(tx, actor, clock, { ...input.deal, customerId });
  return { customer, deal };
}
