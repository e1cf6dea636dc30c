/** Jalali periods (pure) and the CSV/XLSX writers on a synthetic table. */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { unzipSync, strFromU8 } from 'fflate';
import { periodsBetween, periodOf, periodLabel, defaultRange, addDays } from './periods.ts';
import { toCsv, toXlsx, type ReportTable } from './export.ts';

describe('Jalali periods', () => {
  it('knows the months, seasons and years around Nowruz 1405 (21 March 2026)', () => {
    expect(periodOf('month', '2026-03-20')).toMatchObject({ key: '1404-12', start: '2026-02-20', stop: '2026-03-21' });
    expect(periodOf('month', '2026-03-21')).toMatchObject({ key: '1405-01', start: '2026-03-21', stop: '2026-04-21' });
    expect(periodOf('season', '2026-09-22')).toMatchObject({ key: '1405-S2', start: '2026-06-22', stop: '2026-09-23' });
    expect(periodOf('season', '2026-12-22')).toMatchObject({ key: '1405-S4', start: '2026-12-22', stop: '2027-03-21' });
    expect(periodOf('year', '2026-11-23')).toMatchObject({ key: '1405', start: '2026-03-21', stop: '2027-03-21' });
    expect(periodLabel({ kind: 'month', year: 1405, index: 9 }, 'fa')).toBe('آذر ۱۴۰۵');
    expect(periodLabel({ kind: 'season', year: 1405, index: 1 }, 'en')).toBe('Spring 1405');
    expect(periodLabel({ kind: 'year', year: 1405, index: 1 }, 'fa')).toBe('۱۴۰۵');
  });

  it('defaults to 12 months, 4 seasons or 3 years ending today', () => {
    expect(periodsBetween('month', ...Object.values(defaultRange('month', '2026-11-23')) as [string, string])).toHaveLength(12);
    expect(periodsBetween('season', ...Object.values(defaultRange('season', '2026-11-23')) as [string, string]).map((p) => p.key)).toEqual(['1404-S4', '1405-S1', '1405-S2', '1405-S3']);
    expect(periodsBetween('year', ...Object.values(defaultRange('year', '2026-03-21')) as [string, string]).map((p) => p.key)).toEqual(['1403', '1404', '1405']);
  });

  it('tiles any range exactly: contiguous, clipped, every day in the period it belongs to', () => {
    const day = fc.integer({ min: 0, max: 4000 }).map((n) => addDays('2020-01-01', n));
    fc.assert(fc.property(day, fc.integer({ min: 0, max: 800 }), fc.constantFrom('month', 'season', 'year' as const), (from, len, kind) => {
      const to = addDays(from, len);
      const ps = periodsBetween(kind, from, to);
      expect(ps[0].start).toBe(from);
      expect(ps.at(-1)!.stop).toBe(addDays(to, 1));
      for (let i = 1; i < ps.length; i++) expect(ps[i].start).toBe(ps[i - 1].stop);
      for (const p of ps) {
        expect(periodOf(kind, p.start).key).toBe(p.key);
        expect(periodOf(kind, addDays(p.stop, -1)).key).toBe(p.key);
      }
    }), { numRuns: 200 });
  });
});

describe('Gregorian periods (for users who read the Gregorian calendar)', () => {
  it('has calendar months, quarters and years with Gregorian names', () => {
    expect(periodOf('month', '2026-03-20', 'gregorian')).toMatchObject({ key: '2026-03', year: 2026, index: 3, start: '2026-03-01', stop: '2026-04-01' });
    expect(periodOf('month', '2026-12-31', 'gregorian')).toMatchObject({ key: '2026-12', start: '2026-12-01', stop: '2027-01-01' });
    expect(periodOf('season', '2026-09-22', 'gregorian')).toMatchObject({ key: '2026-Q3', index: 3, start: '2026-07-01', stop: '2026-10-01' });
    expect(periodOf('year', '2026-11-23', 'gregorian')).toMatchObject({ key: '2026', start: '2026-01-01', stop: '2027-01-01' });
    expect(periodLabel({ kind: 'month', year: 2026, index: 3 }, 'en', 'gregorian')).toBe('March 2026');
    expect(periodLabel({ kind: 'month', year: 2026, index: 3 }, 'fa', 'gregorian')).toBe('مارس ۲۰۲۶');
    expect(periodLabel({ kind: 'season', year: 2026, index: 1 }, 'en', 'gregorian')).toBe('Q1 2026');
    expect(periodLabel({ kind: 'year', year: 2026, index: 1 }, 'en', 'gregorian')).toBe('2026');
  });

  it('defaults to the last 12 Gregorian months, 4 quarters or 3 years ending today', () => {
    expect(defaultRange('month', '2026-11-23', 'gregorian')).toEqual({ from: '2025-12-01', to: '2026-11-23' });
    expect(periodsBetween('season', ...Object.values(defaultRange('season', '2026-11-23', 'gregorian')) as [string, string], 'gregorian').map((p) => p.key))
      .toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(defaultRange('year', '2026-03-21', 'gregorian')).toEqual({ from: '2024-01-01', to: '2026-03-21' });
  });

  it('tiles any range exactly in the Gregorian calendar too', () => {
    const day = fc.integer({ min: 0, max: 4000 }).map((n) => addDays('2020-01-01', n));
    fc.assert(fc.property(day, fc.integer({ min: 0, max: 800 }), fc.constantFrom('month', 'season', 'year' as const), (from, len, kind) => {
      const to = addDays(from, len);
      const ps = periodsBetween(kind, from, to, 'gregorian');
      expect(ps[0].start).toBe(from);
      expect(ps.at(-1)!.stop).toBe(addDays(to, 1));
      for (let i = 1; i < ps.length; i++) expect(ps[i].start).toBe(ps[i - 1].stop);
      for (const p of ps) expect(periodOf(kind, addDays(p.stop, -1), 'gregorian').key).toBe(p.key);
    }), { numRuns: 200 });
  });
});

const table: ReportTable = {
  name: { fa: 'آزمون: [فروش]', en: 'Test' },
  columns: [
    { header: { fa: 'نام', en: 'Name' }, type: 'text' }, { header: { fa: 'تعداد', en: 'Qty' }, type: 'quantity' },
    { header: { fa: 'مبلغ', en: 'Amount' }, type: 'money' }, { header: { fa: 'درصد', en: '%' }, type: 'percent' },
  ],
  rows: [
    ['=SUM(A1:A2)', '1.5', '-44000000', 66.7],
    ['+98 فروشگاه, "مرکزی"', '2', '9100000000000000', null],
    ['-حساب', '-1', '9007199254740991', 0],
  ],
};

describe('CSV and XLSX', () => {
  it('writes CSV with a BOM, quotes, and formula-looking text prefixed; numbers stay plain', () => {
    const csv = toCsv(table, 'fa');
    expect(csv.startsWith('\uFEFFنام,تعداد,مبلغ,درصد\r\n')).toBe(true);
    expect(csv.split('\r\n').slice(1, 4)).toEqual([
      "'=SUM(A1:A2),1.5,-44000000,66.7",
      `"'+98 فروشگاه, ""مرکزی""",2,9100000000000000,`,
      "'-حساب,-1,9007199254740991,0",
    ]);
  });

  it('writes a right-to-left sheet: amounts as numbers up to 2^53 − 1, beyond that as text; a safe sheet name', async () => {
    const buf = await toXlsx(table, 'fa');
    expect(buf.subarray(0, 2).toString('latin1')).toBe('PK');
    const files = unzipSync(new Uint8Array(buf));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
    const strings = files['xl/sharedStrings.xml'] ? strFromU8(files['xl/sharedStrings.xml']) : '';
    expect(sheet).toMatch(/rightToLeft="(1|true)"/);
    expect(sheet).toContain('<v>-44000000</v>');
    expect(sheet).toContain('<v>9007199254740991</v>');
    expect(sheet).toContain('<v>1.5</v>');
    expect(sheet).not.toContain('<v>9100000000000000</v>');
    expect(sheet + strings).toContain('9100000000000000');
    // Text that looks like a formula is a string cell, never a formula.
    expect(sheet).not.toContain('<f>');
    expect(sheet + strings).toContain('=SUM(A1:A2)');
    expect(strFromU8(files['xl/workbook.xml'])).toContain('name="آزمون فروش"');
  });
});
