import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { rialAmount, rialDelta, quantityInput, percentChange, MAX_RIAL } from '../../../common/sales.schemas.ts';
import { applyPercent, canonicalQuantity, divRound, formatRank, itemsTotal, lineTotal, parseRank, quantityMilli, rankBetween, RANK_LIMIT } from './sales.values.ts';

describe('money and quantity schemas', () => {
  it('parses Rials as bigint up to the bigint limit, from strings only', () => {
    expect(rialAmount.parse('12500000')).toBe(12500000n);
    expect(rialAmount.parse(' ۱۲۵۰۰ ')).toBe(12500n);
    expect(rialAmount.parse('9223372036854775807')).toBe(MAX_RIAL);
    for (const bad of ['9223372036854775808', '-1', '1.5', '1,000', '', 'abc', 12500]) expect(rialAmount.safeParse(bad).success, String(bad)).toBe(false);
    expect(rialDelta.parse('-500')).toBe(-500n);
    expect(rialDelta.parse('+500')).toBe(500n);
    expect(rialDelta.safeParse('-9223372036854775808').success).toBe(false);
  });

  it('accepts quantities > 0 with at most 3 decimals and returns a canonical string', () => {
    expect(quantityInput.parse('2')).toBe('2');
    expect(quantityInput.parse('002.500')).toBe('2.5');
    expect(quantityInput.parse('۰٫۲۵')).toBe('0.25');
    for (const bad of ['0', '0.000', '-1', '1.2345', '1e3', '123456789012', 2]) expect(quantityInput.safeParse(bad).success, String(bad)).toBe(false);
  });

  it('reads percents with up to 4 decimals, scaled by 10,000', () => {
    expect(percentChange.parse(10)).toBe(100_000n);
    expect(percentChange.parse('-12.5')).toBe(-125_000n);
    expect(percentChange.parse('0.0001')).toBe(1n);
    expect(percentChange.safeParse('1.00001').success).toBe(false);
  });
});

describe('bigint arithmetic', () => {
  it('rounds half away from zero', () => {
    expect([divRound(5n, 2n), divRound(7n, 2n), divRound(-5n, 2n), divRound(4n, 3n), divRound(5n, 3n)]).toEqual([3n, 4n, -3n, 1n, 2n]);
  });

  it('applies a percent exactly like rational arithmetic rounded half-up', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: -1_000_000, max: 10_000_000 }), (price, p) => {
      const got = applyPercent(price, BigInt(p));
      const exact = price * BigInt(1_000_000 + p); // the new price × 1,000,000, never negative here
      // got is the nearest whole Rial, a tie rounded up: exact/10^6 − got ∈ [−½, ½).
      const diff2 = exact * 2n - got * 2_000_000n;
      expect(diff2 >= -1_000_000n && diff2 < 1_000_000n).toBe(true);
    }));
    expect(applyPercent(12345n, 100_000n)).toBe(13580n);
  });

  it('sums items exactly and rounds once', () => {
    expect(itemsTotal([{ quantity: '0.05', unitPrice: 10n }, { quantity: '0.05', unitPrice: 10n }])).toBe(1n);
    expect(lineTotal('0.05', 10n)).toBe(1n);
    expect(quantityMilli('12.3')).toBe(12300n);
    expect(canonicalQuantity('2.500')).toBe('2.5');
    expect(canonicalQuantity('3.000')).toBe('3');
    expect(itemsTotal([{ quantity: '3', unitPrice: 3074457345618258602n }])).toBe(9223372036854775806n);
  });
});

describe('board ranks', () => {
  it('round-trips through numeric text', () => {
    fc.assert(fc.property(fc.bigInt({ min: -RANK_LIMIT, max: RANK_LIMIT }), (r) => { expect(parseRank(formatRank(r))).toBe(r); }));
    expect(formatRank(-5_000_000_000n)).toBe('-0.5000000000');
  });

  it('finds a rank strictly between two neighbours, or says there is no room', () => {
    fc.assert(fc.property(fc.bigInt({ min: -RANK_LIMIT, max: RANK_LIMIT }), fc.bigInt({ min: 0n, max: 10n ** 14n }), (a, gap) => {
      const r = rankBetween(a, a + gap);
      if (gap < 2n) expect(r).toBeNull();
      else expect(r! > a && r! < a + gap).toBe(true);
    }));
    expect(rankBetween(undefined, undefined)).toBe(0n);
    expect(rankBetween(undefined, 0n)! < 0n).toBe(true);
    expect(rankBetween(RANK_LIMIT, undefined)).toBeNull();
  });
});
