import { describe, expect, it } from 'vitest';
import { shownIdentifier } from './identifier.ts';

describe('shownIdentifier', () => {
  it('gives Persian digits to a digits-only code in fa, keeps a code with letters as typed, changes nothing in en', () => {
    expect(shownIdentifier('10023', 'fa')).toBe('۱۰۰۲۳');
    expect(shownIdentifier('12-300/4', 'fa')).toBe('۱۲-۳۰۰/۴');
    expect(shownIdentifier('FR-200', 'fa')).toBe('FR-200');
    expect(shownIdentifier('10023', 'en')).toBe('10023');
  });
});
