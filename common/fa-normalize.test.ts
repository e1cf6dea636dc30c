/** Properties of the Persian search key: idempotent, blind to Arabic-keyboard variants, diacritics, digit scripts and ZWNJ. */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { faNorm, faCompact, toLatinDigits, toPersianDigits, fixArabicLetters, FA_CHAR_MAP, FA_DROPPED } from './fa-normalize.ts';

const PERSIAN_LETTERS = [...'ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی'];
/** Each Persian letter with the Arabic-keyboard or presentation variants that must give the same key. */
const VARIANTS: Record<string, string[]> = {
  'ی': ['\u064A', '\u0649', '\u0626'],
  'ک': ['\u0643'],
  'ه': ['\u0629', '\u06C0', '\u06BE', '\u06D5'],
  'ا': ['\u0623', '\u0625', '\u0622', '\u0671'],
  'و': ['\u0624'],
};
const DIACRITICS = ['\u064B', '\u064C', '\u064D', '\u064E', '\u064F', '\u0650', '\u0651', '\u0652', '\u0654', '\u0670', '\u0640'];
const INVISIBLE = ['\u200D', '\u200E', '\u200F', '\u061C', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];
const SPACES = [' ', '\t', '\n', '\r', '\u000B', '\f', '\u00A0', '\u200C', '\u2000', '\u2002', '\u2003', '\u2009', '\u200A', '\u200B', '\u202F', '\u205F', '\u3000', '\uFEFF'];

const persianWord = fc.string({ unit: fc.constantFrom(...PERSIAN_LETTERS), minLength: 1, maxLength: 8 });
const words = fc.array(persianWord, { minLength: 1, maxLength: 5 });
const anyText = fc.string({
  unit: fc.oneof(
    fc.constantFrom(...PERSIAN_LETTERS, ...Object.values(VARIANTS).flat(), ...DIACRITICS, ...INVISIBLE, ...SPACES),
    fc.constantFrom(...'0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩'),
    fc.string({ minLength: 1, maxLength: 1 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 40,
});

/** Replaces some letters by one of their variants and sprinkles diacritics and invisible marks, per a seed. */
const disguise = (base: string) => fc.array(fc.nat(), { minLength: base.length * 3, maxLength: base.length * 3 }).map((seeds) => {
  let out = '';
  [...base].forEach((ch, i) => {
    const [a, b, c] = seeds.slice(i * 3, i * 3 + 3);
    const variants = VARIANTS[ch];
    out += variants && a % 2 === 0 ? variants[a % variants.length] : ch;
    if (b % 3 === 0) out += DIACRITICS[b % DIACRITICS.length];
    if (c % 4 === 0) out += INVISIBLE[c % INVISIBLE.length];
  });
  return out;
});

describe('faNorm', () => {
  it('is idempotent on any text', () => {
    fc.assert(fc.property(anyText, (s) => {
      expect(faNorm(faNorm(s))).toBe(faNorm(s));
      expect(faCompact(faCompact(s))).toBe(faCompact(s));
    }), { numRuns: 2000 });
  });

  it('gives a key with no variant letters, diacritics, invisible marks, upper-case ASCII, odd spaces, or spaces at the ends', () => {
    const banned = new Set([...FA_CHAR_MAP.map(([from]) => from).filter((c) => c !== ' '), ...FA_DROPPED]);
    fc.assert(fc.property(anyText, (s) => {
      const k = faNorm(s);
      for (const ch of k) expect(banned.has(ch), `U+${ch.codePointAt(0)!.toString(16)} in key of ${JSON.stringify(s)}`).toBe(false);
      expect(k).not.toMatch(/ {2}|^ | $/);
    }), { numRuns: 2000 });
  });

  it('maps Arabic-keyboard and presentation variants, diacritics and bidi marks to the same key as the plain Persian text', () => {
    fc.assert(fc.property(words.chain((ws) => fc.tuple(fc.constant(ws.join(' ')), disguise(ws.join(' ')))), ([plain, disguised]) => {
      expect(faNorm(disguised)).toBe(faNorm(plain));
      expect(faNorm(plain)).toBe(plain);
    }), { numRuns: 1000 });
  });

  it('reads digits of all three scripts as ASCII', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 20n }), (n) => {
      const ascii = n.toString();
      const persian = toPersianDigits(ascii);
      const arabic = ascii.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
      expect(faNorm(persian)).toBe(ascii);
      expect(faNorm(arabic)).toBe(ascii);
      expect(toLatinDigits(persian)).toBe(ascii);
      expect(toLatinDigits(arabic)).toBe(ascii);
      // Mixed scripts digit by digit, too.
      const mixed = [...ascii].map((d, i) => [d, persian[i], arabic[i]][i % 3]).join('');
      expect(faNorm(mixed)).toBe(ascii);
    }));
  });

  it('treats every kind of space (ZWNJ included) as one space, collapsing runs and trimming', () => {
    fc.assert(fc.property(words, fc.array(fc.array(fc.constantFrom(...SPACES), { minLength: 1, maxLength: 3 }), { minLength: 6, maxLength: 6 }), (ws, seps) => {
      const joined = ws.map((w, i) => w + seps[i % seps.length].join('')).join('');
      const padded = seps[5].join('') + joined;
      expect(faNorm(padded)).toBe(ws.join(' '));
    }), { numRuns: 1000 });
  });

  it('lower-cases ASCII only (never depends on a locale)', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'), maxLength: 20 }), (s) => {
      expect(faNorm(s)).toBe(s.toLowerCase());
    }));
    expect(faNorm('İSTANBUL')).toBe('İstanbul');
  });
});

describe('faCompact', () => {
  it('makes ZWNJ, spaces and no separator at all the same: "محمدرضا" = "محمد رضا" = "محمد‌رضا"', () => {
    fc.assert(fc.property(words, fc.array(fc.constantFrom(' ', '\u200C', '', '  ', '\u00A0', ' \u200C '), { minLength: 5, maxLength: 5 }), (ws, seps) => {
      const a = ws.join(' ');
      const b = ws.join('\u200C');
      const c = ws.map((w, i) => w + (i < ws.length - 1 ? seps[i % seps.length] : '')).join('');
      expect(faCompact(a)).toBe(ws.join(''));
      expect(faCompact(b)).toBe(faCompact(a));
      expect(faCompact(c)).toBe(faCompact(a));
      expect(faNorm(b)).toBe(faNorm(a));
    }), { numRuns: 1000 });
  });

  it('is faNorm without spaces', () => {
    fc.assert(fc.property(anyText, (s) => {
      expect(faCompact(s)).toBe(faNorm(s).replace(/ /g, ''));
      expect(faCompact(s)).not.toContain(' ');
    }), { numRuns: 1000 });
  });
});

describe('fixArabicLetters', () => {
  it('changes only ي ى ك, to ی and ک, keeping length', () => {
    fc.assert(fc.property(anyText, (s) => {
      const f = fixArabicLetters(s);
      expect(f.length).toBe(s.length);
      expect(f).not.toMatch(/[\u064A\u0649\u0643]/);
      expect(f.replace(/[\u06CC\u06A9]/g, '')).toBe(s.replace(/[\u064A\u0649\u0643\u06CC\u06A9]/g, ''));
    }));
  });
});
