/** Properties of phone normalization: every way of writing an Iranian mobile gives one E.164; letters never pass; nothing throws. */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { normalizePhone, parsePhoneSlowly, phoneSearchKey, phoneIndexTokens, phoneDigits } from './phone.ts';
import { toPersianDigits } from './fa-normalize.ts';

/** Mobile operator codes (MCI 91x/990-994, Irancell 90x/93x, RighTel 92x). */
const OPERATORS = ['901', '902', '903', '905', '910', '911', '912', '913', '914', '915', '916', '917', '918', '919', '920', '921', '922', '930', '933', '935', '936', '937', '938', '939', '990', '991', '992', '993', '994'];

/** A national significant number: operator code + 7 digits, e.g. 9123456789. */
const nsnArb = fc.tuple(fc.constantFrom(...OPERATORS), fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 7, maxLength: 7 })).map(([op, rest]) => op + rest);

const arabicDigits = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
const SEPARATORS = [' ', '-', ' - ', '.', '  ', '\u00A0'];

/** The number written with a prefix style, grouping, separators and digit script chosen by fast-check. */
const writtenArb = nsnArb.chain((nsn) => fc.record({
  nsn: fc.constant(nsn),
  prefix: fc.constantFrom('0', '', '+98', '+98 ', '0098', '0098 ', '98', '+۹۸', '(+98) '),
  grouping: fc.constantFrom<number[]>([3, 3, 4], [3, 7], [10], [3, 3, 2, 2], [1, 2, 3, 4]),
  sep: fc.constantFrom(...SEPARATORS),
  parens: fc.boolean(),
  script: fc.constantFrom('latin', 'persian', 'arabic', 'mixed'),
  pad: fc.constantFrom('', ' ', '\t', ' \n'),
}).map(({ nsn, prefix, grouping, sep, parens, script, pad }) => {
  const groups: string[] = [];
  let i = 0;
  for (const g of grouping) { groups.push(nsn.slice(i, i + g)); i += g; }
  let body = groups.join(sep);
  if (parens && grouping.length > 1) body = `(${prefix === '0' ? '0' : ''}${groups[0]})${sep}${groups.slice(1).join(sep)}`;
  else body = (prefix === '0' ? '0' : '') + body;
  let text = (prefix === '0' ? '' : prefix) + body;
  if (script === 'persian') text = toPersianDigits(text);
  else if (script === 'arabic') text = arabicDigits(text);
  else if (script === 'mixed') text = [...text].map((c, k) => (/\d/.test(c) ? [c, toPersianDigits(c), arabicDigits(c)][k % 3] : c)).join('');
  return { nsn, text: pad + text + pad };
}));

describe('normalizePhone', () => {
  it('turns every way of writing a valid Iranian mobile into the same E.164', () => {
    fc.assert(fc.property(writtenArb, ({ nsn, text }) => {
      const canonical = normalizePhone('0' + nsn);
      expect(canonical).toMatchObject({ ok: true, e164: '+98' + nsn, type: 'MOBILE' });
      const r = normalizePhone(text);
      expect(r, JSON.stringify(text)).toEqual(canonical);
    }), { numRuns: 3000 });
  });

  it('rejects a number with a letter of any script inside it', () => {
    const letter = fc.oneof(
      fc.constantFrom(...'abcdfghijklmnopqrsuvwyzABCDEFGHIJKLMNOPQRSTUVWYZ'), // no x: "x123" at the end is an extension
      fc.constantFrom(...'ابپتثجچحخدسشصطعغفقکگلمنوهیيك'),
      fc.constantFrom(...'абвгдБЖЯαβγΩאבג中文한글'),
      fc.constantFrom('\u0640'), // tatweel
    );
    fc.assert(fc.property(writtenArb, letter, fc.nat(), ({ text }, ch, at) => {
      const i = at % (text.length + 1);
      const withLetter = text.slice(0, i) + ch + text.slice(i);
      const r = normalizePhone(withLetter);
      expect(r.ok, JSON.stringify(withLetter)).toBe(false);
    }), { numRuns: 3000 });
  });

  it('reads a trailing extension as an extension, never as part of the number', () => {
    expect(normalizePhone('0912 345 6789 x12')).toMatchObject({ ok: true, e164: '+989123456789' });
    expect(normalizePhone('0912 345 6789 داخلی ۱۲')).toMatchObject({ ok: true, e164: '+989123456789' });
    expect(normalizePhone('tel:+989123456789')).toMatchObject({ ok: true, e164: '+989123456789' });
    // An "x" inside the digits is a letter in the number, not an extension that happens to complete it.
    expect(normalizePhone('0912345x6789').ok).toBe(false);
    expect(normalizePhone('0912 345 x 6789').ok).toBe(false);
  });

  it('never throws, and any success is a valid E.164 string', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: fc.constantFrom(...'+0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩ -()x'), maxLength: 30 })), (s) => {
      const r = normalizePhone(s);
      // (Short service numbers such as 9640 are valid Iranian numbers: +989640.)
      if (r.ok) expect(r.e164).toMatch(/^\+[1-9]\d{3,14}$/);
      else expect(typeof r.reason).toBe('string');
    }), { numRuns: 3000 });
  });

  it('rejects too-short and invalid numbers', () => {
    for (const s of ['', '  ', '0', '09', '091', '+98', '0912', '0912345678', '091234567890', '00000000000', '+0 912 345 6789']) {
      expect(normalizePhone(s).ok, s).toBe(false);
    }
  });
});

describe('phone search and index keys', () => {
  it('any written form of a number searches with a key that its stored tokens contain', () => {
    fc.assert(fc.property(writtenArb, ({ nsn, text }) => {
      const key = phoneSearchKey(text);
      expect(key).toBe(nsn);
      const tokens = phoneIndexTokens('+98' + nsn);
      expect(tokens).toEqual(['98' + nsn, nsn, '0' + nsn]);
      expect(tokens.some((t) => t.includes(key!))).toBe(true);
    }), { numRuns: 1000 });
  });

  it('a partial number typed in any script finds the number', () => {
    fc.assert(fc.property(nsnArb, fc.nat(), fc.nat(), fc.constantFrom('latin', 'persian', 'arabic'), (nsn, a, b, script) => {
      const from = a % 7;
      const len = 3 + (b % (10 - from - 2));
      const part = nsn.slice(from, from + len);
      // A leading 0 is read as the trunk prefix and dropped, so such a part needs one more digit; a leading 00 is the
      // international prefix (0098…), an ambiguity a person resolves by typing more.
      fc.pre((!part.startsWith('0') || part.length >= 4) && !part.startsWith('00'));
      const key = phoneSearchKey(script === 'persian' ? toPersianDigits(part) : script === 'arabic' ? arabicDigits(part) : part);
      expect(key).not.toBeNull();
      expect(phoneIndexTokens('+98' + nsn).join(' | ')).toContain(key!);
    }), { numRuns: 1000 });
  });

  it('is not phone-like when the text has letters or fewer than three digits', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'abcاب'), minLength: 1, maxLength: 3 }), nsnArb, (letters, nsn) => {
      expect(phoneSearchKey(letters + nsn)).toBeNull();
    }));
    for (const s of ['', '1', '12', '+9', '0 1']) expect(phoneSearchKey(s), s).toBeNull();
  });

  it('phoneDigits keeps only digits and a leading plus', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      expect(phoneDigits(s)).toMatch(/^\+?\d*$/);
    }));
  });

  it('the Iranian shortcut of phoneIndexTokens gives what libphonenumber gives', () => {
    fc.assert(fc.property(nsnArb, (nsn) => {
      const e164 = '+98' + nsn;
      const p = parsePhoneNumberFromString(e164)!;
      expect(phoneIndexTokens(e164)).toEqual([e164.slice(1), p.nationalNumber, '0' + p.nationalNumber]);
    }), { numRuns: 500 });
    // Landlines too (Tehran 21, Shiraz 71).
    for (const e164 of ['+982188776655', '+987136543210']) {
      const p = parsePhoneNumberFromString(e164)!;
      expect(phoneIndexTokens(e164)).toEqual([e164.slice(1), p.nationalNumber, '0' + p.nationalNumber]);
    }
  });

  it("an Iranian 9… number read through its prefix's kept answer equals a full parse, over every six-digit prefix", () => {
    // For each prefix 9abcde in order: a first number (a full parse, kept for its prefix) and a second with another
    // ending (filled into the kept layout); the second must equal libphonenumber's own answer. Were the kept answer
    // keyed by fewer digits, a prefix like 940001 would take 940000's answer and fail here.
    let seed = 20261206;
    const four = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return String(seed % 10000).padStart(4, '0'); };
    let valid = 0;
    const differ: string[] = [];
    for (let p = 0; p < 100000; p++) {
      const six = '9' + String(p).padStart(5, '0');
      normalizePhone('0' + six + four());
      const second = '0' + six + four();
      const slow = parsePhoneSlowly(second);
      if (JSON.stringify(normalizePhone(second)) !== JSON.stringify(slow)) differ.push(second);
      if (slow.ok) valid++;
    }
    expect(differ).toEqual([]);
    // Both kinds were compared: most 9… prefixes are mobiles, some are not numbers at all.
    expect(valid).toBeGreaterThan(10000);
    expect(valid).toBeLessThan(100000);
    expect(normalizePhone('۰۹۱۲ ۳۴۵ ۶۷۸۹')).toEqual({ ok: true, e164: '+989123456789', national: '0912 345 6789', type: 'MOBILE' });
  }, 60_000);

  it('a remembered answer equals a fresh one, for the written form and for its E.164 form', () => {
    const inputs = ['0912 123 4567', '+98 935 000 0001', '۰۹۱۲۱۱۱۰۰۰۱', '021-88776655', '0912abc', '12'];
    const first = inputs.map((i) => normalizePhone(i));
    expect(first.map((r) => (r.ok ? r.e164 : r.reason))).toEqual(['+989121234567', '+989350000001', '+989121110001', '+982188776655', 'letters', 'too_short']);
    expect(inputs.map((i) => normalizePhone(i))).toEqual(first);
    for (const r of first) if (r.ok) expect(normalizePhone(r.e164)).toEqual(r);
    // A caller changing its answer does not change the next one.
    const a = normalizePhone('0912 123 4567');
    if (a.ok) a.e164 = 'changed';
    expect(normalizePhone('0912 123 4567')).toEqual(first[0]);
  });
});
