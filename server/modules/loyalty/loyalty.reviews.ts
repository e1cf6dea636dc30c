/**
 * Review as an event: staff record a review the customer left (rating 1–5, where, optional text and link), with the
 * permission to log an interaction on that customer; the program's review bonus is given once per review (reference
 * `review:<id>`), in the same transaction. The row keeps who recorded it and when. Reviews show on the customer's timeline (loyalty.timeline.ts).
 */
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { loadVisibleCustomer } from '../customers/index.ts';
import { toIso } from '../../db/values.ts';
import type { ReviewInput } from '../../../common/loyalty.schemas.ts';
import { loyaltyReviews } from './loyalty.tables.ts';
import { getProgram } from './loyalty.program.ts';
import { lockMember } from './loyalty.ledger.ts';
import { award } from './loyalty.bonuses.ts';
import { presentEntry } from './loyalty.service.ts';

export const reviewReference = (id: string) => `review:${id}`;

export async function recordReview(tx: Db, actor: Actor, clock: Clock, input: ReviewInput) {
  assertCan(actor, 'interactions', 'create');
  await loadVisibleCustomer(tx, actor, input.customerId);
  const now = clock.now();
  const [row] = await tx.insert(loyaltyReviews).values({
    customerId: input.customerId, rating: input.rating, source: input.source, text: input.text || null, link: input.link || null, recordedBy: actor.userId, at: now,
  }).returning();
  const program = await getProgram(tx);
  const bonus = program.enabled && program.bonuses.review > 0
    ? await award(tx, program, await lockMember(tx, input.customerId, now), 'review', reviewReference(row.id), now, { actorId: actor.userId })
    : null;
  return {
    review: { id: row.id, customerId: row.customerId, rating: row.rating, source: row.source, text: row.text, link: row.link, at: toIso(row.at) },
    bonus: bonus ? { entry: presentEntry(bonus.entry), balance: bonus.balance, tier: bonus.tier } : null,
  };
}
