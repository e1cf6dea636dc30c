/**
 * Products: name, code (the duplicate key; a row without one gets P-<hash of the name>, so the same list imported
 * twice still finds its products), price in Rial or Toman, unit, category, tax, description — through the catalog's
 * own create and update (validated by productCreate), each audited.
 */
import type { Db } from '../../../db/client.ts';
import { AppError } from '../../../errors.ts';
import { createProduct, deleteProduct, findProductByKey, presentProduct, updateProduct } from '../../sales/index.ts';
import { faNorm } from '../../../../common/fa-normalize.ts';
import { productCreate, productUpdate, type ProductCreate, type ProductUpdate } from '../../../../common/sales.schemas.ts';
import { IMPORT_KIND_OBJECTS, PRODUCT_IMPORT_FIELDS, type ImportMapping, type ImportOptions } from '../../../../common/imports.schemas.ts';
import { parseMoney, parseYesNo } from './cells.ts';
import { fieldsOf, firstOf, issuesOf, rowByRow, shortHash, type InputRow, type KindContext, type KindDef, type Mapped, type UndoRow } from './kind.ts';

type ProductRowIn = { input: ProductCreate; provided: (keyof ProductCreate)[] };

const aliases: Record<string, string[]> = {
  name: ['نام', 'نام کالا', 'نام محصول', 'کالا', 'محصول', 'عنوان', 'name', 'product', 'product name', 'title', 'item'],
  nameEn: ['نام انگلیسی', 'نام لاتین', 'english name', 'name en', 'latin name'],
  code: ['کد', 'کد کالا', 'کد محصول', 'شناسه', 'شناسه کالا', 'بارکد', 'sku', 'code', 'product code', 'item code', 'barcode'],
  price: ['قیمت', 'قیمت فروش', 'فی', 'بها', 'price', 'unit price', 'sale price'],
  unit: ['واحد', 'واحد شمارش', 'unit', 'uom'],
  category: ['دسته', 'دسته بندی', 'گروه', 'گروه کالا', 'category', 'group', 'type'],
  tax: ['مالیات', 'ارزش افزوده', 'مشمول مالیات', 'مالیات بر ارزش افزوده', 'tax', 'vat', 'taxable', 'tax class'],
  description: ['توضیحات', 'شرح', 'description', 'details', 'notes'],
  productKind: ['نوع', 'کالا/خدمت', 'kind', 'product type'],
};

const SERVICE = new Set(['service', 'خدمت', 'خدمات']);
const EXEMPT = new Set(['exempt', 'معاف', 'بدون مالیات']);

function map(cells: string[], mapping: ImportMapping, options: ImportOptions): Mapped<ProductRowIn> {
  const f = fieldsOf(cells, mapping);
  const errors: string[] = [];
  const raw: Record<string, unknown> = {};
  const name = firstOf(f, 'name');
  if (name) raw.nameFa = name; else errors.push('name: required');
  const code = firstOf(f, 'code');
  raw.code = code ?? (name ? `P-${shortHash(faNorm(name)).slice(0, 8)}` : undefined);
  for (const k of ['nameEn', 'unit', 'category', 'description'] as const) { const v = firstOf(f, k); if (v) raw[k] = v; }
  const price = firstOf(f, 'price');
  if (price) { const n = parseMoney(price, options.moneyUnit); if (n === null) errors.push(`price: "${price}" is not an amount`); else raw.price = n.toString(); }
  else raw.price = '0';
  const tax = firstOf(f, 'tax');
  if (tax) {
    const s = tax.trim().toLowerCase();
    const yes = parseYesNo(tax);
    raw.taxClass = EXEMPT.has(s) || yes === false ? 'exempt' : 'standard';
  }
  const kind = firstOf(f, 'productKind');
  if (kind) raw.kind = SERVICE.has(kind.trim().toLowerCase()) ? 'service' : 'product';
  const parsed = productCreate.safeParse(raw);
  // A field that already has its reason is not reported twice.
  const said = new Set(errors.map((e) => e.split(':')[0]));
  if (!parsed.success) errors.push(...issuesOf(parsed.error.issues).map((e) => e.replace(/^nameFa:/, 'name:')).filter((e) => !said.has(e.split(':')[0])));
  if (errors.length || !parsed.success) return { ok: false, errors };
  const provided = Object.keys(raw).filter((k) => k !== 'code' && !(k === 'price' && !price)) as (keyof ProductCreate)[];
  const { price: p, ...rest } = parsed.data;
  return { ok: true, value: { input: parsed.data, provided }, shown: { ...rest, price: p.toString() } };
}

async function writeChunk(ctx: KindContext, rows: InputRow[], mapping: ImportMapping) {
  return rowByRow(ctx, rows, (cells) => map(cells, mapping, ctx.options), async (tx, { input, provided }) => {
    const key = input.code.toLowerCase();
    const existing = await findProductByKey(tx, { code: input.code });
    if (existing && ctx.options.onDuplicate !== 'create') {
      if (ctx.options.onDuplicate === 'skip') return { outcome: 'skipped', recordId: existing.id, recordKey: key, reason: 'duplicate (code)' };
      const before = presentProduct(existing) as Record<string, unknown>;
      const patch: Record<string, unknown> = {};
      const previous: Record<string, unknown> = {};
      for (const k of provided) {
        const now = k === 'price' ? input.price.toString() : (input as Record<string, unknown>)[k];
        if (JSON.stringify(before[k] ?? null) !== JSON.stringify(now ?? null)) { patch[k] = (input as Record<string, unknown>)[k]; previous[k] = before[k] ?? null; }
      }
      if (Object.keys(patch).length) await updateProduct(tx, ctx.actor, ctx.clock, existing.id, patch as ProductUpdate);
      return { outcome: 'updated', recordId: existing.id, recordKey: key, previous };
    }
    // 'create' with a code already used is refused by the catalog (codes are unique): the row is rejected with its reason.
    const created = await createProduct(tx, ctx.actor, ctx.clock, input);
    return { outcome: 'created', recordId: created.id, recordKey: key };
  });
}

/** Created products are deleted — or deactivated when a deal or document uses them since; updated ones get their values back. */
async function undo(tx: Db, actor: KindContext['actor'], clock: KindContext['clock'], rows: UndoRow[]) {
  let removed = 0;
  let reverted = 0;
  for (const r of rows.filter((x) => x.outcome === 'updated' && x.recordId && x.previous && Object.keys(x.previous).length).sort((a, b) => b.rowNo - a.rowNo)) {
    await updateProduct(tx, actor, clock, r.recordId!, productUpdate.parse(r.previous));
    reverted++;
  }
  for (const r of rows.filter((x) => x.outcome === 'created' && x.recordId)) {
    try {
      await tx.transaction((sp) => deleteProduct(sp as unknown as Db, actor, r.recordId!));
      removed++;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.code === 'CONFLICT') { await updateProduct(tx, actor, clock, r.recordId!, { active: false }); reverted++; }
      else if (err.code !== 'NOT_FOUND') throw err;
    }
  }
  return { removed, reverted };
}

export const productsKind: KindDef<ProductRowIn> = { kind: 'products', object: IMPORT_KIND_OBJECTS.products, fields: PRODUCT_IMPORT_FIELDS, aliases, map, writeChunk, undo };
