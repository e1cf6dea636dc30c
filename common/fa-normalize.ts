/**
 * Persian/Arabic text normalization shared by the app and the database.
 * `faNorm` here and SQL `fa_norm()` (server/db/migrations, generated from the same table by
 * `scripts/gen-fa-norm-sql.ts`) must produce identical keys; a property test checks that on both databases.
 * The function is a per-character map (variants → one letter, digits → ASCII, diacritics and bidi marks dropped,
 * every kind of space and ZWNJ → ' ', A–Z → a–z), then runs of spaces collapsed and the ends trimmed.
 */

/** Characters mapped to another character. */
export const FA_CHAR_MAP: ReadonlyArray<readonly [string, string]> = [
  // Arabic-keyboard letters → Persian letters
  ['\u064A', '\u06CC'], // ي → ی
  ['\u0649', '\u06CC'], // ى → ی
  ['\u0626', '\u06CC'], // ئ → ی
  ['\u0643', '\u06A9'], // ك → ک
  ['\u0629', '\u0647'], // ة → ه
  ['\u06C0', '\u0647'], // ۀ → ه
  ['\u06BE', '\u0647'], // ھ → ه
  ['\u06D5', '\u0647'], // ە → ه
  ['\u0623', '\u0627'], // أ → ا
  ['\u0625', '\u0627'], // إ → ا
  ['\u0622', '\u0627'], // آ → ا
  ['\u0671', '\u0627'], // ٱ → ا
  ['\u0624', '\u0648'], // ؤ → و
  // Persian and Arabic-Indic digits → ASCII
  ...Array.from({ length: 10 }, (_, d) => [String.fromCharCode(0x06f0 + d), String(d)] as const),
  ...Array.from({ length: 10 }, (_, d) => [String.fromCharCode(0x0660 + d), String(d)] as const),
  // ASCII upper case → lower case (explicit, so the result never depends on the database locale)
  ...Array.from({ length: 26 }, (_, i) => [String.fromCharCode(65 + i), String.fromCharCode(97 + i)] as const),
  // every space-like character, ZWNJ included, → ordinary space
  ...['\t', '\n', '\u000B', '\f', '\r', '\u00A0', '\u200C', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005',
    '\u2006', '\u2007', '\u2008', '\u2009', '\u200A', '\u200B', '\u202F', '\u205F', '\u3000', '\uFEFF', '_', '-']
    .map((c) => [c, ' '] as const),
];

/** Characters dropped: Arabic diacritics (harakat, tanwin, shadda, sukun, hamza marks), tatweel, bidi marks, ZWJ. */
export const FA_DROPPED: readonly string[] = [
  ...Array.from({ length: 0x065f - 0x064b + 1 }, (_, i) => String.fromCharCode(0x064b + i)),
  '\u0670', '\u0640', '\u200D', '\u200E', '\u200F', '\u061C',
  '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069',
];

const map = new Map<string, string>(FA_CHAR_MAP);
for (const c of FA_DROPPED) map.set(c, '');

/** The normalized search key of a text (same result as SQL `fa_norm`). */
export function faNorm(input: string): string {
  let out = '';
  for (const ch of input) {
    const m = map.get(ch);
    out += m === undefined ? ch : m;
  }
  return out.replace(/ {2,}/g, ' ').replace(/^ +| +$/g, '');
}

/** The key without any spaces: lets "محمدرضا" find "محمد رضا" and "محمد‌رضا". */
export function faCompact(input: string): string {
  return faNorm(input).replace(/ /g, '');
}

const EASTERN_DIGIT = /[\u06F0-\u06F9\u0660-\u0669]/;

/** Persian and Arabic-Indic digits → ASCII digits; everything else unchanged. */
export function toLatinDigits(input: string): string {
  if (!EASTERN_DIGIT.test(input)) return input; // the common case, without building two new strings
  return input.replace(/[\u06F0-\u06F9]/g, (c) => String(c.charCodeAt(0) - 0x06f0))
    .replace(/[\u0660-\u0669]/g, (c) => String(c.charCodeAt(0) - 0x0660));
}

/** ASCII digits → Persian digits. */
export function toPersianDigits(input: string | number): string {
  return String(input).replace(/[0-9]/g, (c) => String.fromCharCode(0x06f0 + Number(c)));
}

/** Arabic-keyboard letters (ي ك ة) → Persian ones, keeping everything else (for storing names as typed, cleaned). */
export function fixArabicLetters(input: string): string {
  return input.replace(/[\u064A\u0649]/g, '\u06CC').replace(/\u0643/g, '\u06A9');
}
