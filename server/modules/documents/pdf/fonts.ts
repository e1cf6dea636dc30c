/**
 * Registers and loads Vazirmatn for react-pdf once per process. The full TTFs of the `vazirmatn` package are used
 * rather than @fontsource/vazirmatn's WOFFs, which are split by script (docs/decisions.md, "PDF font").
 */
import { createRequire } from 'node:module';
import { Font } from '@react-pdf/renderer';

export const PDF_FONT_FAMILY = 'Vazirmatn';
const WEIGHTS = [400, 700] as const;

const require = createRequire(import.meta.url);
let ready: Promise<void> | undefined;

type Glyph = { id: number; codePoints: number[]; isMark: boolean; isLigature: boolean };
type FontkitFont = {
  getGlyph(id: number, codePoints?: number[]): Glyph | null;
  layout(text: string): { advanceWidth: number };
  unitsPerEm: number;
  __mehvarGlyphFix?: true;
};
const loaded = new Map<number, FontkitFont>();

const sameCodePoints = (a: number[], b: number[]) => a.length === b.length && a.every((c, i) => c === b[i]);

/**
 * fontkit caches one glyph object per glyph id, with the code points of the *first* request. pdfkit's subsetter asks
 * for composite-glyph components with no code points, and Persian shaping maps different character sequences to
 * shared glyphs, so a later layout can get a glyph whose `codePoints` belong to another text, or are empty. textkit
 * maps glyphs back to string positions through those code points; wrong ones made lines break inside words
 * («ف / روش») and the text layer read wrong — but only from the second document a process rendered on. A glyph
 * whose cached code points differ from the ones asked for is returned as a light copy carrying the right ones
 * (outlines and metrics still shared). Upstream: foliojs/fontkit#154, diegomura/react-pdf#3404.
 */
function fixGlyphCodePoints(font: FontkitFont): void {
  if (font.__mehvarGlyphFix) return;
  const cached = font.getGlyph.bind(font);
  font.getGlyph = (id, codePoints = []) => {
    const glyph = cached(id, codePoints);
    if (!glyph || codePoints.length === 0 || sameCodePoints(glyph.codePoints, codePoints)) return glyph;
    const copy = Object.create(glyph) as Glyph;
    copy.codePoints = codePoints;
    // as fontkit's Glyph constructor derives them
    copy.isMark = codePoints.every((c) => /\p{M}/u.test(String.fromCodePoint(c)));
    copy.isLigature = codePoints.length > 1;
    return copy;
  };
  font.__mehvarGlyphFix = true;
}

/** Longer than this, a "word" (a URL, a pasted code, garbage) may be broken, with a hyphen, rather than overflow. */
const OVERLONG_WORD = 30;

/**
 * Lines break between words only. react-pdf's default hyphenation uses English patterns, which would put hyphens into
 * Latin product codes and mean nothing for Persian; an IBAN (26 characters) stays whole. Only a word too long for any
 * cell gets break points, every 15 characters.
 */
export function breakOnlyOverlongWords(word: string): string[] {
  const chars = Array.from(word);
  if (chars.length <= OVERLONG_WORD) return [word];
  const parts: string[] = [];
  for (let i = 0; i < chars.length; i += 15) parts.push(chars.slice(i, i + 15).join(''));
  return parts;
}

async function load(): Promise<void> {
  Font.register({
    family: PDF_FONT_FAMILY,
    fonts: [
      { src: require.resolve('vazirmatn/fonts/ttf/Vazirmatn-Regular.ttf'), fontWeight: 400 },
      { src: require.resolve('vazirmatn/fonts/ttf/Vazirmatn-Bold.ttf'), fontWeight: 700 },
    ],
  });
  Font.registerHyphenationCallback(breakOnlyOverlongWords);
  for (const fontWeight of WEIGHTS) {
    await Font.load({ fontFamily: PDF_FONT_FAMILY, fontWeight });
    const font = Font.getFont({ fontFamily: PDF_FONT_FAMILY, fontWeight })?.data as unknown as FontkitFont | null;
    if (!font || typeof font.getGlyph !== 'function') throw new Error(`Vazirmatn ${fontWeight} did not load`);
    fixGlyphCodePoints(font);
    loaded.set(fontWeight, font);
  }
}

/**
 * The largest font size, from `preferred` down to `min`, at which `text` fits in `width` points: long amounts shrink
 * in their column instead of running into the next one. Needs the fonts loaded (ensurePdfFonts).
 */
export function fitFontSize(text: string, width: number, preferred: number, min: number, fontWeight: 400 | 700 = 400): number {
  const font = loaded.get(fontWeight);
  if (!font) throw new Error('PDF fonts are not loaded');
  const em = font.layout(text).advanceWidth / font.unitsPerEm;
  return em * preferred <= width ? preferred : Math.max(min, Math.floor((width / em) * 10) / 10);
}

/** Registers, loads and prepares the fonts; later calls return the same promise. */
export function ensurePdfFonts(): Promise<void> {
  ready ??= load().catch((err) => {
    ready = undefined;
    throw err;
  });
  return ready;
}
