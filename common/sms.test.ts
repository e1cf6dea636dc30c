/** SMS part counting: the exact GSM-7 and UCS-2 boundaries, the extension table, surrogate pairs, and properties. */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { smsParts, isGsm7 } from './sms.ts';

const fa = (n: number) => 'س'.repeat(n);
const en = (n: number) => 'a'.repeat(n);

describe('smsParts', () => {
  it('counts GSM-7 at 160 for one part and 153 per part after that', () => {
    expect(smsParts(en(160))).toEqual({ encoding: 'GSM-7', chars: 160, parts: 1, perPart: 160 });
    expect(smsParts(en(161))).toEqual({ encoding: 'GSM-7', chars: 161, parts: 2, perPart: 153 });
    expect(smsParts(en(306)).parts).toBe(2);
    expect(smsParts(en(307)).parts).toBe(3);
    expect(smsParts(en(459)).parts).toBe(3);
    expect(smsParts(en(460)).parts).toBe(4);
  });

  it('counts Persian as UCS-2 at 70 for one part and 67 per part after that', () => {
    expect(smsParts(fa(70))).toEqual({ encoding: 'UCS-2', chars: 70, parts: 1, perPart: 70 });
    expect(smsParts(fa(71))).toEqual({ encoding: 'UCS-2', chars: 71, parts: 2, perPart: 67 });
    expect(smsParts(fa(134)).parts).toBe(2);
    expect(smsParts(fa(135)).parts).toBe(3);
  });

  it('one Persian letter, digit or ZWNJ turns a Latin text into UCS-2', () => {
    expect(smsParts(en(100) + 'ی').encoding).toBe('UCS-2');
    expect(smsParts(en(100) + 'ی').parts).toBe(2);
    expect(smsParts('Order ۱۲').encoding).toBe('UCS-2');
    expect(smsParts('a\u200Cb').encoding).toBe('UCS-2');
    expect(smsParts('Code: 1234, thanks!').encoding).toBe('GSM-7');
  });

  it('counts the GSM extension table as two septets', () => {
    for (const ch of '^{}\\[~]|€') {
      expect(isGsm7(ch)).toBe(true);
      expect(smsParts(ch).chars).toBe(2);
    }
    expect(smsParts('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', chars: 160, parts: 1 });
    expect(smsParts('€'.repeat(80) + 'a')).toMatchObject({ chars: 161, parts: 2 });
  });

  it('never splits an escaped character across two parts', () => {
    // 306 septets would be two parts of 153, but the € cannot straddle the boundary after 152 letters.
    const text = en(152) + '€' + en(152);
    expect(smsParts(text)).toMatchObject({ chars: 306, parts: 3 });
    expect(smsParts(en(151) + '€' + en(153))).toMatchObject({ chars: 306, parts: 2 });
  });

  it('counts an emoji as two UTF-16 units and keeps it whole', () => {
    expect(smsParts('😀')).toMatchObject({ encoding: 'UCS-2', chars: 2, parts: 1 });
    expect(smsParts(fa(68) + '😀')).toMatchObject({ chars: 70, parts: 1 });
    expect(smsParts(fa(69) + '😀')).toMatchObject({ chars: 71, parts: 2 });
    // 134 units, but the emoji would straddle the 67 boundary: three parts.
    expect(smsParts(fa(66) + '😀' + fa(66))).toMatchObject({ chars: 134, parts: 3 });
  });

  it('an empty text is zero parts', () => {
    expect(smsParts('')).toEqual({ encoding: 'GSM-7', chars: 0, parts: 0, perPart: 160 });
  });

  it('a real Persian reminder', () => {
    const text = 'مشتری گرامی، پیش‌فاکتور شماره ۱۴۰۳/۱۲ برای شما ارسال شد. لغو۱۱';
    expect(smsParts(text)).toMatchObject({ encoding: 'UCS-2', chars: text.length, parts: 1 });
  });
});

const anyText = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'abc XYZ019@£€^{}[]~|\\\n'), maxLength: 500 }),
  fc.string({ unit: fc.constantFrom(...'سلام محور۰۱۲ي ك\u200C'), maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
);

describe('smsParts properties', () => {
  it('appending text never lowers the part count', () => {
    fc.assert(fc.property(anyText, anyText, (a, b) => smsParts(a + b).parts >= smsParts(a).parts));
  });

  it('the parts always hold the text, and one part fewer would not', () => {
    fc.assert(fc.property(anyText, (s) => {
      const r = smsParts(s);
      expect(r.chars).toBeLessThanOrEqual(r.parts * r.perPart);
      // Each closed part wastes at most one unit (a two-unit symbol pushed to the next part).
      if (r.parts > 1) expect(r.chars).toBeGreaterThan(Math.max((r.parts - 1) * (r.perPart - 1), r.encoding === 'GSM-7' ? 160 : 70));
    }));
  });

  it('plain GSM text follows the textbook formula', () => {
    const gsm = fc.string({ unit: fc.constantFrom(...'abcdefghij ABC0123456789.,!?@'), maxLength: 1000 });
    fc.assert(fc.property(gsm, (s) => {
      const r = smsParts(s);
      const expected = s.length === 0 ? 0 : s.length <= 160 ? 1 : Math.ceil(s.length / 153);
      expect(r).toMatchObject({ encoding: 'GSM-7', chars: s.length, parts: expected });
    }));
  });

  it('Persian text (no emoji) follows the textbook UCS-2 formula on UTF-16 units', () => {
    const persian = fc.string({ unit: fc.constantFrom(...'ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی ۰۱۲۳\u200C'), minLength: 1, maxLength: 600 })
      .filter((s) => !isGsm7(s));
    fc.assert(fc.property(persian, (s) => {
      const r = smsParts(s);
      const expected = s.length <= 70 ? 1 : Math.ceil(s.length / 67);
      expect(r).toMatchObject({ encoding: 'UCS-2', chars: s.length, parts: expected });
    }));
  });
});
