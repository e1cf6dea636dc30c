import { describe, it, expect } from 'vitest';
import { toRials } from './shop.orders.ts';

describe('toRials', () => {
  it('reads WooCommerce amounts into integer Rials, half up', () => {
    expect(toRials('1250000.00', 'IRR')).toBe(1250000n);
    expect(toRials('250000.5', 'IRR')).toBe(250001n);
    expect(toRials('99.49', 'IRR')).toBe(99n);
    expect(toRials(1200, 'IRR')).toBe(1200n);
    expect(toRials('', 'IRR')).toBe(0n);
    expect(toRials('abc', 'IRR')).toBe(0n);
  });
  it('turns Tomans into Rials (×10) before rounding', () => {
    expect(toRials('125000', 'IRT')).toBe(1250000n);
    expect(toRials('12.35', 'IRT')).toBe(124n); // 123.5 Rials → 124
  });
});
