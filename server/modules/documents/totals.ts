/**
 * Quote and invoice arithmetic in integer Rials (bigint): no floating point anywhere. Rules, in order:
 * 1. line gross = quantity × unit price, quantity in thousandths, rounded half up to a whole Rial;
 * 2. the line discount (a Rial amount) comes off its line and cannot exceed it;
 * 3. the whole-document discount is spread over the lines in proportion to what is left of each (largest remainder,
 *    so the shares add up to the discount exactly) and cannot exceed the lines' sum;
 * 4. VAT = (line after both discounts) × rate, per taxable line, rounded half up;
 * 5. fees (delivery, installation, other duties) are added flat at the end.
 * grand total = Σ gross − Σ line discounts − document discount + Σ VAT + Σ fees.
 */
export const MAX_RIAL = 9_223_372_036_854_775_807n;

export type LineInput = { quantity: string; unitPrice: bigint; discount: bigint; taxable: boolean };
export type LineResult = { gross: bigint; discount: bigint; docDiscountShare: bigint; tax: bigint; total: bigint };
export type TotalsInput = { lines: LineInput[]; discount: bigint; vatRateBp: number; fees: { label: string; amount: bigint }[] };
export type Totals = {
  lines: LineResult[];
  subtotal: bigint; lineDiscountTotal: bigint; documentDiscount: bigint; taxTotal: bigint; feeTotal: bigint; grandTotal: bigint;
};

/** A problem with the numbers, named by the field path it concerns (e.g. `lines.2.discount`). */
export class TotalsError extends Error {
  constructor(readonly field: string, message: string) { super(message); }
}

/** "2", "1.5", "0.125" → thousandths as bigint; more than 3 decimals, signs or exponents are refused. */
export function quantityMilli(q: string): bigint {
  const m = /^(\d{1,11})(?:\.(\d{1,3}))?$/.exec(q);
  if (!m) throw new TotalsError('quantity', 'Quantity must be a positive number with at most 3 decimals');
  return BigInt(m[1]) * 1000n + BigInt((m[2] ?? '').padEnd(3, '0'));
}

/** a × b ÷ d rounded half up, for non-negative a, b and positive d. */
export function mulDivRound(a: bigint, b: bigint, d: bigint): bigint {
  return (a * b * 2n + d) / (2n * d);
}

function within(field: string, v: bigint): bigint {
  if (v > MAX_RIAL) throw new TotalsError(field, 'Amount is larger than the largest amount Mehvar can store');
  return v;
}

export function computeTotals(input: TotalsInput): Totals {
  if (!Number.isInteger(input.vatRateBp) || input.vatRateBp < 0 || input.vatRateBp > 10_000) throw new TotalsError('vatRateBp', 'VAT rate must be between 0% and 100%');
  const nets = input.lines.map((l, i) => {
    const qm = (() => { try { return quantityMilli(l.quantity); } catch (e) { throw new TotalsError(`lines.${i}.quantity`, (e as Error).message); } })();
    if (qm === 0n) throw new TotalsError(`lines.${i}.quantity`, 'Quantity must be more than zero');
    if (l.unitPrice < 0n) throw new TotalsError(`lines.${i}.unitPrice`, 'Unit price cannot be negative');
    if (l.discount < 0n) throw new TotalsError(`lines.${i}.discount`, 'Discount cannot be negative');
    const gross = within(`lines.${i}.unitPrice`, mulDivRound(qm, l.unitPrice, 1000n));
    if (l.discount > gross) throw new TotalsError(`lines.${i}.discount`, 'Discount cannot be more than the line amount');
    return { gross, discount: l.discount, net: gross - l.discount };
  });
  const netSum = within('lines', nets.reduce((s, n) => s + n.net, 0n));
  if (input.discount < 0n) throw new TotalsError('discount', 'Discount cannot be negative');
  if (input.discount > netSum) throw new TotalsError('discount', 'Discount cannot be more than the lines after their own discounts');
  const shares = spread(input.discount, nets.map((n) => n.net));
  const lines = nets.map((n, i): LineResult => {
    const base = n.net - shares[i];
    const tax = input.lines[i].taxable ? mulDivRound(base, BigInt(input.vatRateBp), 10_000n) : 0n;
    return { gross: n.gross, discount: n.discount, docDiscountShare: shares[i], tax, total: within(`lines.${i}`, base + tax) };
  });
  input.fees.forEach((f, i) => { if (f.amount < 0n) throw new TotalsError(`fees.${i}.amount`, 'A fee cannot be negative'); });
  const sum = (xs: bigint[]) => xs.reduce((s, x) => s + x, 0n);
  const subtotal = within('lines', sum(lines.map((l) => l.gross)));
  const lineDiscountTotal = sum(lines.map((l) => l.discount));
  const taxTotal = within('lines', sum(lines.map((l) => l.tax)));
  const feeTotal = within('fees', sum(input.fees.map((f) => f.amount)));
  const grandTotal = within('total', subtotal - lineDiscountTotal - input.discount + taxTotal + feeTotal);
  return { lines, subtotal, lineDiscountTotal, documentDiscount: input.discount, taxTotal, feeTotal, grandTotal };
}

/** Splits `amount` over `weights` in proportion, by largest remainder (ties to the earlier line): Σ shares = amount. */
export function spread(amount: bigint, weights: bigint[]): bigint[] {
  const total = weights.reduce((s, w) => s + w, 0n);
  if (amount === 0n || total === 0n) return weights.map(() => 0n);
  const floors = weights.map((w) => (amount * w) / total);
  let left = amount - floors.reduce((s, f) => s + f, 0n);
  const order = weights.map((w, i) => ({ i, rem: (amount * w) % total })).sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  for (const { i } of order) { if (left === 0n) break; floors[i] += 1n; left -= 1n; }
  return floors;
}
