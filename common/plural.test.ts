import { describe, expect, it } from 'vitest';
import { countOf, plural } from './plural.ts';

describe('English plurals', () => {
  it('takes the singular for exactly 1 and the plural otherwise', () => {
    expect(countOf(1, 'ticket', 'tickets')).toBe('1 ticket');
    expect(countOf(3, 'ticket', 'tickets')).toBe('3 tickets');
    expect(countOf(0, 'ticket', 'tickets')).toBe('0 tickets');
    expect(countOf(1.5, 'day', 'days')).toBe('1.5 days');
    expect(plural(1, 'point expires', 'points expire')).toBe('point expires');
    expect(plural(2, 'point expires', 'points expire')).toBe('points expire');
  });
});
