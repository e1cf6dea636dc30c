import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import jalaali from 'jalaali-js';
import { parseImportDate, parsePhones, splitMulti, parseAmount, padNationalId, parseGender } from './values.ts';
import { autoMapping, findHeaderRow, fieldOfHeader } from './headers.ts';
import { mapRow } from './row-mapper.ts';
import { bufferSource, dataRows, detectEncoding, detectFormat, readRows } from './file-reader.ts';
import { readFileShape } from './imports.service.ts';
import type { ImportOptions } from '../../../common/imports.schemas.ts';

const OPTS: ImportOptions = { dates: 'auto', moneyUnit: 'rial', onDuplicate: 'skip' };
const toArabicLetters = (s: string) => s.replace(/ی/g, 'ي').replace(/ک/g, 'ك');

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('dates', () => {
  it('reads Jalali and Gregorian forms, Persian digits and separators', () => {
    expect(parseImportDate('1370/05/12', 'auto')).toEqual({ ok: true, iso: '1991-08-03' });
    expect(parseImportDate('۱۳۷۰-۰۵-۱۲', 'auto')).toEqual({ ok: true, iso: '1991-08-03' });
    expect(parseImportDate('1991-08-03', 'auto')).toEqual({ ok: true, iso: '1991-08-03' });
    expect(parseImportDate('1991/8/3', 'gregorian')).toEqual({ ok: true, iso: '1991-08-03' });
    // Nowruz 1403 is 20 March 2024.
    expect(parseImportDate('1403/01/01', 'jalali')).toEqual({ ok: true, iso: '2024-03-20' });
  });
  it('refuses impossible dates and the other calendar when one is forced', () => {
    expect(parseImportDate('1370/13/01', 'auto').ok).toBe(false);
    expect(parseImportDate('1991-02-30', 'auto').ok).toBe(false);
    expect(parseImportDate('1991-08-03', 'jalali').ok).toBe(false);
    expect(parseImportDate('1370/05/12', 'gregorian').ok).toBe(false);
    expect(parseImportDate('دیروز', 'auto').ok).toBe(false);
  });
  it('any valid Jalali date written with Persian digits lands on its Gregorian day (property)', () => {
    const fa = (n: number, w: number) => String(n).padStart(w, '0').replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
    fc.assert(fc.property(fc.integer({ min: 1300, max: 1499 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), fc.constantFrom('/', '-', '.'), (y, m, d, sep) => {
      const r = parseImportDate(`${fa(y, 4)}${sep}${fa(m, 2)}${sep}${fa(d, 2)}`, 'auto');
      if (!jalaali.isValidJalaaliDate(y, m, d)) return !r.ok;
      const g = jalaali.toGregorian(y, m, d);
      return r.ok && r.iso === `${g.gy}-${String(g.gm).padStart(2, '0')}-${String(g.gd).padStart(2, '0')}`;
    }));
  });
});

describe('phones', () => {
  it('splits a cell with several numbers on , ، ; / newline and " - "', () => {
    expect(splitMulti('a, b ، c; d / e\nf - g')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    const p = parsePhones('۰۹۱۲ ۱۲۳ ۴۵۶۷ - 021-88776655، +98 935 123 4567');
    expect(p.numbers.map((n) => n.e164)).toEqual(['+989121234567', '+982188776655', '+989351234567']);
    expect(p.invalid).toEqual([]);
  });
  it('keeps a mobile that a spreadsheet stored as a number (leading 0 lost) and reports junk', () => {
    expect(parsePhones('9121234567').numbers.map((n) => n.e164)).toEqual(['+989121234567']);
    expect(parsePhones('abc').invalid).toEqual(['abc']);
  });
  it('any Iranian mobile in any of its forms becomes the same E.164 (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 9_999_999 }), fc.constantFrom('0912', '0935', '0990'), (n, prefix) => {
      const local = prefix + String(n).padStart(7, '0');
      const e164 = '+98' + local.slice(1);
      const forms = [local, '+98' + local.slice(1), '0098' + local.slice(1), local.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)))];
      return forms.every((f) => parsePhones(f).numbers[0]?.e164 === e164);
    }));
  });
});

describe('other values', () => {
  it('amounts in Rial or Toman (stored as Rials)', () => {
    expect(parseAmount('۱۲٬۵۰۰٬۰۰۰', 'rial')).toBe(12_500_000);
    expect(parseAmount('1,250,000 تومان', 'toman')).toBe(12_500_000);
    expect(parseAmount('twelve', 'rial')).toBeNull();
  });
  it('national IDs that lost their leading zeros, genders', () => {
    expect(padNationalId('12345679')).toBe('0012345679');
    expect(padNationalId('۰۰۱۲۳۴۵۶۷۹')).toBe('0012345679');
    expect(parseGender('خانم')).toBe('female');
    expect(parseGender('آقا')).toBe('male');
    expect(parseGender('?')).toBeUndefined();
  });
});

describe('headers and mapping', () => {
  it('recognizes Persian (with ي/ك) and English headers', () => {
    expect(fieldOfHeader('نام')).toBe('firstName');
    expect(fieldOfHeader('نام خانوادگي')).toBe('lastName');
    expect(fieldOfHeader('نام و نام خانوادگی')).toBe('fullName');
    expect(fieldOfHeader('تلفن همراه')).toBe('mobile');
    expect(fieldOfHeader('کد ملی')).toBe('nationalId');
    expect(fieldOfHeader('كد مشتري')).toBe('externalId');
    expect(fieldOfHeader('E-mail')).toBe('email');
    expect(fieldOfHeader('Birth date')).toBe('birthday');
    expect(fieldOfHeader('رنگ مورد علاقه')).toBeUndefined();
  });
  it('skips title rows to the first row naming two known fields', () => {
    expect(findHeaderRow([['گزارش مشتریان ۱۴۰۳'], ['', ''], ['نام', 'موبایل', 'یادداشت دلخواه'], ['علی', '0912']])).toBe(2);
  });
  it('maps each recognized column once, several phone columns, custom fields by label', () => {
    expect(autoMapping(['نام', 'نام خانوادگی', 'موبایل', 'تلفن', 'نام', 'سطح وفاداری', 'x'], [{ key: 'loyalty', labelFa: 'سطح وفاداری', labelEn: 'Loyalty' }]))
      .toEqual({ 0: 'firstName', 1: 'lastName', 2: 'mobile', 3: 'phone', 4: 'ignore', 5: 'custom:loyalty', 6: 'ignore' });
  });
});

describe('mapRow', () => {
  const mapping = { 0: 'fullName', 1: 'mobile', 2: 'nationalId', 3: 'birthday', 4: 'email', 5: 'tags', 6: 'orgName' } as const;
  it('a row becomes the customer as it will be stored', () => {
    const r = mapRow(['علی رضایی', '0912 123 4567, 021-88776655', '0012345679', '1370/05/12', 'Ali@Example.COM', 'vip، عمده', ''], mapping, OPTS, []);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.input).toMatchObject({
      kind: 'person', firstName: 'علی', lastName: 'رضایی', nationalId: '0012345679', birthday: '1991-08-03',
      phones: [{ number: '+989121234567', label: 'mobile' }, { number: '+982188776655', label: 'work' }],
      emails: [{ address: 'ali@example.com' }], tags: ['vip', 'عمده'],
    });
  });
  it('a row with only a company name is an organization', () => {
    const r = mapRow(['', '', '', '', '', '', 'شرکت نمونه'], mapping, OPTS, []);
    expect(r.ok && r.input.kind).toBe('organization');
  });
  it('collects every error of a row with its field', () => {
    const r = mapRow(['', 'abc', '1234567890', '1370/13/40', 'not-an-email', '', ''], mapping, OPTS, []);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.join(' | ')).toMatch(/phone: "abc"/);
    expect(r.errors.join(' | ')).toMatch(/birthday: /);
    expect(r.errors.join(' | ')).toMatch(/nationalId: not a valid national ID/);
    expect(r.errors.join(' | ')).toMatch(/emails\.0\.address/);
  });
  it('a person without a name is refused', () => {
    const r = mapRow(['', '09121234567', '', '', '', '', ''], mapping, OPTS, []);
    expect(r).toEqual({ ok: false, errors: ['lastName: a person needs a first or last name'] });
  });
  it('money columns honour the Rial/Toman option', () => {
    const r = mapRow(['مینا', '2,000,000'], { 0: 'lastName', 1: 'money:total_spent' }, { ...OPTS, moneyUnit: 'toman' }, [{ key: 'total_spent', type: 'number' }]);
    expect(r.ok && r.input.custom).toEqual({ total_spent: 20_000_000 });
  });
});

describe('reading files', () => {
  it('detects UTF-8 (with or without BOM) and Windows-1256', () => {
    expect(detectEncoding(Buffer.from('نام,موبایل'))).toBe('utf-8');
    expect(detectEncoding(Buffer.from('\uFEFFنام,موبایل'))).toBe('utf-8');
    expect(detectEncoding(iconv.encode(toArabicLetters('نام,موبایل'), 'windows-1256'))).toBe('windows-1256');
    // A Persian character cut at the end of the sample is not an error.
    expect(detectEncoding(Buffer.from('نام').subarray(0, 3))).toBe('utf-8');
  });
  it('reads a Windows-1256 CSV (semicolons, title row, empty trailing rows) to the same rows as its UTF-8 twin', async () => {
    const text = 'لیست مشتریان;;\r\nنام;نام خانوادگی;موبایل\r\nعلی;کریمی;09121234567\r\n;;\r\n;;\r\n';
    const cp = iconv.encode(toArabicLetters(text), 'windows-1256');
    const utf = Buffer.from('\uFEFF' + text);
    for (const [buf, enc] of [[cp, 'windows-1256'], [utf, 'utf-8']] as const) {
      const shape = await readFileShape(bufferSource(buf), 'x.csv', 'auto');
      expect(shape).toEqual({ format: 'csv', encoding: enc, headerRow: 1, headers: ['نام', 'نام خانوادگی', 'موبایل'], total: 1 });
      const rows = await collect(dataRows(readRows(bufferSource(buf), 'csv', enc), 1));
      expect(rows).toEqual([{ index: 0, cells: ['علی', 'کریمی', '09121234567'] }]);
    }
  });
  it('reads an XLSX: merged title row skipped, numbers and dates as cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('مشتریان');
    ws.addRow(['فهرست مشتریان']);
    ws.mergeCells('A1:C1');
    ws.addRow(['نام و نام خانوادگی', 'تلفن همراه', 'تاریخ تولد']);
    ws.addRow(['سارا احمدی', 9121234567, new Date(Date.UTC(1991, 7, 3))]);
    ws.addRow(['رضا ۲', '۰۹۳۵۱۲۳۴۵۶۷', '۱۳۷۰/۰۵/۱۲']);
    const buf = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(detectFormat(buf, 'no-extension')).toBe('xlsx');
    const shape = await readFileShape(bufferSource(buf), 'f.xlsx', 'auto');
    expect(shape).toMatchObject({ format: 'xlsx', headerRow: 1, headers: ['نام و نام خانوادگی', 'تلفن همراه', 'تاریخ تولد'], total: 2 });
    const rows = await collect(dataRows(readRows(bufferSource(buf), 'xlsx', 'utf-8'), 1));
    expect(rows.map((r) => r.cells)).toEqual([['سارا احمدی', '9121234567', '1991-08-03'], ['رضا 2', '09351234567', '1370/05/12']]);
  });
});
