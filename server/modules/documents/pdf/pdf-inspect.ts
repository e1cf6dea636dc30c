/**
 * Just enough PDF reading for tests, with no outside tool: the page count, the embedded fonts and images, and the
 * text of each page as drawn. Text comes from the content streams through each font's ToUnicode map, in drawing
 * order; react-pdf draws the runs of a line left to right, so right-to-left words come out reversed (visual order),
 * which is what lets a test check the bidi result.
 */
import { inflateSync } from 'node:zlib';

type PdfObject = { id: number; dict: string; stream?: Buffer };

function parseObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2];
    const s = body.indexOf('stream');
    if (s < 0) {
      objects.set(Number(m[1]), { id: Number(m[1]), dict: body });
      continue;
    }
    const dict = body.slice(0, s);
    let start = s + 'stream'.length;
    if (body[start] === '\r') start++;
    if (body[start] === '\n') start++;
    const end = body.lastIndexOf('endstream');
    let raw = Buffer.from(body.slice(start, end), 'latin1');
    if (raw.length && raw[raw.length - 1] === 0x0a) raw = raw.subarray(0, raw.length - 1);
    let stream = raw;
    if (/\/FlateDecode/.test(dict)) {
      try { stream = inflateSync(raw); } catch { stream = raw; }
    }
    objects.set(Number(m[1]), { id: Number(m[1]), dict, stream });
  }
  return objects;
}

function utf16(spacedHex: string): string {
  const hex = spacedHex.replace(/\s+/g, ''); // a ligature maps to several code units: <0644 0627>
  let out = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return out;
}

function parseCMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]+)>/g)) map.set(parseInt(m[1], 16), utf16(m[2]));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F\s]+>)/g)) {
      const lo = parseInt(m[1], 16);
      const hi = parseInt(m[2], 16);
      if (m[3].startsWith('[')) {
        const dsts = [...m[3].matchAll(/<([0-9a-fA-F\s]+)>/g)].map((d) => utf16(d[1]));
        for (let c = lo; c <= hi; c++) map.set(c, dsts[c - lo] ?? '');
      } else {
        const base = utf16(m[3].slice(1, -1));
        for (let c = lo; c <= hi; c++) map.set(c, base.slice(0, -1) + String.fromCharCode(base.charCodeAt(base.length - 1) + (c - lo)));
      }
    }
  }
  return map;
}

export type PdfSummary = {
  pageCount: number;
  /** Text drawn on each page: its runs in drawing order, joined without separators. */
  pages: string[];
  /** The runs (text objects) of each page. */
  runs: string[][];
  fonts: string[];
  imageCount: number;
};

export function inspectPdf(pdf: Buffer): PdfSummary {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('not a PDF');
  const objects = parseObjects(pdf);
  const ref = (dict: string, key: string) => {
    const m = dict.match(new RegExp(`/${key}\\s+(\\d+)\\s+0\\s+R`));
    return m ? Number(m[1]) : undefined;
  };
  // font resource name (/F1) → ToUnicode map
  const cmapOf = new Map<number, Map<number, string>>();
  const fontNames = new Map<string, Map<number, string>>();
  const fonts: string[] = [];
  let imageCount = 0;
  for (const o of objects.values()) {
    if (/\/Type\s*\/Font/.test(o.dict) && /\/Subtype\s*\/Type0/.test(o.dict)) {
      const tu = ref(o.dict, 'ToUnicode');
      const cmap = tu !== undefined ? objects.get(tu)?.stream?.toString('latin1') : undefined;
      if (cmap) cmapOf.set(o.id, parseCMap(cmap));
      fonts.push(o.dict.match(/\/BaseFont\s*\/([^\s/>]+)/)?.[1] ?? '?');
    }
    if (/\/Subtype\s*\/Image/.test(o.dict)) imageCount++;
  }
  // an image's alpha channel is a second image object (its /SMask); count pictures, not channels
  imageCount -= [...objects.values()].filter((o) => /\/SMask\s+\d+\s+0\s+R/.test(o.dict)).length;
  for (const o of objects.values()) {
    for (const m of o.dict.matchAll(/\/(F\d+)\s+(\d+)\s+0\s+R/g)) {
      const cmap = cmapOf.get(Number(m[2]));
      if (cmap) fontNames.set(m[1], cmap);
    }
  }
  const pageObjects = [...objects.values()].filter((o) => /\/Type\s*\/Page\b(?!s)/.test(o.dict));
  const pagesDict = [...objects.values()].find((o) => /\/Type\s*\/Pages\b/.test(o.dict));
  const count = Number(pagesDict?.dict.match(/\/Count\s+(\d+)/)?.[1] ?? NaN);
  if (count !== pageObjects.length) throw new Error(`page count mismatch: /Count ${count}, ${pageObjects.length} page objects`);
  // /Kids gives the page order
  const kids = [...(pagesDict?.dict.match(/\/Kids\s*\[([^\]]*)\]/)?.[1] ?? '').matchAll(/(\d+)\s+0\s+R/g)].map((m) => Number(m[1]));
  const runs = kids.map((id) => {
    const page = objects.get(id);
    const contents = page ? ref(page.dict, 'Contents') : undefined;
    const stream = contents !== undefined ? objects.get(contents)?.stream?.toString('latin1') ?? '' : '';
    return contentRuns(stream, fontNames);
  });
  return { pageCount: count, pages: runs.map((r) => r.join('')), runs, fonts, imageCount };
}

function contentRuns(stream: string, fontNames: Map<string, Map<number, string>>): string[] {
  let font: Map<number, string> | undefined;
  const lines: string[] = [];
  let current = '';
  const decode = (hex: string) => {
    let s = '';
    for (let i = 0; i + 4 <= hex.length; i += 4) s += font?.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\uFFFD';
    return s;
  };
  const re = /\/(F\d+)\s+[\d.]+\s+Tf|\[((?:[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj|\bET\b/g;
  for (let m = re.exec(stream); m; m = re.exec(stream)) {
    if (m[1]) font = fontNames.get(m[1]);
    else if (m[2] !== undefined) for (const h of m[2].matchAll(/<([0-9a-fA-F]*)>/g)) current += decode(h[1]);
    else if (m[3] !== undefined) current += decode(m[3]);
    else if (current) {
      lines.push(current);
      current = '';
    }
  }
  if (current) lines.push(current);
  return lines;
}

/** A right-to-left string as react-pdf draws it, left to right (for text without digits, Latin or ligatures). */
export function visualRtl(logical: string): string {
  return Array.from(logical).reverse().join('');
}

/**
 * Text-layer normalization for comparisons. fontkit draws default-ignorable characters (ZWNJ, bidi marks) with the
 * space glyph at zero advance, so in the PDF's ToUnicode map they read as spaces. Here ZWNJ becomes a space, other
 * marks are dropped and runs of spaces collapse, on both the expected and the extracted side.
 */
export function withoutMarks(text: string): string {
  return text.replace(/\u200C/g, ' ').replace(/[\u200B\u200D-\u200F\u202A-\u202E]/g, '').replace(/ {2,}/g, ' ');
}
