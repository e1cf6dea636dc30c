/**
 * Reads an import file as rows of text cells, streaming: CSV (UTF-8 with or without BOM, or Windows-1256, which is
 * what Excel writes for a Persian CSV) through iconv-lite and csv-parse, XLSX through exceljs's WorkbookReader.
 * A file is read again from the start to resume an import, so the rows come out the same each time.
 */
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import { fixArabicLetters, toLatinDigits } from '../../../common/fa-normalize.ts';

export type FileFormat = 'csv' | 'xlsx';
export type Encoding = 'utf-8' | 'windows-1256';
export type Source = () => Readable;

export function detectFormat(head: Uint8Array, fileName: string): FileFormat {
  // An XLSX is a zip: "PK\x03\x04".
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  return /\.xlsx$/i.test(fileName) ? 'xlsx' : 'csv';
}

/** Valid UTF-8 → utf-8, anything else → windows-1256. A multi-byte sequence cut at the sample's end is not an error. */
export function detectEncoding(sample: Uint8Array): Encoding {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    return 'windows-1256';
  }
}

/** The first bytes of a source (for detection), without reading the rest. */
export async function readHead(source: Source, bytes = 256 * 1024): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let n = 0;
  const stream = source();
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
    n += (chunk as Buffer).length;
    if (n >= bytes) break;
  }
  stream.destroy();
  return Buffer.concat(chunks).subarray(0, bytes);
}

/** The delimiter that occurs most in the first lines: comma, semicolon or tab. */
export function detectDelimiter(text: string): string {
  const lines = text.split(/\r?\n/).filter((l) => l.trim()).slice(0, 10).join('\n');
  const count = (c: string) => lines.split(c).length - 1;
  const best = [',', ';', '\t'].map((c) => [c, count(c)] as const).sort((a, b) => b[1] - a[1])[0];
  return best[1] > 0 ? best[0] : ',';
}

/** A cell as the import sees it: trimmed, Persian/Arabic digits made ASCII, Arabic ي/ك made Persian. */
export function cleanCell(v: string): string {
  return fixArabicLetters(toLatinDigits(v)).replace(/^\uFEFF/, '').trim();
}

function xlsxCellText(v: unknown): string {
  if (v == null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.result !== undefined) return xlsxCellText(o.result);
    if (o.text !== undefined) return xlsxCellText(o.text);
    if (o.error) return '';
    return '';
  }
  return String(v);
}

async function* csvRows(source: Source, encoding: Encoding): AsyncGenerator<string[]> {
  const head = await readHead(source, 16 * 1024);
  const delimiter = detectDelimiter(iconv.decode(Buffer.from(head), encoding));
  const parser = source().pipe(iconv.decodeStream(encoding)).pipe(parse({
    delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true,
  }));
  for await (const rec of parser) yield (rec as string[]).map(cleanCell);
}

async function* xlsxRows(source: Source): AsyncGenerator<string[]> {
  // Loaded on first use: exceljs costs ~25 MB of memory in a server that may never read a workbook.
  const { default: Excel } = await import('exceljs');
  const reader = new Excel.stream.xlsx.WorkbookReader(source(), {
    sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'emit',
  });
  // The first worksheet only: a workbook's other sheets are usually notes or lookups.
  for await (const sheet of reader) {
    let next = 1;
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      // Skipped row numbers are empty rows (the streaming reader does not emit them).
      for (; next < row.number; next++) yield [];
      next = row.number + 1;
      const values = row.values as unknown[];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cleanCell(xlsxCellText(values[i])));
      yield cells;
    }
    break;
  }
}

/** Every row of the file (empty ones too, as [] or blank cells). */
export function readRows(source: Source, format: FileFormat, encoding: Encoding): AsyncGenerator<string[]> {
  return format === 'xlsx' ? xlsxRows(source) : csvRows(source, encoding);
}

export const isEmptyRow = (cells: string[]) => cells.every((c) => c === '');

/** Data rows after the header, empty rows left out, each with its 0-based data index (the resume cursor counts them). */
export async function* dataRows(rows: AsyncIterable<string[]>, headerRow: number): AsyncGenerator<{ index: number; cells: string[] }> {
  let i = 0;
  let index = 0;
  for await (const cells of rows) {
    if (i++ <= headerRow) continue;
    if (isEmptyRow(cells)) continue;
    yield { index: index++, cells };
  }
}

export const bufferSource = (buf: Uint8Array): Source => () => Readable.from([Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)]);
