/** Price lists: named sets of per-product prices that override the list price; and resolving a product's price. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { toIso } from '../../db/values.ts';
import { priceLists, priceListItems } from './sales.tables.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { auditUpdate } from '../audit/index.ts';
import type { PriceListItemsSet } from '../../../common/sales.schemas.ts';
import { loadProduct, productsByIds } from './products.service.ts';
import { big, pgErrorCode } from './sql-helpers.ts';

type PriceListRow = typeof priceLists.$inferSelect;

const present = (r: PriceListRow, itemCount?: number) => ({
  id: r.id, name: r.name, active: r.active, createdAt: toIso(r.createdAt), ...(itemCount === undefined ? {} : { itemCount }),
});

async function loadPriceList(db: Db, id: string, forUpdate = false) {
  const q = db.select().from(priceLists).where(eq(priceLists.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('Price list');
  return row;
}

async function guardName<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (pgErrorCode(err) === '23505') throw new AppError('CONFLICT', `A price list named "${name}" exists`, { name: 'already used' });
    throw err;
  }
}

export async function listPriceLists(db: Db, actor: Actor) {
  assertCan(actor, 'products', 'read');
  const res = await db.execute(sql`SELECT l.id, count(i.product_id)::int AS n FROM price_lists l LEFT JOIN price_list_items i ON i.price_list_id = l.id GROUP BY l.id`);
  const counts = new Map(res.rows.map((r) => [String(r.id), Number(r.n)]));
  const rows = await db.select().from(priceLists).orderBy(asc(priceLists.name));
  return { items: rows.map((r) => present(r, counts.get(r.id) ?? 0)) };
}

/** A price list with its prices, each beside the product's own list price. */
export async function getPriceList(db: Db, actor: Actor, id: string) {
  assertCan(actor, 'products', 'read');
  const list = await loadPriceList(db, id);
  const res = await db.execute(sql`SELECT i.product_id, i.price::text AS price, p.code, p.name_fa, p.price::text AS product_price, p.active
    FROM price_list_items i JOIN products p ON p.id = i.product_id WHERE i.price_list_id = ${id} ORDER BY lower(p.code)`);
  const items = res.rows.map((r) => ({
    productId: String(r.product_id), code: String(r.code), nameFa: String(r.name_fa), price: String(r.price),
    productPrice: String(r.product_price), active: Boolean(r.active),
  }));
  return { ...present(list, items.length), items };
}

export async function createPriceList(tx: Db, actor: Actor, input: { name: string; active: boolean }) {
  assertCan(actor, 'products', 'create');
  const [row] = await guardName(input.name, () => tx.insert(priceLists).values(input).returning());
  return present(row, 0);
}

export async function updatePriceList(tx: Db, actor: Actor, id: string, input: { name?: string; active?: boolean }) {
  assertCan(actor, 'products', 'update');
  await loadPriceList(tx, id, true);
  const patch = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  if (Object.keys(patch).length) await guardName(input.name ?? '', () => tx.update(priceLists).set(patch).where(eq(priceLists.id, id)));
  return getPriceList(tx, actor, id);
}

export async function deletePriceList(tx: Db, actor: Actor, id: string) {
  assertCan(actor, 'products', 'delete');
  await loadPriceList(tx, id, true);
  await tx.delete(priceLists).where(eq(priceLists.id, id));
}

/** Sets (price) or removes (null) the list's price of each product; each change is on the product's audit trail. */
export async function setPriceListItems(tx: Db, actor: Actor, id: string, input: PriceListItemsSet) {
  assertCan(actor, 'products', 'update');
  await loadPriceList(tx, id, true);
  const found = await productsByIds(tx, input.items.map((i) => i.productId));
  const errors: Record<string, string> = {};
  input.items.forEach((it, n) => { if (!found.has(it.productId)) errors[`items.${n}.productId`] = 'unknown product'; });
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Unknown products', errors);
  // The last entry for a product wins.
  const wanted = new Map(input.items.map((i) => [i.productId, i.price]));
  const current = await tx.select().from(priceListItems)
    .where(and(eq(priceListItems.priceListId, id), inArray(priceListItems.productId, [...wanted.keys()])));
  const old = new Map(current.map((r) => [r.productId, r.price]));
  const field = `priceList.${id}`;
  for (const [productId, price] of wanted) {
    const before = old.get(productId) ?? null;
    if (price === null) {
      if (before !== null) await tx.delete(priceListItems).where(and(eq(priceListItems.priceListId, id), eq(priceListItems.productId, productId)));
    } else {
      await tx.insert(priceListItems).values({ priceListId: id, productId, price })
        .onConflictDoUpdate({ target: [priceListItems.priceListId, priceListItems.productId], set: { price } });
    }
    await auditUpdate(tx, actor, 'product', productId, null, { [field]: before?.toString() ?? null }, { [field]: price?.toString() ?? null });
  }
  return getPriceList(tx, actor, id);
}

/** A price list that can price documents (exists and is active), or null: a standing list that was removed or switched off is skipped. */
export async function activePriceList(db: Db, id: string): Promise<{ id: string; name: string } | null> {
  const [row] = await db.select({ id: priceLists.id, name: priceLists.name, active: priceLists.active }).from(priceLists).where(eq(priceLists.id, id));
  return row?.active ? { id: row.id, name: row.name } : null;
}

/** The price of a product: the price list's override when it has one, else the product's list price. */
export async function resolvePrice(db: Db, productId: string, priceListId?: string | null): Promise<{ price: bigint; source: 'price_list' | 'product' }> {
  const product = await loadProduct(db, productId);
  if (priceListId) {
    await loadPriceList(db, priceListId);
    const [item] = await db.select().from(priceListItems).where(and(eq(priceListItems.priceListId, priceListId), eq(priceListItems.productId, productId)));
    if (item) return { price: big(item.price), source: 'price_list' };
  }
  return { price: product.price, source: 'product' };
}

export async function productPrice(db: Db, actor: Actor, productId: string, priceListId?: string) {
  assertCan(actor, 'products', 'read');
  const r = await resolvePrice(db, productId, priceListId);
  return { productId, priceListId: priceListId ?? null, price: r.price.toString(), source: r.source };
}
