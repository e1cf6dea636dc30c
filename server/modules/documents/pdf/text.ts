/**
 * Text preparation for the PDF. react-pdf (textkit) shapes with fontkit and runs the Unicode bidi algorithm
 * (bidi-js) per paragraph and reorders each wrapped line, so logical-order strings come out right; what it cannot
 * do is draw the directional isolates (U+2066–U+2069) and the Arabic letter mark (U+061C), which Vazirmatn has no
 * glyphs for. Those are mapped to the embeddings and marks the font does have (zero-width), which the bidi
 * algorithm treats nearly the same way.
 */
import { toPersianDigits } from '../../../../common/fa-normalize.ts';
import { shownIdentifier } from '../../../../common/identifier.ts';

export type Locale = 'fa' | 'en';

const LRM = '\u200E';

const REPLACEMENTS: Record<string, string> = {
  '\u2066': '\u202A', // LRI → LRE
  '\u2067': '\u202B', // RLI → RLE
  '\u2068': '', // FSI: no first-strong embedding exists; dropping it leaves the default resolution
  '\u2069': '\u202C', // PDI → PDF
  '\u061C': '\u200F', // ALM → RLM
  '\t': ' ',
  '\r': '',
};

/**
 * Digit groups joined by separators ("021-88776655", "0912 123 4567", "4111-22"). Under the bidi rules, digits that
 * follow Persian letters split at a hyphen or a space and the groups come out in right-to-left order
 * ("88776655-021"); bracketing the whole group with left-to-right marks keeps it reading left to right.
 */
const DIGIT = '[0-9\u06F0-\u06F9\u0660-\u0669]';
const NUMBER_GROUP = new RegExp(`\\+?${DIGIT}+(?:[-\u2013/.:,\u066B\u066C ]${DIGIT}+)+`, 'g');

/** User text made drawable: unsupported bidi controls mapped, control characters removed, number groups kept LTR. */
export function pdfText(input: string | undefined | null): string {
  if (!input) return '';
  return input
    .replace(/[\u2066-\u2069\u061C\t\r]/g, (c) => REPLACEMENTS[c])
    .replace(/[\u0000-\u0009\u000B-\u001F\u007F]/g, '')
    .replace(NUMBER_GROUP, (m) => LRM + m + LRM);
}

/**
 * A value that must read left to right as one piece inside Persian text (an economic code "4111-22 ABC", a phone
 * number, a document number): bracketed by left-to-right marks so that neither the label's Persian letters nor the
 * bidi rules for numbers split and reorder it.
 */
export function ltrValue(value: string): string {
  return LRM + value + LRM;
}

/** Identifiers made only of digits and separators get Persian digits in fa; anything with letters stays as typed. */
export function identifier(value: string, locale: Locale): string {
  const shown = shownIdentifier(pdfText(value).replace(/\u200E/g, '').trim(), locale);
  return locale === 'fa' ? ltrValue(shown) : shown;
}

/**
 * The document's own number («PF-۱۴۰۵-۰۰۴۲۴» in fa, "PF-1405-00424" in en): the digits follow the language, the
 * prefix letters stay, and the whole reads left to right as one piece (Extended Arabic-Indic digits are European
 * numbers to the bidi algorithm, so the hyphens keep their places between them).
 */
export function documentNumber(value: string, locale: Locale): string {
  const clean = pdfText(value).replace(/\u200E/g, '').trim();
  return locale === 'fa' ? ltrValue(toPersianDigits(clean)) : clean;
}

/** Numbers the document itself produces (row numbers, page numbers, quantities) in the locale's digits. */
export function localDigits(value: string | number, locale: Locale): string {
  return locale === 'fa' ? toPersianDigits(value) : String(value);
}

/** "1.5" → «۱٫۵» in fa; quantities are decimal strings and never pass through a float. */
export function quantityText(quantity: string, locale: Locale): string {
  const q = quantity.trim();
  if (!/^-?\d+(\.\d+)?$/.test(q)) throw new Error(`quantity "${quantity}" is not a decimal number`);
  if (locale === 'en') return q.replace('-', '\u2212');
  const fa = toPersianDigits(q.replace('.', '\u066B').replace('-', '\u2212'));
  return q.startsWith('-') ? LRM + fa : fa;
}
