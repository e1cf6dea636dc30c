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
type FontkitFont = { getGlyph(id: number, codePoints?: number[]): Glyph | null; __mehvarGlyphFix?: true };

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

async function load(): Promise<void> {
  Font.register({
    family: PDF_FONT_FAMILY,
    fonts: [
      { src: require.resolve('vazirmatn/fonts/ttf/Vazirmatn-Regular.ttf'), fontWeight: 400 },
      { src: require.resolve('vazirmatn/fonts/ttf/Vazirmatn-Bold.ttf'), fontWeight: 700 },
    ],
  });
  // Break lines only between words. react-pdf's default hyphenation uses English patterns, which would put hyphens
  // into Latin product codes and are meaningless for Persian.
  Font.registerHyphenationCallback((word) => [word]);
  for (const fontWeight of WEIGHTS) {
    await Font.load({ fontFamily: PDF_FONT_FAMILY, fontWeight });
    const font = Font.getFont({ fontFamily: PDF_FONT_FAMILY, fontWeight })?.data as unknown as FontkitFont | null;
    if (!font || typeof font.getGlyph !== 'function') throw new Error(`Vazirmatn ${fontWeight} did not load`);
    fixGlyphCodePoints(font);
  }
}

/** Registers, loads and prepares the fonts; later calls return the same promise. */
export function ensurePdfFonts(): Promise<void> {
  ready ??= load().catch((err) => {
    ready = undefined;
    throw err;
  });
  return ready;
}
