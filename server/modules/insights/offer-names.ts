/**
 * Offers are stored with product codes (a contract: `item` stays the code); when they are read, each offer learns the
 * current names of the products it names, in one lookup for the whole answer (not one per offer).
 */
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { productNamesByKeys } from '../sales/index.ts';
import type { offerView } from '../../../common/insights.schemas.ts';

type OfferView = z.infer<typeof offerView>;
export type StoredOffer = Omit<OfferView, 'names'>;

/** The product keys an offer names: its item and the items of its "why". */
export function offerKeys(o: StoredOffer): string[] {
  const r = o.reason;
  return [o.item, ...(r.kind === 'rule' ? r.because : r.kind === 'similar' ? [r.because] : [])];
}

/** The same lists of offers, each offer with `names` (codes with no product left out). */
export async function nameOffers(db: Db, lists: readonly StoredOffer[][]): Promise<OfferView[][]> {
  const names = await productNamesByKeys(db, lists.flatMap((l) => l.flatMap(offerKeys)));
  return lists.map((l) => l.map((o) => ({
    ...o, names: Object.fromEntries(offerKeys(o).filter((k) => names.has(k)).map((k) => [k, names.get(k)!])),
  })));
}
