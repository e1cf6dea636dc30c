/** The kinds of import besides customers, by name. */
import { IMPORT_KIND_OBJECTS, type ImportKind } from '../../../../common/imports.schemas.ts';
import type { PermObject } from '../../../../common/permissions.ts';
import type { KindDef } from './kind.ts';
import { productsKind } from './products.kind.ts';
import { purchasesKind } from './purchases.kind.ts';
import { interactionsKind } from './interactions.kind.ts';
import { ticketsKind } from './tickets.kind.ts';

const KINDS: Record<Exclude<ImportKind, 'customers'>, KindDef<never>> = {
  products: productsKind as KindDef<never>,
  purchases: purchasesKind as KindDef<never>,
  interactions: interactionsKind as KindDef<never>,
  tickets: ticketsKind as KindDef<never>,
};

/** The definition of a kind other than customers (whose path is row-mapper.ts + chunk-fast.ts). */
export function kindDef(kind: Exclude<ImportKind, 'customers'>): KindDef<never> {
  return KINDS[kind];
}

/** The permission object a kind's records belong to. */
export const objectOfKind = (kind: ImportKind): PermObject => IMPORT_KIND_OBJECTS[kind];
export const isOtherKind = (kind: ImportKind): kind is Exclude<ImportKind, 'customers'> => kind !== 'customers';
