/** The points arithmetic with hand-calculated expectations. */
import { describe, it, expect } from 'vitest';
import { addMonths, dueToExpire, earnFor, expiringSoon, isUpgrade, remainingByLot, reversalOf, tierOf, type Lot } from './points.ts';
import type { Tier } from '../../../common/loyalty.schemas.ts';

const tier = (key: string, threshold: number): Tier => ({ key, nameFa: key, nameEn: key, threshold, discountPercent: 0, freeService: '', slaPriority: '' });
const TIERS = [tier('gold', 5000), tier('bronze', 0), tier('silver', 1000)];
const d = (s: string) => new Date(s);

describe('earning', () => {
  it('one point per 100,000 Rials net, rounded down per rate group', () => {
    // 250,000 + 180,000 = 430,000 at the default rate → 4 points; spend 430,000.
    expect(earnFor([{ net: 250_000, category: null }, { net: 180_000, category: 'x' }], { rialsPerPoint: 100_000, categoryRates: [] })).toEqual({ points: 4, spend: 430_000 });
  });
  it('a category with its own rate is grouped and rounded on its own', () => {
    // coffee at 50,000/point: 120,000 + 40,000 = 160,000 → 3; others at 100,000: 199,999 → 1. Total 4.
    const p = { rialsPerPoint: 100_000, categoryRates: [{ category: 'coffee', rialsPerPoint: 50_000 }] };
    expect(earnFor([{ net: 120_000, category: 'coffee' }, { net: 40_000, category: 'coffee' }, { net: 199_999, category: 'tea' }], p)).toEqual({ points: 4, spend: 359_999 });
  });
  it('lines of zero or less (a fully discounted line) earn nothing', () => {
    expect(earnFor([{ net: 0, category: null }, { net: -5, category: null }], { rialsPerPoint: 10, categoryRates: [] })).toEqual({ points: 0, spend: 0 });
  });
});

describe('first in, first out', () => {
  const lots: Lot[] = [
    { id: 'b', at: d('2026-02-01T00:00:00Z'), points: 50, expiresAt: d('2027-02-01T00:00:00Z') },
    { id: 'a', at: d('2026-01-01T00:00:00Z'), points: 100, expiresAt: d('2027-01-01T00:00:00Z') },
  ];
  it('a redemption takes from the oldest earning first', () => {
    // 120 redeemed: a (older) gives 100, b gives 20 → a 0, b 30.
    const left = remainingByLot(lots, [{ amount: 120, lotId: null }]);
    expect(Object.fromEntries(left)).toEqual({ a: 0, b: 30 });
  });
  it('expiry takes what is left of a due earning, once', () => {
    // 30 redeemed → a 70, b 50; on 2027-01-01 a is due with 70.
    const left = remainingByLot(lots, [{ amount: 30, lotId: null }]);
    expect(dueToExpire(lots, left, d('2027-01-01T00:00:00Z'))).toEqual([{ lotId: 'a', points: 70 }]);
    const after = remainingByLot(lots, [{ amount: 30, lotId: null }, { amount: 70, lotId: 'a' }]);
    expect(Object.fromEntries(after)).toEqual({ a: 0, b: 50 });
    expect(dueToExpire(lots, after, d('2027-01-01T00:00:00Z'))).toEqual([]);
  });
  it('a reversal naming an earning takes from it first; the overflow from the oldest others', () => {
    // b earned 50; a redemption of 120 took a(100) and b(20), so the balance is 30: the reversal is capped at 30.
    expect(reversalOf(50, 0, 30)).toEqual({ points: 30, shortfall: 20 });
    const left = remainingByLot(lots, [{ amount: 120, lotId: null }, { amount: 30, lotId: 'b' }]);
    // b: 50-30 = 20 by target; FIFO 120: a 100, b 20 → both 0 = balance 150-150.
    expect(Object.fromEntries(left)).toEqual({ a: 0, b: 0 });
  });
  it('a reversal does not take back points that already expired from its earning', () => {
    expect(reversalOf(100, 70, 500)).toEqual({ points: 30, shortfall: 0 });
  });
  it('points expiring soon, grouped by date, excluding the already due', () => {
    const left = new Map([['a', 70], ['b', 50]]);
    expect(expiringSoon(lots, left, d('2026-12-15T00:00:00Z'), d('2027-03-15T00:00:00Z')))
      .toEqual([{ points: 70, at: '2027-01-01T00:00:00.000Z' }, { points: 50, at: '2027-02-01T00:00:00.000Z' }]);
    expect(expiringSoon(lots, left, d('2027-01-01T00:00:00Z'), d('2027-03-15T00:00:00Z'))).toEqual([{ points: 50, at: '2027-02-01T00:00:00.000Z' }]);
  });
});

describe('tiers at their boundaries', () => {
  it('a threshold is reached at equality; one below stays in the lower tier', () => {
    expect(tierOf(TIERS, 999)).toMatchObject({ tier: { key: 'bronze' }, next: { key: 'silver' }, toNext: 1 });
    expect(tierOf(TIERS, 1000)).toMatchObject({ tier: { key: 'silver' }, next: { key: 'gold' }, toNext: 4000 });
    expect(tierOf(TIERS, 4999)).toMatchObject({ tier: { key: 'silver' }, toNext: 1 });
    expect(tierOf(TIERS, 5000)).toMatchObject({ tier: { key: 'gold' }, next: null, toNext: 0 });
  });
  it('no tiers: no tier and nothing to reach', () => {
    expect(tierOf([], 10)).toEqual({ tier: null, next: null, toNext: 0 });
    expect(tierOf([tier('silver', 100)], 50)).toMatchObject({ tier: null, next: { key: 'silver' }, toNext: 50 });
  });
  it('upgrade by threshold', () => {
    expect(isUpgrade(TIERS, 'bronze', 'silver')).toBe(true);
    expect(isUpgrade(TIERS, 'gold', 'silver')).toBe(false);
    expect(isUpgrade(TIERS, null, 'bronze')).toBe(true);
  });
});

describe('calendar months', () => {
  it('clamps the day to the month', () => {
    expect(addMonths(d('2026-01-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addMonths(d('2026-03-15T00:00:00Z'), 12).toISOString()).toBe('2027-03-15T00:00:00.000Z');
    expect(addMonths(d('2026-03-31T00:00:00Z'), -1).toISOString()).toBe('2026-02-28T00:00:00.000Z');
  });
});
