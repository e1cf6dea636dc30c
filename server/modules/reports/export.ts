/**
 * A report as a table, written as CSV (UTF-8 with a BOM so Excel reads Persian, formula-like text neutralised) or
 * XLSX (right-to-left sheet for Persian; numbers stay numbers unless a Rial amount is beyond 2^53, then it is text).
 */
import type { Cell, SheetData } from 'write-excel-file/node';
import { csvCell } from '../customers/index.ts';
import { formulaSafe } from '../../../common/spreadsheet-cell.ts';

export type Lang = 'fa' | 'en';
export type ColumnType = 'text' | 'int' | 'money' | 'quantity' | 'percent';
export type ReportColumn = { header: Record<Lang, string>; type: ColumnType; width?: number };
export type ReportTable = { name: Record<Lang, string>; columns: ReportColumn[]; rows: (string | number | null)[][] };

const NUMERIC = /^-?\d+(\.\d+)?$/;

export function toCsv(table: ReportTable, lang: Lang): string {
  const head = table.columns.map((c) => csvCell(c.header[lang])).join(',');
  const body = table.rows.map((row) => row.map((v, i) => {
    if (v === null || v === undefined) return '';
    // Numbers go out as plain ASCII numbers (a negative amount is a number, not a formula); everything else is text.
    if (table.columns[i].type !== 'text' && NUMERIC.test(String(v))) return String(v);
    return csvCell(v);
  }).join(','));
  return '\uFEFF' + [head, ...body].map((l) => l + '\r\n').join('');
}

const FORMAT: Record<Exclude<ColumnType, 'text'>, string> = { int: '#,##0', money: '#,##0', quantity: '#,##0.###', percent: '0.0' };

function cellOf(v: string | number | null, type: ColumnType): Cell {
  if (v === null || v === undefined || v === '') return null;
  // A string cell is not run as a formula by Excel, but becomes one when the sheet is saved as CSV: neutralised too.
  if (type === 'text' || !NUMERIC.test(String(v))) return { value: formulaSafe(String(v)), type: String };
  if (type === 'money' || type === 'int') {
    const b = BigInt(String(v));
    const safe = b <= BigInt(Number.MAX_SAFE_INTEGER) && b >= -BigInt(Number.MAX_SAFE_INTEGER);
    // Past 2^53 a spreadsheet number would silently lose Rials: such an amount is written as text.
    return safe ? { value: Number(b), type: Number, format: FORMAT[type] } : { value: b.toString(), type: String, align: 'right' };
  }
  return { value: Number(v), type: Number, format: FORMAT[type] };
}

/** Sheet names: at most 31 characters, none of []:*?/\ . */
const sheetName = (s: string) => s.replace(/[[\]:*?/\\]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 31);

export async function toXlsx(table: ReportTable, lang: Lang): Promise<Buffer> {
  const header: Cell[] = table.columns.map((c) => ({ value: formulaSafe(c.header[lang]), type: String, fontWeight: 'bold', backgroundColor: '#E3F2F5', align: 'center' }));
  const data: SheetData = [header, ...table.rows.map((row) => row.map((v, i) => cellOf(v, table.columns[i].type)))];
  const { default: writeExcelFile } = await import('write-excel-file/node'); // on first use: memory (docs/benchmarks.md)
  const out = await writeExcelFile(data, {
    sheet: sheetName(table.name[lang]),
    rightToLeft: lang === 'fa',
    stickyRowsCount: 1,
    columns: table.columns.map((c) => ({ width: c.width ?? (c.type === 'text' ? 28 : 16) })),
  }, { fontFamily: lang === 'fa' ? 'Tahoma' : 'Calibri', fontSize: 11 }).toBuffer();
  return out as Buffer;
}
