/**
 * "Export selected" of a list as a file: CSV (UTF-8 with BOM) or XLSX (a right-to-left sheet in Persian). Every cell
 * is text through formulaSafe (a cell starting with = + - @ is never run as a formula, also after a save as CSV).
 */
import writeExcelFile, { type Cell, type SheetData } from 'write-excel-file/node';
import { formulaSafe } from '../../../common/spreadsheet-cell.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export type SheetColumn = { key: string; width?: number };

const text = (v: unknown): string => (v == null ? '' : Array.isArray(v) ? v.join('; ') : v instanceof Date ? v.toISOString() : String(v));
const csvCell = (v: unknown) => {
  const s = formulaSafe(text(v));
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export async function sheetFile(format: 'csv' | 'xlsx', lang: 'fa' | 'en', sheet: { fa: string; en: string }, columns: SheetColumn[], rows: Record<string, unknown>[]):
  Promise<{ contentType: string; extension: string; body: string | Buffer }> {
  if (format === 'csv') {
    const lines = [columns.map((c) => c.key).join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c.key])).join(','))];
    return { contentType: 'text/csv; charset=utf-8', extension: 'csv', body: '\uFEFF' + lines.map((l) => l + '\r\n').join('') };
  }
  const header: Cell[] = columns.map((c) => ({ value: c.key, type: String, fontWeight: 'bold', backgroundColor: '#E3F2F5' }));
  const data: SheetData = [header, ...rows.map((r) => columns.map((c) => {
    const s = text(r[c.key]);
    return s ? { value: formulaSafe(s), type: String } : null;
  }))];
  const body = await writeExcelFile(data, {
    sheet: sheet[lang], rightToLeft: lang === 'fa', stickyRowsCount: 1, columns: columns.map((c) => ({ width: c.width ?? 18 })),
  }, { fontFamily: lang === 'fa' ? 'Tahoma' : 'Calibri', fontSize: 11 }).toBuffer();
  return { contentType: XLSX_TYPE, extension: 'xlsx', body: body as Buffer };
}
