/**
 * Purchase history: one row per invoice line. Rows with the same invoice number — or, without a number, the same
 * customer and day — make one issued invoice (recorded like a shop's order, documents' recordExternalInvoice), which
 * counts as a purchase everywhere. An invoice without a number is numbered H-<customer>-<YYYYMMDD>, so a transaction
 * log (customer_code,date,quantity,amount) becomes one invoice per customer-day with one line per row.
 * Products are matched by code, then name; a line whose product is unknown keeps its code and name without a product
 * (no product is created). The runner puts chunk boundaries between invoices; an invoice this batch began in an earlier
 * chunk (rows apart in the file, or a resumed run) gets the new lines added, so no invoice is split or doubled.
 */
import type { Db } from '../../../db/client.ts';
import { refreshInvoiceStats, deleteExternalInvoice, externalInvoiceContent, invoiceIdByNumber, invoiceIdsByNumbers, recordExternalInvoice, recordExternalInvoicesBulk, type BulkInvoiceResult, type ExternalInvoice, type ExternalInvoiceLine } from '../../documents/index.ts';
import { findProductByKey } from '../../sales/index.ts';
import { errorText, type Outcome } from '../outcome.ts';
import { IMPORT_KIND_OBJECTS, PURCHASE_IMPORT_FIELDS, type ImportMapping, type ImportOptions } from '../../../../common/imports.schemas.ts';
import { CUSTOMER_KEY_ALIASES, customerKeyOf, customerKeyShown, resolveCustomer, resolveCustomers, type CustomerKey } from './customer-key.ts';
import { parseDay, parseMoney, parseQuantity, parseYesNo } from './cells.ts';
import { priorRecord } from './prior.ts';
import { fieldsOf, firstOf, noonTehran, rejectedRow, type InputRow, type KindContext, type KindDef, type Mapped, type UndoRow } from './kind.ts';

type Line = { productCode: string | null; productName: string | null; quantity: string; unitPrice: bigint; total: bigint };
export type PurchaseRow = { customer: CustomerKey; number: string | null; date: string; line: Line; paidAll: boolean; paidAmount: bigint | null };

const aliases: Record<string, string[]> = {
  ...CUSTOMER_KEY_ALIASES,
  customerName: ['نام مشتری', 'نام خریدار', 'خریدار', 'customer name', 'buyer'],
  invoiceNumber: ['شماره فاکتور', 'فاکتور', 'شماره سفارش', 'invoice', 'invoice number', 'invoice no', 'order', 'order number', 'order id'],
  date: ['تاریخ', 'تاریخ خرید', 'تاریخ فاکتور', 'date', 'purchase date', 'invoice date', 'order date'],
  productCode: ['کد کالا', 'کد محصول', 'شناسه کالا', 'sku', 'product code', 'item code'],
  productName: ['کالا', 'محصول', 'نام کالا', 'نام محصول', 'شرح', 'product', 'product name', 'item', 'description'],
  quantity: ['تعداد', 'مقدار', 'quantity', 'qty', 'count'],
  unitPrice: ['قیمت واحد', 'فی', 'قیمت', 'unit price', 'price'],
  discount: ['تخفیف', 'discount'],
  amount: ['مبلغ', 'مبلغ کل', 'جمع', 'amount', 'total', 'line total', 'sum'],
  paid: ['پرداخت', 'پرداخت شده', 'مبلغ پرداختی', 'وضعیت پرداخت', 'paid', 'payment', 'paid amount'],
};

function map(cells: string[], mapping: ImportMapping, options: ImportOptions): Mapped<PurchaseRow> {
  const f = fieldsOf(cells, mapping);
  const errors: string[] = [];
  const customer = customerKeyOf(f, errors);
  const dateCell = firstOf(f, 'date');
  let date = '';
  if (!dateCell) errors.push('date: required');
  else { const d = parseDay(dateCell, options.dates); if (d.ok) date = d.iso; else errors.push(`date: ${d.reason}`); }
  const qCell = firstOf(f, 'quantity');
  const quantity = qCell ? parseQuantity(qCell) : '1';
  if (quantity === null) errors.push(`quantity: "${qCell}" is not a quantity above zero`);
  const money = (field: string) => {
    const c = firstOf(f, field);
    if (c === null) return null;
    const n = parseMoney(c, options.moneyUnit);
    if (n === null) errors.push(`${field}: "${c}" is not an amount`);
    return n;
  };
  const unitPrice = money('unitPrice');
  const discount = money('discount') ?? 0n;
  const amount = money('amount');
  const paidCell = firstOf(f, 'paid');
  let paidAll = false;
  let paidAmount: bigint | null = null;
  if (paidCell) {
    const yes = parseYesNo(paidCell);
    if (yes !== undefined) paidAll = yes;
    else { paidAmount = parseMoney(paidCell, options.moneyUnit); if (paidAmount === null) errors.push(`paid: "${paidCell}" is neither yes/no nor an amount`); }
  }
  if (unitPrice === null && amount === null && !errors.some((e) => e.startsWith('unitPrice') || e.startsWith('amount'))) errors.push('amount: a line needs a unit price or an amount');
  if (errors.length || !customer || quantity === null) return { ok: false, errors };
  const milli = BigInt(Math.round(Number(quantity) * 1000));
  // Only an amount: the unit price is the amount over the quantity, rounded up (the line total stays the file's amount).
  const price = unitPrice ?? (amount! * 1000n + milli - 1n) / milli;
  const gross = (milli * price + 500n) / 1000n;
  const total = amount ?? gross - discount;
  if (total < 0n || total > gross) return { ok: false, errors: [total < 0n ? 'discount: more than the line amount' : 'amount: more than quantity × unit price'] };
  const line: Line = { productCode: firstOf(f, 'productCode'), productName: firstOf(f, 'productName'), quantity, unitPrice: price, total };
  const number = firstOf(f, 'invoiceNumber')?.slice(0, 60) ?? null;
  return {
    ok: true, value: { customer, number, date, line, paidAll, paidAmount },
    shown: { customer: customerKeyShown(customer), invoiceNumber: number, date, product: line.productCode ?? line.productName, quantity, unitPrice: price.toString(), total: total.toString(), paid: paidAll ? true : paidAmount?.toString() ?? null },
  };
}

function groupKey(cells: string[], mapping: ImportMapping): string {
  const f = fieldsOf(cells, mapping);
  const n = firstOf(f, 'invoiceNumber');
  if (n) return 'N:' + n;
  return ['C', firstOf(f, 'customerCode'), firstOf(f, 'customerNationalId'), firstOf(f, 'customerPhone'), firstOf(f, 'customerEmail'), firstOf(f, 'date')].join('|');
}

const bigintsOut = (lines: ExternalInvoiceLine[]) => lines.map((l) => ({ ...l, unitPrice: l.unitPrice.toString(), total: l.total.toString() }));
const bigintsIn = (lines: Record<string, unknown>[]): ExternalInvoiceLine[] => lines.map((l) => ({ ...(l as unknown as ExternalInvoiceLine), unitPrice: BigInt(String(l.unitPrice)), total: BigInt(String(l.total)) }));

type Group = { rowNo: number; cells: string[]; value: PurchaseRow }[];
type ProductCache = Map<string, { id: string; code: string; name: string } | null>;

/**
 * A chunk's invoices: the customers of all its rows found in one lookup, then every invoice whose number is new written
 * in one bulk recording (documents, lines, payments, events: a statement each). An invoice that exists already (begun
 * by an earlier chunk or run, or a duplicate to skip or replace) and anything the bulk write refuses go the one-by-one
 * way, each in a savepoint, as before.
 */
async function writeChunk(ctx: KindContext, rows: InputRow[], mapping: ImportMapping): Promise<Outcome[]> {
  const out: Outcome[] = [];
  const groups = new Map<string, Group>();
  for (const r of rows) {
    const m = map(r.cells, mapping, ctx.options);
    if (!m.ok) { out.push(rejectedRow(r.rowNo, m.errors.join('; '), r.cells)); continue; }
    const k = groupKey(r.cells, mapping);
    const g = groups.get(k);
    if (g) g.push({ ...r, value: m.value }); else groups.set(k, [{ ...r, value: m.value }]);
  }
  const customers = new Map<string, string | null>();
  await resolveCustomers(ctx.tx, ctx.actor, [...groups.values()].map((g) => g[0].value.customer), customers);
  const products: ProductCache = new Map();
  const mine = new Map<string, 'created' | 'updated'>(); // invoices this chunk wrote (not yet in import_rows)
  // Each group's invoice number; groups that name the same invoice of the same customer (its code on one row, its phone
  // on another, the same day) are one invoice, as they were when written one after the other.
  const invoices = new Map<string, { customerId: string; number: string; group: Group }>();
  const later: Group[] = [];
  for (const group of groups.values()) {
    const who = await resolveCustomer(ctx.tx, ctx.actor, group[0].value.customer, customers);
    if ('reason' in who) { for (const g of group) out.push(rejectedRow(g.rowNo, who.reason, g.cells)); continue; }
    const number = invoiceNumber(group[0].value, who.id);
    const same = invoices.get(number);
    if (!same) invoices.set(number, { customerId: who.id, number, group: [...group] });
    else if (same.customerId === who.id) same.group.push(...group);
    else later.push(group);
  }
  const existing = await invoiceIdsByNumbers(ctx.tx, [...invoices.keys()]);
  const fresh = [...invoices.values()].filter((i) => !existing.has(i.number));
  const oneByOne: Group[] = [...invoices.values()].filter((i) => existing.has(i.number)).map((i) => i.group);
  if (fresh.length) {
    const inputs: ExternalInvoice[] = [];
    for (const inv of fresh) {
      const lines = await linesOf(ctx.tx, inv.group, products);
      const grand = lines.reduce((s, l) => s + l.total, 0n);
      inputs.push(importedInvoice(inv.customerId, inv.number, inv.group[0].value.date, lines, paidOf(inv.group, grand)));
    }
    let results: BulkInvoiceResult[] | null = null;
    try {
      results = await ctx.tx.transaction((sp) => recordExternalInvoicesBulk(sp as unknown as Db, ctx.actor, ctx.clock, inputs));
    } catch {
      // Refused (a permission, or the database): every invoice of it goes one by one, alone in its savepoint, where a
      // refusal rejects that invoice's rows with the reason, as before.
    }
    fresh.forEach((inv, i) => {
      const r = results?.[i];
      if (!r || 'exists' in r) { oneByOne.push(inv.group); return; }
      if ('problem' in r) { for (const g of inv.group) out.push(rejectedRow(g.rowNo, r.problem, g.cells)); return; }
      mine.set(r.id, 'created');
      for (const g of inv.group) out.push({ rowNo: g.rowNo, outcome: 'created', customerId: inv.customerId, recordId: r.id, recordKey: inv.number, previous: null, reason: null, cells: null });
    });
  }
  for (const group of [...oneByOne.sort((a, b) => a[0].rowNo - b[0].rowNo), ...later]) {
    try {
      const written = await ctx.tx.transaction((sp) => writeInvoice({ ...ctx, tx: sp as unknown as Db }, group, customers, products, mine));
      for (const o of written) if (o.recordId && (o.outcome === 'created' || o.outcome === 'updated')) mine.set(o.recordId, o.outcome);
      out.push(...written);
    } catch (err) {
      const reason = errorText(err);
      for (const g of group) out.push(rejectedRow(g.rowNo, reason, g.cells));
    }
  }
  return out.sort((a, b) => a.rowNo - b.rowNo);
}

/** The file's invoice number, or for a log without one H-<customer>-<YYYYMMDD>. */
const invoiceNumber = (first: PurchaseRow, customerId: string) => first.number ?? `H-${customerId.replace(/-/g, '').slice(0, 12)}-${first.date.replace(/-/g, '')}`;

/** The group's rows as invoice lines, products matched by code, then name (cached for the chunk). */
async function linesOf(tx: Db, group: Group, products: ProductCache): Promise<ExternalInvoiceLine[]> {
  const lines: ExternalInvoiceLine[] = [];
  for (const { value: { line } } of group) {
    const pk = `${line.productCode ?? ''}|${line.productName ?? ''}`;
    if (!products.has(pk)) {
      const p = line.productCode || line.productName ? await findProductByKey(tx, { code: line.productCode, name: line.productName }) : null;
      products.set(pk, p ? { id: p.id, code: p.code, name: p.nameFa } : null);
    }
    const p = products.get(pk);
    lines.push({
      productId: p?.id ?? null, code: p?.code ?? line.productCode, description: (p?.name ?? line.productName ?? line.productCode ?? 'خرید').slice(0, 500),
      quantity: line.quantity, unitPrice: line.unitPrice, total: line.total,
    });
  }
  return lines;
}

/** Paid in full when a row says so, else the largest amount a row gives as paid. */
const paidOf = (group: Group, grand: bigint) => (group.some((g) => g.value.paidAll) ? grand : group.reduce((m, g) => (g.value.paidAmount !== null && g.value.paidAmount > m ? g.value.paidAmount : m), 0n));

function importedInvoice(customerId: string, number: string, issueDate: string, lines: ExternalInvoiceLine[], paid: bigint): ExternalInvoice {
  const grand = lines.reduce((s, l) => s + l.total, 0n);
  return {
    customerId, number, issueDate, lines, fees: [], cancelled: false, source: 'import',
    payments: paid > 0n ? [{ amount: paid > grand ? grand : paid, paidAt: noonTehran(issueDate), method: 'other', reference: `import:${number}` }] : [],
  };
}

async function writeInvoice(ctx: KindContext, group: Group, customers: Map<string, string | null>, products: ProductCache, mine: Map<string, 'created' | 'updated'>): Promise<Outcome[]> {
  const { tx, actor, clock } = ctx;
  const first = group[0].value;
  const who = await resolveCustomer(tx, actor, first.customer, customers);
  if ('reason' in who) return group.map((g) => rejectedRow(g.rowNo, who.reason, g.cells));
  const number = invoiceNumber(first, who.id);
  const done = (outcome: 'created' | 'updated' | 'skipped', recordId: string | null, extra: Partial<Outcome> = {}): Outcome[] =>
    group.map((g, i) => ({ rowNo: g.rowNo, outcome, customerId: who.id, recordId, recordKey: number, previous: i === 0 ? extra.previous ?? null : null, reason: extra.reason ?? null, cells: null }));
  const existingId = await invoiceIdByNumber(tx, number);
  const ours = !existingId ? null : mine.has(existingId) ? { outcome: mine.get(existingId)! } : await priorRecord(tx, 'purchases', number, ctx.batchId);
  let base: ExternalInvoiceLine[] = [];
  let issueDate = first.date;
  let outcome: 'created' | 'updated' = 'created';
  let previous: Record<string, unknown> | null = null;
  if (existingId) {
    const content = await externalInvoiceContent(tx, existingId);
    if (ours) {
      // This import began the invoice (an earlier chunk, or before a crash): the lines go on.
      base = content?.lines ?? [];
      issueDate = content?.issueDate ?? issueDate;
      outcome = ours.outcome as 'created' | 'updated';
    } else if (ctx.options.onDuplicate !== 'update') {
      return done('skipped', existingId, { reason: 'duplicate (invoice number)' });
    } else {
      outcome = 'updated';
      previous = content ? { issueDate: content.issueDate, lines: bigintsOut(content.lines) } : null;
    }
  }
  const lines: ExternalInvoiceLine[] = [...base, ...(await linesOf(tx, group, products))];
  const grand = lines.reduce((s, l) => s + l.total, 0n);
  const r = await recordExternalInvoice(tx, actor, clock, importedInvoice(who.id, number, issueDate, lines, paidOf(group, grand)));
  return done(outcome, r.id, { previous });
}

/** Created invoices are removed; a replaced one gets its date and lines back (payments the import added stay). */
async function undo(tx: Db, actor: KindContext['actor'], clock: KindContext['clock'], rows: UndoRow[]) {
  let removed = 0;
  let reverted = 0;
  for (const r of rows.filter((x) => x.outcome === 'updated' && x.previous && x.recordId && x.customerId)) {
    const p = r.previous as { issueDate: string; lines: Record<string, unknown>[] };
    // An invoice deleted since has nothing to put back.
    if (!r.recordKey || !(await externalInvoiceContent(tx, r.recordId!))) continue;
    await recordExternalInvoice(tx, actor, clock, { customerId: r.customerId!, number: r.recordKey, issueDate: p.issueDate, lines: bigintsIn(p.lines), fees: [], payments: [], cancelled: false, source: 'import' });
    reverted++;
  }
  for (const id of new Set(rows.filter((x) => x.outcome === 'created' && x.recordId).map((x) => x.recordId!))) {
    if (await deleteExternalInvoice(tx, actor, id)) removed++;
  }
  return { removed, reverted };
}

export const purchasesKind: KindDef<PurchaseRow> = {
  kind: 'purchases', object: IMPORT_KIND_OBJECTS.purchases, fields: PURCHASE_IMPORT_FIELDS, aliases, map, groupKey, writeChunk, undo,
  // Without it the number lookup of each chunk keeps the plan made for an almost empty documents table and scans it
  // whole (measured: 90 ms a chunk at 5,000 invoices, growing with the table).
  refreshStats: refreshInvoiceStats,
};
