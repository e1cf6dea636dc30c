/**
 * Standing terms another module gives a customer's new documents (loyalty: the club tier's discount % and price
 * list). Set once at boot; documents asks them inside the writing transaction.
 */
import type { Db } from '../../db/client.ts';
import { activePriceList } from '../sales/index.ts';

type QuoteDiscountRule = (tx: Db, customerId: string) => Promise<number>;
let quoteDiscountRule: QuoteDiscountRule | null = null;
/** The discount % a new quote for this customer gets when it names none (loyalty: the club tier's discount). */
export function setQuoteDiscountRule(fn: QuoteDiscountRule | null) { quoteDiscountRule = fn; }
/** The customer's standing discount % (0–100; 0 without a rule). */
export async function standingDiscount(tx: Db, customerId: string): Promise<number> {
  return quoteDiscountRule ? Math.max(0, Math.min(100, await quoteDiscountRule(tx, customerId))) : 0;
}

type PriceListRule = (tx: Db, customerId: string) => Promise<string | null>;
let priceListRule: PriceListRule | null = null;
/** The price list a document for this customer is priced from when it names none (loyalty: the club tier's list). */
export function setPriceListRule(fn: PriceListRule | null) { priceListRule = fn; }

/** The customer's standing price list when it can price (it exists and is active), else null. */
export async function standingPriceList(tx: Db, customerId: string): Promise<{ id: string; name: string } | null> {
  const id = priceListRule ? await priceListRule(tx, customerId) : null;
  return id ? activePriceList(tx, id) : null;
}
