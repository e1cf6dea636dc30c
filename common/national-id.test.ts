/** Properties of the Iranian national ID (کد ملی) check: valid IDs pass in any writing, single-digit typos fail. */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { isValidNationalId, cleanId } from './national-id.ts';
import { toPersianDigits } from './fa-normalize.ts';

/** The checksum, written from the published rule: sum of d[i]·(10−i) over the first nine digits, mod 11. */
const remainder = (nine: string) => [...nine].reduce((s, d, i) => s + Number(d) * (10 - i), 0) % 11;
const checkDigit = (r: number) => (r < 2 ? r : 11 - r);
const withCheck = (nine: string) => nine + String(checkDigit(remainder(nine)));

/** Issuing-office prefixes the validator knows (found by asking it, so the test does not copy its table). */
const PREFIXES = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0')).filter((p) => isValidNationalId(withCheck(p + '123456')));

const idArb = fc.tuple(fc.constantFrom(...PREFIXES), fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 6, maxLength: 6 }))
  .filter(([, mid]) => mid !== '000000')
  .map(([p, mid]) => withCheck(p + mid))
  .filter((id) => !/^(\d)\1{9}$/.test(id));

describe('national ID', () => {
  it('knows many issuing prefixes (sanity check of the generator)', () => {
    expect(PREFIXES.length).toBeGreaterThan(100);
  });

  it('accepts every ID with a correct check digit, written with Persian or Arabic digits, spaces or dashes', () => {
    fc.assert(fc.property(idArb, fc.constantFrom('plain', 'persian', 'arabic', 'dashed', 'spaced'), (id, style) => {
      const text = style === 'persian' ? toPersianDigits(id)
        : style === 'arabic' ? id.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)))
        : style === 'dashed' ? `${id.slice(0, 3)}-${id.slice(3, 9)}-${id.slice(9)}`
        : style === 'spaced' ? ` ${id.slice(0, 3)} ${id.slice(3)} ` : id;
      expect(isValidNationalId(text), text).toBe(true);
      expect(cleanId(text)).toBe(id);
    }), { numRuns: 2000 });
  });

  it('rejects every change of the check digit', () => {
    fc.assert(fc.property(idArb, fc.integer({ min: 1, max: 9 }), (id, delta) => {
      const changed = id.slice(0, 9) + String((Number(id[9]) + delta) % 10);
      expect(isValidNationalId(changed), changed).toBe(false);
    }), { numRuns: 2000 });
  });

  it('rejects every single-digit change in the body, except the one the checksum cannot see (remainders 1 and 10)', () => {
    fc.assert(fc.property(idArb, fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 9 }), (id, pos, delta) => {
      const nine = id.slice(0, 9);
      const digit = String((Number(nine[pos]) + delta) % 10);
      const changedNine = nine.slice(0, pos) + digit + nine.slice(pos + 1);
      const changed = changedNine + id[9];
      const blind = new Set([remainder(nine), remainder(changedNine)]);
      // Remainders 1 and 10 both give check digit 1: that typo is invisible to any validator of this checksum.
      if (blind.has(1) && blind.has(10)) return;
      expect(isValidNationalId(changed), `${id} → ${changed}`).toBe(false);
    }), { numRuns: 5000 });
  });

  it('the blind spot is real and narrow: it exists, and only between remainders 1 and 10', () => {
    let seen = 0;
    for (let n = 1_000_000; n < 1_003_000; n++) {
      const nine = '00' + String(n);
      for (let pos = 2; pos < 9; pos++) {
        for (let d = 0; d < 10; d++) {
          const other = nine.slice(0, pos) + d + nine.slice(pos + 1);
          if (other === nine) continue;
          if (checkDigit(remainder(other)) === checkDigit(remainder(nine))) {
            expect(new Set([remainder(nine), remainder(other)])).toEqual(new Set([1, 10]));
            seen++;
          }
        }
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('rejects wrong lengths, letters and all-same digits', () => {
    fc.assert(fc.property(idArb, (id) => {
      expect(isValidNationalId(id.slice(1))).toBe(false);
      expect(isValidNationalId(id + '0')).toBe(false);
      expect(isValidNationalId(id.slice(0, 5) + 'a' + id.slice(6))).toBe(false);
    }));
    for (let d = 0; d < 10; d++) expect(isValidNationalId(String(d).repeat(10))).toBe(false);
    fc.assert(fc.property(fc.string(), (s) => { expect(typeof isValidNationalId(s)).toBe('boolean'); }));
  });
});
