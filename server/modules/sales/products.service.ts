/** The product catalog: list and search, create, edit, deactivate or delete, bulk edit, categories. Audited. */
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { toIso } from '../../db/values.ts';
import { products, priceListItems } from './sales.tables.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { auditCreate, auditDelete, auditUpdate } from '../audit/index.ts';
import { faNorm, faCompact, fixArabicLetters, toLatinDigits } from '../../../common/fa-normalize.ts';
import type { ProductBulk, ProductCreate, ProductFilter, ProductListQuery, ProductUpdate } from '../../../common/sales.schemas.ts';
import type { Clock } from '../../clock.ts';
import { applyPercent, inRialRange, MAX_RIAL } from './sales.values.ts';
import { likeEscape, pgErrorCode } from './sql-helpers.ts';
import { countOf } from '../../../common/plural.ts';

export type ProductRow = typeof products.$inferSelect;

export function presentProduct(p: ProductRow) {
  return {
    id: p.id, code: p.code, kind: p.kind, nameFa: p.nameFa, nameEn: p.nameEn, category: p.category, unit: p.unit,
    price: p.price.toString(), taxClass: p.taxClass, active: p.active, description: p.description,
    consumable: p.consumable, repurchaseDays: p.repurchaseDays,
    createdAt: toIso(p.createdAt), updatedAt: toIso(p.updatedAt),
  };
}
export type ProductView = ReturnType<typeof presentProduct>;

/** What the product picker searches: code and names in fa_norm form, the Persian name also without spaces. */
export function productSearchDoc(p: { code: string; nameFa: string; nameEn?: string | null }): string {
  return [faNorm(p.code), faNorm(p.nameFa), faCompact(p.nameFa), p.nameEn ? faNorm(p.nameEn) : ''].filter(Boolean).join(' | ');
}

/** The fields of a product the audit compares (money as strings: JSON has no bigint). */
const auditable = (p: ProductRow) => ({
  code: p.code, kind: p.kind, nameFa: p.nameFa, nameEn: p.nameEn, category: p.category, unit: p.unit,
  price: p.price.toString(), taxClass: p.taxClass, active: p.active, description: p.description,
  consumable: p.consumable, repurchaseDays: p.repurchaseDays,
});

const cleanCode = (code: string) => toLatinDigits(code.trim());
const cleanName = (s: string | null | undefined) => (s == null ? s : fixArabicLetters(s.trim()));

async function assertCodeFree(tx: Db, code: string, exceptId?: string) {
  const [row] = await tx.select({ id: products.id }).from(products)
    .where(and(sql`lower(${products.code}) = lower(${code})`, exceptId ? sql`${products.id} <> ${exceptId}` : sql`true`));
  if (row) throw new AppError('CONFLICT', `A product with code "${code}" exists`, { code: 'already used by another product' });
}

/** A unique-index race lost after the check above is the same conflict. */
async function guardUnique<T>(code: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (pgErrorCode(err) === '23505') throw new AppError('CONFLICT', `A product with code "${code}" exists`, { code: 'already used by another product' });
    throw err;
  }
}

export async function loadProduct(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<ProductRow> {
  const q = db.select().from(products).where(eq(products.id, id));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('Product');
  return row;
}

export async function getProduct(db: Db, actor: Actor, id: string) {
  assertCan(actor, 'products', 'read');
  return presentProduct(await loadProduct(db, id));
}

/** Products by id (for deal items and document lines); missing ids are simply absent from the map. */
export async function productsByIds(db: Db, ids: string[]): Promise<Map<string, ProductRow>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.select().from(products).where(inArray(products.id, unique));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function createProduct(tx: Db, actor: Actor, clock: Clock, input: ProductCreate) {
  assertCan(actor, 'products', 'create');
  const code = cleanCode(input.code);
  await assertCodeFree(tx, code);
  const now = clock.now();
  const values = {
    ...input, code, nameFa: cleanName(input.nameFa)!, nameEn: input.nameEn?.trim() || null, category: cleanName(input.category) || null,
    createdBy: actor.userId, createdAt: now, updatedAt: now,
  };
  const [row] = await guardUnique(code, () => tx.insert(products).values({ ...values, searchDoc: productSearchDoc(values) }).returning());
  await auditCreate(tx, actor, 'product', row.id, null, auditable(row));
  return presentProduct(row);
}

export async function updateProduct(tx: Db, actor: Actor, clock: Clock, id: string, input: ProductUpdate) {
  assertCan(actor, 'products', 'update');
  const before = await loadProduct(tx, id, { forUpdate: true });
  const patch: Partial<ProductRow> = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  if (patch.code !== undefined) {
    patch.code = cleanCode(patch.code);
    if (patch.code.toLowerCase() !== before.code.toLowerCase()) await assertCodeFree(tx, patch.code, id);
  }
  if (patch.nameFa !== undefined) patch.nameFa = cleanName(patch.nameFa)!;
  if (patch.category !== undefined) patch.category = cleanName(patch.category) || null;
  // No longer consumable: its cycle goes with it. A cycle on a product that stays not consumable, or a consumable left
  // without one, is refused (the schema checks the two when both are sent; here against the stored product).
  if (patch.consumable === false && input.repurchaseDays === undefined) patch.repurchaseDays = null;
  const merged = { ...before, ...patch };
  if (merged.consumable && merged.repurchaseDays == null) throw new AppError('VALIDATION_FAILED', 'A consumable needs its repurchase cycle', { repurchaseDays: 'required for a consumable (days, at least 1)' });
  if (!merged.consumable && merged.repurchaseDays != null) throw new AppError('VALIDATION_FAILED', 'Only a consumable has a repurchase cycle', { repurchaseDays: 'only a consumable has a repurchase cycle' });
  const [row] = await guardUnique(merged.code, () => tx.update(products)
    .set({ ...patch, searchDoc: productSearchDoc(merged), updatedAt: clock.now() }).where(eq(products.id, id)).returning());
  await auditUpdate(tx, actor, 'product', id, null, auditable(before), auditable(row));
  return presentProduct(row);
}

/**
 * The repurchase cycle (days) of every consumable, keyed by its code and by its id (an invoice line names its product
 * by code, or by id when it has no code): what the nightly refit needs to offer a consumable again once it is due.
 */
export async function consumableCycles(db: Db): Promise<Map<string, number>> {
  const rows = await db.select({ id: products.id, code: products.code, days: products.repurchaseDays }).from(products)
    .where(and(eq(products.consumable, true), sql`${products.repurchaseDays} IS NOT NULL`));
  const out = new Map<string, number>();
  for (const r of rows) { out.set(r.code, r.days!); out.set(r.id, r.days!); }
  return out;
}

/**
 * The current names of the products these keys name (a code, matched as the catalog does regardless of case, or a
 * product id for a line without a code), in one statement; a key no product answers to is left out.
 */
export async function productNamesByKeys(db: Db, keys: readonly string[]): Promise<Map<string, { fa: string; en: string | null }>> {
  const unique = [...new Set(keys)];
  if (!unique.length) return new Map();
  const ids = unique.filter((k) => UUID_RE.test(k));
  const codes = [...new Set(unique.map((k) => k.toLowerCase()))];
  const rows = await db.select({ id: products.id, code: products.code, fa: products.nameFa, en: products.nameEn }).from(products)
    .where(or(inArray(sql`lower(${products.code})`, codes), ids.length ? inArray(products.id, ids) : undefined));
  const byCode = new Map(rows.map((r) => [r.code.toLowerCase(), r]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out = new Map<string, { fa: string; en: string | null }>();
  for (const k of unique) {
    const r = byCode.get(k.toLowerCase()) ?? byId.get(k);
    if (r) out.set(k, { fa: r.fa, en: r.en && r.en.trim() ? r.en : null });
  }
  return out;
}
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Deactivating hides a product from pickers and keeps it on every deal and document that used it. */
export async function setProductActive(tx: Db, actor: Actor, clock: Clock, id: string, active: boolean) {
  return updateProduct(tx, actor, clock, id, { active });
}

/**
 * Deletes a product that was never used; one used on a deal or a document (any table that references it) can only
 * be deactivated: 409.
 */
export async function deleteProduct(tx: Db, actor: Actor, id: string) {
  assertCan(actor, 'products', 'delete');
  await loadProduct(tx, id, { forUpdate: true });
  try {
    // A savepoint: a reference found by the foreign keys rolls back only this attempt.
    await tx.transaction(async (sp) => {
      await sp.delete(priceListItems).where(eq(priceListItems.productId, id));
      await sp.delete(products).where(eq(products.id, id));
    });
  } catch (err) {
    if (pgErrorCode(err) === '23503') {
      throw new AppError('CONFLICT', 'This product is used on deals or documents; deactivate it instead', { id: 'in use' });
    }
    throw err;
  }
  await auditDelete(tx, actor, 'product', id, null);
}

/** SQL conditions (alias `p`) for the list filters; the search is word by word over the fa_norm search document. */
export function productFilterSql(f: ProductFilter): { where: SQL; rank?: SQL } {
  const where: SQL[] = [];
  let rank: SQL | undefined;
  if (f.category !== undefined) {
    where.push(f.category.trim() === '' ? sql`p.category IS NULL` : sql`fa_norm(p.category) = ${faNorm(f.category)}`);
  }
  if (f.kind) where.push(sql`p.kind = ${f.kind}`);
  if (f.active !== undefined) where.push(sql`p.active = ${f.active}`);
  const qn = f.q ? faNorm(f.q) : '';
  if (qn) {
    const contains = (w: string) => sql`p.search_doc LIKE ${`%${likeEscape(w)}%`}`;
    const words = qn.split(' ');
    const alternatives = [contains(qn), contains(faCompact(qn))];
    if (words.length > 1) alternatives.push(sql`(${sql.join(words.map(contains), sql` AND `)})`);
    where.push(sql`(${sql.join(alternatives, sql` OR `)})`);
    const esc = likeEscape(qn);
    rank = sql`(CASE WHEN lower(p.code) = ${qn} THEN 3 WHEN p.search_doc LIKE ${esc + '%'} THEN 2
      WHEN ' ' || p.search_doc LIKE ${`% ${esc}%`} THEN 1 ELSE 0 END)`;
  }
  return { where: where.length ? sql.join(where, sql` AND `) : sql`true`, rank };
}

const ORDER: Record<string, SQL> = {
  code: sql`lower(p.code) ASC, p.id`, '-code': sql`lower(p.code) DESC, p.id`,
  name: sql`p.name_fa ASC, p.id`, '-name': sql`p.name_fa DESC, p.id`,
  price: sql`p.price ASC, p.id`, '-price': sql`p.price DESC, p.id`,
  created: sql`p.created_at ASC, p.id`, '-created': sql`p.created_at DESC, p.id`,
  updated: sql`p.updated_at ASC, p.id`, '-updated': sql`p.updated_at DESC, p.id`,
};

export async function listProducts(db: Db, actor: Actor, q: ProductListQuery) {
  assertCan(actor, 'products', 'read');
  const { where, rank } = productFilterSql(q);
  const order = rank && !q.sort ? sql`${rank} DESC, lower(p.code), p.id` : ORDER[q.sort ?? 'code'];
  const [{ n }] = (await db.execute(sql`SELECT count(*)::int AS n FROM products p WHERE ${where}`)).rows as { n: number }[];
  const ids = (await db.execute(sql`SELECT p.id FROM products p WHERE ${where} ORDER BY ${order}
    LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`)).rows.map((r) => String(r.id));
  const byId = await productsByIds(db, ids);
  return { items: ids.map((id) => presentProduct(byId.get(id)!)), total: n, page: q.page, pageSize: q.pageSize };
}

/** Distinct categories with how many products (and active products) each has. */
export async function productCategories(db: Db, actor: Actor) {
  assertCan(actor, 'products', 'read');
  const res = await db.execute(sql`SELECT category AS name, count(*)::int AS count, count(*) FILTER (WHERE active)::int AS "activeCount"
    FROM products WHERE category IS NOT NULL GROUP BY category ORDER BY category`);
  return { items: res.rows as { name: string; count: number; activeCount: number }[] };
}

/**
 * Bulk edit in the caller's transaction: every chosen product is locked and checked first, so a price that would
 * fall below zero or past the bigint range rejects the whole edit and nothing changes. Returns how many matched and
 * how many actually changed (each changed product is audited).
 */
export async function bulkEditProducts(tx: Db, actor: Actor, clock: Clock, input: ProductBulk) {
  assertCan(actor, 'products', 'update');
  let rows: ProductRow[];
  if (input.ids) {
    const ids = [...new Set(input.ids)];
    rows = await tx.select().from(products).where(inArray(products.id, ids)).orderBy(products.id).for('update');
    if (rows.length !== ids.length) {
      const found = new Set(rows.map((r) => r.id));
      const missing = ids.filter((id) => !found.has(id));
      throw new AppError('VALIDATION_FAILED', 'Unknown products', { ids: `unknown: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ' …' : ''}` });
    }
  } else {
    const { where } = productFilterSql(input.filter ?? {});
    const ids = (await tx.execute(sql`SELECT p.id FROM products p WHERE ${where} ORDER BY p.id FOR UPDATE`)).rows.map((r) => String(r.id));
    rows = ids.length ? await tx.select().from(products).where(inArray(products.id, ids)).orderBy(products.id) : [];
  }
  const set: NonNullable<ProductBulk['set']> = input.set ?? { category: undefined };
  const changes: { before: ProductRow; after: ProductRow }[] = [];
  const bad: string[] = [];
  for (const before of rows) {
    const after = { ...before };
    if (set.category !== undefined) after.category = cleanName(set.category) || null;
    if (set.active !== undefined) after.active = set.active;
    if (set.taxClass !== undefined) after.taxClass = set.taxClass;
    if (input.price) {
      after.price = 'percent' in input.price ? applyPercent(before.price, input.price.percent) : before.price + input.price.amount;
      if (!inRialRange(after.price)) bad.push(before.code);
    }
    if (after.category !== before.category || after.active !== before.active || after.taxClass !== before.taxClass || after.price !== before.price) {
      changes.push({ before, after });
    }
  }
  if (bad.length) {
    throw new AppError('VALIDATION_FAILED', `The price change would put ${countOf(bad.length, 'price', 'prices')} below 0 or above ${MAX_RIAL} Rials; nothing was changed`,
      { price: `out of range for ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ' …' : ''}` });
  }
  if (changes.length) {
    const now = clock.now();
    // One statement for all rows: the new values travel as parallel arrays.
    await tx.execute(sql`UPDATE products p SET category = v.category, active = v.active, tax_class = v.tax_class, price = v.price::bigint, updated_at = ${now}
      FROM unnest(${sql.param(changes.map((c) => c.after.id))}::uuid[], ${sql.param(changes.map((c) => c.after.category))}::text[],
                  ${sql.param(changes.map((c) => c.after.active))}::boolean[], ${sql.param(changes.map((c) => c.after.taxClass))}::text[],
                  ${sql.param(changes.map((c) => c.after.price.toString()))}::text[]) AS v(id, category, active, tax_class, price)
      WHERE p.id = v.id`);
    for (const c of changes) await auditUpdate(tx, actor, 'product', c.before.id, null, auditable(c.before), auditable(c.after));
  }
  return { matched: rows.length, changed: changes.length };
}

/** The product with this code (any case, Persian digits too) or, failing that, this Persian or English name (fa_norm). */
export async function findProductByKey(db: Db, key: { code?: string | null; name?: string | null }): Promise<ProductRow | null> {
  if (key.code) {
    const [row] = await db.select().from(products).where(sql`lower(${products.code}) = lower(${cleanCode(key.code)})`).limit(1);
    if (row) return row;
  }
  if (key.name) {
    const n = faNorm(key.name);
    const [row] = await db.select().from(products).where(sql`fa_norm(${products.nameFa}) = ${n} OR lower(${products.nameEn}) = ${n}`).orderBy(products.createdAt).limit(1);
    if (row) return row;
  }
  return null;
}
