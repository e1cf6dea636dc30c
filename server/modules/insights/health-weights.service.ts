/**
 * The health score's point groups as a business setting (issue 17): read by the refit, changed by whoever may change
 * settings, every change audited (from what to what). Unset, or a stored value that no longer parses: the defaults.
 */
import type { Db } from '../../db/client.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { readSetting, writeSetting } from '../settings/index.ts';
import { auditUpdate } from '../audit/index.ts';
import { DEFAULT_HEALTH_WEIGHTS, type HealthWeights } from '../../analytics/index.ts';
import { healthWeightsInput, type HealthWeightsInput } from '../../../common/insights.schemas.ts';

const KEY = 'insights.healthWeights';
/** The setting is one record: its audit rows carry this fixed id. */
export const HEALTH_WEIGHTS_ENTITY_ID = '00000000-0000-0000-0000-000000000017';

async function stored(db: Db): Promise<HealthWeights | undefined> {
  const parsed = healthWeightsInput.safeParse(await readSetting(db, KEY));
  return parsed.success ? parsed.data : undefined;
}

export async function readHealthWeights(db: Db): Promise<HealthWeights> {
  return (await stored(db)) ?? { ...DEFAULT_HEALTH_WEIGHTS };
}

const answer = async (db: Db) => {
  const s = await stored(db);
  return { weights: s ?? { ...DEFAULT_HEALTH_WEIGHTS }, custom: s !== undefined, defaults: { ...DEFAULT_HEALTH_WEIGHTS } };
};

export async function getHealthWeights(db: Db, actor: Actor) {
  assertCan(actor, 'settings', 'read');
  return answer(db);
}

/** Input validated at the edge (healthWeightsInput: whole points ≥ 0 summing to 100). Used from the next refit on. */
export async function setHealthWeights(tx: Db, actor: Actor, input: HealthWeightsInput) {
  assertCan(actor, 'settings', 'update');
  const before = await readHealthWeights(tx);
  const after = { engagement: input.engagement, purchases: input.purchases, support: input.support, satisfaction: input.satisfaction };
  await writeSetting(tx, actor.userId, KEY, after);
  await auditUpdate(tx, actor, 'health_weights', HEALTH_WEIGHTS_ENTITY_ID, null, before, after);
  return answer(tx);
}
