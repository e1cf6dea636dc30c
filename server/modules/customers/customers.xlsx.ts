/**
 * The customers export as XLSX (e.g. "export selected" from the list): the same columns, scope and export permission
 * as the CSV; every cell is text run through formulaSafe (a cell starting with = + - @ is never a formula, also after
 * the sheet is saved as CSV); a right-to-left sheet for Persian. Built in memory, so it stops at XLSX_MAX rows.
 */
import type { Cell, SheetData } from 'write-excel-file/node';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { formulaSafe } from '../../../common/spreadsheet-cell.ts';
import type { CustomerListQuery } from '../../../common/customer.schemas.ts';
import { CSV_COLUMNS, exportCustomerRows } from './customers.export.ts';

export const XLSX_MAX = 20_000;

const text = (v: unknown): string => (v == null ? '' : Array.isArray(v) ? v.join('; ') : v instanceof Date ? v.toISOString() : String(v));

export async function exportCustomersXlsx(db: Db, actor: Actor, query: Omit<CustomerListQuery, 'page' | 'pageSize'>, lang: 'fa' | 'en'): Promise<Buffer> {
  assertCan(actor, 'customers', 'export');
  const header: Cell[] = CSV_COLUMNS.map((k) => ({ value: k, type: String, fontWeight: 'bold', backgroundColor: '#E3F2F5' }));
  const data: SheetData = [header];
  for await (const values of exportCustomerRows(db, actor, query)) {
    if (data.length > XLSX_MAX) throw new AppError('UNPROCESSABLE', `An XLSX file holds at most ${XLSX_MAX} customers: narrow the filter or export CSV`, { format: 'too many rows for xlsx' });
    data.push(CSV_COLUMNS.map((k) => {
      const s = text(values[k]);
      return s ? { value: formulaSafe(s), type: String } : null;
    }));
  }
  const { default: writeExcelFile } = await import('write-excel-file/node'); // on first use: memory (docs/benchmarks.md)
  const out = await writeExcelFile(data, {
    sheet: lang === 'fa' ? 'مشتریان' : 'Customers',
    rightToLeft: lang === 'fa',
    stickyRowsCount: 1,
    columns: CSV_COLUMNS.map((k) => ({ width: k === 'id' ? 38 : 18 })),
  }, { fontFamily: lang === 'fa' ? 'Tahoma' : 'Calibri', fontSize: 11 }).toBuffer();
  return out as Buffer;
}
