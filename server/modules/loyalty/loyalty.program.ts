/** The one program's settings: read with defaults, saved by whoever may change the settings. */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { programInput, type Program } from '../../../common/loyalty.schemas.ts';
import { AppError } from '../../errors.ts';
import { activePriceList } from '../sales/index.ts';
import { loyaltyProgram } from './loyalty.tables.ts';

const ID = 'default';

export async function getProgram(db: Db): Promise<Program> {
  const [row] = await db.select().from(loyaltyProgram).where(eq(loyaltyProgram.id, ID));
  // Off until an admin saves the program: an install that never set it up earns nobody points.
  if (!row) return { ...programInput.parse({}), enabled: false };
  // Stored settings are parsed again so that a field added later takes its default.
  return programInput.parse(row.settings);
}

export async function saveProgram(tx: Db, actor: Actor, clock: Clock, input: Program): Promise<Program> {
  assertCan(actor, 'settings', 'update');
  const settings = programInput.parse(input);
  const errors: Record<string, string> = {};
  for (const [i, t] of settings.tiers.entries()) {
    if (t.priceListId && !(await activePriceList(tx, t.priceListId))) errors[`tiers.${i}.priceListId`] = 'not an active price list';
  }
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'A tier names a price list that does not exist or is switched off', errors);
  await tx.insert(loyaltyProgram).values({ id: ID, settings, updatedBy: actor.userId, updatedAt: clock.now() })
    .onConflictDoUpdate({ target: loyaltyProgram.id, set: { settings, updatedBy: actor.userId, updatedAt: clock.now() } });
  return settings;
}
