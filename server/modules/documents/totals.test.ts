/** The quote/invoice arithmetic: worked examples, limits, and properties that hold for any input. */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { computeTotals, spread, quantityMilli, mulDivRound, MAX_RIAL, TotalsError } from './totals.ts';

const line = (quantity: string, unitPrice: bigint, discount = 0n, taxable = true) => ({ quantity, unitPrice, discount, taxable });

describe('computeTotals', () => {
  it('works a three-line quote by hand: line and document discounts, 10% VAT, a fee', () => {
    const t = computeTotals({
      lines: [line('2', 12_500_000n, 500_000n), line('1.5', 3_333_333n), line('1', 1_000_000n, 0n, false)],
      discount: 1_000_000n, vatRateBp: 1000, fees: [{ label: 'ارسال', amount: 250_000n }],
    });
    // gross: 25,000,000; 1.5 × 3,333,333 = 4,999,999.5 → 5,000,000 (half up); 1,000,000
    expect(t.lines.map((l) => l.gross)).toEqual([25_000_000n, 5_000_000n, 1_000_000n]);
    // nets 24,500,000 / 5,000,000 / 1,000,000 (sum 30,500,000); the 1,000,000 discount spread pro rata
    expect(t.lines.map((l) => l.docDiscountShare)).toEqual([803_279n, 163_934n, 32_787n]);
    expect(t.lines.reduce((s, l) => s + l.docDiscountShare, 0n)).toBe(1_000_000n);
    // floors 803,278 (.69) 163,934 (.43) 32,786 (.89): the two Rials left go to the largest remainders, lines 3 and 1.
    // VAT on taxable lines only: (24,500,000 − 803,279) × 10% = 2,369,672.1 → 2,369,672; (5,000,000 − 163,934) × 10% = 483,606.6 → 483,607
    expect(t.lines.map((l) => l.tax)).toEqual([2_369_672n, 483_607n, 0n]);
    expect(t.subtotal).toBe(31_000_000n);
    expect(t.lineDiscountTotal).toBe(500_000n);
    expect(t.taxTotal).toBe(2_853_279n);
    expect(t.feeTotal).toBe(250_000n);
    expect(t.grandTotal).toBe(31_000_000n - 500_000n - 1_000_000n + 2_853_279n + 250_000n);
    expect(t.lines.reduce((s, l) => s + l.total, 0n) + t.feeTotal).toBe(t.grandTotal);
  });

  it('refuses what cannot be right, naming the field', () => {
    const err = (f: () => unknown) => { try { f(); } catch (e) { return e instanceof TotalsError ? e.field : 'other'; } return 'none'; };
    expect(err(() => computeTotals({ lines: [line('-1', 10n)], discount: 0n, vatRateBp: 1000, fees: [] }))).toBe('lines.0.quantity');
    expect(err(() => computeTotals({ lines: [line('0', 10n)], discount: 0n, vatRateBp: 1000, fees: [] }))).toBe('lines.0.quantity');
    expect(err(() => computeTotals({ lines: [line('1.2345', 10n)], discount: 0n, vatRateBp: 1000, fees: [] }))).toBe('lines.0.quantity');
    expect(err(() => computeTotals({ lines: [line('1', 10n, 11n)], discount: 0n, vatRateBp: 1000, fees: [] }))).toBe('lines.0.discount');
    expect(err(() => computeTotals({ lines: [line('1', 10n)], discount: 11n, vatRateBp: 1000, fees: [] }))).toBe('discount');
    expect(err(() => computeTotals({ lines: [line('1', -5n)], discount: 0n, vatRateBp: 1000, fees: [] }))).toBe('lines.0.unitPrice');
    expect(err(() => computeTotals({ lines: [line('2', MAX_RIAL)], discount: 0n, vatRateBp: 0, fees: [] }))).toBe('lines.0.unitPrice');
    expect(err(() => computeTotals({ lines: [line('1', MAX_RIAL)], discount: 0n, vatRateBp: 1000, fees: [] }))).toBe('lines.0');
    expect(err(() => computeTotals({ lines: [line('1', 1n)], discount: 0n, vatRateBp: 10_001, fees: [] }))).toBe('vatRateBp');
    expect(err(() => computeTotals({ lines: [line('1', 1n)], discount: 0n, vatRateBp: 0, fees: [{ label: 'x', amount: -1n }] }))).toBe('fees.0.amount');
  });

  it('keeps exactness at the top of the range (no float anywhere)', () => {
    const big = 922_337_203_685_477_580n; // MAX / 10, so 10% VAT still fits
    const t = computeTotals({ lines: [line('1', big)], discount: 0n, vatRateBp: 900, fees: [] });
    expect(t.taxTotal).toBe(mulDivRound(big, 900n, 10_000n));
    expect(t.grandTotal).toBe(big + t.taxTotal);
  });

  const arbLine = fc.record({
    quantity: fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 999 })).filter(([a, b]) => a + b > 0).map(([a, b]) => `${a}.${String(b).padStart(3, '0')}`),
    unitPrice: fc.bigInt({ min: 0n, max: 10n ** 12n }),
    discountPct: fc.integer({ min: 0, max: 100 }),
    taxable: fc.boolean(),
  });

  it('property: totals add up, shares sum to the discount, nothing is negative', () => {
    fc.assert(fc.property(fc.array(arbLine, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 3000 }),
      (ls, docPct, vat) => {
        const lines = ls.map((l) => {
          const gross = mulDivRound(quantityMilli(l.quantity), l.unitPrice, 1000n);
          return { quantity: l.quantity, unitPrice: l.unitPrice, discount: (gross * BigInt(l.discountPct)) / 100n, taxable: l.taxable };
        });
        const nets = lines.reduce((s, l) => s + mulDivRound(quantityMilli(l.quantity), l.unitPrice, 1000n) - l.discount, 0n);
        const discount = (nets * BigInt(docPct)) / 100n;
        const t = computeTotals({ lines, discount, vatRateBp: vat, fees: [{ label: 'f', amount: 7n }] });
        expect(t.lines.reduce((s, l) => s + l.docDiscountShare, 0n)).toBe(discount);
        expect(t.lines.reduce((s, l) => s + l.total, 0n) + t.feeTotal).toBe(t.grandTotal);
        expect(t.grandTotal).toBe(t.subtotal - t.lineDiscountTotal - discount + t.taxTotal + 7n);
        for (const l of t.lines) {
          expect(l.total >= 0n && l.tax >= 0n && l.docDiscountShare >= 0n).toBe(true);
          expect(l.docDiscountShare <= l.gross - l.discount).toBe(true);
        }
      }), { numRuns: 300 });
  });

  it('property: spread is exact, proportional within one Rial, and order-independent in total', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 20 }), (amount, weights) => {
      const total = weights.reduce((s, w) => s + w, 0n);
      const a = total === 0n ? 0n : amount % (total + 1n);
      const shares = spread(a, weights);
      expect(shares.reduce((s, x) => s + x, 0n)).toBe(total === 0n ? 0n : a);
      shares.forEach((s, i) => {
        if (total === 0n) return;
        const exactTimesTotal = a * weights[i];
        expect(s * total - exactTimesTotal > -total && s * total - exactTimesTotal < total).toBe(true);
      });
    }), { numRuns: 300 });
  });
});
