/**
 * A WooCommerce order → an invoice (WC-<number>) with its lines (products matched by SKU; an unknown SKU keeps the
 * shop's name and no product), shipping and tax as fees, and its payment once the shop marks it paid. Re-recording the
 * same order updates that invoice (documents' recordExternalInvoice is idempotent by number).
 */
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { Actor } from '../auth/index.ts';
import { products } from '../sales/index.ts';
import { recordExternalInvoice, invoiceIdByNumber, type ExternalPayment } from '../documents/index.ts';
import { getOrgSettings } from '../settings/index.ts';
import { todayIn } from '../../../common/jalali.ts';
import type { WooOrder } from '../../drivers/shop/woocommerce/index.ts';
import type { WooConfig } from './shop.settings.ts';
import { upsertBuyer, type BuyerOutcome } from './shop.customers.ts';

/** Orders not (yet) a sale: a checkout in progress, a failed payment. Recorded only to cancel one already recorded. */
const ANNOUNCE_WITHIN_MS = 7 * 86_400_000;
const NOT_SALES = new Set(['checkout-draft', 'failed', 'cancelled', 'refunded', 'trash']);
const PAID = new Set(['processing', 'completed']);

/** A WooCommerce amount ("1250.50", 1250.5) in integer Rials; Toman stores ×10. Half away from zero. */
export function toRials(amount: string | number | undefined, currency: WooConfig['currency']): bigint {
  const s = String(amount ?? '0').trim();
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (!m[2] && !m[3])) return 0n;
  const scale = currency === 'IRT' ? 10n : 1n;
  const frac = (m[3] ?? '').padEnd(4, '0').slice(0, 4);
  const tenThousandths = (BigInt(m[2] || '0') * 10000n + BigInt(frac)) * scale;
  const whole = (tenThousandths + 5000n) / 10000n;
  return m[1] ? -whole : whole;
}

const gmtDate = (s: string | null | undefined) => (s ? new Date(/Z$|[+-]\d\d:\d\d$/.test(s) ? s : s + 'Z') : null);

function methodOf(wooMethod: string): ExternalPayment['method'] {
  if (wooMethod === 'cod') return 'cash';
  if (wooMethod === 'bacs' || wooMethod === 'cheque') return 'transfer';
  return 'online';
}

export type OrderOutcome = { invoiceId: string | null; outcome: 'created' | 'updated' | 'ignored'; buyer: BuyerOutcome | null };

export async function upsertOrder(tx: Db, actor: Actor, clock: Clock, cfg: WooConfig, order: WooOrder): Promise<OrderOutcome> {
  const number = `WC-${order.number || order.id}`;
  if (NOT_SALES.has(order.status)) {
    const known = await invoiceIdByNumber(tx, number);
    if (!known || order.status === 'checkout-draft') return { invoiceId: null, outcome: 'ignored', buyer: null };
  }
  const b = order.billing ?? {};
  const buyer = await upsertBuyer(tx, actor, clock, {
    shopCustomerId: order.customer_id || null, email: b.email ?? '', phone: b.phone ?? '', firstName: b.first_name ?? '', lastName: b.last_name ?? '',
    city: b.city ?? '', company: b.company ?? '',
  });
  const skus = [...new Set(order.line_items.map((l) => l.sku.trim().toLowerCase()).filter(Boolean))];
  const found = skus.length ? await tx.select({ id: products.id, code: products.code }).from(products).where(inArray(sql`lower(${products.code})`, skus)) : [];
  const bySku = new Map(found.map((p) => [p.code.toLowerCase(), p]));
  const lines = order.line_items.map((l) => {
    const p = bySku.get(l.sku.trim().toLowerCase());
    const quantity = String(l.quantity);
    const total = toRials(l.total, cfg.currency);
    // The list price (`subtotal` is quantity × price before coupons); fall back to the charged total.
    const sub = l.subtotal !== undefined ? toRials(l.subtotal, cfg.currency) : total;
    const unitPrice = l.price !== undefined ? toRials(l.price, cfg.currency) : l.quantity ? sub / BigInt(Math.round(l.quantity)) : total;
    return { productId: p?.id ?? null, code: l.sku.trim() || null, description: l.name.trim() || l.sku || 'item', quantity, unitPrice, total };
  });
  const fees: { label: string; amount: bigint }[] = [];
  const shipping = toRials(order.shipping_total, cfg.currency);
  if (shipping > 0n) fees.push({ label: 'ارسال (shipping)', amount: shipping });
  const tax = toRials((order as { total_tax?: string }).total_tax, cfg.currency);
  if (tax > 0n) fees.push({ label: 'مالیات (tax)', amount: tax });
  const paidAt = gmtDate(order.date_paid_gmt);
  const payments: ExternalPayment[] = paidAt && PAID.has(order.status)
    ? [{ amount: toRials(order.total, cfg.currency), paidAt, method: methodOf(order.payment_method), reference: `woocommerce:${order.id}` }]
    : [];
  const settings = await getOrgSettings(tx);
  const created = gmtDate(order.date_created_gmt) ?? clock.now();
  const r = await recordExternalInvoice(tx, actor, clock, {
    customerId: buyer.id, number, issueDate: todayIn(created, settings.timeZone), lines, fees, payments,
    cancelled: NOT_SALES.has(order.status), source: `WooCommerce order #${order.number || order.id}`,
    // An order paid in the last week is news (webhook, purchase survey); an old one brought in by the first sync is history.
    announcePaid: paidAt !== null && clock.now().getTime() - paidAt.getTime() <= ANNOUNCE_WITHIN_MS,
  });
  return { invoiceId: r.id, outcome: r.created ? 'created' : 'updated', buyer };
}
