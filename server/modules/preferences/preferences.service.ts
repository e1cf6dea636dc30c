/** Reading and saving a customer's preferences: the customers module keeps them; this adds the catalog's products. */
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../auth/index.ts';
import { customerPreferences, setCustomerPreferences, type StoredPreferences } from '../customers/index.ts';
import { productsByIds } from '../sales/index.ts';
import type { PreferencesInput, PreferencesView } from '../../../common/preferences.schemas.ts';

async function present(db: Db, p: StoredPreferences): Promise<PreferencesView> {
  const found = await productsByIds(db, p.favouriteProductIds);
  const { favouriteProductIds, ...rest } = p;
  // A product deleted from the catalog since drops out of the view (its id stays until the next save).
  const favouriteProducts = favouriteProductIds.flatMap((id) => {
    const r = found.get(id);
    return r ? [{ id, nameFa: r.nameFa, nameEn: r.nameEn, code: r.code }] : [];
  });
  return { ...rest, favouriteProducts };
}

export async function getPreferences(db: Db, actor: Actor, customerId: string): Promise<PreferencesView> {
  return present(db, await customerPreferences(db, actor, customerId));
}

/** Replaces the customer's preferences; every favourite product must be in the catalog (422 names the missing). */
export async function savePreferences(tx: Db, actor: Actor, clock: Clock, customerId: string, input: PreferencesInput): Promise<PreferencesView> {
  const found = await productsByIds(tx, input.favouriteProductIds);
  const missing = input.favouriteProductIds.filter((id) => !found.has(id));
  if (missing.length) throw new AppError('VALIDATION_FAILED', 'A favourite product is not in the catalog', { favouriteProductIds: `unknown product ${missing.join(', ')}` });
  return present(tx, await setCustomerPreferences(tx, actor, clock, customerId, input));
}
