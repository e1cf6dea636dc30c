import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { amountInWords, formatMoney, integerInWords, MAX_RIALS, MoneyInputError, parseMoneyInput, tomansShown } from './money.ts';

const LRM = '\u200E';
const MINUS = '\u2212';

describe('formatMoney', () => {
  it('shows Toman in Persian with Persian digits and the Arabic thousands separator', () => {
    expect(formatMoney(12_500_000n, { unit: 'toman', locale: 'fa' })).toBe('۱٬۲۵۰٬۰۰۰ تومان');
    expect(formatMoney(12_500_000n, { unit: 'rial', locale: 'fa' })).toBe('۱۲٬۵۰۰٬۰۰۰ ریال');
  });

  it('shows English with ASCII digits and commas', () => {
    expect(formatMoney(12_500_000n, { unit: 'toman', locale: 'en' })).toBe('1,250,000 Toman');
    expect(formatMoney(12_500_000n, { unit: 'rial', locale: 'en' })).toBe('12,500,000 Rial');
    expect(formatMoney(999n, { unit: 'rial', locale: 'en' })).toBe('999 Rial');
    expect(formatMoney(0n, { unit: 'toman', locale: 'en' })).toBe('0 Toman');
  });

  it('shows whole Tomans: the odd Rials round half away from zero (the display rule)', () => {
    // Hand-worked: 125 Rials = 12.5 Tomans → 13; 124 → 12.4 → 12; 1 → 0.1 → 0; 12,345,675 → 1,234,567.5 → 1,234,568.
    expect(formatMoney(125n, { unit: 'toman', locale: 'fa' })).toBe('۱۳ تومان');
    expect(formatMoney(125n, { unit: 'toman', locale: 'en' })).toBe('13 Toman');
    expect(formatMoney(124n, { unit: 'toman', locale: 'en' })).toBe('12 Toman');
    expect(formatMoney(1n, { unit: 'toman', locale: 'en' })).toBe('0 Toman');
    expect(formatMoney(12_345_675n, { unit: 'toman', locale: 'en' })).toBe('1,234,568 Toman');
    expect(formatMoney(-125n, { unit: 'toman', locale: 'en' })).toBe(`${MINUS}13 Toman`);
    expect(formatMoney(-124n, { unit: 'toman', locale: 'en' })).toBe(`${MINUS}12 Toman`);
    // A negative amount that rounds to nothing carries no sign.
    expect(formatMoney(-4n, { unit: 'toman', locale: 'fa' })).toBe('۰ تومان');
    // Rials are never rounded.
    expect(formatMoney(125n, { unit: 'rial', locale: 'en' })).toBe('125 Rial');
    expect(tomansShown(125n)).toBe(13n);
    expect(tomansShown(-125n)).toBe(-13n);
    expect(tomansShown(-124n)).toBe(-12n);
  });

  it('never shows a fraction of a Toman unless exact figures are asked for (property)', () => {
    fc.assert(fc.property(fc.bigInt({ min: -MAX_RIALS, max: MAX_RIALS }), fc.constantFrom('fa', 'en') as fc.Arbitrary<'fa' | 'en'>, (n, locale) => {
      const shown = formatMoney(n, { unit: 'toman', locale, withUnit: false });
      expect(shown).not.toMatch(/[.\u066B]/);
      // Within half a Toman of the exact amount: |shown·10 − n| ≤ 5 Rials.
      const back = parseMoneyInput(shown.replace(/[\u200E]/g, '').replace(MINUS, '-'), { allowNegative: true }) * 10n;
      const diff = back - n;
      expect(diff <= 5n && diff >= -5n).toBe(true);
    }));
  });

  it('keeps the odd Rial as a tenth of a Toman when exact (for inputs that must round-trip)', () => {
    expect(formatMoney(125n, { unit: 'toman', locale: 'fa', exact: true })).toBe('۱۲٫۵ تومان');
    expect(formatMoney(125n, { unit: 'toman', locale: 'en', exact: true })).toBe('12.5 Toman');
    expect(formatMoney(1n, { unit: 'toman', locale: 'en', exact: true })).toBe('0.1 Toman');
    expect(formatMoney(12_345_671n, { unit: 'toman', locale: 'en', exact: true })).toBe('1,234,567.1 Toman');
  });

  it('can leave the unit off', () => {
    expect(formatMoney(12_500_000n, { unit: 'toman', locale: 'fa', withUnit: false })).toBe('۱٬۲۵۰٬۰۰۰');
  });

  it('writes negative amounts with U+2212, kept left of the digits in RTL text by a left-to-right mark', () => {
    expect(formatMoney(-125_000n, { unit: 'toman', locale: 'fa' })).toBe(`${LRM}${MINUS}۱۲٬۵۰۰ تومان`);
    expect(formatMoney(-125_000n, { unit: 'toman', locale: 'en' })).toBe(`${MINUS}12,500 Toman`);
    expect(formatMoney(-5n, { unit: 'toman', locale: 'en', withUnit: false, exact: true })).toBe(`${MINUS}0.5`);
    expect(formatMoney(-5n, { unit: 'toman', locale: 'en', withUnit: false })).toBe(`${MINUS}1`);
    // the sign never comes out as a hyphen
    expect(formatMoney(-1n, { unit: 'rial', locale: 'en' })).not.toContain('-');
  });

  it('is exact up to the bigint maximum', () => {
    expect(formatMoney(MAX_RIALS, { unit: 'rial', locale: 'en', withUnit: false })).toBe('9,223,372,036,854,775,807');
    expect(formatMoney(MAX_RIALS, { unit: 'toman', locale: 'en', withUnit: false, exact: true })).toBe('922,337,203,685,477,580.7');
    expect(formatMoney(MAX_RIALS, { unit: 'toman', locale: 'en', withUnit: false })).toBe('922,337,203,685,477,581');
    expect(formatMoney(-MAX_RIALS, { unit: 'rial', locale: 'fa', withUnit: false }))
      .toBe(`${LRM}${MINUS}۹٬۲۲۳٬۳۷۲٬۰۳۶٬۸۵۴٬۷۷۵٬۸۰۷`);
  });

  it('round-trips through parseMoneyInput (property)', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: MAX_RIALS }), fc.constantFrom('fa', 'en') as fc.Arbitrary<'fa' | 'en'>, (n, locale) => {
      expect(parseMoneyInput(formatMoney(n, { unit: 'rial', locale, withUnit: false }))).toBe(n);
    }));
  });
});

describe('amountInWords', () => {
  const fa = (n: bigint) => integerInWords(n, 'fa');
  const en = (n: bigint) => integerInWords(n, 'en');

  it('spells small and round numbers in Persian', () => {
    expect(fa(0n)).toBe('صفر');
    expect(fa(1n)).toBe('یک');
    expect(fa(10n)).toBe('ده');
    expect(fa(11n)).toBe('یازده');
    expect(fa(20n)).toBe('بیست');
    expect(fa(101n)).toBe('صد و یک');
    expect(fa(1000n)).toBe('یک هزار');
    expect(fa(1001n)).toBe('یک هزار و یک');
    expect(fa(1_000_000n)).toBe('یک میلیون');
    expect(fa(1_250_000n)).toBe('یک میلیون و دویست و پنجاه هزار');
    expect(fa(2_000_000_000n)).toBe('دو میلیارد');
  });

  it('spells small and round numbers in English', () => {
    expect(en(0n)).toBe('zero');
    expect(en(1n)).toBe('one');
    expect(en(10n)).toBe('ten');
    expect(en(11n)).toBe('eleven');
    expect(en(20n)).toBe('twenty');
    expect(en(101n)).toBe('one hundred one');
    expect(en(1000n)).toBe('one thousand');
    expect(en(1001n)).toBe('one thousand one');
    expect(en(1_000_000n)).toBe('one million');
    expect(en(1_250_000n)).toBe('one million two hundred fifty thousand');
    expect(en(45n)).toBe('forty-five');
  });

  it('is exact above 2^53', () => {
    const n = 2n ** 53n + 1n; // 9,007,199,254,740,993
    expect(fa(n)).toBe('نه کوادریلیون و هفت تریلیون و صد و نود و نه میلیارد و دویست و پنجاه و چهار میلیون'
      + ' و هفتصد و چهل هزار و نهصد و نود و سه');
    expect(en(n)).toBe('nine quadrillion seven trillion one hundred ninety-nine billion two hundred fifty-four million'
      + ' seven hundred forty thousand nine hundred ninety-three');
    expect(fa(n - 2n)).not.toBe(fa(n)); // a float would collapse these
  });

  it('spells the bigint maximum', () => {
    expect(fa(MAX_RIALS)).toBe('نه کوینتیلیون و دویست و بیست و سه کوادریلیون و سیصد و هفتاد و دو تریلیون'
      + ' و سی و شش میلیارد و هشتصد و پنجاه و چهار میلیون و هفتصد و هفتاد و پنج هزار و هشتصد و هفت');
    expect(en(MAX_RIALS)).toBe('nine quintillion two hundred twenty-three quadrillion three hundred seventy-two trillion'
      + ' thirty-six billion eight hundred fifty-four million seven hundred seventy-five thousand eight hundred seven');
    expect(en(10n ** 18n)).toBe('one quintillion');
  });

  it('adds the unit; in Toman whole Tomans as on screen, and with exact the Rial remainder is spelled', () => {
    expect(amountInWords(12_500_000n, { unit: 'toman', locale: 'fa' })).toBe('یک میلیون و دویست و پنجاه هزار تومان');
    expect(amountInWords(12_500_000n, { unit: 'toman', locale: 'en' })).toBe('one million two hundred fifty thousand toman');
    expect(amountInWords(12_500_000n, { unit: 'rial', locale: 'fa' })).toBe('دوازده میلیون و پانصد هزار ریال');
    expect(amountInWords(12_505n, { unit: 'toman', locale: 'fa' })).toBe('یک هزار و دویست و پنجاه و یک تومان');
    expect(amountInWords(12_504n, { unit: 'toman', locale: 'en' })).toBe('one thousand two hundred fifty toman');
    expect(amountInWords(12_505n, { unit: 'toman', locale: 'fa', exact: true })).toBe('یک هزار و دویست و پنجاه تومان و پنج ریال');
    expect(amountInWords(12_505n, { unit: 'toman', locale: 'en', exact: true })).toBe('one thousand two hundred fifty toman and five rial');
    expect(amountInWords(5n, { unit: 'toman', locale: 'fa', exact: true })).toBe('پنج ریال');
    expect(amountInWords(5n, { unit: 'toman', locale: 'fa' })).toBe('یک تومان');
    expect(amountInWords(-4n, { unit: 'toman', locale: 'fa' })).toBe('صفر تومان');
    expect(amountInWords(0n, { unit: 'toman', locale: 'fa' })).toBe('صفر تومان');
    expect(amountInWords(-20n, { unit: 'toman', locale: 'fa' })).toBe('منفی دو تومان');
    expect(amountInWords(-20n, { unit: 'rial', locale: 'en' })).toBe('minus twenty rial');
  });

  it('never contains digits (property)', () => {
    fc.assert(fc.property(fc.bigInt({ min: -MAX_RIALS, max: MAX_RIALS }), fc.constantFrom('fa', 'en') as fc.Arbitrary<'fa' | 'en'>,
      fc.constantFrom('rial', 'toman') as fc.Arbitrary<'rial' | 'toman'>, (n, locale, unit) => {
        expect(amountInWords(n, { unit, locale })).not.toMatch(/[0-9\u06F0-\u06F9\u0660-\u0669]/);
      }));
  });

  it('gives distinct words to distinct amounts below 10^6 (property)', () => {
    const small = fc.bigInt({ min: 0n, max: 999_999n });
    fc.assert(fc.property(small, small, fc.constantFrom('fa', 'en') as fc.Arbitrary<'fa' | 'en'>, (a, b, locale) => {
      fc.pre(a !== b);
      expect(integerInWords(a, locale)).not.toBe(integerInWords(b, locale));
    }), { numRuns: 2000 });
  });

  it('gives distinct words to every amount below 10^4 (exhaustive)', () => {
    for (const locale of ['fa', 'en'] as const) {
      const seen = new Set<string>();
      for (let i = 0n; i < 10_000n; i++) seen.add(integerInWords(i, locale));
      expect(seen.size).toBe(10_000);
    }
  });
});

describe('parseMoneyInput', () => {
  it('reads Persian, Arabic-Indic and ASCII digits with or without separators', () => {
    expect(parseMoneyInput('۱٬۲۵۰٬۰۰۰')).toBe(1_250_000n);
    expect(parseMoneyInput('1,250,000')).toBe(1_250_000n);
    expect(parseMoneyInput('۱۲۵۰۰۰۰')).toBe(1_250_000n);
    expect(parseMoneyInput('١٢٥٠٠٠٠')).toBe(1_250_000n);
    expect(parseMoneyInput(' 1 250 000 ')).toBe(1_250_000n);
    expect(parseMoneyInput('۱،۲۵۰،۰۰۰')).toBe(1_250_000n);
    expect(parseMoneyInput('0')).toBe(0n);
    expect(parseMoneyInput('9223372036854775807')).toBe(MAX_RIALS);
  });

  const rejects = (text: string, reason: string) => {
    let err: unknown;
    try { parseMoneyInput(text); } catch (e) { err = e; }
    expect(err, text).toBeInstanceOf(MoneyInputError);
    expect((err as MoneyInputError).reason, text).toBe(reason);
    expect((err as MoneyInputError).message.length).toBeGreaterThan(5);
  };

  it('rejects everything else with a reason', () => {
    rejects('', 'empty');
    rejects('   ', 'empty');
    rejects('12a', 'invalid_characters');
    rejects('صد', 'invalid_characters');
    rejects('1,250,000 تومان', 'invalid_characters');
    rejects('$100', 'invalid_characters');
    rejects('12.5', 'decimal');
    rejects('۱۲٫۵', 'decimal');
    rejects('1,5', 'grouping');
    rejects('12,50,000', 'grouping');
    rejects('1234,567', 'grouping');
    rejects('12345678901234567890', 'too_long');
    rejects('9223372036854775808', 'too_large');
    rejects('-5', 'negative');
    rejects('1e6', 'invalid_characters');
  });

  it('accepts a sign only when asked', () => {
    expect(parseMoneyInput('-1,000', { allowNegative: true })).toBe(-1000n);
    expect(parseMoneyInput(formatMoney(-125_000n, { unit: 'rial', locale: 'fa', withUnit: false }), { allowNegative: true })).toBe(-125_000n);
  });

  it('never accepts a string containing a letter (property)', () => {
    fc.assert(fc.property(fc.string(), fc.constantFrom('a', 'Z', 'ب', 'e', 'ی'), fc.string(), (pre, letter, post) => {
      expect(() => parseMoneyInput(pre + letter + post)).toThrow(MoneyInputError);
    }));
  });
});
