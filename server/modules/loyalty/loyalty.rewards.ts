/**
 * The rewards catalog: admins keep it (settings:update); staff redeem a reward for a customer (customers:update), the
 * member on the public page for themselves. A redemption locks the member's balance row, then the reward's row (always
 * in that order), so neither the balance nor the stock goes below zero under concurrent redemptions.
 */
import { asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { assertCan, can, type Actor } from '../auth/index.ts';
import { loadVisibleCustomer } from '../customers/index.ts';
import type { RewardInput, RewardView } from '../../../common/loyalty.schemas.ts';
import { loyaltyRewards } from './loyalty.tables.ts';
import { getProgram } from './loyalty.program.ts';
import { lockMember, post } from './loyalty.ledger.ts';
import { presentEntry } from './loyalty.service.ts';

type RewardRow = typeof loyaltyRewards.$inferSelect;
export const presentReward = (r: RewardRow): RewardView => ({
  id: r.id, nameFa: r.nameFa, nameEn: r.nameEn, description: r.description, points: r.points, stock: r.stock, active: r.active,
});

/** Active rewards, cheapest first; `all` (archived too) for whoever may read the settings. */
export async function listRewards(db: Db, actor: Actor | null, all = false): Promise<RewardView[]> {
  if (actor) assertCan(actor, 'customers', 'read');
  const withArchived = all && actor != null && can(actor, 'settings', 'read');
  const rows = await db.select().from(loyaltyRewards).where(withArchived ? undefined : eq(loyaltyRewards.active, true))
    .orderBy(desc(loyaltyRewards.active), asc(loyaltyRewards.points), asc(loyaltyRewards.nameFa));
  return rows.map(presentReward);
}

export async function createReward(tx: Db, actor: Actor, clock: Clock, input: RewardInput): Promise<RewardView> {
  assertCan(actor, 'settings', 'update');
  const now = clock.now();
  const [r] = await tx.insert(loyaltyRewards).values({ ...input, createdAt: now, updatedAt: now }).returning();
  return presentReward(r);
}

/** Changes a reward (archive with active: false; a reward is never deleted, the ledger names it). */
export async function updateReward(tx: Db, actor: Actor, clock: Clock, id: string, input: RewardInput): Promise<RewardView> {
  assertCan(actor, 'settings', 'update');
  const [r] = await tx.update(loyaltyRewards).set({ ...input, updatedAt: clock.now() }).where(eq(loyaltyRewards.id, id)).returning();
  if (!r) throw new AppError('NOT_FOUND', 'No such reward');
  return presentReward(r);
}

/** The redemption itself (no permission check: staff and the member's page check before calling). */
export async function redeemRewardFor(tx: Db, customerId: string, rewardId: string, now: Date, actorId: string | null) {
  const member = await lockMember(tx, customerId, now);
  const [reward] = await tx.select().from(loyaltyRewards).where(eq(loyaltyRewards.id, rewardId)).for('update');
  if (!reward || !reward.active) throw new AppError('NOT_FOUND', 'No such reward');
  if (reward.stock !== null && reward.stock <= 0) throw new AppError('OUT_OF_STOCK', 'This reward is out of stock', { rewardId });
  const program = await getProgram(tx);
  const res = await post(tx, member, program, { kind: 'redeem', points: -reward.points, reason: reward.nameFa, sourceType: 'reward', sourceId: reward.id, actorId }, now);
  let stock = reward.stock;
  if (stock !== null) {
    stock -= 1;
    await tx.update(loyaltyRewards).set({ stock, updatedAt: now }).where(eq(loyaltyRewards.id, reward.id));
  }
  return { entry: presentEntry(res.entry), balance: res.balance, tier: res.tier, reward: presentReward({ ...reward, stock }) };
}

export async function redeemReward(tx: Db, actor: Actor, clock: Clock, rewardId: string, customerId: string) {
  assertCan(actor, 'customers', 'update');
  await loadVisibleCustomer(tx, actor, customerId);
  return redeemRewardFor(tx, customerId, rewardId, clock.now(), actor.userId);
}
